"""The statistical baseline: known answers, no look-ahead, reproducible backtest, P(reach)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import t as student_t

from cli.main import main
from model.baseline import (
    Observation,
    backtest,
    backtest_records,
    build_report,
    fit,
    observations,
    p_reach,
    predict_statsmodels,
    summarize,
    two_year_fy,
    volatility_factor,
)
from model.history import load_history

X = [1.0, 2.0, 3.0, 4.0, 5.0]
Y = [2.1, 3.9, 6.2, 7.8, 10.1]
OBS = [
    Observation(2000 + i, x, 0.0, 0.5, True, y) for i, (x, y) in enumerate(zip(X, Y, strict=True))
]


@pytest.fixture(scope="module")
def history():
    return load_history()


def test_ols_known_answer():
    n = len(X)
    xm, ym = sum(X) / n, sum(Y) / n
    sxx = sum((x - xm) ** 2 for x in X)
    b = sum((x - xm) * (y - ym) for x, y in zip(X, Y, strict=True)) / sxx
    a = ym - b * xm
    sse = sum((y - a - b * x) ** 2 for x, y in zip(X, Y, strict=True))
    s = math.sqrt(sse / (n - 2))
    x0 = 6.0
    se = s * math.sqrt(1 + 1 / n + (x0 - xm) ** 2 / sxx)
    q80 = student_t.ppf(0.9, n - 2)
    f = fit(OBS, "ols")
    assert (f.intercept, f.slope) == (pytest.approx(a), pytest.approx(b))
    assert b == pytest.approx(1.99) and a == pytest.approx(0.05)  # by hand: Sxy = 19.9, Sxx = 10
    p = f.predict(x0)
    assert p.mean == pytest.approx(a + b * x0)
    assert p.se == pytest.approx(se)
    assert (p.lo80, p.hi80) == (
        pytest.approx(a + b * x0 - q80 * se),
        pytest.approx(a + b * x0 + q80 * se),
    )
    # and the same as statsmodels' own get_prediction().summary_frame()
    sm = predict_statsmodels(OBS, x0).iloc[0]
    for k in ("mean", "lo80", "hi80", "lo95", "hi95"):
        assert getattr(p, k) == pytest.approx(sm[k])


def test_naive_known_answer():
    errors = [y - x for x, y in zip(X, Y, strict=True)]
    sd = math.sqrt(sum(e * e for e in errors) / (len(X) - 1))
    p = fit(OBS, "naive").predict(3.3)
    assert p.mean == 3.3
    assert p.se == pytest.approx(sd * math.sqrt(1 + 1 / len(X)))
    assert p.hi95 - p.mean == pytest.approx(student_t.ppf(0.975, len(X) - 1) * p.se)


def test_fit_input_checks():
    with pytest.raises(ValueError, match="unknown specification 'arima'"):
        fit(OBS, "arima")
    with pytest.raises(ValueError, match="at least 3 observations are needed, got 2"):
        fit(OBS[:2], "ols")


def test_h2_identity_on_published_gdp(history):
    obs = {o.year: o for o in observations(history, "china", "gdp")}
    o = obs[2021]
    # 2020: H1 456614 / FY 1015986 (first releases in the file)
    assert o.w_from_levels
    assert o.g2 == pytest.approx((o.g_fy - o.w * o.g1) / (1 - o.w))
    assert (o.g1, o.g_fy) == (12.7, 8.1)


def test_no_look_ahead(history):
    report = build_report(history, 2021)
    for b in report.baselines.values():
        assert max(b.years) < 2021
    for r in report.rows:
        assert max(r.train_years) < r.year
        assert len(r.train_years) >= 6
    assert set(report.baselines) == {
        "gdp",
        "tertiary_va",
        "industrial_output",
        "fai",
        "fiscal_revenue",
    }


def test_backtest_is_reproducible_and_pinned(history):
    a = build_report(history, 2021)
    b = build_report(history, 2021)
    assert a.summaries == b.summaries and a.rows == b.rows
    got = {
        (s.series, s.spec): (s.n, round(s.mae, 3), s.coverage80, s.coverage95) for s in a.summaries
    }
    # figures of the expanding-window backtest on data/history/macro_history.csv
    assert got[("china/gdp", "naive")][:2] == (19, 0.763)
    assert got[("china/gdp", "ols")][:2] == (18, 0.78)  # 2007: too few clean years
    assert got[("china/gdp", "two_year")][:2] == (19, 0.643)
    # chain before issue 28's shock-year rule (2020 and the small departures of 2006–2015):
    # gdp 0.465, fiscal_revenue 4.225, fai 2.706, industry_va 0.872
    assert got[("china/gdp", "chain")][:2] == (19, 0.37)
    assert got[("china/fiscal_revenue", "ols")][:2] == (10, 3.697)
    assert got[("china/fiscal_revenue", "chain")][:2] == (10, 4.048)
    assert got[("china/fai", "naive")][:2] == (6, 3.8)
    assert got[("china/fai", "chain")][:2] == (6, 2.451)
    assert got[("china/industry_va", "chain")][:2] == (12, 0.748)


def test_backtest_rows_recompute(history):
    obs = observations(history, "china", "gdp")
    rows = backtest(obs, "naive")
    first = rows[0]
    train = [o for o in obs if o.year < first.year]
    p = fit(train, "naive").predict(first.g1)
    assert first.fy_pred == pytest.approx(first.w * first.g1 + (1 - first.w) * p.mean)
    s = summarize(rows, "naive", "x")
    assert s.mae == pytest.approx(sum(r.abs_error for r in rows) / len(rows))


def test_p_reach_is_half_at_the_required_value():
    assert p_reach(5.72, 5.72, 3.0) == pytest.approx(0.5)
    assert p_reach(10, 5, 0) == 1.0 and p_reach(1, 5, 0) == 0.0


@given(c1=st.floats(-50, 50), c2=st.floats(-50, 50), req=st.floats(-50, 50), se=st.floats(0.1, 20))
def test_p_reach_rises_with_the_assumption(c1, c2, req, se):
    lo, hi = sorted((c1, c2))
    assert p_reach(lo, req, se) <= p_reach(hi, req, se) + 1e-12


def test_cli_gives_baseline_fields(capsys):
    assert main(["--json", "--scenario", "fiscal_revenue=5.72"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    f = rows["fiscal_revenue"]
    assert f["h2_baseline_pct"] is not None
    assert len(f["h2_interval_80"]) == 2 and len(f["h2_interval_95"]) == 2
    assert (
        f["h2_interval_95"][0]
        < f["h2_interval_80"][0]
        < f["h2_baseline_pct"]
        < f["h2_interval_80"][1]
    )
    assert f["p_reach"] == pytest.approx(0.5, abs=0.01)  # assumption at the required 5.72%
    assert rows["new_jobs"]["p_reach"] is None and rows["new_jobs"]["h2_baseline_pct"] is None


def test_cli_preset_model_applies_the_baseline(capsys):
    assert main(["--json", "--scenario", "preset=model"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for iid in ("gdp", "fai", "fiscal_revenue"):
        assert rows[iid]["h2_assumption"] == pytest.approx(rows[iid]["h2_baseline_pct"])
    assert rows["new_jobs"]["h2_assumption"] == 1528  # amounts keep the H1 pace


def test_cli_bad_history_exits_2(tmp_path, capsys):
    bad = tmp_path / "h.csv"
    bad.write_text("region,indicator\nchina,gdp\n", encoding="utf-8")
    assert main(["--history", str(bad)]) == 2
    # the command line's one English line (as every CLI message; the app says it in 中文)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing columns: year, period, growth_pct" in err


def test_report_lists_the_rows_it_used_with_sources(history):
    src = build_report(history, 2021).sources
    assert len(src) == 164
    assert set(src["period"]) == {"H1", "FY"}
    assert set(zip(src["region"], src["indicator"], strict=True)) <= {
        ("china", "gdp"),
        ("china", "fai"),
        ("china", "fiscal_revenue"),
        ("china", "industry_va"),
    }
    assert not src["note"].fillna("").str.startswith("ALT").any()
    assert src["source_url"].str.startswith("http").all()


# --- base effect (issue 9) ----------------------------------------------------------------
def test_two_year_rule_known_answer_china_2021(history):
    obs = {o.year: o for o in observations(history, "china", "gdp")}
    o = obs[2021]
    assert o.prior == ((-1.6, 2.3), (6.3, 6.1))  # 2020 (H1 -1.6, FY 2.3), 2019
    # (1 + G) = 1.127 × 0.984 / 1.023
    assert two_year_fy(12.7, o.prior[:1]) == pytest.approx((1.127 * 0.984 / 1.023 - 1) * 100)
    assert two_year_fy(12.7, o.prior[:1]) == pytest.approx(8.40, abs=0.005)


def test_abnormal_years_by_the_series_noise(history):
    report = build_report(history, 2023)
    rule = report.rules["china/gdp"]
    abn = rule.abnormal_years(report.gaps["china/gdp"])
    assert {2020, 2021} <= set(abn) and 2022 not in abn  # 2022: 2.5 → 3.0 is within the band
    assert 2009 in abn and 2019 not in abn


def test_default_method_meets_the_acceptance_on_china_gdp(history):
    report = build_report(history, 2021)
    assert report.defaults["china/gdp"] == "chain"
    rows = [r for r in report.rows if r.series == "china/gdp"]
    r2021 = next(r for r in rows if r.year == 2021 and r.spec == "chain")
    assert r2021.used == "chain" and r2021.abs_error <= 1.0
    mae = {m: sum(r.abs_error for r in rows if r.spec == m) for m in ("naive", "chain")}
    assert mae["chain"] <= mae["naive"]
    for series in ("china/fai", "china/fiscal_revenue", "china/industry_va"):
        mine = [r for r in report.rows if r.series == series]
        total = {m: sum(r.abs_error for r in mine if r.spec == m) for m in ("naive", "chain")}
        assert total["chain"] <= total["naive"], series


def test_no_look_ahead_by_truncating_the_file(history):
    full = {
        (r["series"], r["year"], r["method"]): r
        for r in backtest_records(build_report(history, 2021))
    }
    for cut in (2012, 2019, 2020, 2021, 2022):
        part = backtest_records(build_report(history[history["year"] <= cut], 2021))
        assert part
        for r in part:
            f = full[(r["series"], r["year"], r["method"])]
            for k in ("predicted_fy_growth_pct", "predicted_h2_growth_pct", "interval_95"):
                assert r[k] == f[k], (cut, r["series"], r["year"], r["method"], k)


def test_one_predictive_distribution(history, ds):
    """P(reach) is 0.90 / 0.975 where the required value sits on the stated 80% / 95% lower
    bound, and 0.5 at the assumption; the fan's band is the stated interval."""
    from model.projection import project
    from model.scenario import parse_scenario
    from ui.charts import fan_chart

    report = build_report(history, 2021)
    for q in ("preset=model", "preset=model&gdp.prev_fy_growth=2.3", "fiscal_revenue=7"):
        res = project(ds, parse_scenario(q, ds)[0], baselines=report.baselines)
        for iid in ("gdp", "fai", "fiscal_revenue", "industrial_output"):
            r = res.get(iid)
            b = report.baselines[iid]
            p = b.predict(
                r.h1_growth_pct,
                w=r.h1_share_pct / 100,
                prev_h1=-5.5 if iid == "gdp" else None,
                prev_fy=2.3 if "prev_fy" in q and iid == "gdp" else None,
            )
            assert p.mean == pytest.approx(r.h2_baseline_pct)
            assert round(p_reach(p.mean, p.lo80, p.se, p.df), 3) == 0.900
            assert round(p_reach(p.mean, p.lo95, p.se, p.df), 3) == 0.975
            assert p_reach(p.mean, p.mean, p.se, p.df) == pytest.approx(0.5)
            if r.projected_fy_growth_pct is None or r.h2_interval_95 is None:
                continue
            fan = fan_chart(r, "zh")
            end = fan.data[fan.data["month"] == 12].iloc[0]
            half = (1 - r.h1_share_pct / 100) * (r.h2_interval_95[1] - r.h2_interval_95[0]) / 2
            assert end["hi95"] - end["centre"] == pytest.approx(half)


