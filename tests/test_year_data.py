"""Issue 26: a year is data — blank templates of any year, indicators added by a table, the
data ids that stay, and targets that belong to their year."""

from __future__ import annotations

import json

import pytest

from cli.main import main
from model.data import load_dataset
from model.template import (
    COLUMNS,
    TemplateError,
    canonical,
    dataset_from_table,
    from_canonical,
    next_year_prior,
    read_table,
    rows_csv,
    template_rows,
)

HEAD = "id,name_zh,name_en,unit,kind,group,year,months_elapsed,ytd_value,ytd_growth_pct,"
HEAD += "target_value,target_growth_pct,source\n"
ROWS = (
    "gdp,地区生产总值,GDP,亿元,growth,economy,2022,6,160.2,6.1,,7.0,2022年统计快报\n"
    "ev_output,新能源汽车产值,EV output,亿元,growth,industry,2022,6,120.5,25.0,,30.0,2022快报\n"
)


def _read(text: str):
    return dataset_from_table(read_table(text.encode("utf-8"), "t.csv"), load_dataset())


def test_a_blank_template_of_any_year_has_only_labels_and_the_year():
    rows = template_rows(load_dataset(), year=2023, blank=True)
    gdp = rows[0]
    assert (gdp["id"], gdp["name_en"], gdp["group"], gdp["unit"], gdp["kind"], gdp["year"]) == (
        "gdp",
        "GDP",
        "economy",
        "亿元",
        "growth",
        2023,
    )
    blank = [c for c in COLUMNS if c not in ("id", "name_zh", "name_en", "group", "unit", "kind")]
    assert all(r[c] in (None, "") for r in rows for c in blank if c != "year")


def test_a_later_period_keeps_the_targets_and_drops_the_period_prior_columns():
    rows = {r["id"]: r for r in template_rows(load_dataset(), months=9)}
    gdp = rows["gdp"]
    assert (gdp["period"], gdp["months_elapsed"], gdp["target_growth_pct"]) == ("Q3", 9, 8.5)
    assert gdp["prior_share_pct"] is None and gdp["prev_ytd_growth_pct"] is None
    assert gdp["ytd_value"] is None


def test_the_next_year_takes_the_year_end_figures_never_the_targets():
    fy = [{"id": "gdp", "ytd_value": "301.5", "ytd_growth_pct": "8.2", "target_growth_pct": "8.5",
           "prev_fy_growth_pct": "3.1"}]  # fmt: skip
    prior = next_year_prior(fy)
    rows = {r["id"]: r for r in template_rows(load_dataset(), year=2022, prior=prior)}
    gdp = rows["gdp"]
    assert (gdp["prior_fy_value"], gdp["prev_fy_growth_pct"], gdp["prev2_fy_growth_pct"]) == (
        301.5,
        8.2,
        3.1,
    )
    assert gdp["target_growth_pct"] is None and gdp["months_elapsed"] is None


def test_a_2022_table_adds_its_indicator_and_leaves_out_the_others():
    ds = _read(HEAD + ROWS)
    assert ds.year == 2022 and [i.id for i in ds.indicators] == ["gdp", "ev_output"]
    ev = ds.by_id["ev_output"]
    assert (ev.name_en, ev.group, ev.unit, ev.added) == ("EV output", "industry", "亿元", True)
    assert ev.figure("target_growth_pct") == 30.0 and ev.figures["h1_value"].quote == "2022快报"
    share = ev.assumptions["h1_share"]  # no prior-year share: the calendar share, assumed
    assert share.default == 50.0 and "6÷12＝50%" in share.reason_zh and "assumed" in share.reason_en
    again = from_canonical(canonical(ds), load_dataset())  # stored and read back: same id
    assert again.data_id == ds.data_id and again.by_id["ev_output"].name_en == "EV output"
    renamed = _read(HEAD + ROWS.replace("EV output", "NEV output"))
    assert renamed.data_id != ds.data_id  # an added indicator's labels are part of its id


def test_the_shipped_id_stays():
    ds = load_dataset()
    assert ds.data_id == "b2558a7f3282"
    assert from_canonical(canonical(ds), ds).data_id == "b2558a7f3282"


def test_another_years_target_is_refused_unless_its_source_is_named():
    rows = template_rows(load_dataset(), with_actuals=True)
    for r in rows:
        r["year"] = 2022
    with pytest.raises(TemplateError) as exc:
        dataset_from_table(read_table(rows_csv(rows, COLUMNS), "t.csv"), load_dataset())
    assert (
        "row 2, column target_growth_pct: 8.5 is the 2021 target (gdp), not one for 2022; "
        "enter 2022's target or name its source"
    ) in exc.value.problems
    one = HEAD + "gdp,地区生产总值,GDP,亿元,growth,economy,2022,6,160.2,6.1,,8.5,\n"
    with pytest.raises(TemplateError):
        _read(one)
    assert (
        _read(one.replace(",8.5,\n", ",8.5,2022年工作报告\n"))
        .by_id["gdp"]
        .figure("target_growth_pct")
        == 8.5
    )


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ("万千瓦,growth,industry", "'万千瓦' is not one of the units 亿元、万元、亩"),
        ("亿元,growth,sports", "'sports' is not one of the groups economy, industry, investment"),
    ],
)
def test_an_unknown_unit_or_group_is_refused_naming_the_accepted(cells, said):
    text = HEAD + f"ev_output,新能源汽车产值,EV,{cells},2022,6,1,1,,30,\n"
    with pytest.raises(TemplateError) as exc:
        _read(text)
    assert any(said in p for p in exc.value.problems)


@pytest.mark.parametrize("iid", ["preset", "focus", "Ev", "e"])
def test_a_new_id_must_be_well_formed_and_no_link_word(iid):
    text = HEAD + f"{iid},新指标,New,亿元,growth,industry,2022,6,1,1,,30,\n"
    with pytest.raises(TemplateError) as exc:
        _read(text)
    assert "is not a valid new indicator id" in exc.value.problems[0]


def test_a_new_indicator_needs_a_target():
    text = HEAD + "ev_output,新能源汽车产值,EV,亿元,growth,industry,2022,6,1,1,,,\n"
    with pytest.raises(TemplateError) as exc:
        _read(text)
    assert exc.value.problems == [
        "row 2, column target_value: the new indicator 'ev_output' has no full-year target"
    ]


def test_the_command_line_speaks_of_the_new_year(tmp_path, capsys):
    f = tmp_path / "y22.csv"
    f.write_text(HEAD + ROWS, encoding="utf-8")
    assert main(["--json", "--data", str(f)]) == 0
    out = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(out) == {"gdp", "ev_output"}
    assert out["ev_output"]["target_growth_pct"] == 30.0 and out["ev_output"]["h1_share_pct"] == 50
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "every 2021 target" not in capsys.readouterr().out
    assert main(["template", "--year", "2022", "--blank", "-o", str(tmp_path / "b.csv")]) == 0
    blank = read_table((tmp_path / "b.csv").read_bytes(), "b.csv")
    assert blank[0]["year"] == "2022" and blank[0]["months_elapsed"] == ""
