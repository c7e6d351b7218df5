"""Issue 21: the statistics clerk's update — messages in the clerk's language naming the
indicator and the column header, a template with instructions and validations, plausibility
warnings before apply, and no first-half leftovers after a Q3 table is applied."""

from __future__ import annotations

import csv
import io
import re
import string
from pathlib import Path

import pytest
from openpyxl import load_workbook

from model import messages
from model.data import load_dataset
from model.messages import Problem
from model.period import periodize
from model.plausibility import warnings
from model.template import (
    COLUMNS,
    TemplateError,
    canonical,
    dataset_from_table,
    header,
    read_table,
    template_rows,
    with_origin,
)
from report import i18n
from report.i18n import message
from report.template_writer import write_template
from report.voice import Voice
from store import Store
from tests.conftest import EDITOR

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "app_pages/overview.py",
    "app_pages/economy.py",
    "app_pages/industry.py",
    "app_pages/investment.py",
    "app_pages/land.py",
    "app_pages/sources.py",
    "app_pages/method.py",
    "app_pages/data.py",
]


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# --- every message in both languages ---------------------------------------------------------
def test_every_message_key_exists_in_both_languages_and_every_raise_site_has_one():
    zh = {k for k in i18n.ZH if k.startswith("msg_")}
    en = {k for k in i18n.EN if k.startswith("msg_")}
    assert zh == en
    assert set(i18n.ZH) == set(i18n.EN)  # every label, not only the messages
    for key, english in messages.EN.items():
        assert f"msg_{key}" in zh, key
        derived = {"period", "shorter", "ytd", "columns", "name", "names"}
        for lang in ("zh", "en"):
            used = fields(i18n.STRINGS[lang][f"msg_{key}"])
            assert used <= fields(english) | derived, (key, lang, used - fields(english))
    # the raise sites: every Problem("…") / text("…") in the code names a catalogued key
    raised: set[str] = set()
    for path in [*ROOT.glob("*.py"), *ROOT.glob("[!.]*/**/*.py")]:
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        src = path.read_text(encoding="utf-8")
        raised |= set(re.findall(r"\b(?:Problem|text|said)\(\s*\"([a-z0-9_]+)\"", src))
    assert len(raised) >= 25
    assert raised <= set(messages.EN), raised - set(messages.EN)


def test_every_link_warning_has_its_reason_in_both_languages():
    src = (ROOT / "model" / "scenario.py").read_text(encoding="utf-8")
    codes = set(re.findall(r"ScenarioIssue\(\s*[^,]+,\s*\"([a-z_]+)\"", src))
    assert {"not_a_number", "out_of_range", "unknown_key", "unknown_data"} <= codes
    for code in codes - {"vintage_mismatch"}:  # that one has its own sentence (url_vintage)
        assert f"reason_{code}" in i18n.ZH and f"reason_{code}" in i18n.EN, code
    assert "url_vintage" in i18n.ZH and "url_vintage" in i18n.EN


def test_a_store_name_error_speaks_of_the_checkbox_not_a_flag(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}").acting_as(EDITOR)
    store.save("保守方案", "fai=20", "v")
    with pytest.raises(Problem) as exc:
        store.save("保守方案", "fai=30", "v")
    assert str(exc.value) == "name: '保守方案' is already saved (use replace)"  # the CLI's line
    zh = message("zh", exc.value)
    assert "同名则覆盖" in zh and "保守方案" in zh and "replace" not in zh
    assert "Replace a scenario of the same name" in message("en", exc.value)
    with pytest.raises(Problem) as bad:
        store.save("a=b", "", "v")
    assert message("zh", bad.value).startswith("名称不能含“=”或“&”")
    with pytest.raises(Problem) as gone:
        store.delete("没有这个")
    assert "没有名为“没有这个”的已保存情景" in message("zh", gone.value)


def test_the_sidebar_save_shows_the_chinese_message(make_app):
    at = make_app("fai=20", editor=True)
    at.session_state["store_panel_open"] = True
    at.run()
    at.text_input(key="store_name").input("重名方案").run()
    at.button(key="store_save").click().run()
    at.text_input(key="store_name").input("重名方案").run()
    at.button(key="store_save").click().run()
    assert not at.exception
    text = " ".join(e.value for e in at.sidebar.error)
    assert "同名则覆盖" in text and "replace" not in text


