"""Full-year projections of every indicator under a scenario.

Notation (growth as fractions inside the formulas; the results report percent):

- w  – the prior year's H1 share of its full year (H1_prev / F0)
- g1 – H1 year-on-year growth; g2 – H2 year-on-year growth
- G  – full-year growth; G* – the full-year growth target
- F0 – the prior year's full-year level; H1_prev = H1 / (1 + g1); H2_prev = F0 − H1_prev
- T  – the full-year level target

Growth form:  G = w·g1 + (1 − w)·g2           required g2* = (G* − w·g1) / (1 − w)
Level form:   FY = H1 + H2_prev·(1 + g2)        required g2* = (T − H1) / H2_prev − 1
The two agree whenever w = H1_prev / F0 (tested in tests/test_projection.py).

Amount indicators (cumulative counts and sums): projected FY = H1 + H2;
required H2 = max(T − H1, 0); pace ratio = (required H2 / (12 − m)) / (H1 / m), the monthly
pace needed against the year to date's (required H2 / H1 at mid-year, m = 6); progress =
H1 / T against the elapsed share of the year (序时进度 m/12, 50% at mid-year). With data of
another period, H1 reads "year to date" (m months) and H2 "the rest of the year".

One answer per indicator (every page, the briefing, the CLI and the exports read these):

- ``gap_to_target`` = projected − target: in the indicator's unit where the target is a
  level (a sourced level, or prior year + increase) or an amount, in percentage points of
  full-year growth otherwise (``gap_unit`` says which);
- ``reachable`` = gap ≥ 0 (within float noise), so the two can never disagree;
- ``outcome``: ``done`` (H1 alone already meets the target), ``reach``, ``miss``,
  ``no_target`` or ``insufficient_data`` — the scenario's result;
- ``status``: the *difficulty* of the required H2 effort against the H1 pace (on_track,
  needs_acceleration, at_risk), which does not depend on the scenario.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import model.fmt as fmt
from model.data import Dataset, Indicator
from model.drivers import breakdown
from model.table import amount_target  # re-exported: where callers import it from
from model.typedefs import Scenario

if TYPE_CHECKING:  # the baseline module imports statsmodels lazily; only its types are needed
    from model.baseline import IndicatorBaseline

Baselines = Mapping[str, "IndicatorBaseline"]

Status = Literal["on_track", "needs_acceleration", "at_risk", "no_target", "insufficient_data"]
STATUSES: tuple[str, ...] = (
    "on_track",
    "needs_acceleration",
    "at_risk",
    "no_target",
    "insufficient_data",
)
Outcome = Literal["done", "reach", "miss", "no_target", "insufficient_data"]
OUTCOMES: tuple[str, ...] = ("done", "reach", "miss", "no_target", "insufficient_data")
#: ``gap_unit`` of a growth gap (percentage points).
POINTS = "pp"
#: Tolerance (in percentage points or in the indicator's unit) for "reaches the target".
EPS = 1e-9


# --- the formulas -------------------------------------------------------------------------


def fy_growth(w: float, g1: float, g2: float) -> float:
    """Full-year growth from the halves: G = w·g1 + (1 − w)·g2 (all fractions)."""
    return w * g1 + (1.0 - w) * g2


def required_h2_growth(w: float, g1: float, target_growth: float) -> float:
    """H2 growth that makes the full year reach G*: g2* = (G* − w·g1) / (1 − w).

    Raises ``ValueError`` unless 0 < w < 1.
    """
    if not 0.0 < w < 1.0:
        raise ValueError(f"h1_share must be strictly between 0 and 1, got {w}")
    return (target_growth - w * g1) / (1.0 - w)


def fy_level(h1: float, h2_prev: float, g2: float) -> float:
    """Projected full-year level: FY = H1 + H2_prev·(1 + g2)."""
    return h1 + h2_prev * (1.0 + g2)


def required_h2_growth_level(target: float, h1: float, h2_prev: float) -> float:
    """H2 growth that makes the full year reach level T: g2* = (T − H1) / H2_prev − 1.

    Raises ``ValueError`` unless H2_prev > 0.
    """
    if h2_prev <= 0:
        raise ValueError(f"prior-year H2 level must be positive, got {h2_prev}")
    return (target - h1) / h2_prev - 1.0


def two_year_average_growth(g: float, g_prev: float) -> float:
    """Two-year average growth: √((1 + g)(1 + g_prev)) − 1 (fractions)."""
    prod = (1.0 + g) * (1.0 + g_prev)
    if prod < 0:
        raise ValueError("(1 + g)(1 + g_prev) must not be negative")
    return prod**0.5 - 1.0


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorResult:
    """The projection of one indicator. Percentages are in percent (5.72 means 5.72%).

    ``None`` marks a figure that does not apply to the indicator's kind or cannot be
    computed from what is known (``missing`` then names what is needed).
    """

    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    group: str
    h1_value: float | None
    h1_growth_pct: float | None
    target_value: float | None
    target_growth_pct: float | None
    h1_share_pct: float | None
    h1_share_derived: bool
    prior_fy_value: float | None
    h2_prev_value: float | None
    h2_assumption: float | None
    h2_assumption_unit: str
    projected_fy_value: float | None
    projected_fy_growth_pct: float | None
    required_h2_growth_pct: float | None
    required_h2_amount: float | None
    pace_ratio: float | None
    progress_pct: float | None
    elapsed_pct: float
    status: Status
    reachable: bool | None
    missing: tuple[str, ...]
    level_is_approximation: bool
    two_year_avg_h1_growth_pct: float | None = None
    h2_from_drivers: bool = False
    h2_baseline_pct: float | None = None
    h2_interval_80: tuple[float, float] | None = None
    h2_interval_95: tuple[float, float] | None = None
    h2_baseline_se: float | None = None
    p_reach: float | None = None
    baseline_method: str | None = None
    baseline_needs: tuple[str, ...] = ()
    baseline_rule: str | None = None
    baseline_chain_years: tuple[int, ...] = ()
    baseline_assumed: str | None = None
    #: The multiplier of the national error scale used, its source (national / own /
    #: published / conservative) and the years or pairs it rests on (model.scale).
    baseline_scale: float | None = None
    baseline_scale_source: str | None = None
    baseline_scale_years: int | None = None
    gap_to_target: float | None = None
    gap_unit: str = POINTS
    outcome: Outcome = "insufficient_data"
    target_value_assumed: bool = False
    #: The H2 assumption without the scenario's own value for this indicator
    #: (:func:`default_h2`, from the figures the projection found): the slider's default.
    h2_default: float | None = None
    #: The target is derived from another figure (an amount's H1 ÷ its share done): shown as
    #: derived (≈), and judged at its shown precision (:func:`derived_amount_target`).
    target_derived: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists)."""
        d = asdict(self)
        for k in (
            "missing",
            "h2_interval_80",
            "h2_interval_95",
            "baseline_needs",
            "baseline_chain_years",
        ):
            d[k] = None if d[k] is None else list(d[k])
        return d


