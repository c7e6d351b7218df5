"""Statistical baseline: how second-half growth follows first-half growth, from published history,
with the base effect of a shock year (2020) taken into account.

For one series (region, indicator) and each year Y with H1 growth g1 and full-year growth G:

    w_Y = H1 level / FY level of year Y − 1 (the prior year's H1 share; where the levels are
          missing, the mean of the shares known before Y; a series without levels borrows the
          shares of another series, see :data:`SHARES_FROM`)
    g2_Y = (G_Y − w_Y·g1_Y) / (1 − w_Y)          (the H1-share identity of model.projection)

Methods (each uses only years before Y, plus Y's own H1 growth):

- ``naive``: g2 = g1 (the H1 pace continues).
- ``ols``: g2 = a + b·g1, ordinary least squares (statsmodels) on the years before Y.
- ``two_year``: the underlying growth of the full year equals that of H1, counted from the
  last normal year L: (1 + G)·Π(1 + G_c) = (1 + g1)·Π(1 + g1_c) over the years c = L+1 … Y−1,
  so G = (1 + g1)·Π(1 + g1_c) / Π(1 + G_c) − 1 and g2 = (G − w·g1)/(1 − w). With a normal
  prior year this is the two-year form (1 + G)(1 + G_prev) = (1 + g1)(1 + g1_prev).
- ``regime``: the documented regime rule — ``two_year`` when the prior year was a shock year
  (|G_prev − g1_prev| > :data:`SHOCK_GAP_PP` points), else the better of ``naive`` and ``ols``
  by their backtest before Y.

Uncertainty (one predictive distribution): the error of a method is the H2 growth it missed
by, e = g2_actual − g2_pred. For year Y its scale is s = √(mean e²) over the method's errors in
years before Y (at least :data:`MIN_ERRORS`), and the error is taken as s·t(n − 1). The 80% and
95% intervals are the prediction ± t quantiles × s; P(reach) = P(assumption + error ≥
required) = 1 − T((required − assumption)/s); the fan chart draws the same intervals. For the
district the scale is widened by :func:`volatility_factor` (Guangxi against China).

The default method of every series is ``regime``: the regime rule decides *when* the base
effect matters (it never fires in a normal year, so a backtest over normal years cannot choose
it), and the backtest before the data year chooses its normal-year method (naive or OLS, lower
MAE of full-year growth). ``--backtest`` shows every method beside it.

statsmodels is imported inside the function that fits OLS, so importing this module is cheap.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from model.history import primary_rows
from model.messages import text
from model.period import months_of

SPECS: tuple[str, ...] = ("naive", "ols")
METHODS: tuple[str, ...] = ("naive", "ols", "two_year", "regime")
#: Tie-break order when two methods have the same backtest MAE.
PREFERENCE: tuple[str, ...] = ("regime", "naive", "ols", "two_year")
MIN_TRAIN = 6
MIN_ERRORS = 3
#: A year is a shock year when its full-year and H1 growth differ by more than this (points).
#: China: 2020 GDP −1.6 → 2.3 (3.9), 2021 12.7 → 8.1 (4.6); no other year since 2000 exceeds
#: 2.3 (2009, 7.1 → 9.4), so 3 points separates the pandemic years from ordinary revisions.
SHOCK_GAP_PP = 3.0

#: Which published series stands in for each growth indicator, and why.
SERIES: dict[str, tuple[str, str]] = {
    "gdp": ("china", "gdp"),
    "tertiary_va": ("china", "gdp"),
    "industrial_output": ("china", "industry_va"),
    "fai": ("china", "fai"),
    "fiscal_revenue": ("china", "fiscal_revenue"),
}
#: Indicators whose series only stands in for them (labelled on the pages).
PROXIES: frozenset[str] = frozenset({"tertiary_va", "industrial_output"})
#: A series without published levels takes its H1 shares from another series of the region.
SHARES_FROM: dict[str, str] = {"industry_va": "gdp"}


def is_shock(g1: float | None, g_fy: float | None) -> bool:
    """Whether a year was a shock year: |G − g1| > :data:`SHOCK_GAP_PP`."""
    return g1 is not None and g_fy is not None and abs(g_fy - g1) > SHOCK_GAP_PP


@dataclass(frozen=True)
class Observation:
    """One year of a series: H1 growth, full-year growth, the H1 share used, derived H2
    growth, and ``chain``: the (g1, G) of the years since the last normal year, most recent
    first (empty when the prior year is unknown)."""

    year: int
    g1: float
    g_fy: float
    w: float
    w_from_levels: bool
    g2: float
    chain: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Prediction:
    """Predicted H2 growth (%) with its error scale, degrees of freedom and 80% / 95%
    intervals; ``method`` says which method gave it."""

    mean: float
    se: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float
    df: int = 0
    method: str = ""


@functools.lru_cache(maxsize=64)
def _t(df: int):  # noqa: ANN202 - scipy is imported lazily: this module stays cheap to import
    """Student's t with ``df`` degrees of freedom (at least 1), frozen once per df (scipy's
    freezing costs ~1 ms, and a slider move asks for the same few df every time)."""
    from scipy.stats import t as student_t

    return student_t(max(df, 1))


@functools.lru_cache(maxsize=64)
def _quantiles(df: int) -> tuple[float, float]:
    """The 90% and 97.5% quantiles of t(df): the half-widths of the 80% and 95% intervals."""
    dist = _t(df)
    return float(dist.ppf(0.90)), float(dist.ppf(0.975))


def _interval(mean: float, se: float, df: int, method: str) -> Prediction:
    q80, q95 = _quantiles(df)
    return Prediction(
        mean, se, mean - q80 * se, mean + q80 * se, mean - q95 * se, mean + q95 * se, df, method
    )


@dataclass(frozen=True)
class Fit:
    """A fitted specification (``naive`` or ``ols``): what it was fit on and how to predict."""

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
        """H2 growth for H1 growth ``g1`` (both in %), with the fit's own prediction intervals:
        mean ± q·se, se = s·√(1 + 1/n + (g1 − x̄)²/Sxx) for OLS (s·√(1 + 1/n) for naive),
        q the t(df) quantile. (The app's intervals come from backtest errors instead: see
        :class:`IndicatorBaseline`.)"""
        n = len(self.years)
        mean = self.intercept + self.slope * g1
        if self.spec == "naive":
            se = self.resid_sd * math.sqrt(1.0 + 1.0 / n)
        else:
            se = self.resid_sd * math.sqrt(1.0 + 1.0 / n + (g1 - self.x_mean) ** 2 / self.sxx)
        q80, q95 = self.q80, self.q95
        return Prediction(
            mean,
            se,
            mean - q80 * se,
            mean + q80 * se,
            mean - q95 * se,
            mean + q95 * se,
            self.df,
            self.spec,
        )


def _shares(rows: pd.DataFrame, ytd: str = "H1") -> dict[int, float]:
    levels = rows.pivot_table(index="year", columns="period", values="value", aggfunc="first")
    if not {ytd, "FY"} <= set(levels.columns):
        return {}
    s = (levels[ytd] / levels["FY"]).dropna()
    return {int(y): float(v) for y, v in s.items() if 0.0 < v < 1.0}


def observations(
    table: pd.DataFrame, region: str, indicator: str, *, ytd: str = "H1"
) -> list[Observation]:
    """The (YTD, FY) growth pairs of one series with their derived rest-of-year growth, by
    year; ``ytd`` is the history's period of the year to date (Q1, H1 or Q3YTD)."""
    rows = primary_rows(table)
    mine = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    growth = mine.pivot_table(index="year", columns="period", values="growth_pct", aggfunc="first")
    shares = _shares(mine, ytd)
    if not shares and indicator in SHARES_FROM:
        other = rows[(rows["region"] == region) & (rows["indicator"] == SHARES_FROM[indicator])]
        shares = _shares(other, ytd)
    out: list[Observation] = []
    if not {ytd, "FY"} <= set(growth.columns):
        return out
    pairs: dict[int, tuple[float, float]] = {
        int(y): (float(r[ytd]), float(r["FY"]))
        for y, r in growth.iterrows()
        if not (pd.isna(r.get(ytd)) or pd.isna(r.get("FY")))
    }
    for y in sorted(pairs):
        g1, g_fy = pairs[y]
        if y - 1 in shares:
            w, from_levels = shares[y - 1], True
        else:
            known = [v for k, v in shares.items() if k < y]
            if not known:
                continue
            w, from_levels = sum(known) / len(known), False
        g2 = (g_fy - w * g1) / (1.0 - w)
        out.append(Observation(y, g1, g_fy, w, from_levels, g2, _chain(pairs, y)))
    return out