def test_base_effect_needs_the_two_prior_year_figures(ds, history):
    from model.projection import project
    from model.scenario import parse_scenario

    report = build_report(history, 2021)
    gdp = project(ds, parse_scenario("", ds)[0], baselines=report.baselines).get("gdp")
    # issue 28: the prior year unknown in a year when China's GDP carries a base effect (its
    # 2020 shock): the national log gap (+3.89) is applied, not the H1 pace of 8.5
    assert gdp.baseline_needs == ("prev_fy_growth",) and gdp.baseline_rule == "reference"
    fy = (math.exp(math.log(1.085) - report.gaps["china/gdp"][2020] / 100) - 1) * 100
    w = gdp.h1_share_pct / 100
    assert gdp.h2_baseline_pct == pytest.approx((fy - w * 8.5) / (1 - w))
    assert gdp.h2_baseline_pct < 8.5 - 5
    sc = parse_scenario(
        "gdp.prev_fy_growth=2.3&gdp.prev2_h1_growth=6.3&gdp.prev2_fy_growth=6.1", ds
    )[0]
    gdp = project(ds, sc, baselines=report.baselines).get("gdp")
    assert gdp.baseline_needs == () and gdp.baseline_rule == "chain"
    assert gdp.baseline_method == "chain" and gdp.baseline_chain_years == (2020,)
    # (1 + G) = 1.085 × 0.945 / 1.023, g2 = (G − w·g1)/(1 − w)
    fy = (1.085 * 0.945 / 1.023 - 1) * 100
    w = gdp.h1_share_pct / 100
    assert gdp.h2_baseline_pct == pytest.approx((fy - w * 8.5) / (1 - w))
    # a prior year normal by its own gap, but 2020 was abnormal nationally (issue 28: a
    # national shock is a base effect at every level): the row's own small gap is chained,
    # China's normal 2019 standing in for the year before
    sc = parse_scenario("gdp.prev_h1_growth=6&gdp.prev_fy_growth=6.5", ds)[0]
    r = project(ds, sc, baselines=report.baselines).get("gdp")
    assert r.baseline_rule == "ref_fallback" and r.baseline_assumed == "one"
    fy = (1.085 * 1.06 / 1.065 - 1) * 100
    assert r.h2_baseline_pct == pytest.approx((fy - w * 8.5) / (1 - w))
    # a prior year normal by its own gap and China's: no base effect to remove
    b22 = build_report(history, 2023).baselines["gdp"]  # China's 2022 normal, 2021 not
    assert b22.decide(5.0, w, prev_h1=2.5, prev_fy=2.7, prev2_h1=8, prev2_fy=8).kind == "normal"