# --- upload errors name the row, the indicator and the column header -------------------------
def _zh_csv(edit) -> bytes:
    ds = load_dataset()
    text = write_template(ds, "csv", with_actuals=True, lang="zh").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    edit(rows)
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_upload_errors_in_chinese_name_the_indicator_and_the_header():
    head = [header(c, "zh") for c in COLUMNS]

    def edit(rows):
        rows[1][head.index("本期累计完成")] = "约232.6"  # gdp, row 2
        rows[4][head.index("已过月数")] = "13"  # fai, row 5
        rows[5][head.index("上年同期占全年比重（%）")] = "120"  # fiscal_revenue, row 6
        rows[6][0] = "nope"  # row 7

    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(_zh_csv(edit), "t.csv"), load_dataset())
    zh = [message("zh", p) for p in exc.value.items]
    assert zh[0] == (
        "第2行（gdp 地区生产总值），“本期累计完成”列：“约232.6”不是数字：请只填数字（如 232.6），"
        "不带单位、%号或文字；不知道可留空。"
    )
    assert any(
        m.startswith("第5行（fai 固定资产投资），“已过月数”列：须为 1 至 12 的整数") for m in zh
    )
    assert any(
        m.startswith(
            "第6行（fiscal_revenue 财政收入），“上年同期占全年比重（%）”列：120 须在 0 至 100 之间"
        )
        for m in zh
    )
    assert any(m.startswith("第7行，“指标代码”列：“nope”不是模板中的指标代码") for m in zh)
    assert not any(re.search(r"[A-Za-z]{4,}", m.replace("fiscal_revenue", "")) for m in zh[:2])
    en = message("en", exc.value.items[0])
    assert en.startswith("Row 2 (gdp GDP), column '本期累计完成': '约232.6' is not a number")
    # the command line keeps its one English line per problem, header as the file wrote it
    assert exc.value.problems[0] == "row 2, column 本期累计完成: '约232.6' is not a number"


def test_a_zero_target_is_one_chinese_message_not_a_traceback():
    head = [header(c, "zh") for c in COLUMNS]

    def edit(rows):
        rows[5][head.index("全年目标")] = "0"  # fiscal_revenue, row 6: a divisor

    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(_zh_csv(edit), "t.csv"), load_dataset())
    zh = [message("zh", p) for p in exc.value.items]
    assert zh == ["第6行（fiscal_revenue 财政收入），“全年目标”列：须大于 0；不知道可留空。"]


def test_contradicting_merged_figures_are_keyed_and_name_the_indicator(monkeypatch):
    """The merged figures (a row's own with the base's) are checked again after the rows; that
    check speaks the clerk's language and names the indicator, as the row checks do."""
    import model.template

    head = [header(c, "zh") for c in COLUMNS]

    def edit(rows):
        rows[5][head.index("本期累计完成")] = "90"  # fiscal_revenue: 90 of a 55.37 target

    monkeypatch.setattr(model.template, "implied_prior_share", lambda *a: 50.0)  # rows pass
    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(_zh_csv(edit), "t.csv"), load_dataset())
    (only,) = exc.value.items
    assert only.key == "tpl_implied_share" and only.params["id"] == "fiscal_revenue"
    assert message("zh", only) == (
        "第6行（fiscal_revenue 财政收入），“本期累计完成”列：与本期累计数和增速一起推出上年同期占全年"
        "比重为 162.2%，须低于 100%：请核对全年目标、目标增速与本期数字。"
    )
    assert message("en", only).startswith("Row 6 (fiscal_revenue Fiscal revenue), column")


def test_identity_breaks_and_the_data_files_message_agree():
    from dataclasses import replace

    from model.data import DataFileError, Figure, check_identities, identity_breaks

    ds = load_dataset()
    assert identity_breaks(ds) == []
    fr = ds.by_id["fiscal_revenue"]
    figs = dict(fr.figures)
    figs["h1_value"] = Figure(90.0, figs["h1_value"].section, figs["h1_value"].quote)
    bad = replace(fr, figures=figs)
    broken = replace(ds, indicators=tuple(bad if i.id == fr.id else i for i in ds.indicators))
    ((ind, share),) = identity_breaks(broken)
    assert ind.id == "fiscal_revenue" and round(share, 1) == 162.2
    with pytest.raises(DataFileError, match=r"'fiscal_revenue'.*162\.2%"):
        check_identities(broken)


def test_impossible_magnitudes_are_refused_naming_the_indicator():
    """A growth of 100000% or a level of 1e308 is a typo or a wrong unit: refused (they made
    the panels' slider overflow), each naming the row, the indicator and the header."""
    head = [header(c, "zh") for c in COLUMNS]

    def edit(rows):
        rows[1][head.index("本期累计增速（%）")] = "100000"  # gdp
        rows[5][head.index("全年目标")] = "1e308"  # fiscal_revenue
        rows[5][head.index("全年目标增速（%）")] = ""

    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(_zh_csv(edit), "t.csv"), load_dataset())
    zh = [message("zh", p) for p in exc.value.items]
    assert zh == [
        "第2行（gdp 地区生产总值），“本期累计增速（%）”列：100000 超过 1000%：增速以百分数填写"
        "（如 12.5），请核对是否多写了位数或单位。",
        "第6行（fiscal_revenue 财政收入），“全年目标”列：1e+308 超过 1,000,000：请核对单位"
        "（亿元、亩、人等，与“单位”列一致）与位数。",
    ]


