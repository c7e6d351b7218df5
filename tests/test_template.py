"""The fill-in table (issue 11, first part): template out, filled table in (CSV UTF-8 / BOM /
GBK, XLSX), every problem listed, Q1 and Q3 data sets with hand-computed figures, and the
period-neutral JSON fields."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cli.main import main
from model.data import load_dataset
from model.template import (
    COLUMNS,
    TemplateError,
    dataset_from_table,
    read_table,
    template_rows,
)
from report.template_writer import write_template

HEAD = "id,months_elapsed,period,ytd_value,ytd_growth_pct,target_value,target_growth_pct,prior_share_pct\n"


def run_json(capsys, *args):
    assert main(["--json", *args]) == 0
    return {r["id"]: r for r in json.loads(capsys.readouterr().out)}


def test_template_has_the_columns_and_no_stale_actuals(tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert main(["template", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    gdp = next(r for r in rows if r["id"] == "gdp")
    assert gdp["ytd_value"] == "" and gdp["ytd_growth_pct"] == ""  # no stale H1 figures
    assert (
        gdp["target_growth_pct"] == "8.5" and gdp["period"] == "H1" and gdp["months_elapsed"] == "6"
    )
    inv = next(r for r in rows if r["id"] == "investment_attraction")
    assert float(inv["target_value"]) == pytest.approx(47.74 / 0.527)


def test_the_shipped_data_round_trips_through_the_template_exactly(tmp_path, capsys):
    out = tmp_path / "a.xlsx"
    assert main(["template", "--with-actuals", "--format", "xlsx", "-o", str(out)]) == 0
    capsys.readouterr()
    shipped = run_json(capsys)
    again = run_json(capsys, "--data", str(out))
    assert again == shipped
    # the CLI's JSON rounds; the figures themselves must come back exactly (every value of
    # every row, the sources, and so the data id)
    ds = load_dataset()
    for name in ("a.xlsx", "a.csv"):
        kind = name.rsplit(".", 1)[1]
        data = write_template(ds, kind, with_actuals=True)
        back = dataset_from_table(read_table(data, name), ds)
        assert template_rows(back, with_actuals=True) == template_rows(ds, with_actuals=True)
        assert back.data_id == ds.data_id


def _q3(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "q3.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_q3_data_set(tmp_path, capsys):
    text = HEAD + (
        "fiscal_revenue,9,Q3,45,6,55.37,6,\nnew_jobs,9,Q3,2000,,2600,,\nfai,9,Q3,,5,,16,70\n"
    )
    rows = run_json(capsys, "--data", str(_q3(tmp_path, text, "gbk")))
    f = rows["fiscal_revenue"]
    assert f["period"] == "Q3" and f["months_elapsed"] == 9 and f["elapsed_pct"] == 75.0
    # F0 = 55.37/1.06; prior Q1–Q3 = 45/1.06; g* = (55.37 − 45)/(F0 − 45/1.06) − 1
    f0, prev = 55.37 / 1.06, 45 / 1.06
    assert f["required_rest_growth_pct"] == pytest.approx(
        ((55.37 - 45) / (f0 - prev) - 1) * 100, abs=1e-5
    )
    assert f["required_h2_growth_pct"] == f["required_rest_growth_pct"]  # the alias
    jobs = rows["new_jobs"]
    assert jobs["progress_pct"] == pytest.approx(2000 / 2600 * 100, abs=1e-5)
    assert jobs["required_rest_amount"] == 600 and jobs["ytd_value"] == 2000
    fai = rows["fai"]  # w = 70%: g* = (16 − 0.7 × 5)/0.3
    assert fai["required_rest_growth_pct"] == pytest.approx((16 - 0.7 * 5) / 0.3, abs=1e-5)
    # gdp is not in the Q3 file: its H1 figures do not pass for Q1–Q3 (unknown, not stale);
    # its annual target stays
    gdp = rows["gdp"]
    assert gdp["h1_share_pct"] is None and gdp["ytd_growth_pct"] is None
    assert gdp["outcome"] == "insufficient_data" and gdp["target_growth_pct"] == 8.5


def test_a_q1_data_set_and_a_target_already_met(tmp_path, capsys):
    text = HEAD + "new_jobs,3,Q1,2700,,2600,,\ngdp,3,Q1,70,9,,8.5,\n"
    rows = run_json(capsys, "--data", str(_q3(tmp_path, text)))
    jobs = rows["new_jobs"]
    assert jobs["period"] == "Q1" and jobs["elapsed_pct"] == 25.0
    assert jobs["outcome"] == "done" and jobs["required_rest_amount"] == 0
    assert rows["gdp"]["h1_share_pct"] is None  # the H1 default does not stand in for Q1


def test_every_problem_is_listed_with_row_and_column(tmp_path, capsys):
    text = HEAD + (
        "gdp,9,Q3,230,abc,,,120\n"
        "nope,9,Q3,,,,,\n"
        "fai,10,Q3,,-100,,,\n"
        "gdp,9,Q3,,,,,\n"
        "fiscal_revenue,9,Q3,90,6.25,55.37,6,\n"
    )
    assert main(["--data", str(_q3(tmp_path, text))]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: data: row 2, column ytd_growth_pct: 'abc' is not a number",
        "error: data: row 2, column prior_share_pct: 120 must be between 0 and 100",
        "error: data: row 3, column id: unknown id 'nope'",
        "error: data: row 4, column period: 'Q3' does not match 10 months elapsed (M10)",
        "error: data: row 4, column ytd_growth_pct: -100 must be above -100",
        "error: data: row 5, column id: 'gdp' given again (first in row 2)",
        "error: data: row 6, column ytd_value: with the year-to-date figures it implies a "
        "prior-year share of 162.2%, which must be below 100%",
        "error: data: column months_elapsed: the rows disagree (9, 10)",
    ]


def test_a_control_character_in_a_cell_stays_on_one_line(ds):
    rows = [{"id": "gdp\nerror: forged", "months_elapsed": "6"}]
    with pytest.raises(TemplateError) as exc:
        dataset_from_table(rows, ds)
    assert exc.value.problems == ["row 2, column id: unknown id 'gdp\\nerror: forged'"]


def test_unreadable_files():
    with pytest.raises(TemplateError, match="not a readable XLSX"):
        read_table(b"not a zip", "x.xlsx")
    with pytest.raises(TemplateError, match="missing columns: months_elapsed"):
        read_table(b"id\ngdp\n", "x.csv")


def test_prev_ytd_growth_is_an_alias(capsys):
    a = run_json(capsys, "--scenario", "fai.prev_ytd_growth=20")
    b = run_json(capsys, "--scenario", "fai.prev_h1_growth=20")
    assert (
        a["fai"]["two_year_avg_h1_growth_pct"] == b["fai"]["two_year_avg_h1_growth_pct"] is not None
    )


def test_uploaded_is_a_field_of_the_figure_and_its_label_keeps_its_words():
    """An uploaded figure says so in a field (Figure.uploaded), not by the words 上传表格 at the
    start of its section; the section, which a person reads, keeps them. The flag survives
    the store's round trip (canonical text back to a dataset)."""
    from model.template import canonical, from_canonical, uploaded_ids
    from tests.helpers import q3

    ds, new = load_dataset(), q3()

    def flagged(d):
        return sorted((i.id, k) for i in d.indicators for k, f in i.figures.items() if f.uploaded)

    expected = [
        ("fai", "h1_growth_pct"),
        ("fiscal_revenue", "h1_growth_pct"),
        ("fiscal_revenue", "h1_value"),
        ("new_jobs", "h1_value"),
    ]
    assert flagged(new) == expected and flagged(ds) == []
    assert {new.by_id[i].figures[k].section for i, k in expected} == {"上传表格 Q3"}
    assert flagged(from_canonical(canonical(new), ds)) == expected
    assert uploaded_ids(new) == ["fai", "fiscal_revenue", "new_jobs"]
