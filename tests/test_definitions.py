"""Issue 19: every scenario carries its definition (compare page, CSV, XLSX, DOCX, CLI), each
scenario is projected on its own data, chart labels are the tables' text, and the verdict and
pace words cannot be read as opposites (one tolerance for "on the target")."""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import replace
from datetime import datetime

import pytest

from cli.main import main
from model.projection import _outcome, pace_thresholds, project
from model.scenario import parse_scenario
from report import answer, exports, fmt
from report.briefing import briefing
from report.scenarios import scenario_name
from report.voice import Voice
from store import Store
from tests.conftest import EDITOR
from tests.helpers import q3, stored_q3
from ui import charts

WHEN = datetime(2021, 8, 2, 9, 30, tzinfo=exports.TZ)
PRESETS = ("preset=conservative", "", "preset=optimistic", "preset=model")


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    return url


# --- one tolerance for "on the target" ------------------------------------------------------
@pytest.mark.parametrize(
    "gap, unit, on",
    [
        (-1e-7, "pp", True),
        (0.049, "pp", True),
        (-0.049, "pp", True),
        (0.05, "pp", False),
        (-1e-7, "亿元", True),
        (0.004, "亿元", True),
        (-0.006, "亿元", False),
        (0.4, "家", True),
        (-0.6, "家", False),
        (0.04, "亩", True),
        (None, "pp", False),
    ],
)
def test_on_target_is_a_gap_that_rounds_to_zero_at_display_precision(gap, unit, on):
    assert fmt.on_target(gap, unit) is on


def test_a_gap_of_minus_1e_7_reads_exactly_met_never_short_by_zero(ds):
    """Issue 16 item 8: −1e-7 was "差 0.000000个百分点" with 难达标; it is on the target:
    JSON outcome reach, shown 恰好达标 (amber) with no gap figure."""
    assert _outcome(True, -1e-7, None, None, "pp") == "reach"
    assert _outcome(True, -0.06, None, None, "pp") == "miss"
    r = project(ds).get("fai")
    tiny = replace(r, gap_to_target=-1e-7, outcome="reach", reachable=True)
    assert answer.outcome(tiny, "zh") == "恰好达标" and answer.verdict(tiny) == "exact"
    assert answer.gap(tiny, "zh") == "与目标持平" and answer.OUTCOME_COLOR["exact"] == "orange"
    assert "0.000000" not in answer.gap(tiny, "zh") and fmt.gap(-1e-7, "pp") == "0.0个百分点"
    # through the model: a link 1e-6 points below the 达标线
    req = r.required_h2_growth_pct
    res = project(ds, parse_scenario(f"fai={req - 1e-6:.7f}", ds)[0]).get("fai")
    assert (
        res.gap_to_target < 0 and res.outcome == "reach" and answer.outcome(res, "zh") == "恰好达标"
    )
    assert answer.projected(res, "zh") == "+16.0%"  # the target, not 15.999999%


def test_counts_are_whole_numbers(ds):
    assert fmt.value(27.6, "家", vs=28.0) == "27家"  # told from the target as a whole number
    assert fmt.on_target(27.6 - 28.0, "家")  # and the answer reads it as 恰好达标 (28家)
    assert fmt.value(27.4, "家", vs=28.0) == "27家"
    assert fmt.value(27.5, "家", vs=28.0) == "27家"  # below the target: rounded down
    assert fmt.value(28.5, "家", vs=28.0) == "29家"
    assert fmt.value(1528.0, "人", vs=2600.0) == "1,528人"


# --- the vocabulary: verdict and pace cannot read as opposites --------------------------------
EASY = ("较小", "即可", "easy", "Low", "suffices")