def _chain(pairs: dict[int, tuple[float, float]], year: int) -> tuple[tuple[float, float], ...]:
    """(g1, G) of the years year−1, year−2, … back to and including the first that follows a
    normal year: the prior year always, and earlier years while the year after them was a
    shock year. Empty when a year needed is missing."""
    out: list[tuple[float, float]] = []
    y = year - 1
    while True:
        if y not in pairs:
            return ()
        out.append(pairs[y])
        if not is_shock(*pairs[y]):
            return tuple(out) if len(out) == 1 else tuple(out[:-1])
        y -= 1


def two_year_fy(g1: float, chain: Sequence[tuple[float, float]]) -> float | None:
    """Full-year growth by the two-year-average rule counted from the last normal year:
    G = (1 + g1)·Π(1 + g1_c) / Π(1 + G_c) − 1 (percent in and out); None without a chain."""
    if not chain:
        return None
    num, den = 1.0 + g1 / 100.0, 1.0
    for c_g1, c_fy in chain:
        num *= 1.0 + c_g1 / 100.0
        den *= 1.0 + c_fy / 100.0
    if den <= 0:
        return None
    return (num / den - 1.0) * 100.0


def fit(obs: Iterable[Observation], spec: str, *, region: str = "", indicator: str = "") -> Fit:
    """Fit specification ``spec`` (``naive`` or ``ols``) on ``obs``. ``ValueError`` if the spec
    is unknown, there are fewer than 3 observations, or H1 growth never varies (OLS)."""
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
    dist = _t(df)
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
        q80=float(dist.ppf(0.90)),
        q95=float(dist.ppf(0.975)),
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
    """One predicted year of the expanding-window backtest (growth in %). ``spec`` is the
    method; ``used`` the method that actually predicted (``regime`` uses another);
    intervals are of full-year growth (None while fewer than 3 earlier errors exist)."""

    spec: str
    series: str
    year: int
    train_years: tuple[int, ...]
    g1: float
    w: float
    g2_pred: float
    g2_actual: float
    fy_pred: float
    fy_actual: float
    abs_error: float
    in80: bool | None
    in95: bool | None
    interval_95: tuple[float, float] | None = None
    used: str = ""


