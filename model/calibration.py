"""The calibration of the baseline's backtest (``python -m model --backtest --summary``): how
often the 95% interval held what happened, by series, geographic level and kind of year.

A backtest year Y of a series is put in one group, judged on the series' normal band for Y
(:func:`model.chain_rule.noise_band`, the gaps of the years before Y only), in this order:

- ``shock``: Y's own H1-to-FY gap is abnormal;
- ``rebound``: the prior year's gap is abnormal;
- ``after``: the year after a rebound (the gap of Y − 2 is abnormal);
- ``normal``: otherwise (also while the series is too short to have a band).

The published sub-national series of the history (its ``geo_level`` province, city, district)
are backtested too (:func:`local_rows`): each year with YTD and full-year growth is predicted
as the app would predict a table of that region — the national series' rule and error scale
for the year (years before it only), the region's own prior years where published, the
national H1 share — with the scale of its level (:mod:`model.scale`) from years before it
and the chain's ``extra_se`` (the same predictive distribution as the app's,
:func:`model.intervals.predictive`); its group is the national series' for the year.

Each group's object has ``n`` (backtest years), ``mae`` (mean absolute error of full-year
growth of the default method, points), ``naive_mae`` (the same of g2 = g1 in those years),
``n_interval`` (years with a 95% interval) and ``coverage_95`` (the share of those whose
actual rest-of-year growth fell in the interval; None without any).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from model.backtest import BacktestRow, _predict_all
from model.chain_rule import Observation, Reference, Rule, chain_of_pairs, log_gap, noise_band
from model.fitting import growth_pairs
from model.history import REGION_LEVELS
from model.intervals import _scale, predictive
from model.scale import level_scale, own_scale, series_gaps

#: The method whose intervals are calibrated (the app's default, model.baseline).
METHOD = "chain"

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


def _level(series: str, levels: Mapping[str, str]) -> str:
    region = series.partition("/")[0]
    return levels.get(region) or REGION_LEVELS.get(region, "district")


def local_rows(
    table: pd.DataFrame,
    observations: Mapping[str, Sequence[Observation]],
    gaps: Mapping[str, Mapping[int, float]],
    rows: Sequence[BacktestRow],
    *,
    ytd: str = "H1",
    method: str = METHOD,
) -> tuple[BacktestRow, ...]:
    """The backtest rows of the published sub-national series (see the module docstring):
    ``observations``, ``gaps`` and ``rows`` are the national series' (model.baseline)."""
    every = series_gaps(table, ytd)
    out: list[BacktestRow] = []
    pairs_of: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
    rules_of: dict[str, dict[int, Rule]] = {}
    for (region, indicator, year), (_, level) in sorted(every.items()):
        series = f"china/{indicator}"
        obs = {o.year: o for o in observations.get(series, ())}
        if level == "national" or region == "china" or year not in obs:
            continue
        pairs = pairs_of.setdefault(
            (region, indicator), growth_pairs(table, region, indicator, ytd=ytd)
        )
        g1, g_fy = pairs[year]
        w = obs[year].w
        if series not in rules_of:  # each year's rule and spread as the national backtest's
            listed = list(obs.values())
            rules_of[series] = _predict_all(listed, series, len(listed) + 1, gaps[series])[1]
        rule = rules_of[series][year]
        own = {y: log_gap(*p) for y, p in pairs.items() if y < year}
        national = {y: d for y, d in gaps[series].items() if y < year}
        sc = own_scale(own, national, level) or level_scale(
            table, level, ytd=ytd, before=year, gaps=every
        )
        # the app's own call (IndicatorBaseline.decide): the national series as the reference,
        # abnormal years judged at the row's measured scale only
        c = chain_of_pairs(
            g1,
            w,
            rule.band,
            (pairs.get(year - 1), pairs.get(year - 2)),
            fallback=rule.fallback,
            reference=Reference.of(rule, gaps[series], year),
            spread=rule.spread,
            scale=sc.cut,
        )
        errors = [
            r.g2_actual - r.g2_pred
            for r in rows
            if r.series == series and r.spec == method and r.year < year
        ]
        s = _scale(errors)
        fy_pred = w * g1 + (1.0 - w) * c.h2
        interval, in80, in95 = None, None, None
        if s is not None:
            p = predictive(c.h2, s[0], s[1], method, multiplier=sc.multiplier, extra=c.extra_se)
            lo, hi = (w * g1 + (1.0 - w) * x for x in (p.lo95, p.hi95))
            lo80, hi80 = (w * g1 + (1.0 - w) * x for x in (p.lo80, p.hi80))
            interval, in80, in95 = (lo, hi), lo80 <= g_fy <= hi80, lo <= g_fy <= hi
        out.append(
            BacktestRow(
                spec=method,
                series=f"{region}/{indicator}",
                year=year,
                train_years=tuple(y for y in obs if y < year),
                g1=g1,
                w=w,
                g2_pred=c.h2,
                g2_actual=(g_fy - w * g1) / (1.0 - w),
                fy_pred=fy_pred,
                fy_actual=g_fy,
                abs_error=abs(fy_pred - g_fy),
                in80=in80,
                in95=in95,
                interval_95=interval,
                used=c.kind,
            )
        )
    return tuple(out)


def _stats(rows: list[BacktestRow], naive: Mapping[tuple[str, int], float]) -> dict[str, Any]:
    judged = [r for r in rows if r.in95 is not None]
    return {
        "n": len(rows),
        "mae": sum(r.abs_error for r in rows) / len(rows),
        "naive_mae": sum(naive[(r.series, r.year)] for r in rows) / len(rows),
        "n_interval": len(judged),
        "coverage_95": sum(bool(r.in95) for r in judged) / len(judged) if judged else None,
    }


def summary_records(report: Any, method: str = METHOD) -> list[dict[str, Any]]:
    """One object per series, geographic level and year group (groups without a year left
    out), in series and :data:`GROUPS` order: the national backtest of ``report`` (a
    :class:`model.baseline.BaselineReport`) and its sub-national rows (``local_rows``)."""
    local = tuple(getattr(report, "local_rows", ()))
    naive = {(r.series, r.year): r.abs_error for r in report.rows if r.spec == "naive"}
    naive |= {(r.series, r.year): abs(r.g1 - r.fy_actual) for r in local}
    levels = dict(getattr(report, "local_levels", {}))
    mine = [r for r in (*report.rows, *local) if r.spec == method and (r.series, r.year) in naive]
    out: list[dict[str, Any]] = []
    for series in sorted({r.series for r in mine}):
        reference = "china/" + series.partition("/")[2]
        gaps = report.gaps.get(reference, {})
        by_group: dict[str, list[BacktestRow]] = {g: [] for g in GROUPS}
        for r in mine:
            if r.series == series:
                by_group[year_group(r.year, gaps)].append(r)
        for g in GROUPS:
            if by_group[g]:
                out.append(
                    {"series": series, "geo_level": _level(series, levels), "group": g}
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
