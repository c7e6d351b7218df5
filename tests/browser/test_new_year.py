"""Issue 26 in a real browser: the clerk's new year — the 2022 blank template downloaded from
the data page, filled with a new indicator, uploaded, applied, and seen on its topic page.

The stored 2022 dataset is of another year than the shipped data: it is never the newest data
of a 2021 link, so the other browser tests of the session see the same data as before."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser import sign_in
from tests.helpers import wait_idle
from tests.test_new_year import NAME, filled_2022

pytestmark = pytest.mark.browser


def test_the_clerks_new_year(server, server_db, new_page):
    page = new_page(f"{server}/data")
    expect(page.get_by_role("heading", name="数据更新")).to_be_visible()
    sign_in(page, server_db)  # applying data is an editor's write
    year = page.get_by_label("模板年份", exact=True)
    year.fill("2022")
    year.press("Enter")
    wait_idle(page)
    button = page.get_by_role("button", name="下载2022年空白模板（CSV）")
    with page.expect_download() as got:
        button.click()
    blank = Path(got.value.path()).read_bytes()
    assert blank.decode("utf-8-sig").startswith(
        "指标代码,指标名称,英文名称,分组,单位,类别,序列类型,地域层级,年份,"
    )
    body = filled_2022(blank)
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    chooser.set_input_files({"name": "2022.csv", "mimeType": "text/csv", "buffer": body})
    expect(page.get_by_role("heading", name=re.compile("2022年上半年"))).to_be_visible()
    confirm = page.get_by_text("已核对上述提示，仍要应用")
    if confirm.count():
        confirm.click()
    page.get_by_role("button", name="应用这组数据").click()
    expect(page.get_by_text(re.compile("已应用"))).to_be_visible()
    wait_idle(page)
    data = parse_qs(urlparse(page.url).query)["data"][0]

    industry = new_page(f"{server}/industry?data={data}")
    expect(industry.get_by_role("heading", name="工业")).to_be_visible()
    expect(industry.get_by_text(NAME).first).to_be_visible()  # literally, never a link
    wait_idle(industry)
    assert industry.locator('a[href^="http://127.0.0.1:9"]').count() == 0
    assert industry.locator('[data-testid="stException"]').count() == 0