def _h2_from_fy(fy: float, g1: float, w: float) -> float:
    return (fy - w * g1) / (1.0 - w)


def _scale(errors: Sequence[float]) -> tuple[float, int] | None:
    """(√(mean e²), n − 1) of the errors, or None with fewer than :data:`MIN_ERRORS`."""
    if len(errors) < MIN_ERRORS:
        return None
    return math.sqrt(sum(e * e for e in errors) / len(errors)), len(errors) - 1


def _predict_all(
    obs: list[Observation], series: str, min_train: int
) -> dict[str, dict[int, tuple[float, str]]]:
    """H2 predictions of every method for every year it can predict: method → year →
    (g2_pred, method used). naive and two_year need no training; ols needs ``min_train``
    earlier years; regime picks two_year after a shock year, else the better of naive and
    ols by their full-year MAE over the earlier years both predicted."""
    region, _, indicator = series.partition("/")
    out: dict[str, dict[int, tuple[float, str]]] = {m: {} for m in METHODS}
    for i, o in enumerate(obs):
        out["naive"][o.year] = (o.g1, "naive")
        fy2 = two_year_fy(o.g1, o.chain)
        if fy2 is not None:
            out["two_year"][o.year] = (_h2_from_fy(fy2, o.g1, o.w), "two_year")
        if i >= min_train:
            p = fit(obs[:i], "ols", region=region, indicator=indicator).predict(o.g1)
            out["ols"][o.year] = (p.mean, "ols")
    by_year = {o.year: o for o in obs}
    for o in obs:
        if o.chain and is_shock(*o.chain[0]) and o.year in out["two_year"]:
            out["regime"][o.year] = out["two_year"][o.year]
            continue
        best = _better_of(out, by_year, o.year)
        out["regime"][o.year] = (out[best][o.year][0], best)
    return out


