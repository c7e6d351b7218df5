"""Issue 27 in a real browser: /compare keeps its sidebar with no scenario chosen, and the
overview prints on one A4 page with the changed assumptions (Chromium's own print to PDF)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.helpers import wait_idle


def test_compare_keeps_the_sidebar_with_none_chosen(server, new_page):
    page = new_page(f"{server}/compare", width=1400, height=900)
    wait_idle(page)
    expect(page.get_by_text("请至少选择两个情景。")).to_be_visible()
    side = page.locator('[data-testid="stSidebar"]')
    expect(side).to_be_visible()
    expect(side.get_by_text("English")).to_be_visible()  # the language switch
    expect(side.locator(".st-key-ui_share")).to_be_visible()  # the share link
    # one chosen: still there
    page = new_page(f"{server}/compare?s=preset%3Dconservative", width=1400, height=900)
    wait_idle(page)
    expect(page.locator('[data-testid="stSidebar"] .st-key-ui_share')).to_be_visible()


def test_overview_prints_on_one_a4_page_with_the_changed_assumptions(server, new_page, tmp_path):
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed (apt-get install poppler-utils)")
    page = new_page(f"{server}/?fiscal_revenue=7&fai=30", width=1400, height=900)
    wait_idle(page)
    expect(page.locator(".answer-table")).to_be_visible()
    page.emulate_media(media="print")
    changed = page.locator(".print-changed")
    expect(changed).to_be_visible()
    text = changed.inner_text()
    assert "与预设（基准）不同的假设" in text, text
    assert "财政收入 · 下半年假设: +7.0%" in text and "固定资产投资 · 下半年假设: +30.0%" in text
    assert "数据截至" in text
    assert "链接为相对地址" in text  # no PUBLIC_URL on the test server: said, as on paper
    expect(page.get_by_text("情况简报（可复制）")).to_be_hidden()  # the briefing stays on screen
    pdf = tmp_path / "overview.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout  # was 3 pages
    printed = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "财政收入" in printed and "优易空间入驻企业及创客团队" in printed  # every row
    assert "fiscal_revenue=7" in re.sub(r"\s+", "", printed)  # the link in the footer
