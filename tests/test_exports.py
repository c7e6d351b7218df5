"""Exports and comparison: every file holds the page's figures (read back), the command
line's compare and export, and the compare page."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import UTC, datetime

import pytest

from cli.main import main
from model.projection import pace_thresholds
from report import answer, exports
from tests.html_table import ANSWER_HEAD_ZH

#: The first table of a two-scenario compare handout (DOCX and XLSX alike).
SIDE_HEADER = [
    "指标",
    "单位",
    "保守：全年预计",
    "保守：结论",
    "书记方案：全年预计",
    "书记方案：结论",
    "书记方案较保守",
    "差值单位",
    "结论变化",
]


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def views(ds):
    return [
        exports.view(ds, "preset=conservative", name="保守", public_url=""),
        exports.view(
            ds,
            "fiscal_revenue=7&fai=30&fai.h1_share=42",
            name="书记方案",
            public_url="https://w.example.cn/liudong/",
            note="会前",
        ),
    ]


def test_csv_has_a_bom_and_the_pages_strings(ds, views):
    data = exports.to_csv(views, ds, "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["情景", "指标", "本情景结果", "全年预计"]
    fiscal = [r for r in rows if r[0] == "书记方案" and r[1] == "财政收入"][0]
    page = answer.rows(views[1].results.results, "zh", pace_thresholds(ds))
    page_fiscal = next(p for p in page if p["col_indicator"] == "财政收入")
    n = len(answer.COLUMNS)
    assert fiscal[2 : n + 1] == [page_fiscal[c] for c in answer.COLUMNS[1:]]
    assert fiscal[3] == "55.69亿元（+6.6%）" and fiscal[2] == "可达标"
    head = dict(zip(rows[0], fiscal, strict=True))
    assert head["数据编号"] == ds.data_id  # the data it was made on
    assert head["预设"] == "基准" and head["说明"] == "会前"
    # every input differing from the preset, with units; the scenario's own link with data=
    changed = head["与预设不同的输入"]
    assert (
        "财政收入 · 下半年假设: +7.0%" in changed and "固定资产投资 · 下半年假设: +30.0%" in changed
    )
    assert "上年上半年占全年比重: 42.0%" in changed
    assert head["链接"] == (
        f"https://w.example.cn/liudong/?fiscal_revenue=7&fai=30&fai.h1_share=42&data={ds.data_id}"
    )
    assert head["期间"] == "2021年上半年（1—6月）"
    assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d", head["文件生成时间（北京时间）"])
    cons = dict(zip(rows[0], rows[1], strict=True))
    assert cons["链接"] == f"/?preset=conservative&data={ds.data_id}"  # no PUBLIC_URL: path+query
    assert cons["与预设不同的输入"] == "无（全部为预设值）" and cons["预设"] == "保守"
    assert len(rows) == 1 + 2 * len(ds.indicators)


def test_xlsx_stores_full_precision_numbers_formatted_as_the_page(ds, views):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.to_xlsx(views, ds, "zh")))
    # the comparison first (issue 27), then each scenario
    assert wb.sheetnames == ["情景对比", "保守", "书记方案", "情景定义", "来源与假设"]
    ws = wb["书记方案"]
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    assert head[0] == "指标" and "（%）" not in head[3] and head[4].endswith("(%)")
    fiscal = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "财政收入")
    proj = fiscal[3]
    assert proj.value == pytest.approx(views[1].results.get("fiscal_revenue").projected_fy_value)
    assert proj.value != round(proj.value, 2)  # full precision, not the rounded text
    assert proj.number_format == "#,##0.00"  # shown as 55.69
    jobs = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "城镇新增就业")
    assert jobs[3].number_format == "#,##0" and jobs[1].value == "人"
    cmp_ = wb["情景对比"]
    assert [c.value for c in cmp_[1]][2] == "保守：全年预计"
    assert wb["来源与假设"].max_row > 40
    assert ws.column_dimensions["A"].width >= 20


def test_docx_holds_the_briefing_table_assumptions_and_qr(ds, views):
    from docx import Document

    data = exports.to_docx(views, ds, "zh")
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "生成时间：" in text and "（北京时间）" in text and "情景：保守、书记方案" in text
    assert text.count("按“") == 2  # one briefing per scenario, named
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "55.69亿元（+6.6%）" in cells and "可达标" in cells
    link = (
        f"https://w.example.cn/liudong/?fiscal_revenue=7&fai=30&fai.h1_share=42&data={ds.data_id}"
    )
    assert link in cells and f"/?preset=conservative&data={ds.data_id}" in cells
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    # a QR code for the absolute link only; the relative one (no PUBLIC_URL) is said instead
    assert len(media) == 1
    assert "链接为相对地址" in text and "手机扫码无法打开" in text


def test_english_files(ds, views):
    rows = list(csv.reader(io.StringIO(exports.to_csv(views, ds, "en").decode("utf-8-sig"))))
    assert rows[0][:3] == ["Scenario", "Indicator", "Scenario result"]
    assert any(r[3] == "55.69 ¥100m (+6.6%)" for r in rows)


def test_cli_compare_json(db, capsys):
    assert main(["scenarios", "save", "A", "--scenario", "preset=conservative"]) == 0
    assert main(["scenarios", "save", "B", "--scenario", "fiscal_revenue=7"]) == 0
    capsys.readouterr()
    assert main(["compare", "A", "B", "fai=30", "--json"]) == 0
    recs = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    f = recs["fiscal_revenue"]["scenarios"]
    assert [s["name"] for s in f][:2] == ["A", "B"]
    assert f[1]["projected_fy_value"] == pytest.approx(55.686, abs=5e-4)
    assert f[1]["reachable"] is True and f[1]["gap_to_target"] == pytest.approx(0.316, abs=5e-4)
    assert f[0]["delta_projected_fy_value"] == 0.0
    assert f[1]["delta_projected_fy_value"] == pytest.approx(
        f[1]["projected_fy_value"] - f[0]["projected_fy_value"], abs=2e-6
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["compare", "A", "nope"], "no saved scenario 'nope'"),
        (["compare", "A"], "give 2 to 4"),
        (["scenarios", "save", "a=b"], "'=' or '&'"),
        (["scenarios", "save", "x" * 61], "at most 60"),
        (["scenarios", "save", "A"], "already saved"),
        (["scenarios", "delete", "nope"], "no saved scenario"),
        (["scenarios", "save", "C", "--scenario", "fai=abc"], "fai: 'abc' is not a number"),
        (
            ["export", "--scenario", "fai=1", "--format", "csv", "-o", "/nonexistent/x.csv"],
            "No such",
        ),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(db, capsys, args, message):
    assert main(["scenarios", "save", "A", "--scenario", "fai=1"]) == 0
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


@pytest.mark.parametrize("kind", ["csv", "xlsx", "docx", "summary"])
def test_cli_export_writes_the_same_file_as_the_library(db, tmp_path, ds, kind, capsys):
    out = tmp_path / f"x.{kind}"
    assert main(["export", "--scenario", "fiscal_revenue=7", "--format", kind, "-o", str(out)]) == 0
    data = out.read_bytes()
    if kind == "csv":
        assert "55.69亿元（+6.6%）" in data.decode("utf-8-sig")
    else:
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_compare_page_shows_both_and_reports_a_missing_name(make_app, db):
    from store import Store
    from tests.conftest import EDITOR

    s = Store(db).acting_as(EDITOR)
    s.save("保守", "preset=conservative", "2021H1.2")
    s.save("书记方案", "fiscal_revenue=7", "2021H1.2")
    at = make_app("s=保守&s=nope&s=书记方案", page="app_pages/compare.py")
    assert not at.exception
    assert any("nope" in w.value for w in at.warning)
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "保守" in html and "书记方案" in html and "55.69亿元（+6.6%）" in html
    assert 'class="changed"' in html  # fiscal revenue: missed under 保守, reached otherwise
    # differences as the handouts give them (report.comparison): from the shown figures, a
    # growth-stated row in points
    assert "+0.68亿元" in html and re.search(r"[+−][0-9]+\.[0-9]个百分点", html)
    # a name not found keeps its own name in the picker (not the baseline's)
    assert "nope" in at.multiselect(key="compare_pick").format_func("nope")
    assert {b.proto.label for b in at.get("download_button")} >= {"下载 CSV", "下载 Excel"}
    q = at.query_params.get("s")
    assert q == ["保守", "nope", "书记方案"]


def test_sidebar_saves_and_opens_a_scenario(make_app, db):
    from store import Store

    at = make_app("fiscal_revenue=7", editor=True)
    assert "store_name" not in [w.key for w in at.text_input]  # drawn on demand
    at.session_state["store_panel_open"] = True  # what opening the expander does
    at.run()
    at.text_input(key="store_name").set_value("书记方案")
    at.button(key="store_save").click().run()
    assert not at.exception
    saved = Store(db).get("书记方案")
    assert saved is not None and saved.query == "fiscal_revenue=7"
    at = make_app()
    at.session_state["store_panel_open"] = True
    at.run()
    at.button(key="store_open_0").click().run()
    assert not at.exception
    q = at.query_params.get("fiscal_revenue")
    assert (q[0] if isinstance(q, list) else q) == "7"


def test_compare_page_finds_a_saved_name_as_the_store_does_nfkc(make_app, db):
    """A link's s= with full-width letters finds the scenario saved with ordinary ones (the
    store's lookup: the exact name, then the NFKC form), and says nothing is missing."""
    from store import Store
    from tests.conftest import EDITOR

    Store(db).acting_as(EDITOR).save("AB方案", "fiscal_revenue=7", "2021H1.2")
    at = make_app("s=ＡＢ方案&s=preset=conservative", page="app_pages/compare.py")
    assert not at.exception
    assert not any("ＡＢ方案" in w.value for w in at.warning)  # not reported as missing
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "AB方案" in html and "55.69亿元（+6.6%）" in html