def test_a_row_in_another_unit_is_refused_not_read_as_the_templates():
    head = [header(c, "zh") for c in COLUMNS]

    def edit(rows):
        rows[1][head.index("单位")] = "万元"  # gdp's figures typed in 万元
        rows[1][head.index("本期累计完成")] = "145070"

    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(_zh_csv(edit), "t.csv"), load_dataset())
    assert [message("zh", p) for p in exc.value.items] == [
        "第2行（gdp 地区生产总值），“单位”列：“万元”不是模板的单位 亿元：请把本行数字换算为 亿元 "
        "填写，并保留单位列原样。"
    ]


def test_a_header_only_table_and_a_doubled_column_are_refused():
    ds = load_dataset()
    blank = write_template(ds, "csv", lang="zh").decode("utf-8-sig").splitlines()[0]
    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table((blank + "\n").encode(), "t.csv"), ds)
    assert [message("zh", p) for p in exc.value.items] == [
        "表格只有表头，没有任何指标行：请在表头下逐行填入指标。"
    ]
    two = "指标代码,已过月数,本期累计完成,本期累计完成（亿元）\ngdp,6,145.07,146\n"
    with pytest.raises(TemplateError) as exc:
        read_table(two.encode(), "t.csv")
    assert [message("zh", p) for p in exc.value.items] == [
        "第1行（表头）：同一列出现了不止一次（本期累计完成、本期累计完成（亿元）），请只保留一列。"
    ]


def test_a_header_written_with_its_unit_is_read():
    table = read_table("指标代码,已过月数,本期累计完成（亿元）\ngdp,6,150\n".encode(), "t.csv")
    new = dataset_from_table(table, load_dataset())
    assert new.by_id["gdp"].figure("h1_value") == 150.0


def test_an_old_years_prior_figures_are_warned_in_chinese():
    from model.template import stale_prior_figures

    ds = load_dataset()
    rows = read_table(write_template(ds, with_actuals=True, lang="zh"), "t.csv")
    for r in rows:
        r["year"] = "2022"
    got = stale_prior_figures(rows, ds)
    gdp = [message("zh", w) for w in got if w.params["id"] == "gdp"]
    assert (
        "第2行（gdp 地区生产总值），“上年同期增速（%）”列：-5.5 是 2021 年数据中的数字（-5.5），"
        "不是 2022 年的：请清空，或填入 2022 年对应的数字。" in gdp
    )
    assert all(not re.search(r"[A-Za-z]{5,}", m) for m in gdp)


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_a_table_with_another_separator_is_said_so(sep):
    data = sep.join(["指标代码", "已过月数", "本期累计完成"]) + "\n" + sep.join(["gdp", "6", "150"])
    with pytest.raises(TemplateError) as exc:
        read_table(data.encode(), "t.csv")
    (only,) = [message("zh", p) for p in exc.value.items]
    said = "tab" if sep == "\t" else sep
    assert only.startswith(f"表格的列是用 {said} 分隔的，不是逗号")


def test_a_broken_xlsx_is_said_without_a_python_class_name():
    with pytest.raises(TemplateError) as exc:
        read_table(b"PK\x03\x04 not really a zip", "t.xlsx")
    (only,) = [message("zh", p) for p in exc.value.items]
    assert only.startswith("不是可读的 XLSX 文件：文件已损坏") and "Error" not in only


def test_missing_columns_and_unreadable_files_are_said_in_chinese():
    with pytest.raises(TemplateError) as exc:
        read_table("指标代码\ngdp\n".encode(), "x.csv")
    assert message("zh", exc.value.items[0]) == (
        "第1行（表头）缺少列：已过月数。请使用本页下载的模板，不要删除或改写表头。"
    )
    with pytest.raises(TemplateError) as bad:
        read_table(b"not a zip", "x.xlsx")  # refused by the upload limits' reader
    assert "不是可读的 XLSX 文件" in message("zh", bad.value.items[0])


