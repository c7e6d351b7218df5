"""Issue 26: prior-year figures stay in their period; unit mistakes are errors naming their
column (with the likely fix); the labels of a prior-year figure name its own period."""

from __future__ import annotations

import csv
import io

import pytest

from cli.main import main
from model.data import load_dataset
from model.template import TemplateError, carried_prior, dataset_from_table, read_table
from model.template import template_rows as rows_of
from report.records import param_label
from report.voice import Voice


def _q3_rows(**changes: dict[str, str]) -> list[dict[str, str]]:
    """The shipped H1 template with actuals, retyped as Q3 (9 months), prior columns kept."""
    rows = []
    for r in rows_of(load_dataset(), with_actuals=True):
        row = {k: ("" if v is None else str(v)) for k, v in r.items()}
        row.update(period="Q3", months_elapsed="9")
        row.update(changes.get(row["id"], {}))
        rows.append(row)
    return rows


def _csv(tmp_path, rows, name="q3.csv"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return str(path)


GOOD = {"gdp": {"ytd_value": "220.5", "ytd_growth_pct": "8.1"}}


def test_unit_mistakes_are_refused_naming_the_column_with_the_fix(tmp_path, capsys):
    rows = _q3_rows(
        **GOOD,
        investment_attraction={"ytd_value": "701200"},
        fiscal_revenue={"ytd_value": "439000"},
    )
    assert main(["--data", _csv(tmp_path, rows)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: data: row 6, column ytd_value: fiscal_revenue 439,000 is 7,928 times the "
        "full-year target 55.37; typed in 万元? The column's unit is 亿元: 43.9?",
        "error: data: row 8, column ytd_value: investment_attraction 701,200 is 7,741 times "
        "the full-year target 90.5882; typed in 万元? The column's unit is 亿元: 70.12?",
    ]  # fiscal revenue: never the 全年目标 column the clerk did not touch


def test_a_figure_100_times_an_earlier_periods_is_refused(tmp_path, capsys):
    rows = _q3_rows(gdp={"ytd_value": "2205000", "ytd_growth_pct": "8.1"})
    assert main(["--data", _csv(tmp_path, rows)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [  # one problem for the cell (not also "above 1,000,000")
        "error: data: row 2, column ytd_value: gdp 2,205,000 is 15,200 times the stored H1 "
        "figure 145.07; typed in 万元? The column's unit is 亿元: 220.5?"
    ]


def test_unit_mistake_in_the_app_words_with_the_fix():
    ds = load_dataset()
    rows = read_table(
        _csv_bytes(_q3_rows(**GOOD, investment_attraction={"ytd_value": "701200"})), "q3.csv"
    )
    with pytest.raises(TemplateError) as got:
        dataset_from_table(rows, ds, earlier=[ds])
    (p,) = got.value.items
    assert (p.key, p.params["col"], p.params["row"]) == ("tpl_scale_target_fix", "ytd_value", 8)
    zh = Voice("zh").message(p)
    assert zh == (
        "第8行（investment_attraction 招商引资到位资金），“ytd_value”列：701,200 是全年目标 "
        "90.5882 的 7,741 倍，像是按万元填写：本列单位为亿元，应为 70.12？"
    )
    # a stored table read back is not judged again (its links keep opening)
    assert dataset_from_table(rows, ds).by_id["investment_attraction"].figure("h1_value") == 701200


def _csv_bytes(rows) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_prior_figures_of_another_period_are_dropped_with_a_warning(tmp_path, capsys):
    path = _csv(tmp_path, _q3_rows(**GOOD))
    assert main(["--data", path, "--json"]) == 0
    out = capsys.readouterr()
    warned = [w for w in out.err.splitlines() if "gdp" in w]
    assert warned == [
        "warning: data: row 2, column prior_share_pct: gdp 44.4 is the H1 data's figure (the "
        "prior year's H1), not one for Q1–Q3; dropped",
        "warning: data: row 2, column prev_ytd_growth_pct: gdp -5.5 is the H1 data's figure "
        "(the prior year's H1), not one for Q1–Q3; dropped",
    ]
    import json

    gdp = next(r for r in json.loads(out.out) if r["id"] == "gdp")
    assert gdp["two_year_avg_h1_growth_pct"] is None  # the baseline never uses −5.5
    assert gdp["h1_share_pct"] != 44.4


def test_a_prior_figure_given_for_its_own_period_stays_and_is_labelled_by_it():
    ds = load_dataset()
    rows = read_table(_csv_bytes(_q3_rows(gdp={**GOOD["gdp"], "prev_ytd_growth_pct": "-3"})),
                      "q3.csv")  # fmt: skip
    kept, said = carried_prior(rows, ds, [ds])
    assert [(w.params["id"], w.params["col"]) for w in said if w.params["id"] == "gdp"] == [
        ("gdp", "prior_share_pct")
    ]
    new = dataset_from_table(kept, ds, earlier=[ds])
    a = new.by_id["gdp"].assumptions["prev_h1_growth"]
    assert (a.default, a.months) == (-3.0, 9)
    assert new.by_id["gdp"].assumptions["h1_share"].default is None
    assert param_label(Voice("zh", 9), "prev_h1_growth", a, new) == "上年同期增速（2020年前三季度）"
    assert param_label(Voice("en", 9), "prev_h1_growth", a, new) == (
        "Prior-year Q1–Q3 growth (2020 Q1–Q3)"
    )
    shipped_a = ds.by_id["gdp"].assumptions["prev_h1_growth"]
    assert (
        param_label(Voice("zh"), "prev_h1_growth", shipped_a, ds) == "上年同期增速（2020年上半年）"
    )


def test_the_same_figure_of_a_stored_same_period_dataset_is_kept():
    ds = load_dataset()
    rows = read_table(_csv_bytes(_q3_rows(**GOOD)), "q3.csv")
    kept, _ = carried_prior(rows, ds, [ds])
    q3 = dataset_from_table(kept, ds)
    # a Q3 dataset stored with gdp's prior share 44.4 of its own: the next Q3 table keeps it
    with_share = [dict(r) for r in rows]
    own = dataset_from_table(read_table(_csv_bytes(with_share), "q3.csv"), ds)
    again, said = carried_prior(rows, ds, [ds, own])
    assert not any(w.params["id"] == "gdp" for w in said)
    assert q3.by_id["gdp"].assumptions["h1_share"].default is None


# --- links know their age --------------------------------------------------------------
def test_an_old_link_says_newer_data_exists_with_one_click(make_app, ds):
    from store import Store
    from tests.conftest import EDITOR
    from tests.helpers import stored_q3

    store = Store()
    new = stored_q3(store)
    at = make_app(f"data={ds.data_id}&fai=20", page="app_pages/overview.py")
    assert not at.exception
    shown = [c.value for c in at.caption]
    assert any(f"{ds.data_id}（随程序提供）（默认数据）" in c for c in shown)
    (said,) = [w.value for w in at.warning if "最新" in w.value]
    assert f"（2021年前三季度（1—9月），编号 {new.data_id}）" in said
    assert f"data={new.data_id}" in said and "fai=20" in said  # same scenario, newest data
    store.set_default_data("data", new.data_id, actor=EDITOR)
    try:  # the shipped data is no longer the default: shipped, not 默认
        old = make_app(f"data={ds.data_id}&lang=en", page="app_pages/overview.py")
        caps = [c.value for c in old.caption]
        assert any(f"{ds.data_id} (shipped with the app)" in c for c in caps)
        assert not any("default data" in c for c in caps)
        assert any("not the newest of its year" in w.value for w in old.warning)
        cur = make_app(f"data={new.data_id}", page="app_pages/overview.py")
        assert not any("最新" in w.value for w in cur.warning)  # the newest says nothing
        assert any(f"{new.data_id}（默认数据）" in c.value for c in cur.caption)
    finally:
        store.set_default_data("data", None, actor=EDITOR)


def test_data_store_drops_carried_figures_and_refuses_a_unit_mistake_against_a_stored_month(
    tmp_path, capsys, monkeypatch
):
    """A stored M7 table counts as an earlier period: a Q3 table carrying its prior-year
    growth has it dropped (warning, exit 0); a Q3 figure 100 times M7's is refused (exit 2)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # its own store
    m7 = _q3_rows(gdp={"ytd_value": "170.2", "ytd_growth_pct": "8.3",
                       "prev_ytd_growth_pct": "-4.1", "prior_share_pct": "57"})  # fmt: skip
    for r in m7:
        r.update(period="M7", months_elapsed="7")
    assert main(["data", "store", _csv(tmp_path, m7, "m7.csv")]) == 0
    m7_err = capsys.readouterr().err
    assert "gdp" not in "".join(line for line in m7_err.splitlines() if "prev_ytd" in line)
    q3 = _q3_rows(gdp={"ytd_value": "220.5", "ytd_growth_pct": "8.1",
                       "prev_ytd_growth_pct": "-4.1", "prior_share_pct": "70"})  # fmt: skip
    assert main(["data", "store", _csv(tmp_path, q3)]) == 0
    out = capsys.readouterr()
    gdp = [line for line in out.err.splitlines() if " gdp " in line and "dropped" in line]
    assert gdp == [
        "warning: data: row 2, column prev_ytd_growth_pct: gdp -4.1 is the Jan–Jul data's "
        "figure (the prior year's Jan–Jul), not one for Q1–Q3; dropped"
    ]
    from model.template import from_canonical
    from store import Store

    stored = Store().get_data("data", out.out.strip())
    got = from_canonical(stored.content, load_dataset()).by_id["gdp"].assumptions
    assert got["prev_h1_growth"].default is None and got["h1_share"].default == 70.0
    bad = _q3_rows(gdp={"ytd_value": "1702000", "ytd_growth_pct": "8.1"})
    assert main(["data", "store", _csv(tmp_path, bad, "bad.csv")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: data: row 2, column ytd_value: gdp 1,702,000 is 10,000 times the stored Jan–Jul "
        "figure 170.2; typed in 万元? The column's unit is 亿元: 170.2?"
    ]


def test_the_data_page_refuses_a_unit_mistake_as_an_error(make_app):
    rows = _q3_rows(**GOOD, investment_attraction={"ytd_value": "701200"})
    at = make_app(page="app_pages/data.py", editor=True)
    at.file_uploader(key="data_upload").upload("q3.csv", _csv_bytes(rows), "text/csv").run()
    assert not at.exception
    (text,) = [e.value for e in at.error]
    assert text.endswith(
        "\n\n- 第8行（investment_attraction 招商引资到位资金），“ytd_value”列：701,200 是全年目标 "
        "90.5882 的 7,741 倍，像是按万元填写：本列单位为亿元，应为 70.12？"
    )
    assert [b for b in at.button if b.key == "data_apply"] == []  # nothing to apply


def test_the_xlsx_and_docx_label_a_prior_figure_with_its_own_period():
    import zipfile

    from openpyxl import load_workbook

    from report import exports

    ds = load_dataset()
    rows = read_table(
        _csv_bytes(_q3_rows(gdp={**GOOD["gdp"], "prev_ytd_growth_pct": "-3"})), "q3.csv"
    )
    q3 = dataset_from_table(carried_prior(rows, ds, [ds])[0], ds, earlier=[ds])
    views = [exports.view(q3, "gdp.prev_h1_growth=-2.5", name="甲", public_url="")]
    wb = load_workbook(io.BytesIO(exports.to_xlsx(views, q3, "zh")))
    labels = {(r[0], r[1]) for r in wb["来源与假设"].iter_rows(values_only=True)}
    assert ("地区生产总值", "上年同期增速（2020年前三季度）") in labels
    assert not any(label and "2020年上半年" in str(label) for _, label in labels)
    with zipfile.ZipFile(io.BytesIO(exports.to_docx(views, q3, "zh"))) as z:
        doc = z.read("word/document.xml").decode("utf-8")
    assert "地区生产总值 · 上年同期增速（2020年前三季度）: -2.5%" in doc


def test_a_broken_identity_is_said_of_the_figure_the_clerk_changed(tmp_path, capsys):
    """Fiscal revenue typed five times too high: not a unit mistake (under ten times the
    target), but the implied prior-year share breaks: said of 本期累计完成, never of the
    全年目标 the template prefilled."""
    rows = _q3_rows(**GOOD, fiscal_revenue={"ytd_value": "146.45"})
    assert main(["--data", _csv(tmp_path, rows)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: data: row 6, column ytd_value: with the year-to-date figures it implies a "
        "prior-year share of 263.9%, which must be below 100%"
    ]


def test_the_sources_page_labels_a_prior_figure_with_its_own_period(
    make_app, tmp_path, monkeypatch
):
    from model.template import canonical
    from store import Store
    from tests.conftest import EDITOR

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    ds = load_dataset()
    rows = read_table(
        _csv_bytes(_q3_rows(gdp={**GOOD["gdp"], "prev_ytd_growth_pct": "-3"})), "q3.csv"
    )
    q3 = dataset_from_table(carried_prior(rows, ds, [ds])[0], ds, earlier=[ds])
    Store().put_data("data", q3.data_id, canonical(q3), actor=EDITOR, label="Q3", period="Q3",
                     year=2021)  # fmt: skip
    at = make_app(f"data={q3.data_id}", page="app_pages/sources.py")
    assert not at.exception
    cells = [str(v) for tb in at.table for v in tb.value.to_numpy().ravel()]
    assert "上年同期增速（2020年前三季度）" in cells
    assert not any("上年同期增速（2020年上半年）" in c for c in cells)


def test_the_newest_is_the_most_months_then_the_latest_stored_never_a_year_end(
    make_app, ds, tmp_path, monkeypatch
):
    from model.template import canonical
    from store import Store
    from tests.conftest import EDITOR

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    store = Store()

    def put(rows, period):
        new = dataset_from_table(read_table(_csv_bytes(rows), "t.csv"), ds)
        store.put_data("data", new.data_id, canonical(new), actor=EDITOR, label=period,
                       period=period, year=2021)  # fmt: skip
        return new

    first = put(_q3_rows(**GOOD), "Q3")
    second = put(_q3_rows(gdp={"ytd_value": "221", "ytd_growth_pct": "8.2"}), "Q3")
    # a year-end table (stored as FY) is never the newest for links
    put(_q3_rows(gdp={"ytd_value": "222", "ytd_growth_pct": "8.3"}), "FY")
    at = make_app(f"data={first.data_id}", page="app_pages/economy.py")
    (said,) = [w.value for w in at.warning if "最新" in w.value]
    assert f"编号 {second.data_id}）" in said  # the same months: the later stored wins
    latest = make_app(f"data={second.data_id}", page="app_pages/economy.py")
    assert not [w.value for w in latest.warning if "最新" in w.value]