# --- handouts that compare (issue 27) -------------------------------------------------------

SAVED_AT = datetime(2021, 7, 20, 1, 30, tzinfo=UTC)  # 09:30 in Beijing


@pytest.fixture
def pair(ds):
    """A saved scenario (who and when) against a link; PUBLIC_URL set for both."""
    url = "https://w.example.cn/liudong/"
    return [
        exports.view(
            ds,
            "preset=conservative",
            name="保守",
            public_url=url,
            saved_by="王科长",
            saved_at=SAVED_AT,
        ),
        exports.view(
            ds, "fiscal_revenue=7&fai=30&fai.h1_share=42", name="书记方案", public_url=url
        ),
    ]


def test_compare_docx_first_table_is_side_by_side(ds, pair):
    from docx import Document

    doc = Document(io.BytesIO(exports.to_docx(pair, ds, "zh")))
    first = doc.tables[0]
    head = [c.text for c in first.rows[0].cells]
    assert head == SIDE_HEADER
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in first.rows[1:]}
    assert len(rows) == len(ds.indicators)
    a = pair[0].results.get("fiscal_revenue").projected_fy_value
    b = pair[1].results.get("fiscal_revenue").projected_fy_value
    # a level row in its unit; the difference of the shown figures (55.69 − 55.01)
    assert rows["财政收入"] == ["财政收入", "亿元", f"{a:.2f}", "难达标", f"{b:.2f}", "可达标"] + [
        f"+{round(b, 2) - round(a, 2):.2f}",
        "亿元",
        "◆",
    ]
    assert rows["财政收入"][6] == "+0.68"
    # a growth-stated row: values in %, the difference in percentage points, never 亿元
    fai = rows["固定资产投资"]
    assert fai[1] == "%" and fai[7] == "个百分点" and fai[8] == "◆"
    ga = pair[0].results.get("fai").projected_fy_growth_pct
    gb = pair[1].results.get("fai").projected_fy_growth_pct
    assert fai[6] == f"+{round(gb, 1) - round(ga, 1):.1f}" == "+20.4"
    # the same verdict under both: no mark
    assert rows["招商引资到位资金"][3] == rows["招商引资到位资金"][5] == "可达标"
    assert rows["招商引资到位资金"][8] == ""
    # each scenario's details follow: the saved one says who saved it and when (Beijing)
    defs = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows}
    assert defs["情景"] == "保守"
    assert defs["保存人"] == "王科长" and defs["保存时间（北京时间）"] == "2021-07-20 09:30"
    linked = {r.cells[0].text for t in doc.tables[2:] for r in t.rows}
    assert "保存人" not in linked  # a link is not a saved scenario
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "链接为相对地址" not in text  # PUBLIC_URL set: absolute links, each with its QR code
    media = [
        n
        for n in zipfile.ZipFile(io.BytesIO(exports.to_docx(pair, ds, "zh"))).namelist()
        if n.startswith("word/media/")
    ]
    assert len(media) == 2