def _better_of(
    preds: dict[str, dict[int, tuple[float, str]]], by_year: dict[int, Observation], year: int
) -> str:
    """naive or ols, whichever missed full-year growth less over the years before ``year``
    that both predicted (naive when ols cannot predict ``year`` or has no record yet)."""
    if year not in preds["ols"]:
        return "naive"
    common = [y for y in preds["ols"] if y < year and y in preds["naive"]]
    if not common:
        return "naive"

    def mae(m: str) -> float:
        total = 0.0
        for y in common:
            o = by_year[y]
            fy = o.w * o.g1 + (1.0 - o.w) * preds[m][y][0]
            total += abs(fy - o.g_fy)
        return total / len(common)

    return "ols" if mae("ols") < mae("naive") else "naive"


def backtest(
    obs: list[Observation], spec: str, *, series: str = "", min_train: int = MIN_TRAIN
) -> list[BacktestRow]:
    """Expanding-window backtest of method ``spec``: each year from the ``min_train``-th on is
    predicted from the years before it only; its 80%/95% intervals come from the method's
    errors in the years before it (see the module docstring)."""
    return _backtest_all(obs, series=series, min_train=min_train)[spec]


def _backtest_all(
    obs: list[Observation], *, series: str = "", min_train: int = MIN_TRAIN
) -> dict[str, list[BacktestRow]]:
    preds = _predict_all(obs, series, min_train)
    by_year = {o.year: o for o in obs}
    out: dict[str, list[BacktestRow]] = {}
    for m in METHODS:
        rows: list[BacktestRow] = []
        for i, o in enumerate(obs):
            if i < min_train or o.year not in preds[m]:
                continue
            g2_pred, used = preds[m][o.year]
            errors = [by_year[y].g2 - preds[m][y][0] for y in sorted(preds[m]) if y < o.year]
            fy_pred = o.w * o.g1 + (1.0 - o.w) * g2_pred
            scale = _scale(errors)
            interval = None
            in80 = in95 = None
            if scale is not None:
                p = _interval(g2_pred, scale[0], scale[1], m)

                def fy(g2: float, o: Observation = o) -> float:
                    return o.w * o.g1 + (1.0 - o.w) * g2

                interval = (fy(p.lo95), fy(p.hi95))
                in80 = fy(p.lo80) <= o.g_fy <= fy(p.hi80)
                in95 = interval[0] <= o.g_fy <= interval[1]
            rows.append(
                BacktestRow(
                    spec=m,
                    series=series,
                    year=o.year,
                    train_years=tuple(t.year for t in obs[:i]),
                    g1=o.g1,
                    w=o.w,
                    g2_pred=g2_pred,
                    g2_actual=o.g2,
                    fy_pred=fy_pred,
                    fy_actual=o.g_fy,
                    abs_error=abs(fy_pred - o.g_fy),
                    in80=in80,
                    in95=in95,
                    interval_95=interval,
                    used=used,
                )
            )
        out[m] = rows
    return out


@dataclass(frozen=True)
class BacktestSummary:
    """Mean absolute error of full-year growth (points) and interval coverage (0–1, over the
    years that had an interval)."""

    spec: str
    series: str
    n: int
    mae: float
    coverage80: float
    coverage95: float


def summarize(rows: list[BacktestRow], spec: str, series: str) -> BacktestSummary | None:
    """The summary of one method's backtest rows (None when there are none)."""
    if not rows:
        return None
    n = len(rows)
    judged = [r for r in rows if r.in80 is not None]
    k = len(judged) or 1
    return BacktestSummary(
        spec=spec,
        series=series,
        n=n,
        mae=sum(r.abs_error for r in rows) / n,
        coverage80=sum(bool(r.in80) for r in judged) / k,
        coverage95=sum(bool(r.in95) for r in judged) / k,
    )