def test_an_xlsx_problem_gives_the_spreadsheet_row():
    ds = load_dataset()
    wb = load_workbook(io.BytesIO(write_template(ds, "xlsx", with_actuals=True, lang="zh")))
    ws = wb.worksheets[0]
    col = COLUMNS.index("ytd_value") + 1
    assert ws.cell(row=3, column=1).value == "gdp"  # row 1 headers, row 2 the hidden ids
    ws.cell(row=3, column=col).value = "约232.6"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(buf.getvalue(), "t.xlsx"), ds)
    assert message("zh", exc.value.items[0]).startswith(
        "第3行（gdp 地区生产总值），“本期累计完成”列"
    )


# --- the template ------------------------------------------------------------------------------
def test_the_xlsx_template_has_instructions_validations_and_a_hidden_id_row():
    ds = load_dataset()
    wb = load_workbook(io.BytesIO(write_template(ds, "xlsx", lang="zh")))
    assert wb.sheetnames == ["数据", "填表说明"]
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == [header(c, "zh") for c in COLUMNS]
    assert ws.cell(row=1, column=1).value == "指标代码"
    assert [c.value for c in ws[2]] == list(COLUMNS) and ws.row_dimensions[2].hidden
    # the blank template: no old figures, no old quotes
    src, ytd = COLUMNS.index("source") + 1, COLUMNS.index("ytd_value") + 1
    assert all(ws.cell(row=r, column=src).value in (None, "") for r in range(3, ws.max_row + 1))
    assert all(ws.cell(row=r, column=ytd).value is None for r in range(3, ws.max_row + 1))
    lists = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        lists[COLUMNS[ord(letter) - ord("A")]] = (dv.type, dv.formula1)
    assert lists["kind"] == ("list", '"growth,level,amount"')
    assert lists["months_elapsed"][0] == "list" and "11" in lists["months_elapsed"][1]
    assert lists["period"][0] == "list" and "Q3" in lists["period"][1]
    assert lists["prior_share_pct"][0] == "decimal"
    info = "\n".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value)
    for part in ("已过月数", "9＝前三季度", "可否留空", "示例", "本期累计完成", "单位"):
        assert part in info
    for col in COLUMNS:
        assert header(col, "zh") in info and col in info
    en = load_workbook(io.BytesIO(write_template(ds, "xlsx", lang="en")))
    assert en.sheetnames == ["data", "Instructions"]
    ytd_col = COLUMNS.index("ytd_value") + 1
    assert en["data"].cell(row=1, column=ytd_col).value == "Year-to-date value"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", [None, "zh", "en"])
def test_every_header_style_round_trips(kind, lang):
    ds = load_dataset()
    data = write_template(ds, kind, with_actuals=True, lang=lang)
    back = dataset_from_table(read_table(data, f"t.{kind}"), ds)
    assert back.data_id == ds.data_id
    if kind == "csv":
        first = data.decode("utf-8-sig").splitlines()[0].split(",")
        assert first == [header(c, lang) for c in COLUMNS]  # one header row


def test_a_filled_chinese_xlsx_reads_its_figures():
    ds = load_dataset()
    wb = load_workbook(io.BytesIO(write_template(ds, "xlsx", with_actuals=True, lang="zh")))
    ws = wb.worksheets[0]
    months, ytd = COLUMNS.index("months_elapsed") + 1, COLUMNS.index("ytd_value") + 1
    period = COLUMNS.index("period") + 1
    for r in range(3, ws.max_row + 1):
        ws.cell(row=r, column=months).value = 9
        ws.cell(row=r, column=period).value = "前三季度"  # the period's word reads too
    ws.cell(row=3, column=ytd).value = 232.6
    buf = io.BytesIO()
    wb.save(buf)
    new = dataset_from_table(read_table(buf.getvalue(), "t.xlsx"), ds)
    assert new.months_elapsed == 9 and new.by_id["gdp"].figure("h1_value") == 232.6