def test_csv_says_who_saved_a_saved_scenario_and_when(ds, pair):
    rows = list(csv.reader(io.StringIO(exports.to_csv(pair, ds, "zh").decode("utf-8-sig"))))
    by = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by["保守"]["保存人"] == "王科长"
    assert by["保守"]["保存时间（北京时间）"] == "2021-07-20 09:30"
    assert by["书记方案"]["保存人"] == by["书记方案"]["保存时间（北京时间）"] == ""


def test_compare_xlsx_first_sheet_is_side_by_side_with_gridlines(ds, pair):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exports.to_xlsx(pair, ds, "zh")))
    ws = wb.worksheets[0]
    assert ws.title == "情景对比"
    assert [c.value for c in ws[1]] == SIDE_HEADER
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    fiscal = rows["财政收入"]
    # numbers and verdicts in cells of their own: a number, then a word
    assert fiscal[2].value == pytest.approx(
        pair[0].results.get("fiscal_revenue").projected_fy_value
    )
    assert fiscal[3].value == "难达标" and fiscal[5].value == "可达标"
    assert fiscal[6].value == pytest.approx(0.68) and fiscal[7].value == "亿元"
    assert fiscal[6].number_format == "+#,##0.00;-#,##0.00;#,##0.00"
    assert fiscal[8].value == "◆"
    fai = rows["固定资产投资"]
    assert fai[1].value == "%" and fai[7].value == "个百分点"  # points, never under 亿元
    assert fai[6].value == pytest.approx(20.4) and fai[6].number_format.startswith("+#,##0.0;")
    assert rows["招商引资到位资金"][8].value is None
    # gridlines: every cell of the table has its four borders
    for line in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in line:
            b = cell.border
            assert {b.left.style, b.right.style, b.top.style, b.bottom.style} == {"thin"}
    assert ws.max_row == 1 + len(ds.indicators)
    # who saved the first scenario, and when (Beijing time), in its definition
    defs = [(r[0].value, r[1].value) for r in wb["情景定义"].iter_rows(min_row=2)]
    assert ("保存人", "王科长") in defs and ("保存时间（北京时间）", "2021-07-20 09:30") in defs


