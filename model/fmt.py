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
- ONE tolerance for "on the target" (:func:`on_target`): a gap to a target that rounds to
  zero at the gap's displayed precision (0.1 point of growth, the unit's decimals for levels
  and amounts) is on the target — 恰好达标, never "差 0.000000亿元" with 难达标; the
  projection counts it as reached (``outcome`` ``reach``) and the words show it as
  ``exact``.
- Counts (家, 人, 个) are whole numbers, also beside a reference (:func:`whole_vs`).
"""

from __future__ import annotations

import math
import tomllib
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from pathlib import Path

from model.catalogue import LANGS

#: The one list of units (``data/units.toml``): each with its decimals, counts marked.
UNITS_FILE = Path(__file__).resolve().parent.parent / "data" / "units.toml"
_UNITS: dict[str, dict[str, object]] = tomllib.loads(UNITS_FILE.read_text(encoding="utf-8"))[
    "units"
]
#: The units an indicator may be given in, in the file's order.
UNITS: tuple[str, ...] = tuple(_UNITS)
#: Decimals shown per unit.
DECIMALS: dict[str, int] = {u: int(str(spec["decimals"])) for u, spec in _UNITS.items()}
#: Units that count whole things: their figures are shown as whole numbers, never "27.6家".
COUNT_UNITS = frozenset(u for u, spec in _UNITS.items() if spec.get("count", False))
#: Decimals of growth rates and shares (percent).
PCT_DECIMALS = 1
#: Most decimals ever shown to separate a figure from its reference.
MAX_DECIMALS = 6
#: Two figures closer than this (relative to their size) are the same figure.
SAME = 1e-9

_CTX = Context(prec=400)  # wide enough for any finite float with the decimals asked for

#: Each unit as a person reads it, per language (compact, so that a metric card does not cut
#: it off: 万㎡, ¥100m): the ``zh``/``en`` of the units list; a unit without one is shown as
#: it is written (:func:`report.fmt.unit_label`).
UNIT_NAMES: dict[str, dict[str, str]] = {
    code: {u: str(spec[code]) for u, spec in _UNITS.items() if code in spec} for code in LANGS
}


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


def whole_vs(x: float, ref: float) -> Decimal:
    """``x`` as a whole number that compares with ``ref`` as ``x`` does: half-up, or rounded
    down (below ``ref``) / up (above) where half-up would land on the other side or on it."""
    r = half_up(x, 0)
    want = _sign(x, ref)
    if _sign(float(r), ref) != want:
        r = _quantize(x, 0, ROUND_FLOOR if want < 0 else ROUND_CEILING)
    return r


def gap_decimals(gap_unit: str) -> int:
    """Decimals a gap is shown at: one for points of growth (``pp``), else its unit's."""
    return PCT_DECIMALS if gap_unit == "pp" else unit_decimals(gap_unit)


def on_target(x: float | None, gap_unit: str) -> bool:
    """The one tolerance for "on the target": the gap ``x`` rounds (half-up) to zero at its
    displayed precision (:func:`gap_decimals`), whichever its sign: |x| < 0.05 points, or
    half a unit step (0.005亿元, 0.05亩, 0.5家)."""
    if x is None or not math.isfinite(x):
        return False
    return half_up(abs(x), gap_decimals(gap_unit)).is_zero()


def step_value(x: float, step: float) -> float:
    """``x`` rounded up to a multiple of ``step`` (the value a snap writes into a link)."""
    decimals = max(0, -Decimal(repr(step)).as_tuple().exponent)  # type: ignore[operator]
    n = math.ceil(x / step - 1e-9)
    return float(round(n * step, decimals))


# --- numbers as text: one formatter per kind (the words around them are report/fmt's) -------
def plain(x: float) -> str:
    """A figure quoted in a message a person reads: thousands separated, up to 4 decimals,
    no trailing zeros (``1,234.5``; ``0`` for a negative zero)."""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def general(x: float) -> str:
    """A value or bound in a one-line English message (six significant digits: ``1e+06``)."""
    return f"{x:g}"


def link_number(x: float) -> str:
    """A short decimal text for ``x`` that parses back to the same float within 1e-10 (a
    value written into a link)."""
    text = f"{x:.10g}"
    return text if "e" not in text else f"{x:.10f}".rstrip("0").rstrip(".")


def exact(x: float) -> str:
    """The shortest text that reads back as exactly ``x`` (a stored or downloaded cell);
    a whole number without ``.0``."""
    return str(int(x)) if x.is_integer() else repr(x)


def fixed(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` decimals (the command line's table)."""
    return f"{x:.{digits}f}"


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
