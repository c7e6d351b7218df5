"""The chain rule of the baseline (see :mod:`model.baseline` for the whole method): the H1-to-FY
gap in log terms, the normal band of a series, the rule that chains the abnormal prior years,
one year of a series (:class:`Observation`), the rule of one data year (:class:`Rule`) and the
reference (national) series a row follows where its own prior-year figures are missing
(:class:`Reference`).

Issue 28's rules for a row (a region's indicator) whose noise is ``scale`` times its reference
series' and whose prior-year figures may be missing:

- **Abnormal at the row's own scale**: a prior year is abnormal when its gap is outside the
  band at the row's σ (band σ × ``scale``), or when the reference series was abnormal in that
  same calendar year (a national shock is a base effect at every level).
- **Blank year before the prior year**: with the prior year abnormal and ``prev2`` blank, the
  row follows the reference series' own structure for that calendar year: reference Y−1 and
  Y−2 both abnormal (a shock and its rebound, as 2020 and 2021) → naive (the row's abnormal
  prior year is read as its rebound of the same shock; an unknown year never makes the
  baseline bolder); otherwise (reference Y−2 normal, or Y−1 normal after an abnormal Y−2:
  the row's own shock) → a chain of one. Only without the reference's Y−2 is the backtest's
  fallback (:data:`FALLBACKS`) used.
- **Blank prior-year same-period figure** in a year whose reference series shows a base
  effect (its own chain for the year adjusts): the reference's chain is applied to the row as
  the national log gap, ln(1 + G) = ln(1 + g1) − Σd_ref (kind ``reference``), and the interval
  is widened by that base effect in points of H2 growth (:attr:`Chain.extra_se`, combined as
  √(s² + extra²)); the panel names the figure that would remove the doubt.
- **The shock year**: when the two prior full years were steady (each normal by the row's
  own gap where known, else by the reference's) and the year to date departs from the prior
  year's full-year growth by more than the cut c = k·σ·``scale``, the departure beyond the cut
  is not carried forward whole: the rest of the year returns :data:`SHOCK_RETURN` (one half)
  of it, g2 = g1 + ½·sign(x)·(|x| − c) with x = G_{Y−1} − g1 (points), kind ``shock``. The
  half is a documented prior, not fitted: the history holds no shock year before 2020 to
  fit it on (the earlier departures beyond the cut, 2006–2012 and 2015, were small and went
  both ways); in 2020 the four national series returned 0.49–0.71 of their H1 departure by
  the full year, and the rest of the year (H2) all of it or more.

**The adjustment's own uncertainty** (:func:`adjusted`): where the rule moves the rest of the
year away from the year to date's pace by a = h2 − g1 (points of H2 growth; kinds ``chain``,
``fallback``, ``ref_fallback``, ``shock``, ``reference``), the size of that move is itself
uncertain: :attr:`Chain.extra_se` (points of H2 growth) is combined with the backtest's error
scale as √(s² + extra²) (:func:`model.intervals.predictive`, the same for the app and the
backtest; a level's multiplier scales s only). The stated priors:

- a chain (``chain``, ``fallback``, ``ref_fallback``): half its move, :data:`SPREAD_PRIOR`
  (f = ½: a rebound may return more or less than the prior year's gap);
- ``shock``: half the departure x = G_{Y−1} − g1, (1 − :data:`SHOCK_RETURN`)·|x|: the truth
  is taken to lie between carrying the pace (g2 = g1) and returning all of the departure
  (g2 = g1 + x), and half that range is its standard error (the point, which returns half
  of the departure beyond the cut, lies inside it; in 2020 the national second halves
  returned all of it or more);
- ``reference``: the whole reference base effect (the doubt whether the row had it at all).

Where it can, the fraction f of the move is learned from the series' own backtest years
before the data year instead (no look-ahead; :func:`learned_spread`): f² = Σ max(0, e² −
s₀²) / Σ a² over at least :data:`MIN_ADJUSTED` earlier years whose pace the rule moved by
at least :data:`MIN_ADJUST` point (e their H2 errors, s₀² the mean squared error of at least
:data:`MIN_CALM` earlier years the rule left at the pace), extra = f·|a| for every kind but
``reference``. On the shipped history that is GDP from 2022 (its moves 2009, 2020, 2021: f
≈ 0.39) and industry from 2023 (f ≈ 0.44–0.46); before 2020 the national backtest has one
chained year (GDP 2009) and shock-rule moves under 0.4 points, so the priors hold for the
data year 2021. A year the rule leaves at the pace (``normal``, ``closed``, ``unknown``) has
no extra.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

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
#: The part of the year to date's departure (beyond the cut) the rest of a shock year returns.
SHOCK_RETURN = 0.5
#: The stated prior of a chain's spread f (extra_se = f·|h2 − g1|) by kind: half its move (the
#: shock year's and the reference's extra are set where they are made; module docstring).
SPREAD_PRIOR: dict[str, float] = {"chain": 0.5, "fallback": 0.5, "ref_fallback": 0.5}
#: Kinds whose spread is learned from the backtest (``reference`` keeps its prior).
LEARNED_KINDS: frozenset[str] = frozenset({"shock", "chain", "fallback", "ref_fallback"})
#: The least move of the pace (points of H2 growth) that counts as an adjusted year, and how
#: many such earlier years the spread is learned from.
MIN_ADJUST = 1.0
MIN_ADJUSTED = 3
#: Earlier years the rule left at the pace needed for the base error s₀.
MIN_CALM = 3
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

    def scaled(self, scale: float) -> Band:
        """The band at a row's own noise: σ × ``scale`` (the same band at 1)."""
        if scale == 1.0:
            return self
        return replace(self, sigma=self.sigma * scale, sigma0=self.sigma0 * scale)


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
    the chain, the inputs missing and the fallback assumed. Issue 28's kinds (module
    docstring): ``ref_fallback`` (the year before unknown, the reference series' structure
    followed), ``reference`` (the prior year unknown, the reference's base effect applied) and
    ``shock`` (the shock year); ``extra_se`` widens the interval (points of H2 growth)."""

    fy: float
    h2: float
    kind: str
    lags: tuple[int, ...] = ()
    gaps: tuple[float | None, float | None] = (None, None)
    summed: float | None = None
    missing: tuple[str, ...] = ()
    assumed: str = ""
    extra_se: float = 0.0

    @property
    def chained(self) -> bool:
        """Whether the prediction differs from naive (a chain was applied)."""
        return bool(self.lags) and self.kind in ("chain", "fallback", "ref_fallback", "reference")


@dataclass(frozen=True)
class Reference:
    """The reference (national) series of a row for its data year: its band, its gaps in the
    years Y−1 and Y−2 (None unknown) and its fallback (see the module docstring)."""

    band: Band | None
    gaps: tuple[float | None, float | None] = (None, None)
    fallback: str = "one"

    @classmethod
    def of(cls, rule: Rule | None, gaps: Mapping[int, float], year: int) -> Reference:
        """The reference of data year ``year`` from a series' rule and its gaps by year."""
        band = None if rule is None else rule.band
        fallback = "one" if rule is None else rule.fallback
        return cls(band, (gaps.get(year - 1), gaps.get(year - 2)), fallback)

    def abnormal(self, lag: int) -> bool | None:
        """Whether the reference was abnormal in year Y − ``lag`` (None unknown)."""
        d = self.gaps[lag - 1]
        return None if self.band is None or d is None else self.band.abnormal(d)

    def chain(self) -> Chain:
        """The reference's own chain for the year (its figures rebuilt from its gaps, g1 = 0)."""
        pairs = [None if d is None else (0.0, math.expm1(d / 100.0) * 100.0) for d in self.gaps]
        return chain_of_pairs(0.0, 0.5, self.band, pairs, fallback=self.fallback)


def _pair(h1: float | None, fy: float | None) -> Pair | None:
    return None if h1 is None or fy is None else (h1, fy)


def chain_of_pairs(
    g1: float,
    w: float,
    band: Band | None,
    prior: Sequence[Pair | None],
    **options: Any,
) -> Chain:
    """:func:`chain_rule` with the prior years as (g1, G) pairs, ``prior`` = (Y−1, Y−2) (None,
    or a shorter sequence, where unknown); ``options`` are :func:`chain_rule`'s keywords."""
    p1 = prior[0] if prior else None
    p2 = prior[1] if len(prior) > 1 else None
    return chain_rule(
        g1,
        w,
        band,
        prev_h1=None if p1 is None else p1[0],
        prev_fy=None if p1 is None else p1[1],
        prev2_h1=None if p2 is None else p2[0],
        prev2_fy=None if p2 is None else p2[1],
        **options,
    )


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
    scale: float = 1.0,
    reference: Reference | None = None,
    spread: float | None = None,
) -> Chain:
    """The default baseline, one function for the app and the backtest (see the module
    docstring): H1 growth ``g1`` (%), the prior-year H1 share ``w`` (fraction), the series'
    normal band, the prior year's and the year before's H1 and full-year growth (%), the
    row's noise as a multiple ``scale`` of the band's series, the ``reference`` series the
    row follows where its own figures are missing (None: the rule of issue 20 alone), and
    the adjustment's ``spread`` learned from the backtest (None: :data:`SPREAD_PRIOR`)."""
    chain = _chain_rule(
        g1,
        w,
        band,
        prev_h1=prev_h1,
        prev_fy=prev_fy,
        prev2_h1=prev2_h1,
        prev2_fy=prev2_fy,
        fallback=fallback,
        scale=scale,
        reference=reference,
    )
    return adjusted(chain, g1, spread)