def test_compare_handout_in_english_says_points(ds, pair):
    from docx import Document

    doc = Document(io.BytesIO(exports.to_docx(pair, ds, "en")))
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in doc.tables[0].rows}
    assert rows["Indicator"][6] == "书记方案 vs 保守"
    assert rows["Fixed-asset investment"][7] == "points"


def _sidebar(at) -> set[str]:
    """What the sidebar offers: its widgets' keys and its expanders' and captions' words."""
    side = at.sidebar
    keys = {w.key for w in (*side.radio, *side.button, *side.toggle)}
    return keys | {e.label for e in side.expander} | {c.value for c in side.caption}


def test_compare_page_keeps_the_sidebar_with_none_or_one_chosen(make_app, db, monkeypatch):
    """No st.stop() before the sidebar: language, sign-in and the share link are there with
    no scenario and with one chosen, as with two (issue 27 finding 6)."""
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    two = make_app("s=preset=conservative&s=fai=30", page="app_pages/compare.py")
    assert not two.exception and not two.info
    full = _sidebar(two)
    assert {"ui_lang", "ui_share", "ui_preset"} <= full
    for query in ("", "s=preset=conservative"):
        at = make_app(query, page="app_pages/compare.py")
        assert not at.exception
        assert [i.value for i in at.info] == ["请至少选择两个情景。"]
        assert _sidebar(at) == full, query


