"""The record builder of the exports and the compare page: a scenario parsed and projected
(:class:`ScenarioView`), and one comparison record per indicator. Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from model.data import Dataset
from model.projection import ProjectionResults, project
from model.scenario import Scenario, parse_scenario
from report.scenarios import scenario_name

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ScenarioView:
    """A scenario ready to export or compare: its name, query string, parsed scenario,
    projections and link."""

    name: str
    query: str
    scenario: Scenario
    results: ProjectionResults
    link: str = ""


def view(
    ds: Dataset,
    query: str,
    *,
    name: str | None = None,
    baselines: Mapping[str, Any] | None = None,
    base_url: str = "",
    lang: str = "zh",
) -> ScenarioView:
    """Parse ``query`` (``ValueError`` naming the first bad key) and project it; the link is
    ``base_url`` + the query (none without a base address: a relative link opens nothing)."""
    sc, issues = parse_scenario(query, ds)
    hard = [i for i in issues if i.code != "vintage_mismatch"]
    if hard:
        err = ValueError(hard[0].message)
        err.issue = hard[0]  # type: ignore[attr-defined]  # the page says it in its language
        raise err
    res = project(ds, sc, baselines=baselines)
    shown = name or scenario_name(ds, sc, lang)
    link = f"{base_url}?{query}" if base_url else ""
    return ScenarioView(shown, query, sc, res, link)


def compare_records(views: Sequence[ScenarioView]) -> list[dict[str, Any]]:
    """One record per indicator: each scenario's projected full year, reachable, gap to the
    target and the difference of the projection from the first scenario (None where a figure
    does not apply)."""
    out = []
    first = views[0].results
    for i, r0 in enumerate(first.results):
        rows = []
        for v in views:
            r = v.results.results[i]
            base = r0.projected_fy_value
            value = r.projected_fy_value
            delta = None if (value is None or base is None) else value - base
            rows.append(
                {
                    "name": v.name,
                    "projected_fy_value": value,
                    "projected_fy_growth_pct": r.projected_fy_growth_pct,
                    "reachable": r.reachable,
                    "outcome": r.outcome,
                    "gap_to_target": r.gap_to_target,
                    "gap_unit": r.gap_unit,
                    "delta_projected_fy_value": delta,
                }
            )
        out.append({"id": r0.id, "scenarios": rows})
    return out
