"""The calibration of the baseline's backtest (``python -m model --backtest --summary``): how
often the 95% interval held what happened, by series, geographic level and kind of year.

A backtest year Y of a series is put in one group, judged on the series' normal band for Y
(:func:`model.chain_rule.noise_band`, the gaps of the years before Y only), in this order:

- ``shock``: Y's own H1-to-FY gap is abnormal;
- ``rebound``: the prior year's gap is abnormal;
- ``after``: the year after a rebound (the gap of Y − 2 is abnormal);
- ``normal``: otherwise (also while the series is too short to have a band).

Each group's object has ``n`` (backtest years), ``mae`` (mean absolute error of full-year
growth of the default method, points), ``naive_mae`` (the same of g2 = g1 in those years),
``n_interval`` (years with a 95% interval) and ``coverage_95`` (the share of those whose
actual rest-of-year growth fell in the interval; None without any).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from model.backtest import BacktestRow
from model.baseline import DEFAULT_METHOD, BaselineReport
from model.chain_rule import noise_band
from model.history import REGION_LEVELS

GROUPS: tuple[str, ...] = ("shock", "rebound", "after", "normal")


def year_group(year: int, gaps: Mapping[int, float]) -> str:
    """The group of backtest year ``year`` of a series with these gaps (see the module
    docstring)."""
    band = noise_band(gaps, year)
    if band is None:
        return "normal"

    def abnormal(y: int) -> bool:
        d = gaps.get(y)
        return d is not None and band.abnormal(d)

    if abnormal(year):
        return "shock"
    if abnormal(year - 1):
        return "rebound"
    if abnormal(year - 2):
        return "after"
    return "normal"


def _level(series: str) -> str:
    region = series.partition("/")[0]
    return REGION_LEVELS.get(region, "district")


def _stats(rows: list[BacktestRow], naive: Mapping[int, float]) -> dict[str, Any]:
    judged = [r for r in rows if r.in95 is not None]
    return {
        "n": len(rows),
        "mae": sum(r.abs_error for r in rows) / len(rows),
        "naive_mae": sum(naive[r.year] for r in rows) / len(rows),
        "n_interval": len(judged),
        "coverage_95": sum(bool(r.in95) for r in judged) / len(judged) if judged else None,
    }


def summary_records(report: BaselineReport, method: str = DEFAULT_METHOD) -> list[dict[str, Any]]:
    """One object per series, geographic level and year group (groups without a year left
    out), in series and :data:`GROUPS` order."""
    out: list[dict[str, Any]] = []
    for series in sorted({r.series for r in report.rows}):
        mine = [r for r in report.rows if r.series == series and r.spec == method]
        naive = {
            r.year: r.abs_error for r in report.rows if r.series == series and r.spec == "naive"
        }
        gaps = report.gaps.get(series, {})
        by_group: dict[str, list[BacktestRow]] = {g: [] for g in GROUPS}
        for r in mine:
            if r.year in naive:
                by_group[year_group(r.year, gaps)].append(r)
        for g in GROUPS:
            if by_group[g]:
                out.append(
                    {"series": series, "geo_level": _level(series), "group": g}
                    | _stats(by_group[g], naive)
                )
    return out


def coverage(records: Iterable[Mapping[str, Any]]) -> tuple[float | None, int]:
    """The pooled 95% coverage of summary records: (share of the years with an interval whose
    actual fell in it, those years)."""
    held = judged = 0
    for r in records:
        if r["coverage_95"] is not None:
            held += round(r["coverage_95"] * r["n_interval"])
            judged += r["n_interval"]
    return (held / judged if judged else None), judged