def test_industrial_output_has_a_labelled_proxy_baseline(history):
    b = build_report(history, 2021).baselines["industrial_output"]
    assert b.series == "china/industry_va" and b.proxy
    assert min(b.years) >= 2007 and max(b.years) == 2020


def test_volatility_factor_from_guangxi_against_china(history):
    k, n = volatility_factor(history)
    assert n == 7 and k == pytest.approx(1.139, abs=0.001)
    # for a projection of 2021 only pairs before 2021 count: 2 pairs (2015, 2018), too few
    assert volatility_factor(history, before=2021) == (1.0, 2)
    k, n = volatility_factor(history, before=2022)  # + the 2021 pairs
    assert n == 5 and k == pytest.approx(1.133, abs=0.001)
    assert build_report(history, 2022).factor == pytest.approx(k)


def test_an_upload_without_levels_says_what_is_missing(history):
    growth_only = history.assign(value=float("nan"))
    report = build_report(growth_only, 2021)
    assert not report.baselines
    assert any(
        p.startswith("china/gdp: no year has both an H1 and a full-year level")
        for p in report.problems
    )
    no_fy = history.copy()
    no_fy.loc[(no_fy["indicator"] == "fai") & (no_fy["period"] == "FY"), "growth_pct"] = None
    problems = build_report(no_fy, 2021).problems
    assert any(p.startswith("china/fai: 0 years before 2021") for p in problems)
    no_fy = history[~((history["indicator"] == "fai") & (history["period"] == "FY"))]
    problems = build_report(no_fy, 2021).problems
    assert any(
        p.startswith("china/fai: no year has both an H1 and a full-year level") for p in problems
    )


def test_cli_backtest_json(capsys):
    assert main(["--backtest", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    keys = {
        "series",
        "year",
        "method",
        "default",
        "predicted_fy_growth_pct",
        "actual_fy_growth_pct",
        "predicted_h2_growth_pct",
        "actual_h2_growth_pct",
        "interval_95",
    }
    assert keys <= set(rows[0])
    assert {r["method"] for r in rows} == {"naive", "ols", "two_year", "chain"}
    g21 = [r for r in rows if r["series"] == "china/gdp" and r["year"] == 2021]
    default = [r for r in g21 if r["default"]]
    assert len(default) == 1 and default[0]["method"] == "chain"
    assert abs(default[0]["predicted_fy_growth_pct"] - 8.1) <= 1.0
    lo, hi = default[0]["interval_95"]
    assert lo <= 8.1 <= hi
