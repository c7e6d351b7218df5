"""Statistical baseline: how second-half growth follows first-half growth, from published history.

For one series (region, indicator) and each year Y with H1 growth g1 and full-year growth G:

    w_Y = H1 level / FY level of year Y − 1 (the prior year's H1 share; where the levels are
          missing, the mean of the shares known before Y; for real GDP growth the nominal
          level share is an approximation)
    g2_Y = (G_Y − w_Y·g1_Y) / (1 − w_Y)          (the H1-share identity of model.projection)

Specifications of g2 given g1, each fit only on years before the year predicted:

- ``naive``: g2 = g1 (the H1 pace continues); the spread is the standard deviation of the
  past errors g2 − g1, widened by √(1 + 1/n), with t(n − 1) quantiles.
- ``ols``: g2 = a + b·g1 + e, ordinary least squares (statsmodels); intervals from
  ``get_prediction(...).summary_frame(alpha)`` (obs_ci_lower / obs_ci_upper).

The backtest is an expanding window: for each year Y with at least ``min_train`` earlier
observations, fit on the years before Y, predict g2_Y, turn it into G_Y with w_Y, and record
the absolute error and whether the actual G_Y fell in the 80% and 95% intervals.

statsmodels is imported inside the functions that fit, so importing this module is cheap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

from model.history import primary_rows

SPECS: tuple[str, ...] = ("naive", "ols")
MIN_TRAIN = 6

#: Which published series stands in for each growth indicator, and why.
SERIES: dict[str, tuple[str, str]] = {
    "gdp": ("china", "gdp"),
    "tertiary_va": ("china", "gdp"),
    "fai": ("china", "fai"),
    "fiscal_revenue": ("china", "fiscal_revenue"),
}


@dataclass(frozen=True)
class Observation:
    """One year of a series: H1 growth, full-year growth, the H1 share used, derived H2 growth."""

    year: int
    g1: float
    g_fy: float
    w: float
    w_from_levels: bool
    g2: float


@dataclass(frozen=True)
class Prediction:
    """Predicted H2 growth (%) with its standard error and 80% / 95% intervals."""

    mean: float
    se: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float


@dataclass(frozen=True)
class Fit:
    """A fitted specification: what it was fit on and how to predict from it."""

    spec: str
    region: str
    indicator: str
    years: tuple[int, ...]
    intercept: float
    slope: float
    resid_sd: float
    df: int
    x_mean: float
    sxx: float
    q80: float
    q95: float

    def predict(self, g1: float) -> Prediction:
        """H2 growth for H1 growth ``g1`` (both in %), with prediction intervals:
        mean ± q·se, se = s·√(1 + 1/n + (g1 − x̄)²/Sxx) for OLS (s·√(1 + 1/n) for naive),
        q the t(df) quantile (computed at fit time, so predicting is plain arithmetic)."""
        n = len(self.years)
        mean = self.intercept + self.slope * g1
        if self.spec == "naive":
            se = self.resid_sd * math.sqrt(1.0 + 1.0 / n)
        else:
            se = self.resid_sd * math.sqrt(1.0 + 1.0 / n + (g1 - self.x_mean) ** 2 / self.sxx)
        q80, q95 = self.q80, self.q95
        return Prediction(
            mean, se, mean - q80 * se, mean + q80 * se, mean - q95 * se, mean + q95 * se
        )


def observations(table: pd.DataFrame, region: str, indicator: str) -> list[Observation]:
    """The (H1, FY) growth pairs of one series with their derived H2 growth, by year."""
    rows = primary_rows(table)
    rows = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    growth = rows.pivot_table(index="year", columns="period", values="growth_pct", aggfunc="first")
    levels = rows.pivot_table(index="year", columns="period", values="value", aggfunc="first")
    shares: dict[int, float] = {}
    if {"H1", "FY"} <= set(levels.columns):
        s = (levels["H1"] / levels["FY"]).dropna()
        shares = {int(y): float(v) for y, v in s.items() if 0.0 < v < 1.0}
    out: list[Observation] = []
    if not {"H1", "FY"} <= set(growth.columns):
        return out
    for year, row in growth.sort_index().iterrows():
        g1, g_fy = row.get("H1"), row.get("FY")
        if pd.isna(g1) or pd.isna(g_fy):
            continue
        y = int(year)
        if y - 1 in shares:
            w, from_levels = shares[y - 1], True
        else:
            known = [v for k, v in shares.items() if k < y]
            if not known:
                continue
            w, from_levels = sum(known) / len(known), False
        g2 = (float(g_fy) - w * float(g1)) / (1.0 - w)
        out.append(Observation(y, float(g1), float(g_fy), w, from_levels, g2))
    return out


def fit(obs: Iterable[Observation], spec: str, *, region: str = "", indicator: str = "") -> Fit:
    """Fit specification ``spec`` on ``obs``. ``ValueError`` if the spec is unknown or there
    are fewer than 3 observations."""
    data = list(obs)
    if spec not in SPECS:
        raise ValueError(f"unknown specification '{spec}'; expected one of {', '.join(SPECS)}")
    if len(data) < 3:
        raise ValueError(f"at least 3 observations are needed, got {len(data)}")
    x = [o.g1 for o in data]
    y = [o.g2 for o in data]
    n = len(data)
    x_mean = sum(x) / n
    sxx = sum((v - x_mean) ** 2 for v in x)
    years = tuple(o.year for o in data)
    if spec == "ols" and sxx <= 1e-12 * max(1.0, x_mean * x_mean):
        raise ValueError(
            f"{region}/{indicator}: H1 growth is {x_mean:g}% in every year "
            f"{years[0]}–{years[-1]}, so H2 growth cannot be regressed on it (growth_pct)"
        )
    from scipy.stats import t as student_t

    if spec == "naive":
        errors = [b - a for a, b in zip(x, y, strict=True)]
        sd = math.sqrt(sum(e * e for e in errors) / (n - 1))
        df = n - 1
        a, b = 0.0, 1.0
    else:
        import numpy as np
        import statsmodels.api as sm

        res = sm.OLS(np.asarray(y), sm.add_constant(np.asarray(x))).fit()
        a, b = (float(v) for v in res.params)
        sd, df = float(math.sqrt(res.scale)), int(res.df_resid)
    return Fit(
        spec,
        region,
        indicator,
        years,
        a,
        b,
        sd,
        df,
        x_mean,
        sxx,
        q80=float(student_t.ppf(0.90, df)),
        q95=float(student_t.ppf(0.975, df)),
    )


def predict_statsmodels(obs: list[Observation], g1: float) -> pd.DataFrame:
    """The OLS prediction at ``g1`` as statsmodels reports it (``summary_frame`` for 80% and
    95%), for checking :meth:`Fit.predict` against the library."""
    import numpy as np
    import statsmodels.api as sm

    x = sm.add_constant(np.asarray([o.g1 for o in obs]))
    res = sm.OLS(np.asarray([o.g2 for o in obs]), x).fit()
    pred = res.get_prediction(np.asarray([[1.0, g1]]))
    f80 = pred.summary_frame(alpha=0.20)
    f95 = pred.summary_frame(alpha=0.05)
    return pd.DataFrame(
        {
            "mean": f80["mean"],
            "lo80": f80["obs_ci_lower"],
            "hi80": f80["obs_ci_upper"],
            "lo95": f95["obs_ci_lower"],
            "hi95": f95["obs_ci_upper"],
        }
    )


@dataclass(frozen=True)
class BacktestRow:
    """One predicted year of the expanding-window backtest (growth in %)."""

    spec: str
    series: str
    year: int
    train_years: tuple[int, ...]
    g1: float
    w: float
    g2_pred: float
    fy_pred: float
    fy_actual: float
    abs_error: float
    in80: bool
    in95: bool


def backtest(
    obs: list[Observation], spec: str, *, series: str = "", min_train: int = MIN_TRAIN
) -> list[BacktestRow]:
    """Expanding-window backtest: each year predicted from the years before it only."""
    rows: list[BacktestRow] = []
    for i, o in enumerate(obs):
        train = obs[:i]
        if len(train) < min_train:
            continue
        region, _, indicator = series.partition("/")
        p = fit(train, spec, region=region, indicator=indicator).predict(o.g1)

        def fy(g2: float, o: Observation = o) -> float:
            return o.w * o.g1 + (1.0 - o.w) * g2

        fy_pred = fy(p.mean)
        rows.append(
            BacktestRow(
                spec=spec,
                series=series,
                year=o.year,
                train_years=tuple(t.year for t in train),
                g1=o.g1,
                w=o.w,
                g2_pred=p.mean,
                fy_pred=fy_pred,
                fy_actual=o.g_fy,
                abs_error=abs(fy_pred - o.g_fy),
                in80=fy(p.lo80) <= o.g_fy <= fy(p.hi80),
                in95=fy(p.lo95) <= o.g_fy <= fy(p.hi95),
            )
        )
    return rows


@dataclass(frozen=True)
class BacktestSummary:
    """Mean absolute error of full-year growth (points) and interval coverage (0–1)."""

    spec: str
    series: str
    n: int
    mae: float
    coverage80: float
    coverage95: float


def summarize(rows: list[BacktestRow], spec: str, series: str) -> BacktestSummary | None:
    """The summary of one spec's backtest rows (None when there are none)."""
    if not rows:
        return None
    n = len(rows)
    return BacktestSummary(
        spec=spec,
        series=series,
        n=n,
        mae=sum(r.abs_error for r in rows) / n,
        coverage80=sum(r.in80 for r in rows) / n,
        coverage95=sum(r.in95 for r in rows) / n,
    )


