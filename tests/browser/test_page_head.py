"""The page's HTML head in a real browser (``ui.html_head``): a topic page opened at its own
address asks the server's root for its health once (not ``/economy/_stcore/health`` first),
fetches its elements' code with Streamlit's own code rather than after the first run's
messages, and says its language to the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import app_server
from tests.helpers import wait_idle
from ui.html_head import JS_DIR, PAGE_ELEMENTS, entry_files, streamlit_dir

pytestmark = pytest.mark.browser

RESOURCES = """() => performance.getEntriesByType('resource')
  .map(e => [new URL(e.name).pathname, e.startTime, e.responseEnd])"""


@pytest.mark.parametrize(
    ("lang", "code", "heading"), [("", "zh-CN", "经济总量"), ("en", "en", "Economy")]
)
def test_a_topic_page_asks_the_root_once_and_has_its_elements_code_early(
    server, new_page, lang, code, heading
):
    page = new_page(f"{server}/economy?focus=gdp" + (f"&lang={lang}" if lang else ""))
    expect(page.locator(".st-key-panel_gdp [data-testid='stMetric']").first).to_be_visible()
    wait_idle(page)
    assert not page.locator('[data-testid="stException"]').count()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert page.evaluate("() => document.documentElement.lang") == code
    got = page.evaluate(RESOURCES)
    health = [r for r in got if r[0].endswith("/_stcore/health")]
    assert [r[0] for r in health] == ["/_stcore/health"]
    # the slider's and the number box's code were asked for before the session began
    files = entry_files(streamlit_dir() / JS_DIR, PAGE_ELEMENTS["economy"])
    for name in ("Slider", "NumberInput", "Metric"):
        asked = [r for r in got if r[0].endswith(f"/static/js/{files[name]}")]
        assert asked, name
        assert asked[0][1] < health[0][1], (name, asked[0][1], health[0][1])
    # the slider works: a keypress moves the figure (the page is Streamlit's as before)
    box = page.locator(".st-key-num-gdp input")
    before = box.input_value()
    page.locator(".st-key-h2-gdp").get_by_role("slider").press("ArrowRight")
    expect(box).not_to_have_value(before)


def test_a_language_switch_in_the_sidebar_changes_the_documents_language(server, new_page):
    """The head says the link's language; a switch without a reload says the new one, and
    switching back says the first again; a reload keeps what the address says."""
    page = new_page(f"{server}/investment", width=1400)  # no focus: no scroll
    wait_idle(page)
    lang = "() => document.documentElement.lang"
    assert page.evaluate(lang) == "zh-CN"
    side = page.locator('[data-testid="stSidebar"]')
    side.get_by_text("English").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Fiscal & investment", level=1)).to_be_visible()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    # the script that said it is drawn, and takes no room (a gap above the heading)
    said = page.locator('[data-testid="stElementContainer"]:has(.doc-lang)')
    assert said.count() == 1
    assert said.evaluate("el => getComputedStyle(el).display") == "none"
    assert said.bounding_box() is None
    page.reload()
    wait_idle(page)
    assert "lang=en" in page.url and page.evaluate(lang) == "en"
    assert not page.locator(".doc-lang").count()  # the head said it: no script
    page.locator('[data-testid="stSidebar"]').get_by_text("中文").click()
    wait_idle(page)
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    assert not page.locator('[data-testid="stException"]').count()


def test_below_a_base_path_a_page_finds_its_server_at_once(server_db, new_page):
    """With ``server.baseUrlPath`` the page's address keeps the prefix: Streamlit's code is
    told the server is at /liudong/, asks its health there once, and the page works."""
    with app_server(server_db, "--server.baseUrlPath", "liudong", prefix="/liudong") as base:
        page = new_page(f"{base}/liudong/land?focus=new_jobs&lang=en")
        expect(
            page.locator(".st-key-panel_new_jobs [data-testid='stMetric']").first
        ).to_be_visible()
        wait_idle(page)
        assert not page.locator('[data-testid="stException"]').count()
        assert page.evaluate("() => document.documentElement.lang") == "en"
        health = [r[0] for r in page.evaluate(RESOURCES) if r[0].endswith("/_stcore/health")]
        assert health == ["/liudong/_stcore/health"]
        box = page.locator(".st-key-num-new_jobs input")
        before = box.input_value()
        page.locator(".st-key-h2-new_jobs").get_by_role("slider").press("ArrowRight")
        expect(box).not_to_have_value(before)
        assert "/liudong/land" in page.url
