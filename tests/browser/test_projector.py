"""The projector and the phone (issue 27): meeting mode at 1400×900, a row click that lands on
the focused panel, the phone's order and length."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import wait_idle

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'
# the table's geometry on the page (from the top of the page, not of the window), its type
# and whether any header cell's words take more than one line
GEOMETRY = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const table = document.querySelector('.answer-table');
  const top = main.getBoundingClientRect().top - main.scrollTop;
  const box = table.getBoundingClientRect();
  const lines = th => { const r = document.createRange(); r.selectNodeContents(th);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; };
  return {
    bottom: box.bottom - top,
    rows: table.querySelectorAll('tbody tr:not(.group)').length,
    fonts: [...table.querySelectorAll('tbody td, tbody th[scope="row"]')]
      .map(c => parseFloat(getComputedStyle(c).fontSize)),
    heads: [...table.querySelectorAll('thead th')].map(th => [th.textContent, lines(th)]),
    width: [table.scrollWidth, table.parentElement.clientWidth],
    cut: [...table.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth)
      .map(c => c.textContent),
  };
}"""


ZH = (("保守", "基准", "乐观"), "^数据截至", 20)
EN = (("Conservative", "Baseline", "Optimistic"), "^Data as of", 18)


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("?meeting=1", ZH),
        ("?meeting=1&preset=conservative", ZH),
        ("?meeting=1&lang=en", EN),  # longer words: 1,607 px before it was fitted
        ("?meeting=1&lang=en&preset=optimistic", EN),
    ],
)
def test_meeting_mode_fits_the_overview_in_one_and_a_half_screens(server, new_page, query, said):
    """The shipped 22 rows and all 11 columns end within 1350 px of the top of the page at
    1400×900, in 20 px type (18 px in English), each Chinese header on one line, nothing cut
    or wider than the page; the preset switch and the data-age line are on the screen."""
    presets, as_of, px = said
    page = new_page(f"{server}/{query}", width=1400, height=900)
    expect(page.locator(".answer-table.meeting")).to_be_visible()
    wait_idle(page)
    g = page.evaluate(GEOMETRY)
    assert g["rows"] == 22
    assert g["bottom"] <= 1350, g["bottom"]
    assert min(g["fonts"]) >= px, min(g["fonts"])
    assert len(g["heads"]) == 11 and all(n >= 1 for _, n in g["heads"]), g["heads"]  # every column
    if px == 20:
        assert [h for h, n in g["heads"] if n != 1] == [], g["heads"]
    assert g["width"][0] <= g["width"][1] and g["cut"] == [], g
    switch = page.locator(".st-key-ui_meeting_preset")
    for name in presets:
        expect(switch.get_by_text(name, exact=True)).to_be_in_viewport()
    expect(page.get_by_text(re.compile(as_of))).to_be_in_viewport()
    assert not page.locator('[data-testid="stSidebar"]').is_visible()


def test_the_meeting_bars_preset_switch_applies_the_preset(server, new_page):
    page = new_page(f"{server}/?meeting=1&fai=30", width=1400, height=900)
    wait_idle(page)
    page.locator(".st-key-ui_meeting_preset").get_by_text("乐观", exact=True).click()
    page.wait_for_function("() => location.search.includes('preset=optimistic')")
    assert "fai=30" in page.url and "meeting=1" in page.url  # the leader's value stays
    expect(page.get_by_text("保留了你设的值：固定资产投资 30%")).to_be_visible()  # said in the bar
    expect(page.locator(".answer-table.meeting")).to_be_visible()
    page.get_by_role("button", name="撤销").click()  # back to the baseline, 30 still there
    page.wait_for_function("() => !location.search.includes('preset=')")
    assert "fai=30" in page.url and "meeting=1" in page.url


def test_a_row_click_lands_with_the_focused_panel_in_view(server, new_page):
    """本级重大项目投资 is the last row of its topic's table: its panel starts below the fold
    unless the page brings it into view."""
    page = new_page(f"{server}/?preset=conservative", width=1400, height=900)
    link = page.locator(".answer-table a").filter(has_text="本级重大项目投资")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/investment\?.*focus=projects_local"))
    panel = page.locator(".st-key-panel_projects_local")
    expect(panel.get_by_role("heading", name="本级重大项目投资")).to_be_in_viewport()
    expect(panel.locator('[data-testid="stSlider"]')).to_be_in_viewport()
    wait_idle(page)
    top = panel.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 900 / 2, top
    # a slider key press in view does not scroll the page again
    scrolled = page.evaluate(f"() => document.querySelector('{MAIN}').scrollTop")
    handle = panel.locator('[data-testid="stSlider"]').first.get_by_role("slider")
    handle.focus()
    handle.press("ArrowRight")
    wait_idle(page)
    assert page.evaluate(f"() => document.querySelector('{MAIN}').scrollTop") == scrolled


def test_a_topic_page_opened_plainly_stays_at_its_top(server, new_page):
    page = new_page(f"{server}/investment", width=1400, height=900)
    expect(page.locator('[class*="st-key-panel_"]')).to_be_visible()
    wait_idle(page)
    page.wait_for_timeout(500)
    assert page.evaluate(f"() => document.querySelector('{MAIN}').scrollTop") == 0