@dataclass(frozen=True)
class IndicatorBaseline:
    """The baseline of one growth indicator for the data year (fit on earlier years only)."""

    indicator_id: str
    series: str
    fit: Fit
    proxy: bool

    @property
    def spec(self) -> str:
        """The specification used."""
        return self.fit.spec

    @property
    def years(self) -> tuple[int, ...]:
        """The years the fit used."""
        return self.fit.years

    def predict(self, g1: float) -> Prediction:
        """The model-implied H2 growth at H1 growth ``g1``."""
        return self.fit.predict(g1)


@dataclass(frozen=True)
class BaselineReport:
    """Everything the method page shows: per-series backtests, and per-indicator baselines."""

    year: int
    summaries: tuple[BacktestSummary, ...]
    rows: tuple[BacktestRow, ...]
    baselines: dict[str, IndicatorBaseline]
    observations: dict[str, tuple[Observation, ...]]
    sources: pd.DataFrame  # the primary H1 and FY rows of the series used, with their sources


def best_spec(summaries: Iterable[BacktestSummary], series: str) -> str:
    """The specification with the lowest backtest MAE for ``series`` (``ols`` if none)."""
    mine = [s for s in summaries if s.series == series]
    return min(mine, key=lambda s: (s.mae, s.spec)).spec if mine else "ols"


