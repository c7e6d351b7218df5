"""Issue 26 in a real browser: the year-end review page and the month-by-month path chart.

Only a year-end table (period FY) is stored: it is never the newest data for links, so the
other browser tests of the session see the same data as before."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import wait_idle

pytestmark = pytest.mark.browser

FY = (
    "id,year,months_elapsed,period,ytd_value,ytd_growth_pct\n"
    "fiscal_revenue,2021,12,FY,56,6.5\nnew_jobs,2021,12,FY,2500,\n"
)


@pytest.fixture(scope="module")
def year_end(server_db):
    from model.data import load_dataset
    from model.template import canonical, dataset_from_table, read_table
    from store import Store
    from tests.conftest import EDITOR

    fy = dataset_from_table(read_table(FY.encode(), "fy.csv"), load_dataset())
    s = Store(server_db).acting_as(EDITOR)
    s.put_data("data", fy.data_id, canonical(fy), label="2021全年", period="FY", year=2021)
    s.save("复盘测试方案", "new_jobs=1200", "2021H1.2", replace=True)
    return fy


def test_review_page_and_path_chart(server, year_end, new_page):
    page = new_page(f"{server}/review")
    expect(page.get_by_role("heading", name="2021年年终复盘：预测与全年实绩")).to_be_visible()
    expect(
        page.get_by_text("全年实绩取自最近存入的2021年年终全年表（2021全年，", exact=False)
    ).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(page.get_by_role("button", name="下载复盘表（XLSX）")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0

    land = new_page(f"{server}/land?focus=new_jobs")
    panel = land.locator(".st-key-panel_new_jobs")
    expect(panel.get_by_text("本情景", exact=False).first).to_be_visible()
    wait_idle(land)
    charts = panel.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(0)  # drawn on demand only
    panel.get_by_text("逐月累计：实绩、目标序时进度与预测路径").click()
    wait_idle(land)
    expect(charts).to_have_count(1)
    land.wait_for_timeout(800)  # charts size themselves after the run
    widths = land.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    assert land.locator('[data-testid="stException"]').count() == 0