@dataclass(frozen=True)
class ProjectionResults:
    """The projections of every indicator under one scenario, in data-file order."""

    scenario: Scenario
    results: tuple[IndicatorResult, ...]
    months_elapsed: int = 6  # of the dataset: the year to date the results start from
    #: the pace ratios the amounts are judged by (:func:`pace_thresholds` of the dataset)
    pace_thresholds: tuple[float, ...] = (1.0,)

    def get(self, indicator_id: str) -> IndicatorResult:
        """The result of ``indicator_id``; ``KeyError`` if unknown."""
        for r in self.results:
            if r.id == indicator_id:
                return r
        raise KeyError(indicator_id)

    def to_records(self) -> list[dict[str, Any]]:
        """A list of JSON-ready dicts, one per indicator."""
        return [r.to_dict() for r in self.results]


# --- projection ---------------------------------------------------------------------------


def _identity(ind: Indicator, ds: Dataset) -> dict[str, Any]:
    """The fields every result carries whatever its kind."""
    return {
        "id": ind.id,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "unit": ind.unit,
        "kind": ind.kind,
        "group": ind.group,
        "elapsed_pct": ds.elapsed_share * 100.0,
    }


def _pct(x: float | None) -> float | None:
    return None if x is None else x * 100.0


def _frac(x: float | None) -> float | None:
    return None if x is None else x / 100.0


