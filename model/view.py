"""One view of an indicator: every figure that a page, the answer table, the briefing, a
chart or an export shows of one indicator under one scenario, made once by :func:`view_of`
and read by each of them (none asks the model again).

A view carries the projection (:class:`model.projection.IndicatorResult`: the full year,
the required rest of the year, the pace, the intervals, P(reach) and the default rest-of-year
assumption ``h2_default``) and what the inputs offer around it: the value a snap to the
target writes (the 达标线), the display step, the pace thresholds the amounts are judged by,
the rest-of-year key's allowed range, each assumption box's range
(:func:`model.ranges.input_range`), the share sensitivity and the driver breakdown.
:func:`views_of` makes the views of every indicator of a dataset under one scenario: a
:class:`Views`, which is the scenario's :class:`~model.projection.ProjectionResults` (the
tables, the briefing and the exports read it as before) with the views beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import model.fmt as fmt
import model.projection as projection
from model.data import Dataset, Indicator
from model.drivers import Breakdown, breakdown
from model.period import share_grid
from model.projection import (
    Baselines,
    IndicatorResult,
    ProjectionResults,
    display_step,
    growth_curve,
    pace_thresholds,
    share_sensitivity,
)
from model.ranges import input_range
from model.scenario import Scenario, key_specs

Range = tuple[float, float]


def required_shown(result: IndicatorResult) -> float | None:
    """The required rest-of-year figure — growth (%) or amount — rounded ONCE, toward the
    target (up: the shown figure, delivered, reaches it) at the indicator's display step
    (:func:`model.projection.display_step`: 0.1 point of growth, the unit's decimals for an
    amount). The one number of the figure: the answer table, the panel, the 达标线, the value
    a snap writes (so the slider after 对齐达标线) and every export show it. None if unknown;
    an amount already met needs 0."""
    r = result
    value = r.required_h2_growth_pct if r.kind != "amount" else r.required_h2_amount
    if value is None:
        return None
    if r.kind == "amount":
        value = max(value, 0.0)
        return float(fmt.ceil_to(value, fmt.unit_decimals(r.unit)))
    return float(fmt.ceil_to(value, fmt.PCT_DECIMALS))


@dataclass(frozen=True)
class IndicatorView:
    """Every figure shown of one indicator under one scenario (see the module docstring)."""

    result: IndicatorResult
    #: the required rest-of-year figure as shown everywhere and what a snap to the target
    #: writes (:func:`required_shown`), None if unknown
    snap: float | None
    #: the precision a rest-of-year value is shown and written at
    display_step: float
    #: the pace ratios at which an amount's difficulty changes
    pace_thresholds: tuple[float, ...]
    #: the range the rest-of-year key accepts (its slider's widest scale)
    h2_bounds: Range
    #: (parameter, (min, max)) of each assumption's input box
    input_ranges: tuple[tuple[str, Range], ...] = ()
    #: (prior-year share %, required rest-of-year growth %) over the sensitivity grid
    sensitivity: tuple[tuple[float, float], ...] = ()
    #: the driver breakdown (indicators built from parts), None otherwise
    drivers: Breakdown | None = None
    #: (part, (min, max)) the key of each driver part accepts
    driver_bounds: tuple[tuple[str, Range], ...] = ()
    #: whether the baseline is fitted on a proxy series
    baseline_proxy: bool = False
    #: the geographic level the baseline's uncertainty is scaled to (model.scale)
    baseline_level: str = "district"
    #: the series that stands in for the indicator's series type when the history has none
    #: of its own (``china/gdp`` for ``retail`` without retail rows), else None
    baseline_stand_in: str | None = None

    @property
    def id(self) -> str:
        return self.result.id

    @property
    def h2_default(self) -> float | None:
        """The rest-of-year assumption without the scenario's own value for the indicator."""
        return self.result.h2_default

    def input_range(self, param: str) -> Range:
        """The (min, max) the input box of assumption ``param`` offers; ``KeyError`` if none."""
        return dict(self.input_ranges)[param]

    def driver_range(self, part: str) -> Range:
        """The (min, max) the key of driver part ``part`` accepts; ``KeyError`` if none."""
        return dict(self.driver_bounds)[part]

    def sensitivity_rows(self) -> list[dict[str, float]]:
        """The share sensitivity as the chart takes it (empty when it does not apply)."""
        return [{"h1_share_pct": w, "required_h2_growth_pct": g} for w, g in self.sensitivity]

    def curve(self, h2_growth_pcts: list[float]) -> list[dict[str, float]]:
        """Full-year growth at each rest-of-year growth of ``h2_growth_pcts`` (the line the
        growth curve chart draws: arithmetic of this view's own figures)."""
        return growth_curve(self.result, h2_growth_pcts)


