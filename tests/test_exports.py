"""Exports and comparison: every file holds the page's figures (read back), the command
line's compare and export, and the compare page."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest

from cli.main import main
from model.projection import pace_thresholds
from report import answer, exports


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
    assert wb.sheetnames == ["保守", "书记方案", "情景对比", "情景定义", "来源与假设"]
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
    assert [c.value for c in cmp_[1]][2] == "保守: 全年预计（按单位）"
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
    assert len(media) == 2  # each scenario's own QR code


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


@pytest.mark.parametrize("kind", ["csv", "xlsx", "docx"])
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
