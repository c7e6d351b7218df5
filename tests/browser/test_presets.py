"""Issue 27 items 1, 2 and 4 in a real browser: a preset after the leader's changes keeps
them (listed beside the switch, 撤销, the browser's Back), a shared link's 相对基准 line, and
对齐达标线 showing one number."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.helpers import wait_idle

pytestmark = pytest.mark.browser


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def _type_in_box(page, iid: str, value: str) -> None:
    box = page.locator(f".st-key-panel_{iid}").locator('[data-testid="stNumberInput"] input')
    box.fill(value)
    box.press("Enter")
    page.wait_for_function(f"() => location.search.includes('{iid}={value}')")
    wait_idle(page)


def test_a_preset_after_changes_keeps_them_undo_and_back(server, new_page):
    page = new_page(f"{server}/investment?focus=fai", width=1400)
    wait_idle(page)
    _type_in_box(page, "fai", "25")
    choice = page.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name="财政收入")
    choice.focus()
    choice.press("Space")
    expect(page.locator(".st-key-panel_fiscal_revenue")).to_be_visible()
    wait_idle(page)
    _type_in_box(page, "fiscal_revenue", "7")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("乐观", exact=True).click()
    page.wait_for_function("() => location.search.includes('preset=optimistic')")
    wait_idle(page)
    q = query_of(page.url)
    assert q["fai"] == ["25"] and q["fiscal_revenue"] == ["7"]  # kept, not reset
    expect(sidebar.get_by_text("保留了你设的值：固定资产投资 25%，财政收入 7%")).to_be_visible()
    row = page.locator('.answer-table tr[data-id="fai"]')
    expect(row.locator("td.c-h2_assumption")).to_have_text("+25.0%")
    # 撤销: back to the baseline with both values, the address too
    sidebar.get_by_role("button", name="撤销").click()
    page.wait_for_function("() => !location.search.includes('preset=')")
    wait_idle(page)
    q = query_of(page.url)
    assert q["fai"] == ["25"] and q["fiscal_revenue"] == ["7"]
    # the browser's Back after a switch: the scenario before it
    sidebar.get_by_text("乐观", exact=True).click()
    page.wait_for_function("() => location.search.includes('preset=optimistic')")
    wait_idle(page)
    page.go_back()
    page.wait_for_function("() => !location.search.includes('preset=')")
    wait_idle(page)
    expect(sidebar.get_by_role("radio", name="基准", exact=True)).to_be_checked()
    assert query_of(page.url)["fai"] == ["25"]
    expect(page.get_by_text("相对基准：固定资产投资 25%，财政收入 7%")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_snap_shows_one_number(server, new_page):
    page = new_page(f"{server}/investment?focus=fai", width=1400)
    panel = page.locator(".st-key-panel_fai")
    expect(panel.get_by_text(re.compile(r"达标线.*31\.8%"))).to_be_visible()
    panel.get_by_role("button", name="对齐达标线").click()
    page.wait_for_function("() => location.search.includes('fai=31.8')")
    wait_idle(page)
    row = page.locator('.answer-table tr[data-id="fai"]')
    expect(row.locator("td.c-h2_assumption")).to_have_text("+31.8%")
    expect(row).to_contain_text("31.8%")
    expect(row).to_contain_text("可达标")
    thumb = panel.locator('[data-testid="stSliderThumbValue"]').first
    assert thumb.inner_text().strip() == "31.8%"


def test_a_language_switch_keeps_the_links_preset(server, new_page):
    """Switching 中文 ↔ English renames the preset switch's options; Streamlit's radio then
    held the old label and the app took it for a choice: the address read ``preset=乐观`` (a
    name, not an id), and the link, opened again, warned and lost the preset."""
    page = new_page(f"{server}/investment?focus=fai&preset=optimistic&fai=25", width=1400)
    wait_idle(page)
    side = page.locator('[data-testid="stSidebar"]')
    for label, lang in (("English", ["en"]), ("中文", None), ("English", ["en"])):
        side.get_by_text(label, exact=True).click()
        wait_idle(page)
        q = query_of(page.url)
        assert q.get("preset") == ["optimistic"], (label, page.url)
        assert q.get("fai") == ["25"] and q.get("lang") == lang, (label, page.url)
    page.reload()
    wait_idle(page)
    assert query_of(page.url).get("preset") == ["optimistic"]
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="preset")).to_have_count(0)
    checked = side.locator('[data-testid="stRadio"]').filter(has_text="Optimistic")
    expect(checked.locator('input[type="radio"][value]:checked')).to_have_count(1)


def test_a_language_switch_keeps_the_compare_pages_scenarios(server, new_page):
    """The compare picker names a link's scenario in the page's language: a switch left the
    old names as its items, which the page then looked up as saved names (not found)."""
    page = new_page(
        f"{server}/compare?s=preset%3Doptimistic&s=preset%3Dconservative%26fai%3D20", width=1400
    )
    wait_idle(page)
    want = ["preset=optimistic", "preset=conservative&fai=20"]
    assert query_of(page.url)["s"] == want
    side = page.locator('[data-testid="stSidebar"]')
    for label in ("English", "中文", "English"):
        side.get_by_text(label, exact=True).click()
        wait_idle(page)
        assert query_of(page.url)["s"] == want, (label, page.url)
        expect(page.locator('[data-testid="stAlert"]')).to_have_count(0)