def assumption_value(ind: Indicator, scenario: Scenario, param: str) -> float | None:
    """The scenario's value of assumption ``param`` of ``ind``, else its default (or None)."""
    if (ind.id, param) in scenario.assumptions:
        return scenario.assumptions[(ind.id, param)]
    a = ind.assumptions.get(param)
    return None if a is None else a.default


def _growth_status(
    required_pct: float, h1_pct: float, ds: Dataset
) -> Literal["on_track", "needs_acceleration", "at_risk"]:
    gap = required_pct - h1_pct
    if gap <= EPS:
        return "on_track"
    if gap <= ds.thresholds.growth_gap_pp + EPS:
        return "needs_acceleration"
    return "at_risk"


#: The prior-year inputs of the chain rule: scenario parameter → keyword of the baseline.
PRIOR_INPUTS: dict[str, str] = {
    "prev_h1_growth": "prev_h1",
    "prev_fy_growth": "prev_fy",
    "prev2_h1_growth": "prev2_h1",
    "prev2_fy_growth": "prev2_fy",
}


def baseline_prediction(
    ind: Indicator,
    scenario: Scenario,
    baselines: Baselines | None,
    g1_pct: float | None,
    w: float | None,
) -> tuple[Any, tuple[str, ...], Any] | None:
    """The statistical baseline of ``ind`` under ``scenario``: (prediction, the prior-year
    inputs the rule still needs, what the chain rule did — None without a share), or None
    without a baseline. The prior year's and the year before's H1 and full-year growth come
    from the ``prev_*`` / ``prev2_*`` assumptions; the rule is
    :func:`model.baseline.chain_rule`, the same function as ``--backtest``'s."""
    b = baseline_of(ind, baselines)
    if b is None or g1_pct is None:
        return None
    prior: dict[str, Any] = {
        kw: assumption_value(ind, scenario, p) for p, kw in PRIOR_INPUTS.items()
    }
    has_share = w is not None and 0 < w < 1
    level = getattr(ind, "geo_level", None) or "district"
    p = b.predict(g1_pct, w=w, **prior, geo_level=level)
    chain = b.decide(g1_pct, w if has_share and w else 0.5, **prior, scale=p.cut)
    return p, chain.missing, chain if has_share else None


def baseline_of(ind: Indicator, baselines: Baselines | None) -> Any:
    """The baseline of ``ind``: its own (by id) unless a table gave it another ``series_type``
    than the data file's, then the baseline of that type (``baselines.types``, see
    :class:`model.baseline.BaselineMap`), as for an indicator a table added with a series
    type; None without one (an added indicator without a series type has none)."""
    if not baselines:
        return None
    st = getattr(ind, "series_type", None)
    own = baselines.get(ind.id)
    if st is None or (st == getattr(ind, "series_type_default", None) and not ind.added):
        return own
    if own is not None and own.series_type == st:
        return own
    return getattr(baselines, "types", {}).get(st)


def rest_months_ratio(ds: Dataset) -> float:
    """(12 − m) / m: the months left per month elapsed (1 at mid-year, 1/3 after Q1–Q3)."""
    return (12 - ds.months_elapsed) / ds.months_elapsed