@pytest.mark.parametrize("query", PRESETS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_row_reads_missed_and_easy_at_once(ds, query, lang):
    sc, _ = parse_scenario(query, ds)
    res = project(ds, sc)
    rows = answer.rows(res.results, lang, pace_thresholds(ds))
    paces = {
        "zh": {"不高于上半年", "略高于上半年", "明显高于上半年", "—"},
        "en": {"at or below H1", "somewhat above H1", "well above H1", "—"},
    }[lang]
    for r, row in zip(res.results, rows, strict=True):
        assert row["col_difficulty"] in paces, row
        assert not any(w in row["col_difficulty"] for w in EASY)
        if r.outcome == "miss":
            assert row["col_outcome"] in ("难达标", "Missed")
    text = briefing(res, lang, scenario_name=scenario_name(ds, sc, lang))
    assert not any(w in text for w in ("即可完成", "the H1 pace suffices", "难度较大"))
    for r in res.results:
        if r.outcome == "miss" and r.status == "on_track":  # a miss at a pace below H1's
            name = r.name_en if lang == "en" else r.name_zh
            sentence = next(s for s in text.split("。" if lang == "zh" else ". ") if name in s)
            assert ("本情景假设的下半年低于所需" if lang == "zh" else "assumes less") in sentence
    n = sum(r.outcome != "no_target" for r in res.results)
    assert (f"全年{n}项目标" if lang == "zh" else f"of {n} targets") in text
    assert "0项上半年已完成" not in text and "(0 already" not in text


def test_conservative_misses_at_a_low_pace_say_the_scenario_assumes_less(ds):
    sc, _ = parse_scenario("preset=conservative", ds)
    res = project(ds, sc)
    low = [r for r in res.results if r.outcome == "miss" and r.status == "on_track"]
    assert len(low) >= 3  # the case the issue found: 难达标 beside "较小"
    rows = {r["col_indicator"]: r for r in answer.rows(res.results, "zh", pace_thresholds(ds))}
    for r in low:
        assert rows[r.name_zh]["col_outcome"] == "难达标"
        assert rows[r.name_zh]["col_difficulty"] == "不高于上半年"


def test_pace_words_follow_the_period():
    ds3 = q3()
    res = project(ds3)
    rows = answer.rows(res.results, Voice("zh", ds3.months_elapsed), pace_thresholds(ds3))
    text = briefing(res, "zh")
    words = {r["col_difficulty"] for r in rows} - {"—"}
    assert words and all("前三季度" in w for w in words)
    assert "上半年" not in "".join(words) and "上半年" not in text


def test_headline_counts_only_targets_that_exist(make_app):
    at = make_app()
    head = at.info[0].value
    assert "共 21 项目标" in head and "另有 1 项未设目标" in head
    # the two that land exactly on their targets at the H1 pace reach them: 可达标 (issue 27)
    assert "已完成 0 项" not in head and "恰好达标" not in head and "预计可达标 9 项" in head


# --- chart labels are the tables' text --------------------------------------------------------
@pytest.mark.parametrize("query", PRESETS + ("fai=25&fiscal_revenue=5.75",))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("period", ["H1", "Q3"])
def test_every_chart_label_is_the_tables_text(ds, query, lang, period):
    data = ds if period == "H1" else q3()
    sc, _ = parse_scenario(query, data)
    res = project(data, sc)
    voice = Voice(lang, data.months_elapsed)
    rows = {
        r.id: row
        for r, row in zip(
            res.results, answer.rows(res.results, voice, pace_thresholds(data)), strict=True
        )
    }
    chart = charts.growth_gap_chart(res.results, voice)
    assert chart is not None
    spec = json.dumps(chart.spec)
    assert '"format": ".1f"' not in spec and '"field": "label"' in spec
    by_name = {(r.name_en if lang == "en" else r.name_zh): r for r in res.results}
    checked = 0
    for rec in chart.data.to_dict("records"):
        r = by_name[rec["indicator"]]
        row = rows[r.id]
        if rec["h1"]:
            assert rec["label"] in row["col_h1"], (rec, row["col_h1"])
        else:
            assert rec["label"] in row["col_required"], (rec, row["col_required"])
            assert rec["label"] == fmt.pct_required(r.required_h2_growth_pct)
        checked += 1
    assert checked >= 2
    bars = 0
    for r in res.results:  # the progress bars: H1 and target labels are the table's figures
        parts = answer.progress_parts(r, lang)
        if parts is None:
            continue
        labels = {kind: label for kind, _, label in parts}
        assert labels["h1"].endswith(fmt.value(r.h1_value, r.unit, lang))
        assert fmt.value(r.h1_value, r.unit, lang) in rows[r.id]["col_h1"]
        if r.target_value is not None and r.gap_unit != "pp":
            target = fmt.value(r.target_value, r.unit, lang)
            assert target in labels["target"] and target in rows[r.id]["col_target"]
        bar = answer.progress_html(r, lang)
        assert bar is not None and all(html.escape(x) in bar for x in labels.values())
        bars += 1
    assert bars >= 2  # the H1 data has 14, the Q3 table of these tests 2


def test_fai_required_growth_chart_label_is_31_8_as_the_table(ds):
    res = project(ds)
    chart = charts.growth_gap_chart(res.results, "zh")
    req = {x["indicator"]: x["label"] for x in chart.data.to_dict("records") if not x["h1"]}
    assert req["固定资产投资"] == "31.8%" and req["财政收入"] == "5.8%"


# --- each scenario on its own data ---------------------------------------------------------
def test_cli_compare_and_export_each_on_its_own_data(db, tmp_path, capsys, ds):
    new = stored_q3(Store(db))
    assert (
        main(["scenarios", "save", "三季度方案", "--scenario", f"data={new.data_id}&new_jobs=700"])
        == 0
    )
    assert (
        main(["scenarios", "save", "半年方案", "--scenario", "new_jobs=1200", "--note", "会前"])
        == 0
    )
    capsys.readouterr()
    assert main(["compare", "半年方案", "三季度方案", "preset=optimistic", "--json"]) == 0
    recs = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    jobs = recs["new_jobs"]["scenarios"]
    assert [s["name"] for s in jobs] == ["半年方案", "三季度方案", "乐观"]  # not 当前情景 3
    assert jobs[0]["data_id"] == ds.data_id and jobs[1]["data_id"] == new.data_id
    own = project(new, parse_scenario("new_jobs=700", new)[0]).get("new_jobs")
    assert jobs[1]["projected_fy_value"] == pytest.approx(own.projected_fy_value) == 2700
    assert jobs[1]["outcome"] == "reach"
    out = tmp_path / "c.csv"
    assert (
        main(["export", "--compare", "半年方案", "三季度方案", "--format", "csv", "-o", str(out)])
        == 0
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    head = rows[0]
    q3row = dict(
        zip(
            head,
            next(r for r in rows if r[0] == "三季度方案" and r[1] == "城镇新增就业"),
            strict=True,
        )
    )
    h1row = dict(
        zip(
            head,
            next(r for r in rows if r[0] == "半年方案" and r[1] == "城镇新增就业"),
            strict=True,
        )
    )
    assert q3row["数据编号"] == new.data_id and h1row["数据编号"] == ds.data_id
    assert q3row["期间"] == "2021年前三季度（1—9月）" and h1row["期间"] == "2021年上半年（1—6月）"
    assert q3row["全年预计"] == "2,700人" and q3row["本情景结果"] == "可达标"
    assert "四季度假设: 700人" in q3row["与预设不同的输入"]
    assert "下半年假设: 1,200人" in h1row["与预设不同的输入"] and h1row["说明"] == "会前"
    assert q3row["链接"] == f"/?new_jobs=700&data={new.data_id}"


def test_cli_scenario_on_missing_data_is_said_not_silent(db, capsys):
    assert main(["scenarios", "save", "旧方案", "--scenario", "new_jobs=900"]) == 0
    Store(db)  # the scenario's data id is edited to one that is not stored
    from sqlalchemy import create_engine, text

    with create_engine(db).begin() as con:
        con.execute(text("UPDATE scenarios SET data_id='0123456789ab' WHERE name='旧方案'"))
    capsys.readouterr()
    assert main(["compare", "旧方案", "preset=conservative", "--json"]) == 0
    err = capsys.readouterr().err
    assert "0123456789ab" in err and "not stored here" in err


def test_compare_page_uses_each_scenarios_data_and_names(make_app, db, ds):
    s = Store(db).acting_as(EDITOR)
    new = stored_q3(s)
    s.save("三季度方案", "new_jobs=700", new.vintage, data_id=new.data_id, note="前三季度数据")
    s.save("半年方案", "new_jobs=1200", ds.vintage, data_id=ds.data_id)
    # the session is on the Q3 data; the shipped default is still found (never "找不到")
    at = make_app(
        f"data={new.data_id}&s=半年方案&s=三季度方案&s=preset%3Doptimistic",
        page="app_pages/compare.py",
    )
    assert not at.exception
    assert not [w.value for w in at.warning if "找不到" in w.value]
    html = " ".join(h.proto.body for h in at.get("html"))
    assert f"数据 {ds.data_id} · 2021年上半年（1—6月）" in html
    assert f"数据 {new.data_id} · 2021年前三季度（1—9月）" in html
    assert "乐观" in html and "当前情景" not in html
    assert (
        "城镇新增就业 · 四季度假设: 700人" in html and "城镇新增就业 · 下半年假设: 1,200人" in html
    )
    assert "前三季度数据" in html  # the note
    assert f"/?new_jobs=700&amp;data={new.data_id}" in html  # its own link
    assert "2,700人" in html  # 2,000 + 700 on its own data, not on H1's


def test_compare_page_says_when_data_is_really_missing(make_app, db, ds):
    s = Store(db).acting_as(EDITOR)
    s.save("旧方案", "new_jobs=900", ds.vintage, data_id="0123456789ab")
    s.save("半年方案", "new_jobs=1200", ds.vintage, data_id=ds.data_id)
    at = make_app("s=旧方案&s=半年方案", page="app_pages/compare.py")
    assert not at.exception
    warned = [w.value for w in at.warning if "0123456789ab" in w.value]
    assert len(warned) == 1 and "找不到" in warned[0] and "另一期间" in warned[0]


# --- documents carry each scenario's definition -----------------------------------------------
@pytest.fixture
def two(ds):
    new = q3()
    return new, [
        exports.view(
            ds,
            "preset=conservative&fiscal_revenue=7&fai.h1_share=42",
            name="书记方案",
            public_url="https://w.example.cn/liudong/",
            note="会前测算",
        ),
        exports.view(new, "new_jobs=700", public_url="https://w.example.cn/liudong/"),
    ]


def test_xlsx_carries_each_definition_and_prints(ds, two):
    from openpyxl import load_workbook

    new, views = two
    assert views[1].name == "自定义情景（基准）"
    wb = load_workbook(io.BytesIO(exports.to_xlsx(views, ds, "zh", now=WHEN)))
    assert "情景定义" in wb.sheetnames
    h1 = [c.value for c in wb["书记方案"][1]]
    q = [c.value for c in wb["自定义情景（基准）"][1]]
    assert "下半年假设" in h1 and "四季度假设" in q  # named by each scenario's period
    jobs = next(
        r for r in wb["自定义情景（基准）"].iter_rows(min_row=2) if r[0].value == "城镇新增就业"
    )
    assert jobs[q.index("四季度假设")].value == 700
    text = "\n".join(str(c.value) for row in wb["情景定义"].iter_rows() for c in row if c.value)
    for needle in (
        "书记方案",
        "保守",
        "财政收入 · 下半年假设: +7.0%",
        "固定资产投资 · 上年上半年占全年比重: 42.0%",
        "会前测算",
        f"{ds.data_id} · 2021年上半年（1—6月）",
        f"{new.data_id} · 2021年前三季度（1—9月）",
        "城镇新增就业 · 四季度假设: 700人",
        f"https://w.example.cn/liudong/?preset=conservative&fiscal_revenue=7&fai.h1_share=42&data={ds.data_id}",
        f"https://w.example.cn/liudong/?new_jobs=700&data={new.data_id}",
        "2021-08-02 09:30",
    ):
        assert needle in text, needle
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert ps.orientation == "landscape" and int(ps.paperSize) == int(ws.PAPERSIZE_A4)
        assert (
            ps.fitToWidth == 1 and ps.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        )
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddHeader.center.text == "&A" and "2021-08-02" in ws.oddFooter.left.text


def test_docx_carries_each_definition_link_and_qr_in_landscape(ds, two):
    import zipfile

    from docx import Document
    from docx.enum.section import WD_ORIENT

    new, views = two
    data = exports.to_docx(views, ds, "zh", now=WHEN)
    doc = Document(io.BytesIO(data))
    sec = doc.sections[0]
    assert sec.orientation == WD_ORIENT.LANDSCAPE and sec.page_width > sec.page_height
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    joined = "\n".join(cells)
    assert f"https://w.example.cn/liudong/?new_jobs=700&data={new.data_id}" in cells
    assert (
        f"https://w.example.cn/liudong/?preset=conservative&fiscal_revenue=7&fai.h1_share=42&data={ds.data_id}"
        in cells
    )
    assert "城镇新增就业 · 四季度假设: 700人" in joined and "会前测算" in joined
    assert f"{new.data_id} · 2021年前三季度（1—9月）" in joined and "2021-08-02 09:30" in joined
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 2  # one QR per scenario
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0].startswith("按“书记方案”情景测算")
    # misses come right after the counts, each its own short item
    first_miss = next(i for i, b in enumerate(bullets) if "差" in b)
    assert first_miss == 1 and all(len(b) < 200 for b in bullets)
    # the Q3 scenario's table is in the words of its period
    assert "四季度须完成" in joined or "明显高于前三季度" in joined or "不高于前三季度" in joined
