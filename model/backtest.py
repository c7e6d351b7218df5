"""The baseline's expanding-window backtest (see :mod:`model.baseline`): every method's
prediction of each year from the years before it only, its errors, intervals and summary, the
method with the lowest error, and the district's volatility factor."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from model.chain_rule import (
    Observation,
    Reference,
    Rule,
    chain_of_one,
    learned_spread,
    series_rule,
)
from model.fitting import fit
from model.history import primary_rows
from model.intervals import _scale, predictive

METHODS: tuple[str, ...] = ("naive", "ols", "two_year", "chain")
#: Tie-break order when two methods have the same backtest MAE.
PREFERENCE: tuple[str, ...] = ("chain", "naive", "ols", "two_year")
MIN_TRAIN = 6
#: Pairs needed for the district volatility factor (else 1.0).
MIN_PAIRS = 3


@dataclass(frozen=True)
class BacktestRow:
    """One predicted year of the expanding-window backtest (growth in %). ``spec`` is the
    method; ``used`` the method that actually predicted (``regime`` uses another);
    intervals are of full-year growth (None while fewer than 3 earlier errors exist)."""

    spec: str
    series: str
    year: int
    train_years: tuple[int, ...]
    g1: float
    w: float
    g2_pred: float
    g2_actual: float
    fy_pred: float
    fy_actual: float
    abs_error: float
    in80: bool | None
    in95: bool | None
    interval_95: tuple[float, float] | None = None
    used: str = ""


def clean_years(obs: Sequence[Observation], rule: Rule, gaps: Mapping[int, float]) -> set[int]:
    """The years OLS leaves out for ``rule``'s data year: the abnormal years and the year
    after each."""
    bad = set(rule.abnormal_years(gaps))
    return bad | {y + 1 for y in bad}


def _predict_all(
    obs: list[Observation], series: str, min_train: int, gaps: Mapping[int, float] | None = None
) -> tuple[dict[str, dict[int, tuple[float, str, float]]], dict[int, Rule]]:
    """H2 predictions of every method for every year it can predict (method → year →
    (g2_pred, what predicted, the chain's extra_se)), and the rule of each year (its spread
    learned from the chain's years before it, :func:`model.chain_rule.learned_spread`).
    naive, two_year and chain need no training; ols needs ``min_train`` earlier years and is
    fitted without the abnormal years and the year after each (at least 3 left)."""
    region, _, indicator = series.partition("/")
    if gaps is None:
        gaps = {o.year: o.gap for o in obs}
    out: dict[str, dict[int, tuple[float, str, float]]] = {m: {} for m in METHODS}
    rules: dict[int, Rule] = {}
    moves: list[tuple[float, float]] = []  # (h2 − g1, g2 − h2) of the chain's earlier years
    for i, o in enumerate(obs):
        rule = replace(series_rule(obs, gaps, o.year), spread=learned_spread(moves))
        rules[o.year] = rule
        out["naive"][o.year] = (o.g1, "naive", 0.0)
        two = chain_of_one(o.g1, o.w, rule.band, o.prior[0])
        out["two_year"][o.year] = (two, "two_year", 0.0)
        c = rule.apply(o.g1, o.w, o.prior, Reference.of(rule, gaps, o.year))
        out["chain"][o.year] = (c.h2, c.kind, c.extra_se)
        moves.append((c.h2 - o.g1, o.g2 - c.h2))
        if i >= min_train:
            skip = clean_years(obs, rule, gaps)
            train = [t for t in obs[:i] if t.year not in skip]
            if len(train) >= 3:
                try:
                    p = fit(train, "ols", region=region, indicator=indicator).predict(o.g1)
                except ValueError:
                    continue
                out["ols"][o.year] = (p.mean, "ols", 0.0)
    return out, rules


def backtest(
    obs: list[Observation], spec: str, *, series: str = "", min_train: int = MIN_TRAIN
) -> list[BacktestRow]:
    """Expanding-window backtest of method ``spec``: each year from the ``min_train``-th on is
    predicted from the years before it only; its 80%/95% intervals come from the method's
    errors in the years before it and, for ``chain``, the uncertainty of the rule's adjustment
    (:attr:`model.chain_rule.Chain.extra_se`), by :func:`model.intervals.predictive`: the
    app's predictive distribution (see the module docstring)."""
    return _backtest_all(obs, series=series, min_train=min_train)[spec]


def _backtest_all(
    obs: list[Observation],
    *,
    series: str = "",
    min_train: int = MIN_TRAIN,
    gaps: Mapping[int, float] | None = None,
) -> dict[str, list[BacktestRow]]:
    preds, _ = _predict_all(obs, series, min_train, gaps)
    by_year = {o.year: o for o in obs}
    out: dict[str, list[BacktestRow]] = {}
    for m in METHODS:
        rows: list[BacktestRow] = []
        for i, o in enumerate(obs):
            if i < min_train or o.year not in preds[m]:
                continue
            g2_pred, used, extra = preds[m][o.year]
            errors = [by_year[y].g2 - preds[m][y][0] for y in sorted(preds[m]) if y < o.year]
            fy_pred = o.w * o.g1 + (1.0 - o.w) * g2_pred
            scale = _scale(errors)
            interval = None
            in80 = in95 = None
            if scale is not None:
                p = predictive(g2_pred, scale[0], scale[1], m, extra=extra)

                def fy(g2: float, o: Observation = o) -> float:
                    return o.w * o.g1 + (1.0 - o.w) * g2

                interval = (fy(p.lo95), fy(p.hi95))
                in80 = fy(p.lo80) <= o.g_fy <= fy(p.hi80)
                in95 = interval[0] <= o.g_fy <= interval[1]
            rows.append(
                BacktestRow(
                    spec=m,
                    series=series,
                    year=o.year,
                    train_years=tuple(t.year for t in obs[:i]),
                    g1=o.g1,
                    w=o.w,
                    g2_pred=g2_pred,
                    g2_actual=o.g2,
                    fy_pred=fy_pred,
                    fy_actual=o.g_fy,
                    abs_error=abs(fy_pred - o.g_fy),
                    in80=in80,
                    in95=in95,
                    interval_95=interval,
                    used=used,
                )
            )
        out[m] = rows
    return out


@dataclass(frozen=True)
class BacktestSummary:
    """Mean absolute error of full-year growth (points) and interval coverage (0–1, over the
    years that had an interval)."""

    spec: str
    series: str
    n: int
    mae: float
    coverage80: float
    coverage95: float


def summarize(rows: list[BacktestRow], spec: str, series: str) -> BacktestSummary | None:
    """The summary of one method's backtest rows (None when there are none)."""
    if not rows:
        return None
    n = len(rows)
    judged = [r for r in rows if r.in80 is not None]
    k = len(judged) or 1
    return BacktestSummary(
        spec=spec,
        series=series,
        n=n,
        mae=sum(r.abs_error for r in rows) / n,
        coverage80=sum(bool(r.in80) for r in judged) / k,
        coverage95=sum(bool(r.in95) for r in judged) / k,
    )


def choose_method(summaries: Iterable[BacktestSummary], series: str) -> str:
    """The method with the lowest backtest MAE for ``series`` (ties by :data:`PREFERENCE`;
    ``naive`` when there is no backtest)."""
    mine = [s for s in summaries if s.series == series]
    if not mine:
        return "naive"
    return min(mine, key=lambda s: (round(s.mae, 9), PREFERENCE.index(s.spec))).spec


def volatility_pairs(
    table: pd.DataFrame, *, ytd: str = "H1", before: int | None = None
) -> list[tuple[str, str, int, float, float]]:
    """The (region, indicator, year, region's G − g1, China's G − g1) pairs where Guangxi or
    Liuzhou and China both publish YTD and full-year growth, years before ``before`` only."""
    rows = primary_rows(table)
    rows = rows[rows["period"].isin([ytd, "FY"])]
    g = rows.pivot_table(
        index=["region", "indicator", "year"], columns="period", values="growth_pct"
    )
    if not {ytd, "FY"} <= set(g.columns):
        return []
    g = g.dropna()
    gap = (g["FY"] - g[ytd]).to_dict()
    out = []
    for (region, indicator, year), v in sorted(gap.items()):
        if before is not None and int(year) >= before:
            continue
        if region in ("guangxi", "liuzhou") and ("china", indicator, year) in gap:
            out.append((region, indicator, int(year), v, gap[("china", indicator, year)]))
    return out


def volatility_factor(
    table: pd.DataFrame, *, ytd: str = "H1", before: int | None = None
) -> tuple[float, int]:
    """How much more a region's H1 → full-year gap varies than China's: √(Σ(G − g1)²_region /
    Σ(G − g1)²_China) over :func:`volatility_pairs` (years before ``before``); at least 1.0,
    and 1.0 from fewer than :data:`MIN_PAIRS` pairs (two pairs do not estimate a ratio of
    variances). Returns (factor, pairs used)."""
    pairs = volatility_pairs(table, ytd=ytd, before=before)
    num = sum(p[3] ** 2 for p in pairs)
    den = sum(p[4] ** 2 for p in pairs)
    if len(pairs) < MIN_PAIRS or den <= 0:
        return 1.0, len(pairs)
    return max(1.0, math.sqrt(num / den)), len(pairs)