def default_h2(
    ind: Indicator,
    g1_pct: float | None,
    h1: float | None,
    scenario: Scenario,
    ds: Dataset,
    baselines: Baselines | None = None,
    w: float | None = None,
) -> float | None:
    """The H2 assumption when the scenario does not set one: the H1 pace, shifted by the preset.

    growth/level: g2 = g1 + margin; amount: H2 = H1 × (12 − m)/m × factor — the year-to-date
    monthly pace over the months left (H2 = H1 at mid-year; margin 0, factor 1 without preset).
    Preset ``model``: the model-implied H2 growth where the indicator has a baseline (``w``:
    its prior-year H1 share, a fraction, for the two-year rule), else the H1 pace.
    """
    if scenario.preset == "model":
        pred = baseline_prediction(ind, scenario, baselines, g1_pct, w)
        if pred is not None:
            return pred[0].mean
    preset = ds.presets.get(scenario.preset or "")
    if ind.kind == "amount":
        if h1 is None:
            return None
        return h1 * rest_months_ratio(ds) * (preset.amount_factor if preset else 1.0)
    if g1_pct is None:
        return None
    return g1_pct + (preset.growth_margin_pp if preset else 0.0)


@dataclass
class _GrowthFigures:
    """The figures of a growth or level indicator as :func:`project_growth` finds them (growth
    rates as fractions): H1, its growth, the targets, the prior-year share ``w`` and level
    ``f0``, and the inputs still missing."""

    h1: float | None
    g1: float | None
    t_level: float | None
    t_growth: float | None
    increase: float | None
    w: float | None = None
    f0: float | None = None
    derived_share: bool = False
    missing: list[str] = field(default_factory=list)


def _growth_figures(ind: Indicator, scenario: Scenario) -> _GrowthFigures:
    """The sourced figures (else the scenario's assumptions), their bases and the targets
    they complete (see :func:`project_growth`)."""
    h1 = ind.figure("h1_value")
    if h1 is None:
        h1 = assumption_value(ind, scenario, "h1_value")
    g1 = _frac(ind.figure("h1_growth_pct"))
    if g1 is None:
        g1 = _frac(assumption_value(ind, scenario, "h1_growth"))
    t_growth = _frac(ind.figure("target_growth_pct"))
    if t_growth is None:
        t_growth = _frac(assumption_value(ind, scenario, "target_growth"))
    fig = _GrowthFigures(
        h1, g1, ind.figure("target_value"), t_growth, ind.figure("target_increase")
    )
    _find_bases(fig, ind, scenario)
    _complete_targets(fig)
    return fig


def _find_bases(fig: _GrowthFigures, ind: Indicator, scenario: Scenario) -> None:
    """w and F0: derived from a level target with its growth, else the assumptions."""
    h1, g1 = fig.h1, fig.g1
    if fig.t_level is not None and fig.t_growth is not None and h1 is not None and g1 is not None:
        fig.f0 = fig.t_level / (1.0 + fig.t_growth)
        fig.w = h1 / (1.0 + g1) / fig.f0
        fig.derived_share = True
    else:
        fig.w = _frac(assumption_value(ind, scenario, "h1_share"))
        fig.f0 = assumption_value(ind, scenario, "prior_fy")
        if fig.f0 is None and h1 is not None and g1 is not None and fig.w is not None:
            fig.f0 = h1 / (1.0 + g1) / fig.w
    if fig.w is None:
        fig.missing.append("h1_share")


def _complete_targets(fig: _GrowthFigures) -> None:
    """A target given as an increase, H1 growth from the levels, and each target's level or
    growth from the other, where F0 allows."""
    f0, w = fig.f0, fig.w
    if fig.increase is not None:
        if f0 is None:
            fig.missing.append("prior_fy")
        else:
            fig.t_level = f0 + fig.increase
            fig.t_growth = fig.increase / f0
    if fig.g1 is None and fig.h1 is not None and f0 is not None and w is not None:
        fig.g1 = fig.h1 / (w * f0) - 1.0
    if fig.g1 is None and "prior_fy" not in fig.missing:
        fig.missing.append("h1_growth")
    if fig.t_level is None and fig.t_growth is not None and f0 is not None:
        fig.t_level = f0 * (1.0 + fig.t_growth)
    if fig.t_growth is None and fig.t_level is not None and f0 is not None:
        fig.t_growth = fig.t_level / f0 - 1.0