def choose_method(summaries: Iterable[BacktestSummary], series: str) -> str:
    """The method with the lowest backtest MAE for ``series`` (ties by :data:`PREFERENCE`;
    ``naive`` when there is no backtest)."""
    mine = [s for s in summaries if s.series == series]
    if not mine:
        return "naive"
    return min(mine, key=lambda s: (round(s.mae, 9), PREFERENCE.index(s.spec))).spec


def volatility_factor(table: pd.DataFrame, *, ytd: str = "H1") -> tuple[float, int]:
    """How much more a region's H1 → full-year gap varies than China's: √(Σ(G − g1)²_region /
    Σ(G − g1)²_China) over the (indicator, year) pairs where Guangxi or Liuzhou and China
    both publish H1 and full-year growth; at least 1.0. Returns (factor, pairs used)."""
    rows = primary_rows(table)
    rows = rows[rows["period"].isin([ytd, "FY"])]
    g = rows.pivot_table(
        index=["region", "indicator", "year"], columns="period", values="growth_pct"
    )
    if not {ytd, "FY"} <= set(g.columns):
        return 1.0, 0
    g = g.dropna()
    gap = (g["FY"] - g[ytd]).to_dict()
    num = den = 0.0
    n = 0
    for (region, indicator, year), v in gap.items():
        if region in ("guangxi", "liuzhou") and ("china", indicator, year) in gap:
            num += v * v
            den += gap[("china", indicator, year)] ** 2
            n += 1
    if n == 0 or den <= 0:
        return 1.0, 0
    return max(1.0, math.sqrt(num / den)), n


@dataclass(frozen=True)
class IndicatorBaseline:
    """The baseline of one growth indicator for the data year (fit on earlier years only).

    ``method`` is the series' default method; ``scales`` maps each method to its error scale
    (s, df) from the backtest before the data year; ``factor`` widens it for the district.
    """

    indicator_id: str
    series: str
    fit: Fit
    proxy: bool
    method: str = "regime"
    normal: str = "naive"
    ols: Fit | None = None
    scales: dict[str, tuple[float, int]] = field(default_factory=dict)
    factor: float = 1.0

    @property
    def spec(self) -> str:
        """The default method of the series."""
        return self.method

    @property
    def years(self) -> tuple[int, ...]:
        """The years the fit used."""
        return self.fit.years

    def method_for(
        self, g1_prev: float | None = None, fy_prev: float | None = None
    ) -> tuple[str, tuple[str, ...]]:
        """The method that predicts for the district, and the prior-year inputs the base-effect
        model still needs (empty when none). ``regime`` and ``two_year`` need the prior year's
        H1 and full-year growth; without them the better of naive/OLS stands in."""
        if self.method in ("naive", "ols"):
            return ("ols" if self.method == "ols" and self.ols is not None else "naive"), ()
        missing = tuple(
            p for p, v in (("prev_h1_growth", g1_prev), ("prev_fy_growth", fy_prev)) if v is None
        )
        if missing:
            return self._normal(), missing
        assert g1_prev is not None and fy_prev is not None
        if self.method == "two_year" or is_shock(g1_prev, fy_prev):
            return "two_year", ()
        return self._normal(), ()

    def _normal(self) -> str:
        return "ols" if self.normal == "ols" and self.ols is not None else "naive"

    def predict(
        self,
        g1: float,
        *,
        w: float | None = None,
        g1_prev: float | None = None,
        fy_prev: float | None = None,
    ) -> Prediction:
        """The model-implied H2 growth at H1 growth ``g1`` (%), for an indicator whose prior-year
        H1 share is ``w`` (a fraction; needed by the two-year rule), with the intervals of one
        predictive distribution: the method's backtest error scale × the district factor, t
        quantiles (see the module docstring)."""
        method, _ = self.method_for(g1_prev, fy_prev)
        if method == "two_year" and w is not None and 0 < w < 1:
            assert g1_prev is not None and fy_prev is not None
            fy = two_year_fy(g1, ((g1_prev, fy_prev),))
            mean = g1 if fy is None else _h2_from_fy(fy, g1, w)
        elif method == "ols" and self.ols is not None:
            mean = self.ols.predict(g1).mean
        else:
            method = "naive" if method == "two_year" else method
            mean = g1
        scale = self.scales.get(method) or self.scales.get("naive")
        if scale is None:  # too short a history for backtest errors: the fit's own spread
            p = (self.ols if method == "ols" and self.ols is not None else self.fit).predict(g1)
            return _interval(mean, p.se * self.factor, p.df, method)
        return _interval(mean, scale[0] * self.factor, scale[1], method)


