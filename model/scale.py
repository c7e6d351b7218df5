"""The scale of a series' uncertainty at its own geographic level (see :mod:`model.baseline`).

The baseline's error scale s (:mod:`model.intervals`) is learned from national series. A
series below the national level — a province, a city, the district — swings more between its
year to date and its full year, so its intervals and P(reach) use s × a multiplier
(:class:`Scale`), chosen in this order (documented in ``data/history/scales.toml``):

- ``national``: a national series is its own reference: 1;
- ``own``: the series' own H1-to-FY gaps (its ``prev_*``/``prev2_*`` figures and the history
  rows of the district's own region, :data:`OWN_REGION`) in at least :data:`MIN_OWN` years that
  the reference series also has: RMS(own gaps) / RMS(reference gaps), the same years;
- ``published``: the published series of the same level in the history (its ``geo_level``)
  against the national series of the same indicator and year, pooled over regions and
  indicators: √(Σ d_level² / Σ d_national²), at least :data:`MIN_PUBLISHED` pairs, years before
  the data year only;
- ``conservative``: else the same pooled ratio over the published figures the data file lists
  (:func:`conservative`).

Every multiplier is at least 1 (a series is never taken as calmer than the national one).
A gap is d = 100·(ln(1 + G/100) − ln(1 + g1/100)) (:func:`model.chain_rule.log_gap`).

``series_type`` picks the reference national series of an indicator (:data:`TYPE_SERIES`).
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.chain_rule import log_gap
from model.data import ROOT
from model.history import GEO_COLUMN, REGION_LEVELS, primary_rows
from model.table import DEFAULT_LEVEL, GEO_LEVELS, SERIES_TYPES  # noqa: F401  (re-exported)

SCALES_FILE = ROOT / "data" / "history" / "scales.toml"
#: Where the multiplier came from, in the order tried.
SOURCES: tuple[str, ...] = ("national", "own", "published", "conservative")
#: The series type of an indicator a table adds without one.
DEFAULT_TYPE = "other"
MIN_OWN = 3
MIN_PUBLISHED = 3
#: The reference national series of each series type (region, indicator of the history), and
#: the one that stands in when the history lacks it. ``count`` and ``other`` have none of
#: their own: they take GDP's with the conservative scale (:func:`reference_of`).
TYPE_SERIES: dict[str, tuple[str, ...]] = {
    "output": ("industry_va",),
    "value_added": ("gdp",),
    "investment": ("fai",),
    "retail": ("retail", "gdp"),
    "fiscal": ("fiscal_revenue",),
    "count": ("gdp",),
    "other": ("gdp",),
}
#: Series types whose reference is only a stand-in: their scale is never below the
#: conservative one.
NO_REFERENCE: frozenset[str] = frozenset({"count", "other"})


@dataclass(frozen=True)
class Scale:
    """The multiplier of the national error scale for one series: its value, where it came
    from (one of :data:`SOURCES`), how many years (own), pairs (published) or published
    figures (conservative) it rests on, and the level it is for."""

    multiplier: float
    source: str
    years: int
    level: str = DEFAULT_LEVEL

    @property
    def cut(self) -> float:
        """The multiplier the chain rule judges abnormal years at: this one when it was
        measured on the series' own years (``own``), else 1 (the reference series' band): a
        level's published or conservative multiplier is a guess of the spread, which widens
        the interval but is no evidence that a year was normal."""
        return self.multiplier if self.source == "own" else 1.0


def _spec() -> dict[str, Any]:
    return tomllib.loads(SCALES_FILE.read_text(encoding="utf-8"))


#: The history region whose rows are the district's own series.
OWN_REGION: str = str(_spec()["own_region"])


def pooled_ratio(pairs: Iterable[tuple[float, float]]) -> float | None:
    """√(Σ a² / Σ b²) over pairs (a, b) of gaps; None when Σ b² is 0 or there are none."""
    listed = list(pairs)
    den = sum(b * b for _, b in listed)
    if not listed or den <= 0:
        return None
    return math.sqrt(sum(a * a for a, _ in listed) / den)


@functools.cache
def conservative() -> Scale:
    """The conservative scale: :func:`pooled_ratio` of the published sub-national figures
    listed in ``data/history/scales.toml`` against the national series (at least 1)."""
    figures = _spec()["conservative"]["figures"]
    pairs = [
        (
            log_gap(f["ytd_growth_pct"], f["later_growth_pct"]),
            log_gap(f["national_ytd_growth_pct"], f["national_later_growth_pct"]),
        )
        for f in figures
    ]
    ratio = pooled_ratio(pairs) or 1.0
    return Scale(max(1.0, ratio), "conservative", len(pairs))


Gaps = dict[tuple[str, str, int], tuple[float, str]]


def series_gaps(table: pd.DataFrame, ytd: str) -> Gaps:
    """(region, indicator, year) → (gap, geo_level) of every primary series with YTD and FY
    growth."""
    rows = primary_rows(table)
    rows = rows[rows["period"].isin([ytd, "FY"]) & rows["growth_pct"].notna()]
    out: dict[tuple[str, str, int], tuple[float, str]] = {}
    by: dict[tuple[str, str, int], dict[str, tuple[float, str]]] = {}
    has_level = GEO_COLUMN in rows.columns
    for r in rows.itertuples(index=False):
        level = getattr(r, GEO_COLUMN) if has_level else REGION_LEVELS.get(r.region, "")
        key = (str(r.region), str(r.indicator), int(r.year))
        by.setdefault(key, {})[str(r.period)] = (float(r.growth_pct), str(level))
    for key, p in by.items():
        if ytd in p and "FY" in p:
            out[key] = (log_gap(p[ytd][0], p["FY"][0]), p[ytd][1] or p["FY"][1])
    return out


def level_pairs(
    table: pd.DataFrame,
    level: str,
    *,
    ytd: str = "H1",
    before: int | None = None,
    gaps: Gaps | None = None,
) -> list[tuple[str, str, int, float, float]]:
    """(region, indicator, year, its gap, the national gap) of every published series of
    ``level`` whose national series (region ``china``) has the same indicator and year, years
    before ``before`` only (``gaps``: :func:`series_gaps` of the table, when known)."""
    if gaps is None:
        gaps = series_gaps(table, ytd)
    out = []
    for (region, indicator, year), (d, lvl) in sorted(gaps.items()):
        if lvl != level or region == "china" or (before is not None and year >= before):
            continue
        national = gaps.get(("china", indicator, year))
        if national is not None:
            out.append((region, indicator, year, d, national[0]))
    return out


def own_gaps(
    table: pd.DataFrame, indicator: str, *, ytd: str = "H1", gaps: Gaps | None = None
) -> dict[int, float]:
    """Year → gap of the district's own series (:data:`OWN_REGION`) of ``indicator``."""
    if gaps is None:
        gaps = series_gaps(table, ytd)
    return {y: d for (r, i, y), (d, _) in gaps.items() if r == OWN_REGION and i == indicator}


