"""Number formatting: every number with its unit, growth in percent with one decimal.

Pure Python, shared by the pages and the briefing text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

#: Units shown in English.
UNITS_EN: dict[str, str] = {
    "亿元": "100m yuan",
    "亩": "mu",
    "万平方米": "10k m²",
    "家": "firms",
    "人": "people",
    "个": "projects",
    "%": "%",
}


def unit_label(lang: str, unit: str) -> str:
    """The unit as shown in ``lang``."""
    return UNITS_EN.get(unit, unit) if lang == "en" else unit


#: Decimals shown per unit.
DECIMALS: dict[str, int] = {"亿元": 2, "亩": 1, "万平方米": 2, "家": 0, "人": 0, "个": 0}


def half_up(x: float, decimals: int) -> Decimal:
    """``x`` rounded half away from zero as people do (6.25 → 6.3), not half-to-even."""
    # a context wide enough for any finite float (up to ~1e308 with the decimals asked for)
    return Decimal(repr(x)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=Context(prec=400)
    )


def pct(x: float | None, *, signed: bool = False) -> str:
    """Growth or share in percent with one decimal ("5.7%"); "—" for None."""
    if x is None:
        return "—"
    r = half_up(x, 1)
    return f"{r:+.1f}%" if signed else f"{r:.1f}%"


def value(x: float | None, unit: str, lang: str = "zh") -> str:
    """A level or amount with its unit ("55.69亿元", "1,528人"); "—" for None."""
    if x is None:
        return "—"
    d = DECIMALS.get(unit, 2)
    u = unit_label(lang, unit)
    sep = " " if lang == "en" else ""
    return f"{half_up(x, d):,.{d}f}{sep}{u}"


def ratio(x: float | None) -> str:
    """A pace ratio ("1.25×")."""
    return "—" if x is None else f"{x:.2f}×"