@dataclass(frozen=True)
class BaselineReport:
    """Everything the method page shows: per-series backtests, and per-indicator baselines."""

    year: int
    summaries: tuple[BacktestSummary, ...]
    rows: tuple[BacktestRow, ...]
    baselines: dict[str, IndicatorBaseline]
    observations: dict[str, tuple[Observation, ...]]
    sources: pd.DataFrame  # the primary H1 and FY rows of the series used, with their sources
    defaults: dict[str, str] = field(default_factory=dict)  # series → default method
    normal: dict[str, str] = field(default_factory=dict)  # series → its normal-year method
    factor: float = 1.0
    factor_pairs: int = 0
    problems: tuple[str, ...] = ()  # series that could not be fit, and why
    period: str = "H1"  # the data period the baselines are for


def best_spec(summaries: Iterable[BacktestSummary], series: str) -> str:
    """The method with the lowest backtest MAE for ``series`` (see :func:`choose_method`)."""
    return choose_method(summaries, series)


def history_period(period: str) -> str | None:
    """The history file's period for the data's period code: Q1 → Q1, H1 → H1, Q3 → Q3YTD;
    None for other month-ends (M1 …), which the published history does not have."""
    return {"Q1": "Q1", "H1": "H1", "Q3": "Q3YTD"}.get(period)


def build_report(table: pd.DataFrame, year: int, period: str = "H1") -> BaselineReport:
    """Backtest every series and build each growth indicator's baseline for ``year`` on years
    before it only, with the default method of its series, for the data's ``period`` (its
    year-to-date rows: Q1, H1 or Q3YTD). A series too short to fit is listed in
    ``problems`` (and its indicators get no baseline) instead of failing; a period without
    history (M1 …) gives no baseline at all and says so, rather than reusing H1's fit."""
    ytd = history_period(period)
    if ytd is None:
        return BaselineReport(
            year,
            (),
            (),
            {},
            {},
            used_rows(table).iloc[0:0],
            problems=(text("fit_no_period", code=period, months=months_of(period) or 0),),
            period=period,
        )
    summaries: list[BacktestSummary] = []
    all_rows: list[BacktestRow] = []
    obs_by_series: dict[str, tuple[Observation, ...]] = {}
    defaults: dict[str, str] = {}
    normal: dict[str, str] = {}
    scales_by_series: dict[str, dict[str, tuple[float, int]]] = {}
    problems: list[str] = []
    for region, indicator in sorted(set(SERIES.values())):
        series = f"{region}/{indicator}"
        obs = observations(table, region, indicator, ytd=ytd)
        obs_by_series[series] = tuple(obs)
        train = [o for o in obs if o.year < year]
        if len(train) < 3:
            problems.append(_why_short(table, region, indicator, year, len(train), ytd))
            continue
        per_method = _backtest_all(obs, series=series)
        prior_summaries = []
        for m in METHODS:
            rows = per_method[m]
            all_rows += rows
            s = summarize(rows, m, series)
            if s is not None:
                summaries.append(s)
            p = summarize([r for r in rows if r.year < year], m, series)
            if p is not None:
                prior_summaries.append(p)
        defaults[series] = "regime"
        normal[series] = choose_method([p for p in prior_summaries if p.spec in SPECS], series)
        preds = _predict_all(train, series, MIN_TRAIN)
        by_year = {o.year: o for o in train}
        scales_by_series[series] = {
            m: sc
            for m in METHODS
            if (sc := _scale([by_year[y].g2 - v[0] for y, v in preds[m].items()])) is not None
        }
    factor, pairs = volatility_factor(table, ytd=ytd)
    baselines: dict[str, IndicatorBaseline] = {}
    for iid, (region, indicator) in SERIES.items():
        series = f"{region}/{indicator}"
        if series not in defaults:
            continue
        train = [o for o in obs_by_series[series] if o.year < year]
        ols = fit(train, "ols", region=region, indicator=indicator) if len(train) >= 3 else None
        baselines[iid] = IndicatorBaseline(
            indicator_id=iid,
            series=series,
            fit=fit(train, "naive", region=region, indicator=indicator),
            proxy=iid in PROXIES,
            method=defaults[series],
            normal=normal[series],
            ols=ols,
            scales=scales_by_series[series],
            factor=factor,
        )
    return BaselineReport(
        year,
        tuple(summaries),
        tuple(all_rows),
        baselines,
        obs_by_series,
        used_rows(table, ytd=ytd),
        defaults,
        normal,
        factor,
        pairs,
        tuple(problems),
        period,
    )