def build_report(table: pd.DataFrame, year: int) -> BaselineReport:
    """Backtest every series and fit each growth indicator's baseline on years before
    ``year`` only, with the specification that has the lower backtest MAE for its series."""
    summaries: list[BacktestSummary] = []
    all_rows: list[BacktestRow] = []
    obs_by_series: dict[str, tuple[Observation, ...]] = {}
    for region, indicator in sorted(set(SERIES.values())):
        series = f"{region}/{indicator}"
        obs = observations(table, region, indicator)
        obs_by_series[series] = tuple(obs)
        for spec in SPECS:
            rows = backtest(obs, spec, series=series)
            all_rows += rows
            s = summarize(rows, spec, series)
            if s is not None:
                summaries.append(s)
    baselines: dict[str, IndicatorBaseline] = {}
    for iid, (region, indicator) in SERIES.items():
        series = f"{region}/{indicator}"
        train = [o for o in obs_by_series[series] if o.year < year]
        if len(train) < 3:
            continue
        # the spec is chosen on backtest years before `year` too
        prior = [r for r in all_rows if r.series == series and r.year < year]
        spec = best_spec(
            [s for sp in SPECS if (s := summarize([r for r in prior if r.spec == sp], sp, series))],
            series,
        )
        baselines[iid] = IndicatorBaseline(
            indicator_id=iid,
            series=series,
            fit=fit(train, spec, region=region, indicator=indicator),
            proxy=iid == "tertiary_va",
        )
    return BaselineReport(
        year, tuple(summaries), tuple(all_rows), baselines, obs_by_series, used_rows(table)
    )


def used_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The primary H1 and FY rows of the series in :data:`SERIES`, as the file gives them."""
    rows = primary_rows(table)
    used = set(SERIES.values())
    in_series = pd.Series(
        [(r, i) in used for r, i in zip(rows["region"], rows["indicator"], strict=True)],
        index=rows.index,
    )
    keep = rows["period"].isin(["H1", "FY"]) & in_series
    return rows[keep].reset_index(drop=True)


def p_reach(center: float, required: float, se: float) -> float:
    """P(H2 growth ≥ required) when H2 growth ~ Normal(center, se²): 1 − Φ((required − center)/se).

    Exactly 0.5 when ``center == required``; rises with ``center``.
    """
    if se <= 0:
        return 1.0 if center >= required else 0.0
    return 1.0 - NormalDist(center, se).cdf(required)
