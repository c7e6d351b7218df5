"""One answer: outcome and gap per indicator, the display rules at their thresholds, strict
link numbers, one-line messages, and the CLI's --briefing."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli.main import main
from model import fmt as fmt_model
from model.data import ROOT
from model.projection import project
from model.scenario import parse_scenario
from model.view import views_of
from report import answer, fmt


# --- display rules ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "x, ref, shown",
    [
        (5.9907, 6.0, "5.99%"),  # below the target: never "6.0%"
        (6.0, 6.0, "6.0%"),
        (6.0000000001, 6.0, "6.0%"),  # float noise is the same figure
        (6.004, 6.0, "6.004%"),  # above: the decimals that show it
        (7.04, 6.0, "7.0%"),
        (-3.2, 16.0, "-3.2%"),
    ],
)
def test_pct_shows_the_decimals_that_differ(x, ref, shown):
    assert fmt.pct(x, vs=ref) == shown


@pytest.mark.parametrize(
    "x, shown", [(5.7206, "5.8%"), (31.709, "31.8%"), (28.8, "28.8%"), (28.80000000001, "28.8%")]
)
def test_required_growth_is_rounded_toward_the_target(x, shown):
    assert fmt.pct_required(x) == shown


@pytest.mark.parametrize(
    "x, unit, shown",
    [(2927.7, "亩", "2,927.7亩"), (2927.71, "亩", "2,927.8亩"), (15.001, "家", "16家")],
)
def test_required_amount_is_rounded_up(x, unit, shown):
    assert fmt.value_required(x, unit) == shown


def test_ratio_stays_on_its_side_of_the_threshold():
    assert fmt.ratio(1.5198, vs=(1.0, 1.5)) == "1.52×"
    assert fmt.ratio(1.5004, vs=(1.0, 1.5)) == "1.5004×"
    assert fmt.ratio(1.4996, vs=(1.0, 1.5)) == "1.4996×"
    assert fmt.ratio(1.5, vs=(1.0, 1.5)) == "1.50×"


def test_minus_zero_is_zero():
    assert fmt.pct(-0.0001) == "0.0%"
    assert fmt.pct(-0.0) == "0.0%"
    assert fmt.value(-0.001, "亿元") == "0.00亿元"
    assert fmt.pct(-0.01, signed=True) == "0.0%"


@given(
    st.floats(-1000, 1000, allow_nan=False),
    st.one_of(
        st.floats(-1000, 1000, allow_nan=False),
        # next to the reference: one float apart, within and beyond the "same" tolerance, and
        # below / at / above the finest decimal shown (the near-target cases)
        st.sampled_from([0.0, 1e-15, 1e-12, 1e-10, 1e-8, 4e-7, 5e-7, 1e-6, 4e-6, 1e-5]),
    ),
    st.booleans(),
)
def test_rounded_figures_compare_as_the_exact_ones(ref, other, below):
    near = abs(other) <= 1e-5
    x = (ref - other if below else ref + other) if near else other
    if near and other and x == ref:  # the step vanished in float: one float apart instead
        x = math.nextafter(ref, -math.inf if below else math.inf)
    shown = fmt.pct(x, vs=ref)
    d = fmt.decimals_vs(x, ref, 1)
    assert len(shown.rstrip("%").split(".")[1]) == d
    ra, rb = float(fmt.half_up(x, d)), float(fmt.half_up(ref, d))
    # the shown figures never contradict the exact order
    assert not (x > ref and ra < rb) and not (x < ref and ra > rb), (x, ref, shown)
    if abs(x - ref) <= fmt.SAME * max(1, abs(x), abs(ref)):
        assert ra == rb, (x, ref, shown)  # the same figure (within float noise): shown equal
    elif abs(x - ref) >= 10.0**-fmt.MAX_DECIMALS:
        assert (ra > rb) == (x > ref) and ra != rb, (x, ref, shown)  # told apart
    else:  # apart by about the finest decimal: shown equal only if even it cannot tell
        assert ra != rb or d == fmt.MAX_DECIMALS, (x, ref, shown)


def test_one_line_escapes_control_characters():
    assert fmt.one_line("a\nerror: b\r\t\x00") == "a\\nerror: b\\r\\t\\x00"
    assert fmt.one_line("中文") == "中文"


# --- one projection, one verdict ----------------------------------------------------------
@pytest.mark.parametrize("preset", ["", "preset=conservative", "preset=optimistic"])
def test_reachable_and_gap_never_disagree(ds, preset):
    sc, _ = parse_scenario(preset, ds)
    for r in project(ds, sc).results:
        if r.outcome in ("reach", "done"):
            assert r.reachable is True
        if r.outcome == "miss":
            assert r.reachable is False and r.gap_to_target < 0
        if r.outcome == "reach":
            assert r.gap_to_target >= -1e-9 * max(1, abs(r.target_value or 1))
        if r.outcome in ("no_target", "insufficient_data"):
            assert r.reachable is None


def test_gap_units(ds):
    res = project(ds, parse_scenario("fiscal_revenue=7", ds)[0])
    fiscal = res.get("fiscal_revenue")
    assert fiscal.gap_unit == "亿元" and fiscal.gap_to_target == pytest.approx(0.316, abs=5e-4)
    gdp = res.get("gdp")
    assert gdp.gap_unit == "pp" and gdp.gap_to_target == pytest.approx(0.0, abs=1e-9)
    assert res.get("new_jobs").gap_unit == "人"


def test_a_target_met_in_h1_is_done(ds):
    sc, issues = parse_scenario("land_reserve.h1_value=8000", ds)
    assert not issues
    r = project(ds, sc).get("land_reserve")
    assert r.outcome == "done" and r.reachable is True
    assert r.required_h2_amount == 0 and r.status == "on_track"


def test_progress_is_not_judged_on_an_assumed_share(ds):
    res = project(ds)
    gdp = res.get("gdp")
    assert gdp.target_value_assumed and gdp.progress_pct is None
    fiscal = res.get("fiscal_revenue")  # the share is derived from sourced figures
    assert not fiscal.target_value_assumed and fiscal.progress_pct == pytest.approx(52.9, abs=0.05)


def test_snap_reaches_the_target_at_display_precision(ds):
    """Issue 27 item 4: the required figure is rounded once, up, at the display step (model.view
    .required_shown); a snap writes exactly it, and the full year then reaches the target:
    可达标 (never 恰好达标, never 差), with the same figure in the table's 须 column."""
    for q in ("", "preset=conservative", "fai.h1_share=41.3"):
        vs = views_of(ds, parse_scenario(q, ds)[0])
        for v in vs.views:
            r = v.result
            if v.snap is None or r.outcome == "done":
                continue
            step = fmt.unit_decimals(r.unit) if r.kind == "amount" else fmt.PCT_DECIMALS
            text = f"{v.snap:.{step}f}"
            assert float(text) == v.snap, (r.id, v.snap)  # on the display step: one rounding
            raw = r.required_h2_amount if r.kind == "amount" else r.required_h2_growth_pct
            assert v.snap >= raw - 1e-9 and v.snap - raw < 10.0**-step + 1e-9, r.id  # up, once
            assert text.replace(".", "") in answer.required(r, "zh").replace(",", "").replace(
                ".", ""
            ), (r.id, answer.required(r, "zh"))
            snapped = project(ds, parse_scenario(f"{q}&{r.id}={text}".lstrip("&"), ds)[0])
            s = snapped.get(r.id)
            assert s.reachable and s.gap_to_target >= -1e-9, (r.id, text, s.gap_to_target)
            assert answer.outcome(s, "zh") == "可达标", (r.id, text)
            assert "差" not in answer.gap(s, "zh")