def test_the_command_line_template_keeps_ids_and_gives_the_clerks_form(tmp_path, capsys):
    from cli.main import main

    assert main(["template", "-o", str(tmp_path / "t.csv")]) == 0
    assert (
        (tmp_path / "t.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("id,name_zh,name_en,group,unit")
    )
    assert main(["template", "--lang", "zh", "-o", str(tmp_path / "z.csv")]) == 0
    assert (tmp_path / "z.csv").read_text(encoding="utf-8-sig").startswith("指标代码,指标名称")
    assert (
        main(["template", "--lang", "zh", "--format", "xlsx", "-o", str(tmp_path / "z.xlsx")]) == 0
    )
    assert "填表说明" in load_workbook(tmp_path / "z.xlsx").sheetnames


# --- plausibility warnings ---------------------------------------------------------------------
HEAD = "id,months_elapsed,ytd_value,ytd_growth_pct,target_value,prior_share_pct,source\n"


def _table(body: str):
    ds = load_dataset()
    return dataset_from_table(read_table((HEAD + body).encode(), "t.csv"), ds), ds


def _keys(ws):
    return [(w.key, w.params.get("id")) for w in ws]


def test_a_figure_equal_to_the_stored_h1_figure_is_warned():
    new, ds = _table("land_acquisition,9,1072.3,,4000,,\nnew_jobs,9,2100,,2600,,\n")
    ws = [w for w in warnings(new, ds, [ds]) if w.key == "warn_same_as_shorter"]
    assert _keys(ws) == [("warn_same_as_shorter", "land_acquisition")]
    zh = message("zh", ws[0])
    assert (
        zh
        == "land_acquisition 征地：前三季度累计 1,072.3 与已存的上半年数字完全相同，可能仍是旧数据。"
    )
    assert "Q1–Q3 figure 1,072.3 equals the stored H1 figure" in message("en", ws[0])


def test_a_prior_year_share_outside_the_periods_band_is_warned():
    new, ds = _table("fai,9,,5,,45,\ngdp,9,190,8,,70,\n")
    ws = [w for w in warnings(new, ds, [ds]) if w.key == "warn_share_band"]
    assert _keys(ws) == [("warn_share_band", "fai")]
    assert message("zh", ws[0]) == (
        "fai 固定资产投资：上年同期占全年比重 45% 不在前三季度的常见范围 65%—75% 之内。"
    )


def test_progress_far_from_the_elapsed_share_is_warned():
    new, ds = _table("new_jobs,9,300,,2600,,\nfinancing,9,290,,380,,\n")
    ws = [w for w in warnings(new, ds, [ds]) if w.key == "warn_progress"]
    assert _keys(ws) == [("warn_progress", "new_jobs")]  # 11.5% of the target at 75%
    assert "本期" not in message("zh", ws[0])
    assert message("zh", ws[0]).startswith(
        "new_jobs 城镇新增就业：前三季度累计 300 为全年目标 2,600 的 11.5%，与序时进度 75.0% 相差很大"
    )


def test_a_quote_without_the_value_is_warned():
    new, ds = _table(
        "land_supply,9,3020.5,,6200,,完成土地供应1457.83亩\n"
        "financing,9,290,,380,,前三季度融资到位290亿元\n"
        "demolition,9,40,,50,,区住建局2021年10月8日报表\n"
    )
    ws = [w for w in warnings(new, ds, [ds]) if w.key == "warn_quote"]
    assert _keys(ws)[0] == ("warn_quote", "land_supply")
    assert "来源列的原文中没有数值 3,020.5（原文中的数字：1,457.83）" in message("zh", ws[0])
    assert ("warn_quote", "financing") not in _keys(ws)


def test_dropped_indicators_are_one_summary_line_naming_them():
    new, ds = _table("new_jobs,9,2100,,2600,,\n")
    ws = [w for w in warnings(new, ds, [ds]) if w.key == "warn_dropped"]
    assert len(ws) == 1
    zh = message("zh", ws[0])
    assert zh.startswith("表格未给出 17 项指标的本期累计数")
    assert "地区生产总值（gdp，145.07）" in zh and "征地（land_acquisition，1,072.3）" in zh
    assert "固定资产投资（fai，-3.2%）" in zh
    assert "城镇新增就业" not in zh
    assert "GDP (gdp, 145.07)" in message("en", ws[0])


def test_the_shipped_data_own_template_gives_no_warning():
    ds = load_dataset()
    for lang in (None, "zh", "en"):
        for kind in ("csv", "xlsx"):
            data = write_template(ds, kind, with_actuals=True, lang=lang)
            new = dataset_from_table(read_table(data, f"t.{kind}"), ds)
            assert warnings(new, ds, [ds]) == []


def test_a_clean_q3_row_gives_no_warning():
    new, ds = _table("fiscal_revenue,9,45,6,55.37,72,统计快报：前三季度财政收入45亿元，增长6%\n")
    assert [w for w in warnings(new, ds, [ds]) if w.key != "warn_dropped"] == []


def test_the_command_line_stores_with_warnings_on_stderr(tmp_path, capsys, monkeypatch):
    from cli.main import main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")
    path = tmp_path / "q3.csv"
    path.write_text(HEAD + "land_acquisition,9,1072.3,,4000,45,\n", encoding="utf-8")
    assert main(["data", "store", str(path)]) == 0
    out = capsys.readouterr()
    assert re.fullmatch(r"[0-9a-f]{12}\n", out.out)
    err = out.err.splitlines()
    assert all(line.startswith("warning: data: ") for line in err)
    assert any("land_acquisition" in line and "1,072.3" in line for line in err)
    assert any("prior-year share 45%" in line for line in err)
    assert any("lose their year-to-date figures" in line for line in err)


def test_the_data_page_warns_and_applies_only_after_confirming(make_app):
    careless = HEAD + "".join(
        f"{r['id']},9,{r['ytd_value'] or ''},{r['ytd_growth_pct'] or ''},"
        f"{r['target_value'] or ''},{r['prior_share_pct'] or ''},\n"
        for r in template_rows(load_dataset(), with_actuals=True)
    )
    at = make_app(page="app_pages/data.py", editor=True)
    at.file_uploader(key="data_upload").upload("q3.csv", careless.encode(), "text/csv").run()
    assert not at.exception and not at.error
    text = " ".join(w.value for w in at.warning)
    assert "land_acquisition 征地：前三季度累计 1,072.3 与已存的上半年数字完全相同" in text
    # the H1 share carried into a Q3 table is dropped (issue 26), not judged as Q3's
    assert (
        "第2行（gdp 地区生产总值），“prior_share_pct”列：44.4 与已存上半年数据中的数字相同，"
        "说的是上年上半年，不是上年前三季度：已不采用，请填入上年前三季度的数字。"
    ) in text
    assert "44.4% 不在前三季度的常见范围" not in text
    assert at.button(key="data_apply").disabled
    at.checkbox(key="data_confirm").check().run()
    assert not at.button(key="data_apply").disabled
    at.button(key="data_apply").click().run()
    assert not at.exception and any("已应用" in s.value for s in at.success)


def test_an_old_years_prior_figures_also_need_the_confirmation(make_app):
    """A 2022 table still carrying 2021's prior-year figures is warned and, like the
    plausibility warnings, applied only after the clerk confirms."""
    from model.template import rows_csv

    rows = template_rows(load_dataset(), with_actuals=True)
    for r in rows:  # the 2022 targets entered (a 2021 target is refused: test_year_data)
        r.update(year=2022, target_value=None, target_growth_pct=None, target_increase=None)
    text = rows_csv(rows, COLUMNS)
    at = make_app(page="app_pages/data.py", editor=True)
    at.file_uploader(key="data_upload").upload("t22.csv", text, "text/csv").run()
    assert not at.exception and not at.error
    assert any("是 2021 年数据中的数字" in w.value for w in at.warning)
    assert at.button(key="data_apply").disabled
    at.checkbox(key="data_confirm").check().run()
    assert not at.button(key="data_apply").disabled


def test_a_source_named_by_its_date_is_not_a_quote_of_another_figure():
    from model.plausibility import quote_numbers

    assert quote_numbers("区财政局9月快报") == []
    assert quote_numbers("2021年1-9月快报：财政收入45亿元，增长6%") == [45.0, 6.0]
    assert quote_numbers("截至9月30日征地1,457.83亩") == [1457.83]


def test_a_refused_level_is_said_once_not_again_as_an_infinite_share():
    head = [header(c, "zh") for c in COLUMNS]

    def edit(rows):
        rows[5][head.index("本期累计完成")] = "1e308"  # fiscal_revenue

    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(_zh_csv(edit), "t.csv"), load_dataset())
    zh = [message("zh", p) for p in exc.value.items]
    assert zh == [
        "第6行（fiscal_revenue 财政收入），“本期累计完成”列：1e+308 超过 1,000,000：请核对单位"
        "（亿元、亩、人等，与“单位”列一致）与位数。"
    ]
    assert not any("inf" in m for m in zh)