def _growth_h2(
    ind: Indicator,
    scenario: Scenario,
    ds: Dataset,
    baselines: Baselines | None,
    fig: _GrowthFigures,
) -> tuple[float | None, bool, float | None]:
    """The H2 growth assumption (%): the scenario's, else :func:`default_h2`; the drivers'
    breakdown when the scenario sets drivers of this indicator. And whether it came from
    the drivers, and the default (what it is without the scenario's own value)."""
    default = default_h2(ind, _pct(fig.g1), fig.h1, scenario, ds, baselines, fig.w)
    h2_pct = scenario.h2.get(ind.id)
    if h2_pct is None:
        h2_pct = default
    if fig.w is not None and any(k[0] == ind.id for k in scenario.drivers):
        parts = breakdown(ds, scenario, ind.id, fig.w * 100.0)
        if parts is not None:
            return parts.h2_growth_pct, True, default
    return h2_pct, False, default


def _two_year(ind: Indicator, scenario: Scenario, g1: float | None) -> float | None:
    """The two-year average H1 growth (fraction), where the prior year's H1 growth is known."""
    prev_h1 = _frac(assumption_value(ind, scenario, "prev_h1_growth"))
    if g1 is not None and prev_h1 is not None and (1.0 + g1) * (1.0 + prev_h1) >= 0:
        return two_year_average_growth(g1, prev_h1)
    return None


def _growth_projection(
    fig: _GrowthFigures, g2: float | None
) -> tuple[float | None, float | None, float | None, float | None]:
    """(H2 of the prior year, projected FY growth, projected FY level, required H2 growth),
    growth rates as fractions; None where a figure is missing or not finite."""
    w, g1 = fig.w, fig.g1
    h2_prev = None if fig.f0 is None or w is None else fig.f0 * (1.0 - w)
    projected_g = None if (w is None or g1 is None or g2 is None) else fy_growth(w, g1, g2)
    projected_level = None
    if fig.h1 is not None and h2_prev is not None and g2 is not None:
        projected_level = _finite(fy_level(fig.h1, h2_prev, g2))
    required = None
    if w is not None and g1 is not None and fig.t_growth is not None:
        required = required_h2_growth(w, g1, fig.t_growth)
    return h2_prev, _finite(projected_g), projected_level, _finite(required)


def _growth_gap(
    fig: _GrowthFigures,
    level_target: bool,
    projected_g: float | None,
    projected_level: float | None,
) -> float | None:
    """The gap to the target: in the unit for a level target, in points for a growth one."""
    gap: float | None = None
    if level_target and projected_level is not None and fig.t_level is not None:
        gap = projected_level - fig.t_level
    elif not level_target and projected_g is not None and fig.t_growth is not None:
        gap = (projected_g - fig.t_growth) * 100.0
    return _finite(gap)


def _growth_status_of(
    has_target: bool, required: float | None, g1: float | None, ds: Dataset
) -> Status:
    """The status of a growth or level indicator (see :func:`_growth_status`)."""
    if not has_target:
        return "no_target"
    if required is None:
        return "insufficient_data"
    return _growth_status(required * 100.0, (g1 or 0.0) * 100.0, ds)


