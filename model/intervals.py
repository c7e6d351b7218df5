"""Intervals of a predicted growth rate: Student's t quantiles, the 80% and 95% intervals of
one predictive distribution, the error scale of a method's backtest errors, and P(reach)
(see :mod:`model.baseline`). scipy is imported when first needed: this module stays cheap to
import."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_ERRORS = 3


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
    #: The multiplier of the national error scale used (model.scale), where it came from
    #: (national / own / published / conservative) and the years or pairs it rests on.
    scale: float = 1.0
    scale_source: str = ""
    scale_years: int = 0
    #: The multiplier the chain rule judged abnormal years at (model.scale.Scale.cut).
    cut: float = 1.0


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


def predictive(
    mean: float, s: float, df: int, method: str, *, multiplier: float = 1.0, extra: float = 0.0
) -> Prediction:
    """The one predictive distribution of the app and the backtest: H2 growth = ``mean`` +
    se·t(``df``) with se = √((s·multiplier)² + extra²): the backtest's error scale ``s`` at the
    series' level (:mod:`model.scale`) combined with the rule's own uncertainty ``extra``
    (:attr:`model.chain_rule.Chain.extra_se`), both in points of H2 growth."""
    return _interval(mean, math.hypot(s * multiplier, extra), df, method)


def _scale(errors: Sequence[float]) -> tuple[float, int] | None:
    """(√(mean e²), n − 1) of the errors, or None with fewer than :data:`MIN_ERRORS`."""
    if len(errors) < MIN_ERRORS:
        return None
    return math.sqrt(sum(e * e for e in errors) / len(errors)), len(errors) - 1


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