# --- no leftovers of the old period ------------------------------------------------------------
def test_period_words_never_replace_characters_inside_longer_words():
    text = "基数效应使上下半年关系异常；上年上半年占全年比重；下半年须"
    assert (
        periodize(text, 9) == "基数效应使前三季度与四季度关系异常；上年前三季度占全年比重；四季度须"
    )
    assert "上四季度" not in periodize(text, 9)
    assert periodize("distort the H1–H2 relation", 3, "en") == "distort the Q1/Q2–Q4 relation"
    for m in (3, 8, 9):
        for lang in ("zh", "en"):
            for key in i18n.ZH:
                said = Voice(lang, m).t(key)
                assert "上四季度" not in said and "上后三季度" not in said, key


Q3 = (
    "id,months_elapsed,period,ytd_value,ytd_growth_pct,target_value,target_growth_pct,"
    "prior_share_pct,source\n"
    "fiscal_revenue,9,Q3,45,6,55.37,6,72,统计快报：财政收入45亿元\n"
    "new_jobs,9,Q3,2000,,2600,,,就业局：新增就业2000人\n"
    "fai,9,Q3,,5,,16,70,统计快报：增长5%\n"
    "land_reserve,9,Q3,5000,,7130.9,,,自然资源局报表\n"
)


@pytest.fixture
def q3_stored():
    new = dataset_from_table(read_table(Q3.encode(), "q3.csv"), load_dataset())
    Store().acting_as(EDITOR).put_data(
        "data", new.data_id, canonical(new), label="前三季度快报", period="Q3", year=2021,
        filename="q3_2021.csv",
    )  # fmt: skip
    return new


