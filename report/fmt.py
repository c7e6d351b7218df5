"""Number display rules, in one place: every number with its unit, growth in percent.

Pure Python (never streamlit), shared by the pages, the briefing, the command line and the
exports. The numeric precision (decimals per unit, rounding) is :mod:`model.fmt`, re-exported
here so ``from report import fmt`` gives both.

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
"""

from __future__ import annotations

import math
from decimal import Decimal

from model import catalogue
from model.fmt import (  # noqa: F401 - re-exported: the precision rules the words are made of
    COUNT_UNITS,
    DECIMALS,
    MAX_DECIMALS,
    PCT_DECIMALS,
    SAME,
    UNIT_NAMES,
    ceil_to,
    decimals_vs,
    gap_decimals,
    half_up,
    on_target,
    one_line,
    step_value,
    unit_decimals,
    whole_vs,
)


def unit_label(lang: str, unit: str) -> str:
    """The unit as shown in ``lang`` (compact: 万㎡, ¥100m; the units list of
    ``data/units.toml``; a unit not listed, percent included, as it is written)."""
    return UNIT_NAMES.get(lang, {}).get(unit, unit)


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
            return _with_unit(f"{whole_vs(x, vs):,.0f}", unit, lang)
        d = decimals_vs(x, vs, d)
    return _with_unit(number(x, d), unit, lang)


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


def _points(num: str, lang: str) -> str:
    """``num`` percentage points ("0.8个百分点" / "0.8 points": the catalogue's ``points``)."""
    if lang == "en":
        return f"{num} {catalogue.entries('en')['points']}"
    return f"{num}{catalogue.entries('zh')['points']}"


def gap(x: float | None, unit: str, lang: str = "zh") -> str:
    """The size of a gap to a target, without sign, never shown as zero when it is not:
    "0.8个百分点" / "0.8 points" for growth (``unit`` ``pp``), else the amount with its unit."""
    if not _finite(x):
        return "—"
    assert x is not None
    if on_target(x, unit):
        return _points("0.0", lang) if unit == "pp" else value(0.0, unit, lang)
    size = abs(x)
    if unit == "pp":
        d = decimals_vs(size, 0.0, PCT_DECIMALS)
        num = f"{half_up(size, d):.{d}f}"
        return _points(num, lang)
    return value(size, unit, lang, vs=0.0)


def gap_shown(diff: Decimal, decimals: int, unit: str, lang: str = "zh") -> str:
    """A gap computed from the figures as shown (:func:`report.answer.gap`: the shown full
    year less the shown target), at their decimals, without sign: what a reader subtracts
    ("19.2个百分点", "0.32亿元")."""
    num = f"{abs(diff):,.{decimals}f}"
    return _points(num, lang) if unit == "pp" else _with_unit(num, unit, lang)
