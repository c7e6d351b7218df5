"""The chain rule of the baseline (see :mod:`model.baseline` for the whole method): the H1-to-FY
gap in log terms, the normal band of a series, the rule that chains the abnormal prior years,
one year of a series (:class:`Observation`) and the rule of one data year (:class:`Rule`)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