def _texts(at) -> list[str]:
    """Every text of the page as a person reads it (user text is shown escaped: the
    backslashes and word joiners that keep it inert are not seen)."""
    return [re.sub(r"\\(.)", r"\1", x).replace("\u2060", "") for x in _raw_texts(at)]


def _raw_texts(at) -> list[str]:
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "text"):  # fmt: skip
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for d in [*at.dataframe, *at.table]:
        out.append(" ".join(map(str, d.value.columns)))
        out += [" ".join(map(str, r)) for r in d.value.values.tolist()]
    for kind in ("number_input", "slider", "checkbox", "button", "expander", "radio"):
        out += [f"{e.label} {getattr(e, 'help', '') or ''}" for e in getattr(at, kind)]
    return out


def _leftovers(text: str, speech_line: str) -> list[str]:
    bad = []
    if speech_line in text:
        bad.append("speech source line")
    if "上四季度" in text:
        bad.append("上四季度")
    if re.search(r"上半年|(?<![A-Za-z])H1(?![0-9])", text):
        bad.append("H1 word")
    return bad


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_keeps_a_first_half_leftover_after_a_q3_table(make_app, q3_stored, lang):
    from report.i18n import t

    ds = load_dataset()
    speech = ds.source_title if lang == "zh" else ds.source_title_en
    speech_line = t(lang, "source_line", title=speech, vintage=q3_stored.vintage, id="")[:40]
    for page in PAGES:
        at = make_app(f"data={q3_stored.data_id}&lang={lang}", page=page)
        assert not at.exception, page
        for text in _texts(at):
            if page.endswith("sources.py") and (speech in text or "讲话" in text):
                continue  # the speech itself and the quotes of its figures: really of H1
            if page.endswith("data.py") and ("讲话原文" in text or "(the speech)" in text):
                continue  # the shipped dataset's own row: really of H1
            if page.endswith("method.py") and ("Q1, H1" in text or "上半年和前三季度" in text):
                continue  # which periods the published history has
            if page.endswith("method.py") and "://" in text:
                continue  # a published history row with its source address: its note quotes it
            assert not _leftovers(text, speech_line), (page, text[:200])
        if page.endswith(("overview.py", "economy.py", "industry.py", "investment.py", "land.py")):
            line = t(lang, "source_uploaded", n=4, label="前三季度快报", file="q3_2021.csv",
                     date="", title=speech, vintage="", id="")[:30]  # fmt: skip
            assert any(x.startswith(line) for x in _texts(at)), page