def project_growth(
    ind: Indicator, scenario: Scenario, ds: Dataset, baselines: Baselines | None = None
) -> IndicatorResult:
    """Project a growth or level indicator (see the module docstring for the formulas).

    The bases are found in this order: a sourced level target with its growth gives
    F0 = T / (1 + G*) and then w = H1_prev / F0 (derived, not assumed); otherwise w is the
    ``h1_share`` assumption and F0 is the ``prior_fy`` assumption or H1_prev / w.
    For a level target with an increase (T = F0 + increase), F0 must be entered; g1 is then
    H1 / (w·F0) − 1 when the source gives no H1 growth.
    """
    fig = _growth_figures(ind, scenario)
    h1, g1, t_level, t_growth, w = fig.h1, fig.g1, fig.t_level, fig.t_growth, fig.w
    h2_pct, from_drivers, default = _growth_h2(ind, scenario, ds, baselines, fig)
    two_year = _two_year(ind, scenario, g1)
    h2_prev, projected_g, projected_level, required = _growth_projection(fig, _frac(h2_pct))

    has_target = t_growth is not None or fig.increase is not None or t_level is not None
    level_target = ind.figure("target_value") is not None or fig.increase is not None
    target_assumed = t_level is not None and not level_target
    gap = _growth_gap(fig, level_target, projected_g, projected_level)
    gap_unit = ind.unit if level_target else POINTS
    outcome = _outcome(
        has_target,
        gap,
        t_level if level_target else None,
        None if t_level is None else h1,
        gap_unit,
    )
    progress = None
    if h1 is not None and t_level is not None and t_level > 0 and not target_assumed:
        progress = h1 / t_level * 100.0
    return IndicatorResult(
        **_identity(ind, ds),
        h1_value=h1,
        h1_growth_pct=_pct(g1),
        target_value=t_level,
        target_growth_pct=_pct(t_growth),
        h1_share_pct=_pct(w),
        h1_share_derived=fig.derived_share,
        prior_fy_value=fig.f0,
        h2_prev_value=h2_prev,
        h2_assumption=h2_pct,
        h2_assumption_unit="%",
        projected_fy_value=projected_level,
        projected_fy_growth_pct=_pct(projected_g),
        required_h2_growth_pct=_pct(required),
        required_h2_amount=None if (t_level is None or h1 is None) else t_level - h1,
        pace_ratio=None,
        progress_pct=progress,
        status=_growth_status_of(has_target, required, g1, ds),
        reachable=_reachable(outcome),
        missing=tuple(fig.missing),
        level_is_approximation=ind.growth_basis == "real" and projected_level is not None,
        two_year_avg_h1_growth_pct=_pct(two_year),
        h2_from_drivers=from_drivers,
        gap_to_target=gap,
        gap_unit=gap_unit,
        outcome=outcome,
        target_value_assumed=target_assumed,
        h2_default=default,
        **_baseline_fields(
            baseline_prediction(ind, scenario, baselines, _pct(g1), w),
            h2_pct,
            _pct(required),
            ds.year,
        ),
    )


def _finite(x: float | None) -> float | None:
    """``x``, or None where it is not a finite number (no inf/NaN reaches a page or JSON)."""
    return x if x is not None and math.isfinite(x) else None


def _outcome(
    has_target: bool,
    gap: float | None,
    target: float | None,
    h1: float | None,
    gap_unit: str = POINTS,
) -> Outcome:
    """The scenario's result: ``done`` when a level or amount target is already met by H1
    alone (H1 ≥ T), else ``reach`` when gap ≥ 0 (within :data:`EPS`, relative to the
    target's size) or when the gap is on the target at display precision
    (:func:`model.fmt.on_target`, the one tolerance: |gap| < 0.05 points or half a unit
    step), ``miss`` below, ``no_target`` / ``insufficient_data`` otherwise."""
    if not has_target:
        return "no_target"
    if target is not None and h1 is not None and h1 >= target - EPS * max(1.0, abs(target)):
        return "done"
    if gap is None:
        return "insufficient_data"
    scale = max(1.0, abs(target)) if target is not None else 1.0
    return "reach" if gap >= -EPS * scale or fmt.on_target(gap, gap_unit) else "miss"


def just_met(result: IndicatorResult) -> bool:
    """Whether the result reaches the target only at display precision (恰好达标): its
    outcome is ``reach`` while the exact full year falls short by a gap that rounds to zero
    (:func:`model.fmt.on_target`). A full year at or above the target — what a snap to the
    target's shown figure gives — reaches it (可达标)."""
    gap = result.gap_to_target
    if result.outcome != "reach" or gap is None:
        return False
    scale = 1.0
    if result.gap_unit != POINTS and result.target_value is not None:
        scale = max(1.0, abs(result.target_value))
    return gap < -EPS * scale


def _reachable(outcome: Outcome) -> bool | None:
    """``reachable`` as the JSON has it: true for done/reach, false for miss, else null."""
    if outcome in ("done", "reach"):
        return True
    return False if outcome == "miss" else None


