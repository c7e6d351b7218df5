"""The exported DOCX and XLSX printed as a real office suite prints them (issue 19 item 7):
converted to PDF by LibreOffice (``soffice --headless --convert-to pdf``), then read back with
poppler (``pdfinfo``, ``pdftotext -layout``): page counts, every sheet one page wide, and no
figure of the answer table wrapped mid-number.

Needs LibreOffice and poppler-utils: without them these tests skip locally with a message and
fail under ``CI=true`` (``.ci/run`` installs them)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from model.projection import pace_thresholds
from report import answer, exports
from report.voice import Voice
from tests.helpers import q3

TOOLS = ("soffice", "pdfinfo", "pdftotext")
WHEN = datetime(2021, 8, 2, 9, 30, tzinfo=exports.TZ)
#: A scenario that changes ten inputs (the summary's list of changed assumptions is long).
MANY = (
    "fiscal_revenue=7&fai=30&fai.h1_share=42&new_jobs=700&land_supply=20&gdp=9"
    "&investment_attraction=10&financing=12&demolition=5&projects_city=9"
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory, ds):
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("print")
    new = q3()
    views = [
        exports.view(
            ds,
            "preset=conservative&fiscal_revenue=7&fai.h1_share=42",
            name="书记方案",
            public_url="https://whatif.example.gov.cn/liudong/",
            note="会前测算",
        ),
        exports.view(new, "new_jobs=700", public_url="https://whatif.example.gov.cn/liudong/"),
    ]
    (out / "brief.docx").write_bytes(exports.to_docx(views, ds, "zh", now=WHEN))
    (out / "sheets.xlsx").write_bytes(exports.to_xlsx(views, ds, "zh", now=WHEN))
    # the overview on one page: many inputs changed, absolute (zh) and relative (en) links
    one = exports.view(
        ds, MANY, name="书记方案", public_url="https://whatif.example.gov.cn/liudong/"
    )
    (out / "summary_zh.docx").write_bytes(exports.export([one], ds, "summary", "zh", now=WHEN))
    rel = exports.view(ds, MANY, name="书记方案", public_url="")
    (out / "summary_en.docx").write_bytes(exports.export([rel], ds, "summary", "en", now=WHEN))
    profile = out / "profile"  # a private LibreOffice profile: no clash with another instance
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(out / "brief.docx"),
            str(out / "sheets.xlsx"),
            str(out / "summary_zh.docx"),
            str(out / "summary_en.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out, views, ds


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def _lines(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [re.sub(r"\s+", "", line) for line in text.splitlines()]


def test_docx_prints_landscape_on_few_pages_with_no_figure_cut(printed):
    out, views, ds = printed
    pdf = out / "brief.pdf"
    # two scenarios: the side-by-side table, then definition + QR + briefing list + 22-row
    # table each, on landscape A4
    assert 2 <= _pages(pdf) <= 1 + 2 * len(views)
    lines = _lines(pdf)
    checked = 0
    for v in views:
        vds = v.ds or ds
        rows = answer.rows(v.results.results, Voice("zh", vds.months_elapsed), pace_thresholds(vds))
        for row in rows:
            for col in ("col_projected", "col_target", "col_gap", "col_required"):
                cell = re.sub(r"\s+", "", row[col])
                if cell == "—":
                    continue
                if cell.startswith("≈"):  # a derived target: its words may wrap below it
                    cell = cell.split("（")[0]
                # the figure with its unit (and its growth) on one printed line
                assert any(cell in line for line in lines), (v.name, col, row[col])
                checked += 1
    assert checked > 60
    text = "\n".join(lines)
    assert "https://whatif.example.gov.cn/liudong/?new_jobs=700&data=" in text.replace(" ", "")


def test_xlsx_prints_each_sheet_one_page_wide_with_its_name_and_date(printed):
    from openpyxl import load_workbook

    out, views, _ = printed
    wb = load_workbook(out / "sheets.xlsx")
    xlsx_pdf = out / "sheets.pdf"
    pages = _pages(xlsx_pdf)
    # one page wide (was 18 pages with 14 columns split): a sheet may run onto a second page
    # downwards (the sources sheet's rows), never sideways
    for ws in wb.worksheets:
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert len(wb.sheetnames) <= pages <= len(wb.sheetnames) + 2, pages
    lines = _lines(xlsx_pdf)
    text = "\n".join(lines)
    for name in wb.sheetnames:  # the sheet's name in its page header
        assert re.sub(r"\s+", "", name) in text, name
    assert text.count("2021-08-0209:30") >= pages  # the date in every page's footer
    assert f"1/{pages}" in text and f"{pages}/{pages}" in text
    # every scenario sheet's columns printed, the last one included (nothing cut off)
    for v in views:
        head = [c.value for c in wb[v.name[:31]][1]]
        assert re.sub(r"\s+", "", head[-1])[:5] in text, head[-1]


def test_summary_prints_on_one_a4_page(printed):
    """The overview's one-page summary (issue 27): every indicator, the changed assumptions
    and the link on ONE landscape A4 page, in both languages, with a long list of changes."""
    out, _, ds = printed
    for lang in ("zh", "en"):
        pdf = out / f"summary_{lang}.pdf"
        assert _pages(pdf) == 1, lang
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())
        assert w > h and abs(w - 842) < 3 and abs(h - 595) < 3  # landscape A4 in points
    zh = "\n".join(_lines(out / "summary_zh.pdf"))
    for ind in ds.indicators:  # every row printed
        assert ind.name_zh.replace(" ", "") in zh, ind.name_zh
    assert "55.69亿元（+6.6%）" in zh and "与预设（基准）不同的假设" in zh
    link = "https://whatif.example.gov.cn/liudong/?fiscal_revenue=7&fai=30"
    assert link in zh.replace("\n", "")  # the link (it may wrap over two lines)
    en = "\n".join(_lines(out / "summary_en.pdf"))
    assert "/?fiscal_revenue=7" in en.replace("\n", "") and "linksarerelative" in en
