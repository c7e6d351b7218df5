"""Statistical baseline: how second-half growth follows first-half growth, from published history,
with the base effect of abnormal years taken into account by one chained rule.

For one series (region, indicator) and each year Y with H1 growth g1 and full-year growth G:

    w_Y = H1 level / FY level of year Y − 1 (the prior year's H1 share; where the levels are
          missing, the mean of the shares known before Y; a series without levels borrows the
          shares of another series, see :data:`SHARES_FROM`)
    g2_Y = (G_Y − w_Y·g1_Y) / (1 − w_Y)          (the H1-share identity of model.projection)
    d_Y = 100·(ln(1 + G_Y/100) − ln(1 + g1_Y/100))   (the H1-to-FY gap in log terms, points)

**Normal and abnormal years** (:func:`noise_band`), judged for a data year Y on the gaps of the
years before Y only: a robust start σ₀ = 1.4826 · median |d| (the median absolute gap; 1.4826
turns it into the standard deviation of a normal error, and a few shock years cannot inflate
it), the normal years are those with |d| ≤ k·σ₀, and σ is the root mean square of their gaps
(one pass, so no year judges itself), never below the rounding noise of two growth rates
published to 0.1 (0.1·√(2/12) ≈ 0.041). A year is abnormal when |d| > k·σ with k =
:data:`K_BAND` = 1.96, the two-sided 95% band of a normal error: a normal year falls outside
it one time in twenty.

**The chain rule** (:func:`chain_rule`, the default ``chain``): the app and ``--backtest``
call this one function with the same inputs — the prior year's H1 and full-year growth and
those of the year before (``prev_*``, ``prev2_*``; in the backtest the series' own years Y−1
and Y−2, the two years the app's inputs can carry). Walking back from the prior year:

- prior year normal → naive (G = g1);
- prior year abnormal, the year before normal → a chain of one;
- both abnormal and their summed gap Σd within the band (a rebound mirroring its shock) →
  naive;
- both abnormal otherwise → the inputs end there, so two chains fit them: of two (the year
  before them normal) or of one (the year before closed an earlier chain, as 2021 closed
  2020); the one with the smaller unresolved gap |Σd| is taken (the smaller adjustment);
- else ln(1 + G) = ln(1 + g1) − Σd, i.e. (1 + G)·Π(1 + G_c) = (1 + g1)·Π(1 + g1_c), and
  g2 = (G − w·g1)/(1 − w);
- prior year abnormal and the year before unknown → the fallback the backtest before Y
  chose (:data:`FALLBACKS`: ``one``, a chain of one, or ``naive``), named with the missing
  figures.

Other methods of the backtest table: ``naive`` (g2 = g1), ``ols`` (g2 = a + b·g1, statsmodels,
fitted without the abnormal years and the year after each) and ``two_year`` (the chain of
one whenever the prior year is abnormal, counted from the prior year alone: the rule the live
app used before, kept to show why it fails in the year after a rebound).

Uncertainty (one predictive distribution): the error of a method is the H2 growth it missed
by, e = g2_actual − g2_pred. For year Y its scale is s = √(mean e²) over the method's errors in
years before Y (at least :data:`MIN_ERRORS`), and the error is taken as s·t(n − 1). The 80% and
95% intervals are the prediction ± t quantiles × s; P(reach) = P(assumption + error ≥
required) = 1 − T((required − assumption)/s); the fan chart draws the same intervals. For the
district the scale is widened by :func:`volatility_factor` (Guangxi/Liuzhou against China,
pairs of years before the data year only).

statsmodels is imported inside the function that fits OLS, so importing this module is cheap.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from model.history import primary_rows
from model.messages import text
from model.period import months_of

SPECS: tuple[str, ...] = ("naive", "ols")
METHODS: tuple[str, ...] = ("naive", "ols", "two_year", "chain")
#: The default method of every series (the one the app uses).
DEFAULT_METHOD = "chain"
#: Tie-break order when two methods have the same backtest MAE.
PREFERENCE: tuple[str, ...] = ("chain", "naive", "ols", "two_year")
MIN_TRAIN = 6
MIN_ERRORS = 3
#: Pairs needed for the district volatility factor (else 1.0).
MIN_PAIRS = 3
#: Gaps needed before a year can be judged normal or abnormal.
MIN_GAPS = 3
#: k of the normal band |d| ≤ k·σ: the two-sided 95% band of a normal error (Φ⁻¹(0.975)).
K_BAND = 1.96
#: Median absolute value → standard deviation of a normal error: 1/Φ⁻¹(0.75).
MAD_TO_SD = 1.4826
#: The least σ: the noise of a gap between two growth rates published to one decimal.
SIGMA_FLOOR = 0.1 * math.sqrt(2.0 / 12.0)
#: What the rule assumes when the prior year is abnormal and the year before it is unknown:
#: ``one`` (that year normal: a chain of one) or ``naive``; the backtest before the data year
#: chooses (lower MAE of full-year growth over the years whose prior year was abnormal).
FALLBACKS: tuple[str, ...] = ("one", "naive")

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
#: The scenario parameters of the prior year (lag 1) and the year before it (lag 2).
PRIOR_PARAMS: tuple[tuple[str, str], tuple[str, str]] = (
    ("prev_h1_growth", "prev_fy_growth"),
    ("prev2_h1_growth", "prev2_fy_growth"),
)

Pair = tuple[float, float]


def log_gap(g1: float, g_fy: float) -> float:
    """The H1-to-FY gap in log terms, in points: d = 100·(ln(1 + G/100) − ln(1 + g1/100))."""
    return 100.0 * (math.log1p(g_fy / 100.0) - math.log1p(g1 / 100.0))


@dataclass(frozen=True)
class Band:
    """The normal band of a series for one data year: σ (RMS of the normal years' gaps), k,
    the years whose gaps were used and those judged normal (see :func:`noise_band`)."""

    sigma: float
    k: float
    years: tuple[int, ...]
    normal: tuple[int, ...]
    sigma0: float = 0.0

    @property
    def width(self) -> float:
        """k·σ, in points of log gap."""
        return self.k * self.sigma

    def abnormal(self, gap: float) -> bool:
        """|d| > k·σ."""
        return abs(gap) > self.width + 1e-12


def noise_band(gaps: Mapping[int, float], before: int, *, k: float = K_BAND) -> Band | None:
    """The normal band from the gaps of the years before ``before``: σ₀ = 1.4826·median|d|,
    normal years |d| ≤ k·σ₀, σ = √(mean d²) over them (at least :data:`SIGMA_FLOOR`); None
    with fewer than :data:`MIN_GAPS` gaps."""
    mine = {y: d for y, d in gaps.items() if y < before}
    if len(mine) < MIN_GAPS:
        return None
    absd = sorted(abs(d) for d in mine.values())
    n = len(absd)
    median = absd[n // 2] if n % 2 else (absd[n // 2 - 1] + absd[n // 2]) / 2.0
    sigma = max(MAD_TO_SD * median, SIGMA_FLOOR)
    normal = tuple(sorted(y for y, d in mine.items() if abs(d) <= k * sigma))
    rms = math.sqrt(sum(mine[y] ** 2 for y in normal) / len(normal)) if normal else sigma
    return Band(sigma, k, tuple(sorted(mine)), normal, rms)


@dataclass(frozen=True)
class Chain:
    """What the chain rule did for one year: the full-year and H2 growth it predicts (%),
    ``kind`` (``normal``: prior year normal; ``chain``; ``closed``: the chain's summed gap is
    within the band; ``unknown``: the prior year is unknown; ``no_band``: too short a
    history to judge; ``fallback``: prior year abnormal, the year before unknown), the lags
    chained (1 = the prior year), the gaps of lags 1 and 2 (None unknown), their sum over
    the chain, the inputs missing and the fallback assumed."""

    fy: float
    h2: float
    kind: str
    lags: tuple[int, ...] = ()
    gaps: tuple[float | None, float | None] = (None, None)
    summed: float | None = None
    missing: tuple[str, ...] = ()
    assumed: str = ""

    @property
    def chained(self) -> bool:
        """Whether the prediction differs from naive (a chain was applied)."""
        return bool(self.lags) and self.kind in ("chain", "fallback")


def _pair(h1: float | None, fy: float | None) -> Pair | None:
    return None if h1 is None or fy is None else (h1, fy)


def chain_rule(
    g1: float,
    w: float,
    band: Band | None,
    *,
    prev_h1: float | None = None,
    prev_fy: float | None = None,
    prev2_h1: float | None = None,
    prev2_fy: float | None = None,
    fallback: str = "one",
) -> Chain:
    """The default baseline, one function for the app and the backtest (see the module
    docstring): H1 growth ``g1`` (%), the prior-year H1 share ``w`` (fraction), the series'
    normal band, the prior year's and the year before's H1 and full-year growth (%)."""
    missing1 = tuple(
        p for p, v in zip(PRIOR_PARAMS[0], (prev_h1, prev_fy), strict=True) if v is None
    )
    p1, p2 = _pair(prev_h1, prev_fy), _pair(prev2_h1, prev2_fy)
    d1 = None if p1 is None else log_gap(*p1)
    d2 = None if p2 is None else log_gap(*p2)
    gaps = (d1, d2)
    if band is None:
        return Chain(g1, g1, "no_band", gaps=gaps, missing=missing1)
    if p1 is None or d1 is None:
        return Chain(g1, g1, "unknown", gaps=gaps, missing=missing1)
    if not band.abnormal(d1):
        return Chain(g1, g1, "normal", gaps=gaps)
    missing: tuple[str, ...] = ()
    assumed = ""
    if p2 is None or d2 is None:
        missing = tuple(
            p for p, v in zip(PRIOR_PARAMS[1], (prev2_h1, prev2_fy), strict=True) if v is None
        )
        assumed = fallback
        if fallback == "naive":
            return Chain(g1, g1, "fallback", (), gaps, None, missing, assumed)
        lags: tuple[int, ...] = (1,)
    elif not band.abnormal(d2):
        lags = (1,)
    elif abs(d1 + d2) <= band.width + 1e-12:
        return Chain(g1, g1, "closed", (1, 2), gaps, d1 + d2, missing, assumed)
    else:
        # both abnormal, the year before them unknown: a chain of two (that year normal) or
        # of one (the year before closed an earlier chain, as 2021 closed 2020) both fit the
        # inputs; the smaller unresolved gap is taken, so an unknown year never makes the
        # baseline bolder
        lags = (1, 2) if abs(d1 + d2) <= abs(d1) else (1,)
    summed = sum(g for g in (d1, d2)[: len(lags)] if g is not None)
    fy = (math.exp(math.log1p(g1 / 100.0) - summed / 100.0) - 1.0) * 100.0
    kind = "fallback" if assumed else "chain"
    return Chain(fy, _h2_from_fy(fy, g1, w), kind, lags, gaps, summed, missing, assumed)


def chain_of_one(g1: float, w: float, band: Band | None, prior: Pair | None) -> float:
    """H2 growth (%) of the ``two_year`` method: a chain of one whenever the prior year is
    abnormal, counted from the prior year alone (never walks back, never closes)."""
    if band is None or prior is None or not band.abnormal(log_gap(*prior)):
        return g1
    fy = (math.exp(math.log1p(g1 / 100.0) - log_gap(*prior) / 100.0) - 1.0) * 100.0
    return _h2_from_fy(fy, g1, w)


def two_year_fy(g1: float, chain: Sequence[Pair]) -> float | None:
    """Full-year growth by the two-year-average rule over ``chain`` ((g1_c, G_c) pairs):
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


@dataclass(frozen=True)
class Observation:
    """One year of a series: H1 growth, full-year growth, the H1 share used, derived H2
    growth, and ``prior``: the (g1, G) of the years Y−1 and Y−2 (None where unknown)."""

    year: int
    g1: float
    g_fy: float
    w: float
    w_from_levels: bool
    g2: float
    prior: tuple[Pair | None, Pair | None] = (None, None)

    @property
    def gap(self) -> float:
        """The year's H1-to-FY gap in log terms (points)."""
        return log_gap(self.g1, self.g_fy)


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
    pairs = growth_pairs(table, region, indicator, ytd=ytd)
    rows = primary_rows(table)
    mine = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    shares = _shares(mine, ytd)
    if not shares and indicator in SHARES_FROM:
        other = rows[(rows["region"] == region) & (rows["indicator"] == SHARES_FROM[indicator])]
        shares = _shares(other, ytd)
    out: list[Observation] = []
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
        out.append(
            Observation(y, g1, g_fy, w, from_levels, g2, (pairs.get(y - 1), pairs.get(y - 2)))
        )
    return out


def growth_pairs(
    table: pd.DataFrame, region: str, indicator: str, *, ytd: str = "H1"
) -> dict[int, Pair]:
    """Year → (YTD growth, full-year growth) of one series, where both are published."""
    rows = primary_rows(table)
    mine = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    growth = mine.pivot_table(index="year", columns="period", values="growth_pct", aggfunc="first")
    if not {ytd, "FY"} <= set(growth.columns):
        return {}
    return {
        int(y): (float(r[ytd]), float(r["FY"]))
        for y, r in growth.iterrows()
        if not (pd.isna(r.get(ytd)) or pd.isna(r.get("FY")))
    }


@dataclass(frozen=True)
class Rule:
    """The chain rule of one series for one data year: its normal band and the fallback the
    backtest before that year chose, with the evidence (fallback → (MAE of full-year growth,
    years)) and the years it rests on."""

    year: int
    band: Band | None
    fallback: str = "one"
    evidence: tuple[tuple[str, float, int], ...] = ()
    evidence_years: tuple[int, ...] = ()

    def apply(self, g1: float, w: float, prior: Sequence[Pair | None]) -> Chain:
        """:func:`chain_rule` with this rule's band and fallback, ``prior`` = (Y−1, Y−2)."""
        p1 = prior[0] if prior else None
        p2 = prior[1] if len(prior) > 1 else None
        return chain_rule(
            g1,
            w,
            self.band,
            prev_h1=None if p1 is None else p1[0],
            prev_fy=None if p1 is None else p1[1],
            prev2_h1=None if p2 is None else p2[0],
            prev2_fy=None if p2 is None else p2[1],
            fallback=self.fallback,
        )

    def abnormal_years(self, gaps: Mapping[int, float]) -> tuple[int, ...]:
        """The years before the data year whose gap is outside the band."""
        if self.band is None:
            return ()
        return tuple(sorted(y for y, d in gaps.items() if y < self.year and self.band.abnormal(d)))


def series_rule(obs: Sequence[Observation], gaps: Mapping[int, float], year: int) -> Rule:
    """The rule for data year ``year`` from years before it only: the band of
    :func:`noise_band`, and the fallback with the lower full-year MAE over the earlier years
    whose prior year was abnormal (each judged by its own earlier band) when the year before
    is taken as unknown; ``one`` without such years or on a tie."""
    band = noise_band(gaps, year)
    errors: dict[str, list[float]] = {f: [] for f in FALLBACKS}
    used: list[int] = []
    for o in obs:
        if o.year >= year or o.prior[0] is None:
            continue
        b = noise_band(gaps, o.year)
        if b is None or not b.abnormal(log_gap(*o.prior[0])):
            continue
        used.append(o.year)
        for f in FALLBACKS:
            c = chain_rule(o.g1, o.w, b, prev_h1=o.prior[0][0], prev_fy=o.prior[0][1], fallback=f)
            errors[f].append(abs(c.fy - o.g_fy))
    evidence = tuple((f, sum(e) / len(e), len(e)) for f, e in errors.items() if e)
    fallback = "one"
    if evidence:
        fallback = min(evidence, key=lambda x: (round(x[1], 9), FALLBACKS.index(x[0])))[0]
    return Rule(year, band, fallback, evidence, tuple(used))


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


def clean_years(obs: Sequence[Observation], rule: Rule, gaps: Mapping[int, float]) -> set[int]:
    """The years OLS leaves out for ``rule``'s data year: the abnormal years and the year
    after each."""
    bad = set(rule.abnormal_years(gaps))
    return bad | {y + 1 for y in bad}


def _predict_all(
    obs: list[Observation], series: str, min_train: int, gaps: Mapping[int, float] | None = None
) -> tuple[dict[str, dict[int, tuple[float, str]]], dict[int, Rule]]:
    """H2 predictions of every method for every year it can predict (method → year →
    (g2_pred, what predicted)), and the rule of each year. naive, two_year and chain need no
    training; ols needs ``min_train`` earlier years and is fitted without the abnormal years
    and the year after each (at least 3 left)."""
    region, _, indicator = series.partition("/")
    if gaps is None:
        gaps = {o.year: o.gap for o in obs}
    out: dict[str, dict[int, tuple[float, str]]] = {m: {} for m in METHODS}
    rules: dict[int, Rule] = {}
    for i, o in enumerate(obs):
        rule = series_rule(obs, gaps, o.year)
        rules[o.year] = rule
        out["naive"][o.year] = (o.g1, "naive")
        out["two_year"][o.year] = (chain_of_one(o.g1, o.w, rule.band, o.prior[0]), "two_year")
        c = rule.apply(o.g1, o.w, o.prior)
        out["chain"][o.year] = (c.h2, c.kind)
        if i >= min_train:
            skip = clean_years(obs, rule, gaps)
            train = [t for t in obs[:i] if t.year not in skip]
            if len(train) >= 3:
                try:
                    p = fit(train, "ols", region=region, indicator=indicator).predict(o.g1)
                except ValueError:
                    continue
                out["ols"][o.year] = (p.mean, "ols")
    return out, rules


def backtest(
    obs: list[Observation], spec: str, *, series: str = "", min_train: int = MIN_TRAIN
) -> list[BacktestRow]:
    """Expanding-window backtest of method ``spec``: each year from the ``min_train``-th on is
    predicted from the years before it only; its 80%/95% intervals come from the method's
    errors in the years before it (see the module docstring)."""
    return _backtest_all(obs, series=series, min_train=min_train)[spec]


def _backtest_all(
    obs: list[Observation],
    *,
    series: str = "",
    min_train: int = MIN_TRAIN,
    gaps: Mapping[int, float] | None = None,
) -> dict[str, list[BacktestRow]]:
    preds, _ = _predict_all(obs, series, min_train, gaps)
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


def volatility_pairs(
    table: pd.DataFrame, *, ytd: str = "H1", before: int | None = None
) -> list[tuple[str, str, int, float, float]]:
    """The (region, indicator, year, region's G − g1, China's G − g1) pairs where Guangxi or
    Liuzhou and China both publish YTD and full-year growth, years before ``before`` only."""
    rows = primary_rows(table)
    rows = rows[rows["period"].isin([ytd, "FY"])]
    g = rows.pivot_table(
        index=["region", "indicator", "year"], columns="period", values="growth_pct"
    )
    if not {ytd, "FY"} <= set(g.columns):
        return []
    g = g.dropna()
    gap = (g["FY"] - g[ytd]).to_dict()
    out = []
    for (region, indicator, year), v in sorted(gap.items()):
        if before is not None and int(year) >= before:
            continue
        if region in ("guangxi", "liuzhou") and ("china", indicator, year) in gap:
            out.append((region, indicator, int(year), v, gap[("china", indicator, year)]))
    return out


def volatility_factor(
    table: pd.DataFrame, *, ytd: str = "H1", before: int | None = None
) -> tuple[float, int]:
    """How much more a region's H1 → full-year gap varies than China's: √(Σ(G − g1)²_region /
    Σ(G − g1)²_China) over :func:`volatility_pairs` (years before ``before``); at least 1.0,
    and 1.0 from fewer than :data:`MIN_PAIRS` pairs (two pairs do not estimate a ratio of
    variances). Returns (factor, pairs used)."""
    pairs = volatility_pairs(table, ytd=ytd, before=before)
    num = sum(p[3] ** 2 for p in pairs)
    den = sum(p[4] ** 2 for p in pairs)
    if len(pairs) < MIN_PAIRS or den <= 0:
        return 1.0, len(pairs)
    return max(1.0, math.sqrt(num / den)), len(pairs)


@dataclass(frozen=True)
class IndicatorBaseline:
    """The baseline of one growth indicator for the data year (fit on earlier years only).

    ``method`` is the default (``chain``); ``rule`` its band and fallback for the data year;
    ``scales`` maps each method to its error scale (s, df) from the backtest before the data
    year; ``factor`` widens it for the district.
    """

    indicator_id: str
    series: str
    fit: Fit
    proxy: bool
    method: str = DEFAULT_METHOD
    ols: Fit | None = None
    scales: dict[str, tuple[float, int]] = field(default_factory=dict)
    factor: float = 1.0
    rule: Rule | None = None
    year: int = 0

    @property
    def spec(self) -> str:
        """The default method of the series."""
        return self.method

    @property
    def years(self) -> tuple[int, ...]:
        """The years the fit used."""
        return self.fit.years

    def decide(
        self,
        g1: float,
        w: float,
        *,
        prev_h1: float | None = None,
        prev_fy: float | None = None,
        prev2_h1: float | None = None,
        prev2_fy: float | None = None,
    ) -> Chain:
        """What the chain rule does with these inputs (the same :func:`chain_rule` as the
        backtest's, with the series' band and fallback for the data year)."""
        rule = self.rule or Rule(self.year, None)
        return chain_rule(
            g1,
            w,
            rule.band,
            prev_h1=prev_h1,
            prev_fy=prev_fy,
            prev2_h1=prev2_h1,
            prev2_fy=prev2_fy,
            fallback=rule.fallback,
        )

    def predict(
        self,
        g1: float,
        *,
        w: float | None = None,
        prev_h1: float | None = None,
        prev_fy: float | None = None,
        prev2_h1: float | None = None,
        prev2_fy: float | None = None,
    ) -> Prediction:
        """The model-implied H2 growth at H1 growth ``g1`` (%), for an indicator whose prior-year
        H1 share is ``w`` (a fraction), by :meth:`decide`, with the intervals of one predictive
        distribution: the method's backtest error scale × the district factor, t quantiles
        (see the module docstring). Without a share (0 < w < 1) the H1 pace."""
        mean = g1
        if w is not None and 0 < w < 1:
            mean = self.decide(
                g1, w, prev_h1=prev_h1, prev_fy=prev_fy, prev2_h1=prev2_h1, prev2_fy=prev2_fy
            ).h2
        method = self.method
        scale = self.scales.get(method) or self.scales.get("naive")
        if scale is None:  # too short a history for backtest errors: the fit's own spread
            p = self.fit.predict(g1)
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
    factor: float = 1.0
    factor_pairs: int = 0
    problems: tuple[str, ...] = ()  # series that could not be fit, and why
    period: str = "H1"  # the data period the baselines are for
    rules: dict[str, Rule] = field(default_factory=dict)  # series → its rule for the year
    gaps: dict[str, dict[int, float]] = field(default_factory=dict)  # series → year → gap
    pairs: tuple[tuple[str, str, int, float, float], ...] = ()  # the volatility pairs


def best_spec(summaries: Iterable[BacktestSummary], series: str) -> str:
    """The method with the lowest backtest MAE for ``series`` (see :func:`choose_method`)."""
    return choose_method(summaries, series)


def history_period(period: str) -> str | None:
    """The history file's period for the data's period code: Q1 → Q1, H1 → H1, Q3 → Q3YTD;
    None for other month-ends (M1 …), which the published history does not have."""
    return {"Q1": "Q1", "H1": "H1", "Q3": "Q3YTD"}.get(period)


def build_report(table: pd.DataFrame, year: int, period: str = "H1") -> BaselineReport:
    """Backtest every series and build each growth indicator's baseline for ``year`` on years
    before it only (band, fallback, OLS, error scales, volatility pairs), with the default
    method ``chain``, for the data's ``period`` (its year-to-date rows: Q1, H1 or Q3YTD). A
    series too short to fit is listed in ``problems`` (and its indicators get no baseline)
    instead of failing; a period without history (M1 …) gives no baseline at all and says
    so, rather than reusing H1's fit."""
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
    rules: dict[str, Rule] = {}
    gaps_by_series: dict[str, dict[int, float]] = {}
    scales_by_series: dict[str, dict[str, tuple[float, int]]] = {}
    ols_by_series: dict[str, Fit | None] = {}
    problems: list[str] = []
    for region, indicator in sorted(set(SERIES.values())):
        series = f"{region}/{indicator}"
        obs = observations(table, region, indicator, ytd=ytd)
        gaps = {y: log_gap(*p) for y, p in growth_pairs(table, region, indicator, ytd=ytd).items()}
        obs_by_series[series] = tuple(obs)
        gaps_by_series[series] = gaps
        train = [o for o in obs if o.year < year]
        if len(train) < 3:
            problems.append(_why_short(table, region, indicator, year, len(train), ytd))
            continue
        per_method = _backtest_all(obs, series=series, gaps=gaps)
        for m in METHODS:
            rows = per_method[m]
            all_rows += rows
            s = summarize(rows, m, series)
            if s is not None:
                summaries.append(s)
        defaults[series] = DEFAULT_METHOD
        rule = series_rule(obs, gaps, year)
        rules[series] = rule
        preds, _ = _predict_all(train, series, MIN_TRAIN, gaps)
        by_year = {o.year: o for o in train}
        scales_by_series[series] = {
            m: sc
            for m in METHODS
            if (sc := _scale([by_year[y].g2 - v[0] for y, v in preds[m].items()])) is not None
        }
        skip = clean_years(train, rule, gaps)
        clean = [o for o in train if o.year not in skip]
        try:
            ols_by_series[series] = (
                fit(clean, "ols", region=region, indicator=indicator) if len(clean) >= 3 else None
            )
        except ValueError:
            ols_by_series[series] = None
    factor, n_pairs = volatility_factor(table, ytd=ytd, before=year)
    baselines: dict[str, IndicatorBaseline] = {}
    for iid, (region, indicator) in SERIES.items():
        series = f"{region}/{indicator}"
        if series not in defaults:
            continue
        train = [o for o in obs_by_series[series] if o.year < year]
        baselines[iid] = IndicatorBaseline(
            indicator_id=iid,
            series=series,
            fit=fit(train, "naive", region=region, indicator=indicator),
            proxy=iid in PROXIES,
            method=defaults[series],
            ols=ols_by_series[series],
            scales=scales_by_series[series],
            factor=factor,
            rule=rules[series],
            year=year,
        )
    return BaselineReport(
        year,
        tuple(summaries),
        tuple(all_rows),
        baselines,
        obs_by_series,
        used_rows(table, ytd=ytd),
        defaults,
        factor,
        n_pairs,
        tuple(problems),
        period,
        rules,
        gaps_by_series,
        tuple(volatility_pairs(table, ytd=ytd, before=year)),
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


def worst_vs_naive(report: BaselineReport, series: str, method: str) -> tuple[float, int] | None:
    """The largest amount (points of full-year growth) by which ``method`` missed by more
    than naive in one backtest year of ``series``, and that year (None without rows)."""
    naive = {r.year: r.abs_error for r in report.rows if r.series == series and r.spec == "naive"}
    mine = [
        (r.abs_error - naive[r.year], r.year)
        for r in report.rows
        if r.series == series and r.spec == method and r.year in naive
    ]
    return max(mine) if mine else None


def backtest_table(report: BaselineReport) -> list[str]:
    """The backtest by series and method as text lines (``--backtest``): MAE of full-year
    growth, 80%/95% coverage, the worst year against naive; ``*`` marks the default."""
    out = [
        f"{'series':<22} {'method':<10} {'n':>3} {'MAE':>6} {'cov80':>6} {'cov95':>6}  "
        "worst year vs naive"
    ]
    for s in sorted(report.summaries, key=lambda s: (s.series, METHODS.index(s.spec))):
        worst = worst_vs_naive(report, s.series, s.spec)
        flag = "*" if report.defaults.get(s.series) == s.spec else " "
        tail = "" if worst is None else f"{worst[0]:+.2f} ({worst[1]})"
        out.append(
            f"{s.series:<22} {s.spec + flag:<10} {s.n:>3} {s.mae:>6.3f} "
            f"{s.coverage80 * 100:>5.0f}% {s.coverage95 * 100:>5.0f}%  {tail}"
        )
    out.append("* the default (the app's baseline); MAE and worst year in points of FY growth")
    return out


def series_chain(report: BaselineReport, series: str) -> Chain | None:
    """The chain a series itself uses for the report's year: its rule applied to its own
    years Y−1 and Y−2 (only their gaps matter for which years are chained; the figures are
    rebuilt from the gaps with g1 = 0). None without a rule."""
    rule = report.rules.get(series)
    if rule is None:
        return None
    gaps = report.gaps.get(series, {})

    def pair(year: int) -> Pair | None:
        d = gaps.get(year)
        return None if d is None else (0.0, (math.exp(d / 100.0) - 1.0) * 100.0)

    return rule.apply(0.0, 0.5, (pair(report.year - 1), pair(report.year - 2)))