def test_exports_and_the_command_line_name_the_uploaded_table(q3_stored, tmp_path, capsys):
    from docx import Document

    from cli.main import main
    from report import exports

    ds = load_dataset()
    q3 = with_origin(q3_stored, "前三季度快报", "q3_2021.csv", "2021-10-12")  # as stored
    views = [exports.view(q3, "fai=20", lang="zh")]
    doc = Document(io.BytesIO(exports.export(views, q3, "docx", "zh")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert (
        "数据来源：4 项指标的本期数字出自上传表格“前三季度快报”（文件 q3_2021.csv，2021-10-12 存入）"
        in text
    )
    assert not _leftovers(text, f"数据来源：{ds.source_title}")
    wb = load_workbook(io.BytesIO(exports.export(views, q3, "xlsx", "zh")))
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert any(c.startswith("数据来源：4 项指标的本期数字出自上传表格") for c in cells)
    kinds = {
        row[4].value: row[5].value
        for row in wb.worksheets[-1].iter_rows()
        if row[5].value and "上传表格 Q3" in str(row[5].value)
    }
    assert set(kinds) == {"上传表格"}  # an uploaded figure is not marked as the speech's
    assert main(["--scenario", f"data={q3_stored.data_id}"]) == 0
    out = capsys.readouterr().out
    assert "uploaded table '前三季度快报' (q3_2021.csv" in out
    assert "上四季度" not in out
    assert main(["--briefing", "--scenario", f"data={q3_stored.data_id}"]) == 0
    assert not _leftovers(capsys.readouterr().out, f"数据来源：{ds.source_title}")


def test_the_sources_page_lists_uploaded_figures_apart_from_the_speechs(make_app, q3_stored):
    at = make_app(f"data={q3_stored.data_id}", page="app_pages/sources.py")
    assert not at.exception
    heads = [h.value for h in at.subheader]
    assert heads[:2] == ["上传表格中的数据", "讲话中的数据"]
    uploaded, speech = at.table[0].value, at.table[1].value
    assert "表格来源列" in uploaded.columns and "原文" in speech.columns
    assert set(uploaded["章节"].str.split().str[0]) == {"上传表格"}
    assert not speech["章节"].str.startswith("上传表格").any()
    # every figure the table gave is listed as uploaded, with the table's source text
    quotes = {row.split(",")[-1] for row in Q3.strip().splitlines()[1:]}
    assert set(uploaded["表格来源列"]) == quotes
    fiscal = uploaded[uploaded["表格来源列"] == "统计快报：财政收入45亿元"]
    assert "45.00亿元" in set(fiscal["数值"]) and set(fiscal["指标"]) == {"财政收入"}
    assert any("前三季度快报" in c.value and "q3_2021.csv" in c.value for c in at.caption)
    # the shipped data has no uploaded figures: one table, the speech's
    at = make_app("", page="app_pages/sources.py")
    assert [h.value for h in at.subheader][0] == "讲话中的数据"


def test_the_csv_export_carries_each_scenarios_source_line(q3_stored):
    from report import exports

    ds = load_dataset()
    q3 = with_origin(q3_stored, "前三季度快报", "q3_2021.csv", "2021-10-12")
    views = [exports.view(ds, "", lang="zh"), exports.view(q3, "fai=20", lang="zh")]
    text = exports.export(views, ds, "csv", "zh").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    col = rows[0].index("数据来源")
    by_data = {r[rows[0].index("数据编号")]: r[col] for r in rows[1:]}
    assert by_data[ds.data_id].startswith(f"数据来源：{ds.source_title}")
    assert by_data[q3.data_id].startswith("数据来源：4 项指标的本期数字出自上传表格“前三季度快报”")
    assert "q3_2021.csv" in by_data[q3.data_id]


def test_indicator_notes_speak_of_the_tables_period(q3_stored):
    land = q3_stored.by_id["land_reserve"]  # given by the table: the speech's note is gone
    assert land.note_zh == "" and land.note_en == ""
    youyi = q3_stored.by_id["youyi_tenants"]  # left out: said of Q1–Q3, not of H1
    assert youyi.note_zh == "上传的表格未给出前三季度数据，可在“数据更新”页填入后研判。"
    assert "Q1–Q3" in youyi.note_en and "H1" not in youyi.note_en
    same = load_dataset()
    h1 = dataset_from_table(
        read_table(write_template(same, "csv", with_actuals=True), "t.csv"), same
    )
    assert h1.by_id["youyi_tenants"].note_zh == same.by_id["youyi_tenants"].note_zh


def test_the_method_page_says_there_is_no_volatility_factor_from_0_pairs(make_app, monkeypatch):
    from model import baseline
    from ui import state

    real = baseline.volatility_factor
    monkeypatch.setattr(state, "_REPORTS", {})  # fitted afresh in this test
    monkeypatch.setattr(baseline, "volatility_factor", lambda *a, **k: (1.0, 0))
    try:
        at = make_app(page="app_pages/method.py")
        assert not at.exception
        text = " ".join(m.value for m in at.markdown)
        assert "新区波动系数：无法计算" in text and "新区波动系数：1.00" not in text
    finally:
        monkeypatch.setattr(baseline, "volatility_factor", real)


def test_a_bad_compare_item_is_said_in_the_ui_language(make_app):
    from urllib.parse import quote

    at = make_app(
        f"s={quote('fai=abc')}&s={quote('preset=conservative')}", page="app_pages/compare.py"
    )
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert re.search(r"无法解析：fai\\?: 不是数字", text) and "is not a number" not in text


def test_an_unreachable_database_is_said_in_the_ui_language():
    from store import StoreError

    with pytest.raises(StoreError) as exc:
        Store("postgresql+psycopg://clerk:secret@127.0.0.1:1/none").list()
    assert "cannot be reached" in str(exc.value) and "secret" not in str(exc.value)
    zh = message("zh", exc.value)
    assert zh.startswith("无法连接数据库 postgresql+psycopg://clerk:***@127.0.0.1:1/none")
    assert "secret" not in zh and "cannot" not in zh
    assert message("en", exc.value).startswith("The database ")
