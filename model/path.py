"""The month-by-month path of a year and the year-end review: pure arithmetic over the
datasets of one year (issue 26).

**The path** (:func:`month_path`): for every indicator, the year-to-date figure of each month
some dataset of the year covers (when two cover the same month, the one stored later wins:
callers pass the datasets oldest first, the shipped one first), the figure the target needs
by that month (序时进度: the target × the prior year's same-period share where the month's
dataset knows it, else × months/12) and the scenario's year-to-date path from its own month to
December (straight from its year-to-date figure to its projected full year).

**The review** (:func:`review`): the year's outcome (the year-end table, period ``FY``) beside
what the model preset projected from each period of the year and what each saved scenario
projected, with the error (projected − actual) and whether the verdict it showed (reach or
miss) held.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from model.data import Dataset, Indicator, is_year_end
from model.period import YEAR_MONTHS
from model.projection import Baselines, IndicatorResult, ProjectionResults, project
from model.scenario import Scenario, parse_scenario

#: Outcomes of a projection that say the target is reached (or already done) / missed.
REACHED = ("reach", "done")
MISSED = ("miss",)
#: The preset of the baseline the review compares: the statistical model's.
MODEL = "model"


def by_month(datasets: Sequence[Dataset], iid: str | None = None) -> dict[int, Dataset]:
    """The dataset of each month covered, ``datasets`` given oldest first: a later one of the
    same month wins (the most recently stored). With ``iid``, only datasets that give that
    indicator a year-to-date figure (level or growth) count. Months ascending."""
    out: dict[int, Dataset] = {}
    for ds in datasets:
        ind = None if iid is None else ds.by_id.get(iid)
        if iid is None or (
            ind is not None
            and (ytd_level(ind) is not None or ind.figure("h1_growth_pct") is not None)
        ):
            out[ds.months_elapsed] = ds
    return dict(sorted(out.items()))


def ytd_level(ind: Indicator) -> float | None:
    """The indicator's year-to-date level: its figure, else the assumed one (None if
    neither)."""
    value = ind.figure("h1_value")
    if value is None and "h1_value" in ind.assumptions:
        value = ind.assumptions["h1_value"].default
    return value


def prior_share(ds: Dataset, iid: str) -> float | None:
    """The prior year's share (%) of ``ds``'s period in its full year for ``iid``, if the
    dataset knows it (100 for the year-end table)."""
    if ds.months_elapsed == YEAR_MONTHS:
        return 100.0
    ind = ds.by_id.get(iid)
    a = None if ind is None else ind.assumptions.get("h1_share")
    return None if a is None else a.default


def required_ytd(target: float | None, ds: Dataset, iid: str) -> float | None:
    """The year-to-date level the target needs by ``ds``'s month: the target × the prior
    year's same-period share where known, else × months/12 (None without a target)."""
    if target is None:
        return None
    share = prior_share(ds, iid)
    if share is None:
        share = 100.0 * ds.months_elapsed / YEAR_MONTHS
    return target * share / 100.0


def projected_path(result: IndicatorResult, months: int) -> list[dict[str, float]]:
    """The scenario's year-to-date path from its month (``months``, its year-to-date figure)
    to December (its projected full year), a straight line between them: ``[{month,
    value}]``; empty when either end is unknown."""
    start, end = result.h1_value, result.projected_fy_value
    if start is None or end is None or months >= YEAR_MONTHS:
        return []
    step = (end - start) / (YEAR_MONTHS - months)
    return [
        {"month": m, "value": start + step * (m - months)} for m in range(months, YEAR_MONTHS + 1)
    ]


def indicator_path(
    datasets: Sequence[Dataset], scenario_ds: Dataset, r: IndicatorResult
) -> dict[str, Any]:
    """The path of one indicator (``r`` its projection on ``scenario_ds``): see
    :func:`month_path`."""
    months = by_month([d for d in datasets if d.year == scenario_ds.year], r.id)
    covered = {m: d.by_id[r.id] for m, d in months.items()}
    return {
        "id": r.id,
        "unit": r.unit,
        "months": list(covered),
        "actual": [ytd_level(ind) for ind in covered.values()],
        "actual_growth_pct": [ind.figure("h1_growth_pct") for ind in covered.values()],
        "required": [required_ytd(r.target_value, months[m], r.id) for m in covered],
        "target_value": r.target_value,
        "projected": projected_path(r, scenario_ds.months_elapsed),
    }


def month_path(
    datasets: Sequence[Dataset], scenario_ds: Dataset, results: ProjectionResults
) -> list[dict[str, Any]]:
    """One object per indicator of ``scenario_ds`` (``results`` its projection): ``id``,
    ``unit``, ``months`` (ascending), ``actual`` and ``actual_growth_pct`` (each month's
    year-to-date figures: a month no dataset gives the indicator a figure for is left out),
    ``required`` (by each month, on the path to the target), ``target_value`` and
    ``projected`` (``[{month, value}]`` to December). ``datasets``: every dataset of the
    year, oldest first (the scenario's own among them or not)."""
    return [indicator_path(datasets, scenario_ds, r) for r in results.results]