def adjusted(chain: Chain, g1: float, spread: float | None = None) -> Chain:
    """``chain`` with its :attr:`Chain.extra_se` (the module docstring): f·|h2 − g1| with the
    learned ``spread`` f for :data:`LEARNED_KINDS` when given, else :data:`SPREAD_PRIOR` for
    a chain; the shock year's (half its departure) and the reference's (its base effect) as
    they were made; other kinds unchanged (no extra)."""
    if spread is not None and chain.kind in LEARNED_KINDS:
        return replace(chain, extra_se=spread * abs(chain.h2 - g1))
    prior = SPREAD_PRIOR.get(chain.kind)
    return chain if prior is None else replace(chain, extra_se=prior * abs(chain.h2 - g1))


def learned_spread(history: Sequence[tuple[float, float]]) -> float | None:
    """The adjustment's spread f from earlier backtest years ``history`` of a series, each
    (a, e): the rule's move of the pace a = h2 − g1 and its error e = g2 actual − h2 (points of
    H2 growth): f = √(Σ max(0, e² − s₀²) / Σ a²) over the years with |a| ≥ :data:`MIN_ADJUST`
    (at least :data:`MIN_ADJUSTED`), s₀² the mean e² of the years with a = 0 (at least
    :data:`MIN_CALM`); None when too few (the prior holds)."""
    calm = [e * e for a, e in history if abs(a) < 1e-9]
    moved = [(a, e) for a, e in history if abs(a) >= MIN_ADJUST]
    if len(calm) < MIN_CALM or len(moved) < MIN_ADJUSTED:
        return None
    s0 = sum(calm) / len(calm)
    return math.sqrt(sum(max(0.0, e * e - s0) for _, e in moved) / sum(a * a for a, _ in moved))