@dataclass(frozen=True)
class Views(ProjectionResults):
    """The projections of every indicator under one scenario with the view of each."""

    views: tuple[IndicatorView, ...] = ()

    def view(self, indicator_id: str) -> IndicatorView:
        """The view of ``indicator_id``; ``KeyError`` if unknown."""
        for v in self.views:
            if v.id == indicator_id:
                return v
        raise KeyError(indicator_id)


def _sensitivity(
    ind: Indicator, r: IndicatorResult, scenario: Scenario, ds: Dataset
) -> tuple[tuple[float, float], ...]:
    """The required rest-of-year growth over the prior-year share grid, where it applies (a
    growth indicator with an assumed share, a known H1 growth and an assumption)."""
    if ind.kind == "amount" or None in (r.h1_growth_pct, r.h2_assumption):
        return ()
    rows = share_sensitivity(ind, scenario, ds, share_grid(ds.months_elapsed))
    return tuple((row["h1_share_pct"], row["required_h2_growth_pct"]) for row in rows)


def _drivers(
    ind: Indicator, r: IndicatorResult, scenario: Scenario, ds: Dataset
) -> tuple[Breakdown | None, tuple[tuple[str, Range], ...]]:
    """The driver breakdown of ``ind`` and the range of each part's key (none without parts
    or a prior-year share)."""
    if r.h1_share_pct is None or not ds.drivers_of(ind.id):
        return None, ()
    b = breakdown(ds, scenario, ind.id, r.h1_share_pct)
    if b is None:
        return None, ()
    specs = key_specs(ds)
    bounds = tuple(
        (p.id, (specs[f"{ind.id}.{p.id}"].low, specs[f"{ind.id}.{p.id}"].high)) for p in b.parts
    )
    return b, bounds


def view_of(
    ind: Indicator, scenario: Scenario, ds: Dataset, baselines: Baselines | None = None
) -> IndicatorView:
    """The view of ``ind`` under ``scenario`` on ``ds``: one projection
    (:func:`model.projection.project_indicator`) and the figures around it."""
    r = projection.project_indicator(ind, scenario, ds, baselines)
    spec = key_specs(ds)[ind.id]
    drivers, driver_bounds = _drivers(ind, r, scenario, ds)
    return IndicatorView(
        result=r,
        snap=required_shown(r),
        display_step=display_step(r),
        pace_thresholds=pace_thresholds(ds),
        h2_bounds=(spec.low, spec.high),
        input_ranges=tuple((p, input_range(ds, ind, scenario, p)) for p in ind.assumptions),
        sensitivity=_sensitivity(ind, r, scenario, ds),
        drivers=drivers,
        driver_bounds=driver_bounds,
        **_baseline_labels(ind, baselines),
    )


def _baseline_labels(ind: Indicator, baselines: Baselines | None) -> dict[str, Any]:
    """Whether the indicator's baseline is a labelled proxy of its own (by id), the series
    standing in for its series type (a type's baseline on another series), and its level."""
    b = projection.baseline_of(ind, baselines)
    own = b is not None and baselines is not None and baselines.get(ind.id) is b
    proxy = bool(getattr(b, "proxy", False))
    return {
        "baseline_proxy": own and proxy,
        "baseline_stand_in": b.series if b is not None and proxy and not own else None,
        "baseline_level": getattr(ind, "geo_level", None) or "district",
    }


def views_of(ds: Dataset, scenario: Scenario, baselines: Baselines | None = None) -> Views:
    """The views of every indicator of ``ds`` under ``scenario``, in data-file order: the
    same results as :func:`model.projection.project` (one projection per indicator)."""
    views = tuple(view_of(ind, scenario, ds, baselines) for ind in ds.indicators)
    return Views(
        scenario=scenario,
        results=tuple(v.result for v in views),
        months_elapsed=ds.months_elapsed,
        pace_thresholds=pace_thresholds(ds),
        views=views,
    )