def test_compare_page_says_who_saved_and_that_links_are_relative(make_app, db, monkeypatch):
    from store import Store
    from tests.conftest import EDITOR

    monkeypatch.delenv("PUBLIC_URL", raising=False)
    s = Store(db).acting_as(EDITOR)
    s.save("保守", "preset=conservative", "2021H1.2")
    s.save("书记方案", "fiscal_revenue=7", "2021H1.2")
    at = make_app("s=保守&s=书记方案", page="app_pages/compare.py")
    assert not at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "保存人" in html and "test-editor" in html and "保存时间（北京时间）" in html
    assert any("链接为相对地址" in c.value for c in at.caption)
    assert {"ui_lang", "ui_share"} <= _sidebar(at)


# --- the overview on one A4 page (issue 27) --------------------------------------------------


def test_summary_docx_holds_every_indicator_the_changed_inputs_and_the_link(ds):
    from docx import Document

    url = "https://w.example.cn/liudong/"
    v = exports.view(ds, "fiscal_revenue=7&fai=30&fai.h1_share=42", name="书记方案", public_url=url)
    data = exports.export([v], ds, "summary", "zh")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ANSWER_HEAD_ZH
    names = [r.cells[0].text for r in table.rows[1:]]
    assert sorted(names) == sorted(i.name_zh for i in ds.indicators)  # every indicator once
    fiscal = next(r for r in table.rows if r.cells[0].text == "财政收入")
    assert [c.text for c in fiscal.cells][1:3] == ["可达标", "55.69亿元（+6.6%）"]  # the page's
    assert names[0] != "财政收入" and table.rows[1].cells[1].text == "难达标"  # misses first
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n" + "\n".join(c.text for t in doc.tables[1:] for r in t.rows for c in r.cells)
    assert "与预设（基准）不同的假设" in text
    assert "财政收入 · 下半年假设: +7.0%" in text and "上年上半年占全年比重: 42.0%" in text
    assert f"{url}?fiscal_revenue=7&fai=30&fai.h1_share=42&data={ds.data_id}" in text
    assert "链接为相对地址" not in text
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 1  # the QR code of the absolute link


def test_summary_with_a_relative_link_says_so_and_has_no_qr_code(ds):
    from docx import Document

    v = exports.view(ds, "preset=conservative", name="保守", public_url="")
    data = exports.export([v], ds, "summary", "en")
    doc = Document(io.BytesIO(data))
    text = "\n".join(c.text for t in doc.tables[1:] for r in t.rows for c in r.cells)
    assert f"/?preset=conservative&data={ds.data_id}" in text
    assert "the links are relative" in text and "none (all preset values)" in text
    assert not [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "media/" in n]


def test_overview_offers_the_one_page_summary(make_app, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    at = make_app("fiscal_revenue=7")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[-4:] == ["下载 CSV", "下载 Excel", "下载 Word 简报", "下载一页摘要（Word，A4）"]


@pytest.mark.parametrize("public", ["", "https://w.example.cn/liudong/"])
def test_overview_print_block_has_the_changed_inputs_and_the_paper_link(
    make_app, monkeypatch, ds, public
):
    """The overview's print (one A4 page): the inputs that differ from the preset, and the
    link — on PUBLIC_URL, else relative with the line saying so (not the browser's address)."""
    if public:
        monkeypatch.setenv("PUBLIC_URL", public)
    else:
        monkeypatch.delenv("PUBLIC_URL", raising=False)
    at = make_app("fiscal_revenue=7")
    assert not at.exception
    (block,) = [
        h.proto.body for h in at.get("html") if 'class="print-only print-summary"' in h.proto.body
    ]
    assert "与预设（基准）不同的假设" in block and "财政收入 · 下半年假设: +7.0%" in block
    assert f"链接：{public or '/'}?fiscal_revenue=7" in block
    assert ("链接为相对地址" in block) is not bool(public)