def level_scale(
    table: pd.DataFrame,
    level: str,
    *,
    ytd: str = "H1",
    before: int | None = None,
    gaps: Gaps | None = None,
) -> Scale:
    """The scale of a series at ``level`` without its own history: 1 for ``national``; the
    published pairs of the level (at least :data:`MIN_PUBLISHED`); else the conservative."""
    if level == "national":
        return Scale(1.0, "national", 0, level)
    pairs = level_pairs(table, level, ytd=ytd, before=before, gaps=gaps)
    ratio = pooled_ratio((p[3], p[4]) for p in pairs)
    if len(pairs) >= MIN_PUBLISHED and ratio is not None:
        return Scale(max(1.0, ratio), "published", len(pairs), level)
    c = conservative()
    return Scale(c.multiplier, c.source, c.years, level)


def own_scale(
    own: Mapping[int, float], reference: Mapping[int, float], level: str = DEFAULT_LEVEL
) -> Scale | None:
    """RMS(own gaps) / RMS(reference gaps) over the years both have (at least
    :data:`MIN_OWN`; at least 1), or None."""
    years = sorted(set(own) & set(reference))
    if len(years) < MIN_OWN:
        return None
    ratio = pooled_ratio((own[y], reference[y]) for y in years)
    if ratio is None:
        return None
    return Scale(max(1.0, ratio), "own", len(years), level)


def reference_of(series_type: str, indicators: Iterable[str]) -> tuple[str, bool]:
    """The history indicator of the reference national series of ``series_type`` among the
    ``indicators`` the history has, and whether it is a stand-in (the type's own series
    missing, or a type without one)."""
    have = set(indicators)
    wanted = TYPE_SERIES.get(series_type, TYPE_SERIES[DEFAULT_TYPE])
    for i, ind in enumerate(wanted):
        if ind in have:
            return ind, i > 0 or series_type in NO_REFERENCE
    return wanted[-1], True
