"""Numeric display precision, in one place: the decimals per unit, rounding half away from
zero, rounding up, the decimals that tell a figure from its reference, slider steps, and
messages on one line. The model itself uses these (the snap, the display step); the words
made of them (a number with its unit, a percent, a gap) are in :mod:`report.fmt`.

Rules (issue 8, "a rounded number must never contradict a verdict"):

- Growth and shares: one decimal; levels and amounts: the decimals of their unit
  (:data:`DECIMALS`); rounding half away from zero as people do (6.25 → 6.3).
- A *required* value is rounded toward the target, i.e. up (:func:`ceil_to`).
- A figure shown beside a reference it is judged against gets as many more decimals as it
  takes for the rounded figures to compare the way the exact ones do (:func:`decimals_vs`).
- ``-0`` is shown as ``0``.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal

#: Decimals shown per unit.
DECIMALS: dict[str, int] = {"亿元": 2, "亩": 1, "万平方米": 2, "家": 0, "人": 0, "个": 0}
#: Decimals of growth rates and shares (percent).
PCT_DECIMALS = 1
#: Most decimals ever shown to separate a figure from its reference.
MAX_DECIMALS = 6
#: Two figures closer than this (relative to their size) are the same figure.
SAME = 1e-9

_CTX = Context(prec=400)  # wide enough for any finite float with the decimals asked for


def unit_decimals(unit: str) -> int:
    """Decimals shown for a level or amount in ``unit`` (percent: one)."""
    return PCT_DECIMALS if unit == "%" else DECIMALS.get(unit, 2)


def _quantize(x: float, decimals: int, rounding: str) -> Decimal:
    d = Decimal(repr(float(x))).quantize(
        Decimal(1).scaleb(-decimals), rounding=rounding, context=_CTX
    )
    return d.copy_abs() if d.is_zero() else d  # no "-0"


def half_up(x: float, decimals: int) -> Decimal:
    """``x`` rounded half away from zero as people do (6.25 → 6.3), not half-to-even; no -0."""
    return _quantize(x, decimals, ROUND_HALF_UP)


def ceil_to(x: float, decimals: int) -> Decimal:
    """``x`` rounded up (toward +∞) to ``decimals``; 5.7206 → 5.8 at one decimal. A value that
    is already on the grid within float noise stays (5.8000000001 → 5.8)."""
    near = half_up(x, decimals)
    if abs(float(near) - x) <= SAME * max(1.0, abs(x)):
        return near
    return _quantize(x, decimals, ROUND_CEILING)


def _sign(a: float, b: float) -> int:
    if abs(a - b) <= SAME * max(1.0, abs(a), abs(b)):
        return 0
    return 1 if a > b else -1


def decimals_vs(x: float, ref: float, decimals: int) -> int:
    """The fewest decimals (at least ``decimals``, at most :data:`MAX_DECIMALS`) at which ``x``
    and ``ref``, both rounded half-up, compare as the exact values do (above, equal, below)."""
    want = _sign(x, ref)
    for d in range(decimals, MAX_DECIMALS + 1):
        if _sign(float(half_up(x, d)), float(half_up(ref, d))) == want:
            return d
    return MAX_DECIMALS


def step_value(x: float, step: float) -> float:
    """``x`` rounded up to a multiple of ``step`` (the value a snap writes into a link)."""
    decimals = max(0, -Decimal(repr(step)).as_tuple().exponent)  # type: ignore[operator]
    n = math.ceil(x / step - 1e-9)
    return float(round(n * step, decimals))


def one_line(text: str, *, limit: int | None = None) -> str:
    """``text`` on one line: control and other unprintable characters escaped as Python
    escapes (a newline becomes ``\\n``), so a quoted input can never start a line of its own
    (no forged ``error:`` line); cut to ``limit`` characters with "…" when longer."""
    out = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    if limit is not None and len(out) > limit:
        out = out[:limit] + "…"
    return out