def _chain_rule(
    g1: float,
    w: float,
    band: Band | None,
    *,
    prev_h1: float | None,
    prev_fy: float | None,
    prev2_h1: float | None,
    prev2_fy: float | None,
    fallback: str,
    scale: float,
    reference: Reference | None,
) -> Chain:
    """:func:`chain_rule`'s point (its ``extra_se`` of the reference's base effect only)."""
    missing1 = tuple(
        p for p, v in zip(PRIOR_PARAMS[0], (prev_h1, prev_fy), strict=True) if v is None
    )
    p1, p2 = _pair(prev_h1, prev_fy), _pair(prev2_h1, prev2_fy)
    d1 = None if p1 is None else log_gap(*p1)
    d2 = None if p2 is None else log_gap(*p2)
    gaps = (d1, d2)
    if band is None:
        return Chain(g1, g1, "no_band", gaps=gaps, missing=missing1)
    own = band.scaled(scale)

    def abnormal(lag: int, d: float) -> bool:
        return own.abnormal(d) or bool(reference is not None and reference.abnormal(lag))

    if p1 is None or d1 is None:
        return _prior_unknown(g1, w, own, gaps, missing1, prev_fy, reference)
    if not abnormal(1, d1):
        steady2 = (not abnormal(2, d2)) if d2 is not None else _ref_steady(reference, 2)
        shock = _shock_year(g1, w, own, p1[1], gaps) if steady2 else None
        return shock or Chain(g1, g1, "normal", gaps=gaps)
    missing: tuple[str, ...] = ()
    assumed = ""
    kind = "chain"
    if p2 is None or d2 is None:
        missing = tuple(
            p for p, v in zip(PRIOR_PARAMS[1], (prev2_h1, prev2_fy), strict=True) if v is None
        )
        assumed, kind = _year_before_unknown(fallback, reference)
        if assumed == "naive":
            return Chain(g1, g1, kind, (), gaps, None, missing, assumed)
        lags: tuple[int, ...] = (1,)
    elif not abnormal(2, d2):
        lags = (1,)
    elif abs(d1 + d2) <= own.width + 1e-12:
        return Chain(g1, g1, "closed", (1, 2), gaps, d1 + d2, missing, assumed)
    else:
        # both abnormal, the year before them unknown: a chain of two (that year normal) or
        # of one (the year before closed an earlier chain, as 2021 closed 2020) both fit the
        # inputs; the smaller unresolved gap is taken, so an unknown year never makes the
        # baseline bolder
        lags = (1, 2) if abs(d1 + d2) <= abs(d1) else (1,)
    summed = sum(g for g in (d1, d2)[: len(lags)] if g is not None)
    fy = _chained_fy(g1, summed)
    return Chain(fy, _h2_from_fy(fy, g1, w), kind, lags, gaps, summed, missing, assumed)