# --- the year-end review ---------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One projection the review compares with the outcome: the baseline from a period of the
    year (``name`` None) or a saved scenario (its name and data id)."""

    period: str
    results: ProjectionResults
    name: str | None = None
    data_id: str | None = None


def _measure(ind: Indicator) -> str:
    """What the review compares: the full-year growth (%) of a growth indicator whose outcome
    gives it, else the full-year level."""
    if ind.kind == "growth" and ind.figure("h1_growth_pct") is not None:
        return "growth_pct"
    return "value"


def _projected(r: IndicatorResult, measure: str) -> float | None:
    return r.projected_fy_value if measure == "value" else r.projected_fy_growth_pct


def reached(ind: Indicator, r: IndicatorResult) -> bool | None:
    """Whether the outcome ``ind`` reached the target the projection ``r`` judged against: by
    growth for a growth target of a non-amount indicator, else by level (None if unknown)."""
    growth = ind.figure("h1_growth_pct")
    if r.kind != "amount" and r.target_growth_pct is not None and growth is not None:
        return growth >= r.target_growth_pct - 1e-9
    level = ytd_level(ind)
    if r.target_value is not None and level is not None:
        return level >= r.target_value - 1e-9
    return None


def verdict_held(ind: Indicator, r: IndicatorResult) -> bool | None:
    """Whether the verdict the projection showed (reach or miss) held in the outcome; None
    when it showed none or the outcome cannot tell."""
    said = True if r.outcome in REACHED else False if r.outcome in MISSED else None
    got = reached(ind, r)
    return None if said is None or got is None else said == got


def _entry(ind: Indicator, run: Run, measure: str, actual: float | None) -> dict[str, Any]:
    r = next((x for x in run.results.results if x.id == ind.id), None)
    projected = None if r is None else _projected(r, measure)
    out: dict[str, Any] = {}
    if run.name is not None:
        out.update(name=run.name, data_id=run.data_id)
    error = None if projected is None or actual is None else projected - actual
    out.update(period=run.period, projected=projected, error=error)
    if run.name is not None:
        out.update(verdict_held=None if r is None else verdict_held(ind, r))
    return out


def review(fy: Dataset, baseline: Sequence[Run], scenarios: Sequence[Run]) -> list[dict[str, Any]]:
    """One object per indicator of the year-end table ``fy``: ``id``, ``unit`` (the
    indicator's, or ``%`` when growth is compared), ``measure`` (``value`` or
    ``growth_pct``), ``actual``, ``baseline`` (``[{period, projected, error}]``, a run per period of
    the year) and ``scenarios`` (``[{name, data_id, period, projected, error,
    verdict_held}]``)."""
    if not is_year_end(fy):
        raise ValueError(f"review: {fy.period_code} is not a year-end table")
    out = []
    for ind in fy.indicators:
        measure = _measure(ind)
        actual = ytd_level(ind) if measure == "value" else ind.figure("h1_growth_pct")
        if actual is None:
            continue  # the outcome does not say: nothing to compare
        out.append(
            {
                "id": ind.id,
                "unit": ind.unit if measure == "value" else "%",
                "measure": measure,
                "actual": actual,
                "baseline": [_entry(ind, run, measure, actual) for run in baseline],
                "scenarios": [_entry(ind, run, measure, actual) for run in scenarios],
            }
        )
    return out


def review_of_year(
    fy: Dataset,
    periods: Sequence[Dataset],
    saved: Sequence[tuple[str, str, str, Dataset]],
    baselines_of: Callable[[Dataset], Baselines | None],
) -> list[dict[str, Any]]:
    """The review (:func:`review`) of the year-end table ``fy``: the model preset projected
    from each period of ``periods`` (oldest first: a later dataset of the same month wins),
    and each saved scenario ``(name, data id, query, its dataset)`` projected on its data.
    ``baselines_of(ds)`` gives a dataset's statistical baselines (None: the year-to-date
    pace)."""
    runs = [
        Run(d.period_code, project(d, Scenario(preset=MODEL), baselines=baselines_of(d)))
        for d in by_month([d for d in periods if not is_year_end(d)]).values()
    ]
    scenario_runs = []
    for name, did, query, d in saved:
        scenario, _issues = parse_scenario(query, d)  # the valid part, as the app opens it
        results = project(d, scenario, baselines=baselines_of(d))
        scenario_runs.append(Run(d.period_code, results, name, did))
    return review(fy, runs, scenario_runs)