def _baseline_fields(
    pred: tuple[Any, tuple[str, ...], Any] | None,
    h2_pct: float | None,
    required_pct: float | None,
    year: int = 0,
) -> dict[str, Any]:
    """Baseline H2 growth, its intervals, the method that gave it, what the base-effect model
    still needs, and P(reach) = P(assumption + error ≥ required), the error being the one
    predictive distribution of the intervals (scale and t degrees of freedom)."""
    if pred is None:
        return {}
    from model.baseline import p_reach

    p, needs, chain = pred
    reach = None
    if h2_pct is not None and required_pct is not None:
        reach = p_reach(h2_pct, required_pct, p.se, p.df)
    return {
        "h2_baseline_pct": p.mean,
        "h2_interval_80": (p.lo80, p.hi80),
        "h2_interval_95": (p.lo95, p.hi95),
        "h2_baseline_se": p.se,
        "p_reach": reach,
        "baseline_method": p.method,
        "baseline_needs": needs,
        "baseline_rule": None if chain is None else chain.kind,
        "baseline_chain_years": () if chain is None else tuple(year - k for k in chain.lags),
        "baseline_assumed": (chain.assumed or None) if chain is not None else None,
        "baseline_scale": p.scale,
        "baseline_scale_source": p.scale_source or None,
        "baseline_scale_years": p.scale_years,
    }


def project_amount(
    ind: Indicator, scenario: Scenario, ds: Dataset, baselines: Baselines | None = None
) -> IndicatorResult:
    """Project an amount indicator: FY = H1 + H2; required H2 = T − H1; pace = required H2 /
    (H1 × (12 − m)/m), the monthly pace needed against the year to date's (= required H2 / H1
    at mid-year); progress = H1 / T. Status: on_track when pace ≤ 1, needs_acceleration when pace ≤ the
    threshold, else at_risk."""
    h1 = ind.figure("h1_value")
    if h1 is None:
        h1 = assumption_value(ind, scenario, "h1_value")
    target, derived = derived_amount_target(ind)
    default = default_h2(ind, None, h1, scenario, ds)
    h2 = scenario.h2.get(ind.id)
    if h2 is None:
        h2 = default
    missing: list[str] = []
    if h1 is None:
        missing.append("h1_value")
    projected = None if (h1 is None or h2 is None) else h1 + h2
    required = None if (h1 is None or target is None) else max(target - h1, 0.0)
    pace = None
    if required is not None and h1 is not None:
        at_pace = h1 * rest_months_ratio(ds)  # what the rest of the year brings at the YTD pace
        pace = required / at_pace if at_pace > 0 else (0.0 if required <= 0 else None)
    status: Status
    if target is None:
        status = "no_target"
    elif h1 is None or required is None:
        status = "insufficient_data"
    elif pace is not None and pace <= 1.0 + EPS:
        status = "on_track"
    elif pace is not None and pace <= ds.thresholds.amount_pace_ratio + EPS:
        status = "needs_acceleration"
    else:
        status = "at_risk"
    gap = None if (projected is None or target is None) else projected - target
    outcome = _outcome(target is not None, gap, target, h1, ind.unit)
    return IndicatorResult(
        **_identity(ind, ds),
        h1_value=h1,
        h1_growth_pct=None,
        target_value=target,
        target_growth_pct=ind.figure("target_growth_pct"),
        h1_share_pct=None,
        h1_share_derived=False,
        prior_fy_value=None,
        h2_prev_value=None,
        h2_assumption=h2,
        h2_assumption_unit=ind.unit,
        projected_fy_value=projected,
        projected_fy_growth_pct=None,
        required_h2_growth_pct=None,
        required_h2_amount=required,
        pace_ratio=pace,
        progress_pct=None if (h1 is None or not target) else h1 / target * 100.0,
        status=status,
        reachable=_reachable(outcome),
        missing=tuple(missing),
        level_is_approximation=False,
        gap_to_target=gap,
        gap_unit=ind.unit,
        outcome=outcome,
        h2_default=default,
        target_derived=derived,
    )