def _year_before_unknown(fallback: str, reference: Reference | None) -> tuple[str, str]:
    """(assumed, kind) with the prior year abnormal and the year before unknown: the
    reference's own structure for that calendar year (``ref_fallback``: naive after its shock
    and rebound, else a chain of one), else the backtest's ``fallback``."""
    ref2 = None if reference is None else reference.abnormal(2)
    if ref2 is None or reference is None:
        return fallback, "fallback"
    rebound = ref2 and bool(reference.abnormal(1))
    return ("naive" if rebound else "one"), "ref_fallback"


def _chained_fy(g1: float, summed: float) -> float:
    """ln(1 + G) = ln(1 + g1) − Σd (percent in and out, Σd in points of log gap)."""
    return (math.exp(math.log1p(g1 / 100.0) - summed / 100.0) - 1.0) * 100.0


def _ref_steady(reference: Reference | None, *lags: int) -> bool:
    """Whether the reference was known and normal in every year Y − lag."""
    return reference is not None and all(reference.abnormal(k) is False for k in lags)


def _prior_unknown(
    g1: float,
    w: float,
    band: Band,
    gaps: tuple[float | None, float | None],
    missing: tuple[str, ...],
    prev_fy: float | None,
    reference: Reference | None,
) -> Chain:
    """The prior year's gap unknown: the reference's base effect where it has one (kind
    ``reference``, the interval widened by it), else the shock year by the reference's steady
    years, else naive (``unknown``)."""
    if reference is not None:
        ref = reference.chain()
        if ref.chained and ref.summed is not None:
            fy = _chained_fy(g1, ref.summed)
            h2 = _h2_from_fy(fy, g1, w)
            return Chain(
                fy, h2, "reference", ref.lags, gaps, ref.summed, missing, "reference", abs(h2 - g1)
            )
        if prev_fy is not None and _ref_steady(reference, 1, 2):
            shock = _shock_year(g1, w, band, prev_fy, gaps, missing)
            if shock is not None:
                return shock
    return Chain(g1, g1, "unknown", gaps=gaps, missing=missing)


def _shock_year(
    g1: float,
    w: float,
    band: Band,
    prev_fy: float,
    gaps: tuple[float | None, float | None],
    missing: tuple[str, ...] = (),
) -> Chain | None:
    """The shock year (the two prior years steady): when the year to date departs from the
    prior year's full-year growth by more than the cut k·σ (the row's band), the rest of the
    year returns :data:`SHOCK_RETURN` of the departure beyond the cut, its extra_se half the
    departure (1 − :data:`SHOCK_RETURN`)·|x|; None within the cut."""
    x = prev_fy - g1
    excess = abs(x) - band.width
    if excess <= 1e-12:
        return None
    h2 = g1 + SHOCK_RETURN * math.copysign(excess, x)
    fy = w * g1 + (1.0 - w) * h2
    return Chain(fy, h2, "shock", (), gaps, None, missing, extra_se=(1.0 - SHOCK_RETURN) * abs(x))


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


def _h2_from_fy(fy: float, g1: float, w: float) -> float:
    return (fy - w * g1) / (1.0 - w)


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
class Rule:
    """The chain rule of one series for one data year: its normal band and the fallback the
    backtest before that year chose, with the evidence (fallback → (MAE of full-year growth,
    years)) and the years it rests on."""

    year: int
    band: Band | None
    fallback: str = "one"
    evidence: tuple[tuple[str, float, int], ...] = ()
    evidence_years: tuple[int, ...] = ()
    #: The adjustment's spread learned from the backtest before the year (None: the prior;
    #: :func:`learned_spread`).
    spread: float | None = None

    def apply(
        self,
        g1: float,
        w: float,
        prior: Sequence[Pair | None],
        reference: Reference | None = None,
    ) -> Chain:
        """:func:`chain_rule` with this rule's band and fallback, ``prior`` = (Y−1, Y−2)."""
        return chain_of_pairs(
            g1,
            w,
            self.band,
            prior,
            fallback=self.fallback,
            reference=reference,
            spread=self.spread,
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