# --- strict links -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query, key, code",
    [
        ("fai=5+", "fai", "not_a_number"),  # "+" decodes to a space
        ("fai=%2B-5", "fai", "not_a_number"),
        ("fai=1e-400", "fai", "not_a_number"),  # would silently become 0
        ("fai=1%0A", "fai", "not_a_number"),
        ("industrial_output_local.prior_fy=50", "industrial_output_local.prior_fy", "implausible"),
        (
            "industrial_output_local.prior_fy=1e-320",
            "industrial_output_local.prior_fy",
            "implausible",
        ),
    ],
)
def test_values_a_page_could_not_show_are_rejected(ds, query, key, code):
    sc, issues = parse_scenario(query, ds)
    assert [(i.key, i.code) for i in issues] == [(key, code)]
    assert "\n" not in issues[0].message
    assert not sc.h2 and not sc.assumptions


def test_accepted_plus_sign_and_exponent(ds):
    sc, issues = parse_scenario("fai=%2B5&fiscal_revenue=7e0", ds)
    assert not issues and sc.h2 == {"fai": 5.0, "fiscal_revenue": 7.0}


def test_a_newline_in_a_key_cannot_forge_an_error_line():
    out = subprocess.run(
        [sys.executable, "-m", "model", "--scenario", "x%0Aerror: forged=1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: --scenario x\\n")


# --- the command line's briefing and JSON ---------------------------------------------------
def test_cli_briefing_language_wins_over_the_query(capsys):
    assert main(["--briefing", "--lang", "en", "--scenario", "lang=zh&preset=conservative"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Scenario “Conservative”:")
    assert main(["--briefing", "--scenario", "lang=en"]) == 0
    assert capsys.readouterr().out.startswith("Scenario “Baseline”:")
    assert main(["--briefing", "--scenario", "fai=30"]) == 0
    assert capsys.readouterr().out.startswith("按“自定义情景（基准）”情景测算")


def test_json_has_no_non_finite_numbers_and_carries_the_answer(capsys):
    assert main(["--json", "--scenario", "industrial_output_local.prior_fy=200"]) == 0
    rows = json.loads(capsys.readouterr().out)
    for row in rows:
        assert row["outcome"] in ("done", "reach", "miss", "no_target", "insufficient_data")
        for v in row.values():
            assert not (isinstance(v, float) and not math.isfinite(v))
    local = next(r for r in rows if r["id"] == "industrial_output_local")
    assert local["target_value"] == pytest.approx(300.0) and local["gap_unit"] == "亿元"


def test_one_untargeted_row_is_said_in_the_singular_in_english():
    from model.data import load_dataset
    from model.projection import pace_thresholds, project
    from report.answer import headline
    from report.briefing import briefing

    ds = load_dataset()
    res = project(ds)
    assert sum(r.outcome == "no_target" for r in res.results) == 1
    assert "1 more has no target and is not counted." in headline(res.results, "基准", "en")
    text = briefing(res, "en", scenario_name="Baseline", pace_thresholds=pace_thresholds(ds))
    assert "1 more has no target." in text and "1 more have" not in text


@pytest.mark.parametrize(
    "x", [0.0, -0.0, 2.0, 1234.5, -1234.56789, 0.1 + 0.2, 1e-7, 1e6, 123456789.123, 1 / 3, 55.37]
)
def test_one_formatter_per_kind_of_number(x):
    """model.fmt holds each kind of number's text; each is what its caller wrote before."""
    assert fmt_model.plain(x) == (
        "0"
        if f"{x:,.4f}".rstrip("0").rstrip(".") in ("-0", "")
        else f"{x:,.4f}".rstrip("0").rstrip(".")
    )
    assert fmt_model.general(x) == f"{x:g}"
    assert float(fmt_model.link_number(x)) == pytest.approx(x, rel=1e-9, abs=1e-10)
    assert float(fmt_model.exact(x)) == x and fmt_model.fixed(x, 3) == f"{x:.3f}"


def test_the_number_formats_by_value():
    assert [fmt_model.plain(v) for v in (1234.5, -0.00001, 2.0, 0.123456)] == [
        "1,234.5",
        "0",
        "2",
        "0.1235",
    ]
    assert [fmt_model.general(v) for v in (0.1 + 0.2, 1e6, 55.37)] == ["0.3", "1e+06", "55.37"]
    assert [fmt_model.link_number(v) for v in (0.1 + 0.2, 1e-7, 1e6)] == [
        "0.3",
        "0.0000001",
        "1000000",
    ]
    assert [fmt_model.exact(v) for v in (2.0, 0.1 + 0.2, 55.37)] == [
        "2",
        "0.30000000000000004",
        "55.37",
    ]
    assert fmt_model.fixed(1 / 3) == "0.33" and fmt_model.fixed(-0.005, 2) == "-0.01"
    # the model's count units are whole things; 亩 (an area) keeps its decimal
    assert {"家", "人", "个"} <= fmt_model.COUNT_UNITS and fmt_model.DECIMALS["亩"] == 1