def test_on_a_phone_the_focused_panel_comes_first(server, new_page):
    """At 390×844 a topic page shows the focused panel (its figures and slider) on the first
    screen, then the focus choice, then the cards."""
    page = new_page(f"{server}/investment?focus=fiscal_revenue", width=390, height=844)
    panel = page.locator(".st-key-panel_fiscal_revenue")
    expect(panel.get_by_role("slider")).to_be_visible()
    wait_idle(page)

    def top(selector: str) -> float:
        return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top")

    assert top(".st-key-panel_fiscal_revenue") < 844 / 2
    assert (
        top(".st-key-panel_fiscal_revenue") < top('[class*="st-key-focus-"]') < top(".answer-table")
    )
    expect(panel.get_by_role("heading", name="财政收入")).to_be_in_viewport()


def test_on_a_phone_a_links_rejected_values_come_before_the_panel(server, new_page):
    """The panel comes first on a phone, but a link's rejected values are said above it, on
    the first screen (they were below the panel and the focus choice, off the screen)."""
    page = new_page(f"{server}/investment?fai=abc&focus=fai", width=390, height=844)
    panel = page.locator(".st-key-panel_fai")
    expect(panel.get_by_role("slider")).to_be_visible()
    wait_idle(page)
    page.wait_for_timeout(3500)  # past the focus scroll's hold
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="链接参数 fai 无效")
    top = alert.evaluate("el => el.getBoundingClientRect().top")
    header = page.evaluate(
        "() => document.querySelector('[data-testid=\"stHeader\"]').getBoundingClientRect().bottom"
    )
    assert header <= top < panel.evaluate("el => el.getBoundingClientRect().top"), (header, top)
    expect(panel.get_by_role("heading", name="固定资产投资")).to_be_in_viewport()
    # inside the panel nothing moves: its heading still comes before its figures
    heading = panel.get_by_role("heading", name="固定资产投资")
    first = panel.locator('[data-testid="stMetric"]').first
    assert heading.evaluate("el => el.getBoundingClientRect().top") < first.evaluate(
        "el => el.getBoundingClientRect().top"
    )


def test_on_a_wide_screen_a_links_rejected_values_stay_in_view(server, new_page):
    """A link with a rejected value and a focus: the focus scroll stops at the warning, which
    sits above the table on a wide screen (it scrolled 567 px above the window)."""
    page = new_page(f"{server}/investment?fai=abc&focus=fai", width=1400, height=900)
    expect(page.locator(".st-key-panel_fai").get_by_role("slider")).to_be_visible()
    wait_idle(page)
    page.wait_for_timeout(3500)  # past the focus scroll's hold
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="链接参数 fai 无效")
    expect(alert).to_be_in_viewport()
    header = page.evaluate(
        "() => document.querySelector('[data-testid=\"stHeader\"]').getBoundingClientRect().bottom"
    )
    assert alert.evaluate("el => el.getBoundingClientRect().top") >= header


@pytest.mark.parametrize("query", ["?focus=fai", ""])
def test_on_a_phone_a_choice_below_the_panel_brings_the_new_panel_into_view(
    server, new_page, query
):
    """On a phone the focus choice sits below the panel: choosing another indicator there
    scrolls up to its panel (a reader's own scrolling before it is not taken for a refusal),
    also on a page opened without a focus (its new panel stayed 535 px above the screen)."""
    page = new_page(f"{server}/investment{query}", width=390, height=844)
    expect(page.locator(".st-key-panel_fai").get_by_role("slider")).to_be_visible()
    wait_idle(page)
    choice = page.locator('[class*="st-key-focus-"]').get_by_text("财政收入", exact=True)
    choice.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert page.evaluate(f"() => document.querySelector('{MAIN}').scrollTop") > 0
    choice.click()
    panel = page.locator(".st-key-panel_fiscal_revenue")
    expect(panel.get_by_role("heading", name="财政收入")).to_be_in_viewport()


def test_the_overview_on_a_phone_is_about_seven_screens(server, new_page):
    """Two figures to a line in each card: the overview at 390×844 was 9.4 screens long
    (7,950 px), now about 7 (its table 6,024 → 3,840 px)."""
    page = new_page(f"{server}/", width=390, height=844)
    expect(page.locator(".answer-table")).to_be_visible()
    wait_idle(page)
    height = page.evaluate(f"() => document.querySelector('{MAIN}').scrollHeight")
    assert height <= 7.5 * 844, height
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.answer-table tbody td')]"
        ".map(td => Math.round(td.getBoundingClientRect().width))"
    )
    assert len(set(widths)) == 1 and widths[0] < 390 / 2, set(widths)


@pytest.mark.parametrize("path", ["?preset=conservative", "?lang=en", "investment?lang=en&fai=20"])
def test_a_wide_screen_reads_the_table_in_16px_with_every_column_uncut(server, new_page, path):
    page = new_page(f"{server}/{path}", width=1600, height=900)
    expect(page.locator(".answer-table")).to_be_visible()
    wait_idle(page)
    g = page.evaluate(GEOMETRY)
    assert min(g["fonts"]) == 16
    assert g["width"][0] <= g["width"][1] and g["cut"] == [], g
