"""The scenario query-string parser (shared by the CLI and the app)."""

from __future__ import annotations

import pytest

from model.scenario import Scenario, parse_scenario, to_query_pairs


def test_valid_query(ds):
    sc, issues = parse_scenario("fiscal_revenue=7&fai=30&fai.h1_share=45&lang=en&meeting=1", ds)
    assert issues == []
    assert sc.h2["fiscal_revenue"] == 7 and sc.h2["fai"] == 30
    assert sc.assumptions[("fai", "h1_share")] == 45
    assert sc.lang == "en" and sc.meeting is True


@pytest.mark.parametrize(
    "query, key, code",
    [
        ("nope=1", "nope", "unknown_key"),
        ("fiscal_revenue=", "fiscal_revenue", "empty"),
        ("fiscal_revenue=abc", "fiscal_revenue", "not_a_number"),
        ("fiscal_revenue=1,5", "fiscal_revenue", "not_a_number"),
        ("fiscal_revenue=NaN", "fiscal_revenue", "not_finite"),
        ("fiscal_revenue=inf", "fiscal_revenue", "not_finite"),
        ("fiscal_revenue=-Infinity", "fiscal_revenue", "not_finite"),
        ("fiscal_revenue=1e999", "fiscal_revenue", "not_finite"),
        ("fiscal_revenue=999", "fiscal_revenue", "out_of_range"),
        ("fai.h1_share=0", "fai.h1_share", "out_of_range"),
        ("fai.h1_share=100", "fai.h1_share", "out_of_range"),
        ("fai.h1_share=-5", "fai.h1_share", "out_of_range"),
        ("new_jobs=-1", "new_jobs", "out_of_range"),
        ("fai=1&fai=2", "fai", "repeated"),
        ("lang=fr", "lang", "bad_choice"),
        ("preset=wild", "preset", "bad_choice"),
        ("fiscal_revenue.h1_share=40", "fiscal_revenue.h1_share", "unknown_key"),
        ("industrial_output_local.prior_fy=0", "industrial_output_local.prior_fy", "out_of_range"),
        ("fai=١٢", "fai", "not_a_number"),
    ],
)
def test_bad_values_are_named_and_dropped(ds, query, key, code):
    sc, issues = parse_scenario(query + "&gdp=9", ds)
    assert [(i.key, i.code) for i in issues] == [(key, code)]
    assert key not in sc.h2
    assert sc.h2["gdp"] == 9  # the rest is kept
    assert key.split(".")[0] in issues[0].message or key in issues[0].message


def test_out_of_range_message_gives_the_range(ds):
    _, issues = parse_scenario("fai.h1_share=120", ds)
    assert issues[0].message == "fai.h1_share: 120 is outside the allowed range [1, 99]"
    assert (issues[0].low, issues[0].high) == (1, 99)


def test_vintage_mismatch_is_a_warning_not_a_rejection(ds):
    sc, issues = parse_scenario("v=old&fai=20", ds)
    assert [i.code for i in issues] == ["vintage_mismatch"]
    assert sc.h2["fai"] == 20
    _, issues = parse_scenario(f"v={ds.vintage}", ds)
    assert issues == []


def test_round_trip(ds):
    sc = (
        Scenario(preset="optimistic", lang="en", meeting=True)
        .with_h2("fai", 31.7142857)
        .with_h2("new_jobs", 1100)
        .with_assumption("gdp", "h1_share", 48.2)
        .with_driver("industrial_output", "baojun", 12.5)
    )
    pairs = to_query_pairs(sc, ds)
    back, issues = parse_scenario(pairs, ds)
    assert issues == []
    assert back.h2 == sc.h2 and back.assumptions == sc.assumptions
    assert back.drivers == sc.drivers
    assert (back.preset, back.lang, back.meeting) == ("optimistic", "en", True)


def test_default_scenario_writes_only_the_data_id(ds):
    assert to_query_pairs(Scenario(), ds) == [("data", ds.data_id)]
    assert len(ds.data_id) == 12 and int(ds.data_id, 16) >= 0


def test_a_data_id_that_is_not_the_datasets_is_reported_and_nothing_else_changes(ds):
    sc, issues = parse_scenario("data=0123456789ab&fai=20", ds)
    assert [(i.key, i.code) for i in issues] == [("data", "unknown_data")]
    assert sc.h2 == {"fai": 20.0} and sc.data_id == "0123456789ab"
    sc, issues = parse_scenario(f"data={ds.data_id}&hist=abcdefabcdef", ds)
    assert issues == [] and sc.hist_id == "abcdefabcdef"
    assert to_query_pairs(sc, ds)[-2:] == [("hist", "abcdefabcdef"), ("data", ds.data_id)]
    _, issues = parse_scenario("hist=../../etc", ds)
    assert [i.code for i in issues] == ["unknown_hist"]


def test_with_none_resets(ds):
    sc = Scenario().with_h2("fai", 10).with_h2("fai", None)
    assert "fai" not in sc.h2


def test_key_specs_keeps_a_bounded_number_of_datasets(ds):
    """Each uploaded or stored dataset is a new object: the specs memo keeps the last
    _SPECS_MAX of them, not every one a long-running server has seen."""
    from dataclasses import replace

    from model import scenario

    ref = scenario.key_specs(ds)
    scenario._SPECS_CACHE.clear()
    many = [replace(ds) for _ in range(scenario._SPECS_MAX + 5)]  # 21 distinct datasets
    specs = [scenario.key_specs(d) for d in many]
    assert all(s == ref for s in specs)  # the same ranges for equal data
    assert len(scenario._SPECS_CACHE) == scenario._SPECS_MAX == 16
    assert [d for d, _ in scenario._SPECS_CACHE.values()] == many[-16:]  # the newest kept
    assert scenario.key_specs(many[-1]) is specs[-1]  # a kept one is not computed again
    assert scenario.key_specs(many[0]) is not specs[0]  # a dropped one is
