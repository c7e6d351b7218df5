"""Number display rules, in one place: every number with its unit, growth in percent.

Pure Python, shared by the pages, the briefing, the command line and the exports.

Rules (issue 8, "a rounded number must never contradict a verdict"):

- Growth and shares: one decimal; levels and amounts: the decimals of their unit
  (:data:`DECIMALS`); rounding half away from zero as people do (6.25 → 6.3).
- A *required* value (the H2 growth or amount a target needs) is rounded toward the target,
  i.e. up: doing what the screen says then reaches the target (:func:`pct_required`,
  :func:`value_required`).
- A figure shown beside a reference it is judged against (projected vs target, a pace ratio
  vs its threshold) gets as many more decimals as it takes for the rounded figures to compare
  the way the exact ones do (:func:`decimals_vs`): 5.99% against 6.0%, never 6.0% against
  6.0% with "missed".
- ``-0`` is shown as ``0``.
- ONE tolerance for "on the target" (:func:`on_target`): a gap to a target that rounds to
  zero at the gap's displayed precision (0.1 point of growth, the unit's decimals for levels
  and amounts) is on the target — 恰好达标, never "差 0.000000亿元" with 难达标; the
  projection counts it as reached (``outcome`` ``reach``) and the words show it as
  ``exact``.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

#: Units as shown, compact (so a metric card does not cut them off).
UNITS_ZH: dict[str, str] = {"万平方米": "万㎡"}
UNITS_EN: dict[str, str] = {
    "亿元": "¥100m",
    "亩": "mu",
    "万平方米": "10k m²",
    "家": "firms",
    "人": "people",
    "个": "projects",
    "%": "%",
}

#: Decimals shown per unit.
DECIMALS: dict[str, int] = {"亿元": 2, "亩": 1, "万平方米": 2, "家": 0, "人": 0, "个": 0}
#: Units that count whole things: their figures are shown as whole numbers, never "27.6家".
COUNT_UNITS = frozenset({"家", "人", "个"})
#: Decimals of growth rates and shares (percent).
PCT_DECIMALS = 1
#: Most decimals ever shown to separate a figure from its reference.
MAX_DECIMALS = 6
#: Two figures closer than this (relative to their size) are the same figure.
SAME = 1e-9

_CTX = Context(prec=400)  # wide enough for any finite float with the decimals asked for


def unit_label(lang: str, unit: str) -> str:
    """The unit as shown in ``lang`` (compact: 万㎡, ¥100m)."""
    return UNITS_EN.get(unit, unit) if lang == "en" else UNITS_ZH.get(unit, unit)


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


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def pct(
    x: float | None, *, signed: bool = False, decimals: int = PCT_DECIMALS, vs: float | None = None
) -> str:
    """Growth or share in percent ("5.7%"); with ``vs``, enough decimals to tell it from that
    reference (:func:`decimals_vs`); "—" for None."""
    if not _finite(x):
        return "—"
    assert x is not None
    if _finite(vs):
        assert vs is not None
        decimals = decimals_vs(x, vs, decimals)
    r = half_up(x, decimals)
    return f"{r:+.{decimals}f}%" if signed and not r.is_zero() else f"{r:.{decimals}f}%"


def pct_required(x: float | None) -> str:
    """A required growth in percent, rounded up so that doing it reaches the target."""
    if not _finite(x):
        return "—"
    assert x is not None
    return f"{ceil_to(x, PCT_DECIMALS):.{PCT_DECIMALS}f}%"


def number(x: float, decimals: int) -> str:
    """``x`` half-up to ``decimals`` with thousands separators ("1,072.3")."""
    return f"{half_up(x, decimals):,.{decimals}f}"


def _with_unit(num: str, unit: str, lang: str) -> str:
    u = unit_label(lang, unit)
    return f"{num} {u}" if lang == "en" else f"{num}{u}"


def value(x: float | None, unit: str, lang: str = "zh", *, vs: float | None = None) -> str:
    """A level or amount with its unit ("55.69亿元", "1,528人", "197.00 ¥100m"); with ``vs``,
    enough decimals to tell it from that reference; "—" for None."""
    if not _finite(x):
        return "—"
    assert x is not None
    d = unit_decimals(unit)
    if _finite(vs):
        assert vs is not None
        if unit in COUNT_UNITS:  # whole numbers, rounded away from the reference when needed
            return _with_unit(f"{_whole_vs(x, vs):,.0f}", unit, lang)
        d = decimals_vs(x, vs, d)
    return _with_unit(number(x, d), unit, lang)


def _whole_vs(x: float, ref: float) -> Decimal:
    """``x`` as a whole number that compares with ``ref`` as ``x`` does: half-up, or rounded
    down (below ``ref``) / up (above) where half-up would land on the other side or on it."""
    r = half_up(x, 0)
    want = _sign(x, ref)
    if _sign(float(r), ref) != want:
        r = _quantize(x, 0, ROUND_FLOOR if want < 0 else ROUND_CEILING)
    return r


def value_required(x: float | None, unit: str, lang: str = "zh") -> str:
    """A required amount with its unit, rounded up so that delivering it reaches the target."""
    if not _finite(x):
        return "—"
    assert x is not None
    d = unit_decimals(unit)
    return _with_unit(f"{ceil_to(x, d):,.{d}f}", unit, lang)


def points(x: float | None, *, signed: bool = True) -> str:
    """A gap in percentage points as text ("+0.3", "−1.2")."""
    if not _finite(x):
        return "—"
    assert x is not None
    r = half_up(x, PCT_DECIMALS)
    return f"{r:+.1f}" if signed and not r.is_zero() else f"{r:.1f}"


def ratio(x: float | None, *, vs: tuple[float, ...] = (), suffix: str = "×") -> str:
    """A pace ratio ("1.25×"), with enough decimals to stay on the same side of each
    threshold in ``vs`` as the exact ratio (1.5198 against 1.5 → "1.52×", never "1.50×")."""
    if not _finite(x):
        return "—"
    assert x is not None
    d = 2
    for ref in vs:
        d = max(d, decimals_vs(x, ref, 2))
    return f"{half_up(x, d):.{d}f}{suffix}"


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


def gap_decimals(gap_unit: str) -> int:
    """Decimals a gap is shown at: one for points of growth (``pp``), else its unit's."""
    return PCT_DECIMALS if gap_unit == "pp" else unit_decimals(gap_unit)


def on_target(x: float | None, gap_unit: str) -> bool:
    """The one tolerance for "on the target": the gap ``x`` rounds (half-up) to zero at its
    displayed precision (:func:`gap_decimals`), whichever its sign: |x| < 0.05 points, or
    half a unit step (0.005亿元, 0.05亩, 0.5家)."""
    return _finite(x) and half_up(abs(x), gap_decimals(gap_unit)).is_zero()  # type: ignore[arg-type]


def gap(x: float | None, unit: str, lang: str = "zh") -> str:
    """The size of a gap to a target, without sign, never shown as zero when it is not:
    "0.8个百分点" / "0.8 points" for growth (``unit`` ``pp``), else the amount with its unit."""
    if not _finite(x):
        return "—"
    assert x is not None
    if on_target(x, unit):
        return (
            ("0.0 points" if lang == "en" else "0.0个百分点")
            if unit == "pp"
            else value(0.0, unit, lang)
        )
    size = abs(x)
    if unit == "pp":
        d = decimals_vs(size, 0.0, PCT_DECIMALS)
        num = f"{half_up(size, d):.{d}f}"
        return f"{num} points" if lang == "en" else f"{num}个百分点"
    return value(size, unit, lang, vs=0.0)
