"""The statistical baseline: known answers, no look-ahead, reproducible backtest, P(reach)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import t as student_t

from model.__main__ import main
from model.baseline import (
    Observation,
    backtest,
    build_report,
    fit,
    observations,
    p_reach,
    predict_statsmodels,
    summarize,
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
    assert set(report.baselines) == {"gdp", "tertiary_va", "fai", "fiscal_revenue"}


def test_backtest_is_reproducible_and_pinned(history):
    a = build_report(history, 2021)
    b = build_report(history, 2021)
    assert a.summaries == b.summaries and a.rows == b.rows
    got = {
        (s.series, s.spec): (s.n, round(s.mae, 3), s.coverage80, s.coverage95) for s in a.summaries
    }
    # figures of the expanding-window backtest on data/history/macro_history.csv
    assert got[("china/gdp", "naive")] == (19, 0.763, 15 / 19, 16 / 19)
    assert got[("china/gdp", "ols")][:2] == (19, 0.923)
    assert got[("china/fiscal_revenue", "ols")][:2] == (10, 3.356)
    assert got[("china/fai", "naive")][:2] == (6, 3.8)


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
    assert "缺少列" in capsys.readouterr().err


def test_report_lists_the_rows_it_used_with_sources(history):
    src = build_report(history, 2021).sources
    assert len(src) == 125
    assert set(src["period"]) == {"H1", "FY"}
    assert set(zip(src["region"], src["indicator"], strict=True)) <= {
        ("china", "gdp"),
        ("china", "fai"),
        ("china", "fiscal_revenue"),
    }
    assert not src["note"].fillna("").str.startswith("ALT").any()
    assert src["source_url"].str.startswith("http").all()
