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
  figures — unless the reference series tells (below).

Issue 28 (the rules in :mod:`model.chain_rule`'s docstring): a row of another level passes
``scale`` (its σ as a multiple of its reference series'), and the reference series (the
indicator's :data:`SERIES`, its band and gaps of Y−1 and Y−2 kept as
:attr:`IndicatorBaseline.reference`) decides where the row's own figures are missing: the
prior year abnormal at σ × scale or nationally, a blank ``prev2`` following the reference's
years, a blank prior year taking the reference's base effect with a wider interval, and the
shock year returning half the departure beyond the cut. The backtest gives each series
itself as its reference.

Other methods of the backtest table: ``naive`` (g2 = g1), ``ols`` (g2 = a + b·g1, statsmodels,
fitted without the abnormal years and the year after each) and ``two_year`` (the chain of
one whenever the prior year is abnormal, counted from the prior year alone: the rule the live
app used before, kept to show why it fails in the year after a rebound).

Uncertainty (one predictive distribution): the error of a method is the H2 growth it missed
by, e = g2_actual − g2_pred. For year Y its scale is s = √(mean e²) over the method's errors in
years before Y (at least :data:`MIN_ERRORS`), and the error is taken as s·t(n − 1). The 80% and
95% intervals are the prediction ± t quantiles × s; P(reach) = P(assumption + error ≥
required) = 1 − T((required − assumption)/s); the fan chart draws the same intervals. Where the
chain rule moved the pace, its own doubt (:attr:`Chain.extra_se`, :mod:`model.chain_rule`) is
combined as √(s² + extra²) — :func:`model.intervals.predictive`, the one function of the
app, the ``--backtest`` records and the calibration (:mod:`model.calibration`). A series
below the national level (an indicator's ``geo_level``, the district's by default) takes s ×
the multiplier of :mod:`model.scale`: its own gaps against the national ones (at least 3 years),
else the published series of its level, else a conservative documented scale
(``data/history/scales.toml``) — never silently the national band. :func:`volatility_factor`
(Guangxi/Liuzhou against China, pairs of years before the data year only) is still reported on
the method page. An indicator's ``series_type`` picks its reference series
(:data:`model.scale.TYPE_SERIES`, :class:`BaselineMap`).

statsmodels is imported inside the function that fits OLS, so importing this module is cheap.

By job: the chain rule, the band and one year of a series in :mod:`model.chain_rule`; the fits
and observations in :mod:`model.fitting`; the backtest and the volatility factor in
:mod:`model.backtest`; t quantiles, intervals and P(reach) in :mod:`model.intervals`. This
module builds the report of every series and indicator from them, and re-exports their
names (callers import them from here).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

# the baseline's parts, by job; their names stay importable from here, where callers import them
from model.backtest import (  # noqa: F401
    METHODS,
    MIN_PAIRS,
    MIN_TRAIN,
    PREFERENCE,
    BacktestRow,
    BacktestSummary,
    _backtest_all,
    _predict_all,
    backtest,
    choose_method,
    clean_years,
    summarize,
    volatility_factor,
    volatility_pairs,
)
from model.calibration import local_rows
from model.chain_rule import (  # noqa: F401
    FALLBACKS,
    K_BAND,
    MAD_TO_SD,
    MIN_ADJUST,
    MIN_ADJUSTED,
    MIN_GAPS,
    PRIOR_PARAMS,
    SHOCK_RETURN,
    SIGMA_FLOOR,
    SPREAD_PRIOR,
    Band,
    Chain,
    Observation,
    Pair,
    Reference,
    Rule,
    chain_of_one,
    chain_rule,
    learned_spread,
    log_gap,
    noise_band,
    series_rule,
    two_year_fy,
)
from model.fitting import (  # noqa: F401
    SHARES_FROM,
    SPECS,
    Fit,
    _shares,
    fit,
    growth_pairs,
    observations,
    predict_statsmodels,
)
from model.history import primary_rows
from model.intervals import (  # noqa: F401
    MIN_ERRORS,
    Prediction,
    _interval,
    _scale,
    p_reach,
    predictive,
)
from model.messages import text
from model.period import months_of
from model.scale import (
    DEFAULT_LEVEL,
    GEO_LEVELS,
    NO_REFERENCE,
    SERIES_TYPES,
    TYPE_SERIES,
    Scale,
    conservative,
    level_scale,
    own_gaps,
    own_scale,
    reference_of,
    series_gaps,
)

#: The default method of every series (the one the app uses).
DEFAULT_METHOD = "chain"

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
#: The series type of each indicator of :data:`SERIES` (its ``series_type`` in the data file).
SERIES_TYPE: dict[str, str] = {
    "gdp": "value_added",
    "tertiary_va": "value_added",
    "industrial_output": "output",
    "fai": "investment",
    "fiscal_revenue": "fiscal",
}
#: How :func:`_wanted` names the baseline of a series type (kept in :attr:`BaselineMap.types`).
TYPE_KEY = "type:{}"


@dataclass(frozen=True)
class IndicatorBaseline:
    """The baseline of one growth indicator for the data year (fit on earlier years only).

    ``method`` is the default (``chain``); ``rule`` its band and fallback for the data year;
    ``scales`` maps each method to its error scale (s, df) from the backtest before the data
    year; ``factor`` widens it for the district; ``reference`` is the series' own band and
    gaps of the years before the data year, which a row follows where its prior-year figures
    are missing (see :mod:`model.chain_rule`).
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
    reference: Reference | None = None
    #: The scale of each geographic level without the series' own history (model.scale).
    levels: dict[str, Scale] = field(default_factory=dict)
    #: Year → gap of the district's own series in the history, and of the reference series.
    own: dict[int, float] = field(default_factory=dict)
    reference_gaps: dict[int, float] = field(default_factory=dict)
    series_type: str = ""
    #: Whether the series only stands in for the type (no series of its own in the history):
    #: the scale is then never below the conservative one.
    stand_in: bool = False

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
        scale: float = 1.0,
    ) -> Chain:
        """What the chain rule does with these inputs (the same :func:`chain_rule` as the
        backtest's, with the series' band and fallback for the data year, the row's noise
        ``scale`` × the series' and the series as the row's reference). ``scale`` is the
        multiplier of the series' noise measured at its own level (:meth:`scale_for`, source
        ``own``); a level's published or conservative multiplier widens the interval only
        (see :meth:`predict`)."""
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
            scale=scale,
            reference=self.reference,
            spread=rule.spread,
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
        geo_level: str = DEFAULT_LEVEL,
    ) -> Prediction:
        """The model-implied H2 growth at H1 growth ``g1`` (%), for an indicator whose prior-year
        H1 share is ``w`` (a fraction), by :meth:`decide`, with the intervals of one predictive
        distribution (:func:`model.intervals.predictive`, the backtest's too): the method's
        backtest error scale × the multiplier of the series' level (:meth:`scale_for`), t
        quantiles (see the module docstring), combined with the chain's ``extra_se`` (the
        uncertainty of the rule's adjustment, :mod:`model.chain_rule`) as √(s² + extra²). The chain
        rule judges abnormal years at the multiplier only when it was measured on the series'
        own years (source ``own``): a level's default multiplier is a guess of the spread, not
        evidence that a year was normal. Without a share (0 < w < 1) the H1 pace."""
        prior = {"prev_h1": prev_h1, "prev_fy": prev_fy, "prev2_h1": prev2_h1, "prev2_fy": prev2_fy}
        sc = self.scale_for(geo_level, **prior)
        mean = g1
        extra = 0.0
        if w is not None and 0 < w < 1:
            chain = self.decide(g1, w, **prior, scale=sc.cut)
            mean, extra = chain.h2, chain.extra_se
        method = self.method
        scale_s = self.scales.get(method) or self.scales.get("naive")
        if scale_s is None:  # too short a history for backtest errors: the fit's own spread
            p = self.fit.predict(g1)
            scale_s = (p.se, p.df)
        out = predictive(
            mean, scale_s[0], scale_s[1], method, multiplier=sc.multiplier, extra=extra
        )
        return replace(
            out, scale=sc.multiplier, scale_source=sc.source, scale_years=sc.years, cut=sc.cut
        )

    def scale_for(
        self,
        geo_level: str = DEFAULT_LEVEL,
        *,
        prev_h1: float | None = None,
        prev_fy: float | None = None,
        prev2_h1: float | None = None,
        prev2_fy: float | None = None,
    ) -> Scale:
        """The multiplier of the error scale for a series at ``geo_level`` (see
        :mod:`model.scale`): 1 for a national series; its own gaps (the history's rows of the
        district and the prior years' figures given here) in at least 3 years the reference
        series has; else the level's published or conservative scale."""
        if geo_level == "national" and not self.stand_in:
            return Scale(1.0, "national", 0, geo_level)
        own = dict(self.own)
        for lag, h1, fy in ((1, prev_h1, prev_fy), (2, prev2_h1, prev2_fy)):
            if self.year and h1 is not None and fy is not None:
                own[self.year - lag] = log_gap(h1, fy)
        found = own_scale(own, self.reference_gaps, geo_level)
        if found is None:
            found = self.levels.get(geo_level) or Scale(self.factor, "published", 0, geo_level)
        if self.stand_in:
            floor = conservative()
            if floor.multiplier > found.multiplier:
                return Scale(floor.multiplier, floor.source, floor.years, geo_level)
        return found


class BaselineMap(dict[str, IndicatorBaseline]):
    """The baselines of the growth indicators by id (:data:`SERIES`), with ``types``: the
    baseline of each series type (:data:`model.scale.TYPE_SERIES`), for an indicator whose
    ``series_type`` is not its own baseline's or that a table added
    (:func:`model.projection.baseline_of`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.types: dict[str, IndicatorBaseline] = {}


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
    #: The backtest of the published sub-national series at their level's scale (not in the
    #: ``--backtest`` records; model.calibration), and each such region's level.
    local_rows: tuple[BacktestRow, ...] = ()
    local_levels: dict[str, str] = field(default_factory=dict)


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
    for region, indicator in sorted({w[1] for w in _wanted(table)}):
        series = f"{region}/{indicator}"
        obs = observations(table, region, indicator, ytd=ytd)
        gaps = {y: log_gap(*p) for y, p in growth_pairs(table, region, indicator, ytd=ytd).items()}
        obs_by_series[series] = tuple(obs)
        gaps_by_series[series] = gaps
        train = [o for o in obs if o.year < year]
        if len(train) < 3:
            if (region, indicator) in SERIES.values():  # a series type's own series: its type
                problems.append(_why_short(table, region, indicator, year, len(train), ytd))
            continue  # ... takes the next of its stand-ins (_indicator_baselines)
        per_method = _backtest_all(obs, series=series, gaps=gaps)
        for m in METHODS:
            rows = per_method[m]
            all_rows += rows
            s = summarize(rows, m, series)
            if s is not None:
                summaries.append(s)
        defaults[series] = DEFAULT_METHOD
        preds, _ = _predict_all(train, series, MIN_TRAIN, gaps)
        by_year = {o.year: o for o in train}
        moves = [(v[0] - by_year[y].g1, by_year[y].g2 - v[0]) for y, v in preds["chain"].items()]
        rule = replace(series_rule(obs, gaps, year), spread=learned_spread(moves))
        rules[series] = rule
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
    baselines = _indicator_baselines(
        table,
        year,
        ytd,
        {
            series: (obs_by_series[series], ols_by_series[series], scales_by_series[series])
            for series in defaults
        },
        rules,
        gaps_by_series,
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
        local_rows(table, obs_by_series, gaps_by_series, all_rows, ytd=ytd),
        {r: lvl for (r, _, _), (_, lvl) in series_gaps(table, ytd).items() if r != "china"},
    )


def _indicator_baselines(
    table: pd.DataFrame,
    year: int,
    ytd: str,
    fitted: dict[str, tuple[tuple[Observation, ...], Fit | None, dict[str, tuple[float, int]]]],
    rules: dict[str, Rule],
    gaps: dict[str, dict[int, float]],
) -> BaselineMap:
    """The baseline of each growth indicator and series type whose series was fitted
    (``fitted``: series → its observations, OLS fit and error scales), with the scale of each
    geographic level for ``year`` (:mod:`model.scale`)."""
    every = series_gaps(table, ytd)
    levels = {lv: level_scale(table, lv, ytd=ytd, before=year, gaps=every) for lv in GEO_LEVELS}
    baselines = BaselineMap()
    for iid, (region, indicator), st, proxy in _wanted(table):
        series = f"{region}/{indicator}"
        if series not in fitted:  # too short a history: a type takes its next stand-in
            alt = [i for i in TYPE_SERIES.get(st, ()) if f"{region}/{i}" in fitted]
            if iid in SERIES or not alt:
                continue
            indicator, series, proxy = alt[0], f"{region}/{alt[0]}", True
        obs, ols, scales = fitted[series]
        train = [o for o in obs if o.year < year]
        into = baselines.types if iid.startswith(TYPE_KEY.format("")) else baselines
        into[iid.removeprefix(TYPE_KEY.format(""))] = IndicatorBaseline(
            indicator_id=iid,
            series=series,
            fit=fit(train, "naive", region=region, indicator=indicator),
            proxy=proxy,
            method=DEFAULT_METHOD,
            ols=ols,
            scales=scales,
            factor=levels[DEFAULT_LEVEL].multiplier,
            rule=rules[series],
            year=year,
            levels=levels,
            own={y: d for y, d in own_gaps(table, indicator, gaps=every).items() if y < year},
            reference_gaps={y: d for y, d in gaps[series].items() if y < year},
            series_type=st,
            stand_in=(st in NO_REFERENCE or proxy) and iid not in SERIES,
            reference=Reference.of(rules[series], gaps[series], year),
        )
    return baselines


def _wanted(table: pd.DataFrame) -> list[tuple[str, tuple[str, str], str, bool]]:
    """The baselines to build: (key, its series, its series type, whether the series only
    stands in) for each indicator of :data:`SERIES` and each series type
    (:data:`TYPE_KEY`, :func:`model.scale.reference_of`)."""
    have = {i for _, i in SERIES.values()} | set(table["indicator"])
    out = [(iid, SERIES[iid], SERIES_TYPE[iid], iid in PROXIES) for iid in SERIES]
    for st in SERIES_TYPES:
        ref, stand_in = reference_of(st, have)
        out.append((TYPE_KEY.format(st), ("china", ref), st, stand_in))
    return out


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