def derived_amount_target(ind: Indicator) -> tuple[float | None, bool]:
    """The amount target the projection judges against, and whether it is derived: a
    sourced target as it is; one derived from the H1 amount and its share done
    (:func:`model.table.amount_target`: 20.24 ÷ 70.61% = 28.6645) at the unit's shown
    precision (28.66), so that what a reader subtracts (28.66 − 20.24) is what the rest of
    the year must bring (8.42), and delivering the shown figure reaches the shown target."""
    target = amount_target(ind)
    if target is None or ind.figure("target_value") is not None:
        return target, False
    return float(fmt.half_up(target, fmt.unit_decimals(ind.unit))), True


def project_indicator(
    ind: Indicator, scenario: Scenario, ds: Dataset, baselines: Baselines | None = None
) -> IndicatorResult:
    """Project one indicator according to its kind (with its statistical baseline, if given)."""
    if ind.kind == "amount":
        return project_amount(ind, scenario, ds, baselines)
    return project_growth(ind, scenario, ds, baselines)


def project(
    ds: Dataset, scenario: Scenario | None = None, *, baselines: Baselines | None = None
) -> ProjectionResults:
    """Project every indicator of ``ds`` under ``scenario`` (the H1 pace when None).

    With ``baselines`` (from :func:`model.baseline.build_report`), growth indicators also get
    the model-implied H2 growth, its 80%/95% intervals and P(reach), and preset ``model``
    takes the model-implied H2 growth as the default assumption.
    """
    sc = Scenario() if scenario is None else scenario
    return ProjectionResults(
        scenario=sc,
        results=tuple(project_indicator(ind, sc, ds, baselines) for ind in ds.indicators),
        months_elapsed=ds.months_elapsed,
        pace_thresholds=pace_thresholds(ds),
    )


# --- helpers for the what-if pages -------------------------------------------------------


def pace_thresholds(ds: Dataset) -> tuple[float, ...]:
    """The pace ratios at which an amount's difficulty changes: 1 (the H1 pace) and the
    ``amount_pace_ratio`` threshold of the data file."""
    return (1.0, ds.thresholds.amount_pace_ratio)


def display_step(result: IndicatorResult) -> float:
    """The precision an H2 value is shown and written into a link at: 0.1 point of growth,
    or the decimals of the amount's unit (1 for counts, 0.01 for 亿元)."""
    if result.kind != "amount":
        return 10.0**-fmt.PCT_DECIMALS
    return 10.0 ** -fmt.unit_decimals(result.unit)


def growth_curve(result: IndicatorResult, h2_growth_pcts: list[float]) -> list[dict[str, float]]:
    """Full-year growth as a function of H2 growth: G(g2) = w·g1 + (1 − w)·g2 (percent).
    Empty when w or g1 is unknown."""
    if result.h1_share_pct is None or result.h1_growth_pct is None:
        return []
    w = result.h1_share_pct / 100.0
    return [
        {"h2_growth_pct": g2, "fy_growth_pct": fy_growth(w, result.h1_growth_pct, g2)}
        for g2 in h2_growth_pcts
    ]


def share_sensitivity(
    ind: Indicator, scenario: Scenario, ds: Dataset, shares_pct: list[float]
) -> list[dict[str, float]]:
    """Required H2 growth g2* = (G* − w·g1)/(1 − w) for each prior-year H1 share w in
    ``shares_pct`` (other inputs as in ``scenario``). Empty if the share is derived or
    g2* cannot be computed."""
    if ind.kind == "amount" or "h1_share" not in ind.assumptions:
        return []
    rows = []
    for share in shares_pct:
        r = project_growth(ind, scenario.with_assumption(ind.id, "h1_share", share), ds)
        if r.required_h2_growth_pct is None:
            return []
        rows.append({"h1_share_pct": share, "required_h2_growth_pct": r.required_h2_growth_pct})
    return rows