def _why_short(
    table: pd.DataFrame, region: str, indicator: str, year: int, n: int, ytd: str = "H1"
) -> str:
    """Why a series cannot be fit: too few years with H1 and full-year growth, or no year with
    H1 and full-year levels to give the H1 share."""
    rows = primary_rows(table)
    mine = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    share_series = SHARES_FROM.get(indicator, indicator)
    levels = rows[(rows["region"] == region) & (rows["indicator"] == share_series)]
    growth = mine.pivot_table(index="year", columns="period", values="growth_pct", aggfunc="first")
    both = 0
    if {ytd, "FY"} <= set(growth.columns):
        both = int((growth[ytd].notna() & growth["FY"].notna()).sum())
    series = f"{region}/{indicator}"
    ytd_months = {"Q1": 3, "H1": 6, "Q3YTD": 9}.get(ytd, 6)
    if not _shares(levels, ytd):
        return text(
            "fit_no_share",
            series=series,
            article="an" if ytd == "H1" else "a",
            ytd=ytd,
            ytd_months=ytd_months,
            levels=f"{region}/{share_series}",
        )
    return text(
        "fit_short", series=series, n=n, year=year, ytd=ytd, ytd_months=ytd_months, both=both
    )


def used_rows(table: pd.DataFrame, *, ytd: str = "H1") -> pd.DataFrame:
    """The primary YTD and FY rows of the series in :data:`SERIES`, as the file gives them."""
    rows = primary_rows(table)
    used = set(SERIES.values())
    in_series = pd.Series(
        [(r, i) in used for r, i in zip(rows["region"], rows["indicator"], strict=True)],
        index=rows.index,
    )
    keep = rows["period"].isin([ytd, "FY"]) & in_series
    return rows[keep].reset_index(drop=True)


def p_reach(center: float, required: float, se: float, df: int = 0) -> float:
    """P(H2 growth ≥ required) when H2 growth = center + se·T, T ~ t(df) (df = 0: normal):
    1 − F((required − center)/se). Exactly 0.5 when ``center == required``; rises with
    ``center``; equals 0.90 at the 80% interval's lower bound of the same distribution."""
    if se <= 0:
        return 1.0 if center >= required else 0.0
    z = (required - center) / se
    if df <= 0:
        from statistics import NormalDist

        return 1.0 - NormalDist().cdf(z)
    return float(_t(df).sf(z))


def backtest_records(report: BaselineReport) -> list[dict[str, object]]:
    """The backtest as JSON-ready records, one per series × year × method (``--backtest``)."""
    out: list[dict[str, object]] = []
    for r in sorted(report.rows, key=lambda r: (r.series, r.year, METHODS.index(r.spec))):
        out.append(
            {
                "series": r.series,
                "year": r.year,
                "method": r.spec,
                "used": r.used,
                "default": report.defaults.get(r.series) == r.spec,
                "predicted_fy_growth_pct": r.fy_pred,
                "actual_fy_growth_pct": r.fy_actual,
                "predicted_h2_growth_pct": r.g2_pred,
                "actual_h2_growth_pct": r.g2_actual,
                "interval_95": None if r.interval_95 is None else list(r.interval_95),
            }
        )
    return out
