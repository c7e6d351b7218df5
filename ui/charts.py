"""Altair chart builders shared by the pages.

Each chart is authored in Altair once per (kind, language, unit) and turned into a Vega-Lite
spec with no data in it (``_spec``, cached): Altair's schema validation then runs once, not
on every slider move. What changes with the scenario travels as one long DataFrame whose
``layer`` column says which layer a row belongs to. A builder returns a :class:`Chart`
(data + spec) or None; pages draw it with :func:`draw`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from model.drivers import Part
from model.projection import IndicatorResult
from model.view import required_shown
from report import fmt
from report.i18n import every_voice
from report.voice import Voice, voice_of

BLUE, LIGHT, RED, ORANGE = "#1f4e79", "#8fb3d9", "#c0392b", "#e67e22"


@dataclass(frozen=True)
class Chart:
    """A chart ready to draw: its rows and its (data-free) Vega-Lite spec."""

    data: pd.DataFrame
    spec: dict[str, Any]


def draw(chart: Chart | None, where: Any = st) -> None:
    """Draw ``chart`` (if any) across the width of ``where`` (st or a column)."""
    if chart is not None:
        where.vega_lite_chart(chart.data, chart.spec, width="stretch")


def _on(layer: str) -> Any:
    return alt.datum.layer == layer


def _spec(chart: alt.TopLevelMixin, *, validate: bool = False) -> dict[str, Any]:
    """The chart's Vega-Lite spec with every data reference removed (Altair gives a data-less
    chart an empty placeholder dataset), so all layers read the data passed when drawing.

    Altair's JSON-schema validation costs ~0.2 s a spec (seconds of a cold start for all of
    them) and the specs are fixed code, so the app skips it; a test builds every spec with
    ``validate=True`` and checks it is the same dict."""
    spec = chart.to_dict(validate=validate)
    spec.pop("datasets", None)

    def strip(node: dict[str, Any]) -> None:
        node.pop("data", None)
        for child in node.get("layer", []):
            strip(child)

    strip(spec)
    return spec


@lru_cache(maxsize=256)
def _spec_built(kind: str, lang: str, unit: str, months: int = 6) -> dict[str, Any]:
    return _spec(_SPECS[kind](Voice(lang, months), unit))


def _spec_cached(kind: str, voice: Voice, unit: str) -> dict[str, Any]:
    """A fresh copy of the cached spec (the drawing code may add keys to what it gets), in
    the words of the voice's period (its titles say 前三季度 for Q1–Q3 data)."""
    return copy.deepcopy(_spec_built(kind, voice.lang, unit, voice.months))


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows)


# --- overview: H1 growth against required H2 growth ------------------------------------------
def _gap_spec(voice: Voice, unit: str) -> alt.LayerChart:
    y = alt.Y("indicator:N", title=None, sort=None)
    base = alt.Chart()
    points = base.mark_circle(size=140, opacity=1).encode(
        y=y,
        x=alt.X("value:Q", title=voice.t("chart_axis_growth")),
        color=alt.Color(
            "series:N",
            title=voice.t("chart_series"),
            sort=None,
            scale=alt.Scale(range=["#5470c6", "#d4553c"]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("indicator:N", title=voice.t("col_indicator")),
            alt.Tooltip("series:N", title=voice.t("chart_series")),
            alt.Tooltip("label:N", title="%"),
        ],
    )
    # the label is the table's text (model.fmt: required growth rounded up), never a second
    # rounding by the chart (31.7 in the chart against 31.8% in the table)
    label = alt.Text("label:N")
    return alt.layer(
        base.mark_rule(strokeDash=[3, 3], color="#bbb").encode(x=alt.datum(0)),
        base.mark_rule(color="#999").encode(y=y, x="min(value):Q", x2="max(value):Q"),
        points,
        points.mark_text(dy=-13, fontSize=11)
        .encode(text=label)
        .transform_filter("datum.h1 == false"),
        points.mark_text(dy=15, fontSize=11)
        .encode(text=label)
        .transform_filter("datum.h1 == true"),
    ).properties(title=voice.t("chart_growth_title"), height=alt.Step(44), width="container")


def growth_gap_chart(results: list[IndicatorResult], lang: str | Voice) -> Chart | None:
    """Dumbbell chart: H1 growth and required H2 growth per growth indicator (None if none)."""
    voice = voice_of(lang)
    rows = []
    for r in results:
        if r.h1_growth_pct is None or r.required_h2_growth_pct is None:
            continue
        name = voice.name(r)
        rows.append(
            {
                "indicator": name,
                "series": voice.t("chart_h1_growth"),
                "value": r.h1_growth_pct,
                "label": fmt.pct(r.h1_growth_pct, signed=True),
                "h1": True,
            }
        )
        rows.append(
            {
                "indicator": name,
                "series": voice.t("chart_required"),
                "value": required_shown(r),
                "label": fmt.pct_required(required_shown(r)),
                "h1": False,
            }
        )
    if not rows:
        return None
    return Chart(_frame(rows), _spec_cached("gap", voice, ""))


# --- full-year growth as a function of H2 growth ------------------------------------------------
def _curve_spec(voice: Voice, unit: str) -> alt.LayerChart:
    base = alt.Chart()
    x = alt.X("x:Q", title=voice.t("chart_h2_growth_axis"))
    line = (
        base.mark_line(color=BLUE)
        .encode(
            x=x,
            y=alt.Y("y:Q", title=voice.t("chart_fy_growth_axis")),
            tooltip=[
                alt.Tooltip("xl:N", title=voice.t("chart_h2_growth_axis")),
                alt.Tooltip("yl:N", title=voice.t("chart_fy_growth_axis")),
            ],
        )
        .transform_filter(_on("curve"))
    )
    target = (
        base.mark_rule(color=RED, strokeDash=[6, 3]).encode(y="y:Q").transform_filter(_on("target"))
    )
    now = (
        base.mark_circle(size=120, color=ORANGE)
        .encode(x="x:Q", y="y:Q")
        .transform_filter(_on("now"))
    )
    return alt.layer(line, target, now).properties(height=220, width="container")


def growth_curve_chart(
    curve: list[dict[str, float]], r: IndicatorResult, lang: str | Voice
) -> Chart | None:
    """Full-year growth as a function of H2 growth, the target line and the current H2."""
    voice = voice_of(lang)
    if not curve:
        return None
    rows = [
        {
            "layer": "curve",
            "x": c["h2_growth_pct"],
            "y": c["fy_growth_pct"],
            "xl": fmt.pct(c["h2_growth_pct"], signed=True),
            "yl": fmt.pct(c["fy_growth_pct"], signed=True),
        }
        for c in curve
    ]
    if r.target_growth_pct is not None:
        rows.append({"layer": "target", "x": None, "y": r.target_growth_pct})
    if r.h2_assumption is not None and r.projected_fy_growth_pct is not None:
        rows.append({"layer": "now", "x": r.h2_assumption, "y": r.projected_fy_growth_pct})
    return Chart(_frame(rows), _spec_cached("curve", voice, ""))


# --- required H2 growth across prior-year H1 shares ------------------------------------------
def _sensitivity_spec(voice: Voice, unit: str) -> alt.LayerChart:
    base = alt.Chart()
    band = (
        base.mark_rect(color="#f3d9a4", opacity=0.5)
        .encode(x="x:Q", x2="x2:Q")
        .transform_filter(_on("band"))
    )
    line = (
        base.mark_line(color=BLUE, point=True)
        .encode(
            x=alt.X("x:Q", title=voice.t("chart_share_axis"), scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=voice.t("chart_required_axis")),
            tooltip=[
                alt.Tooltip("xl:N", title=voice.t("chart_share_axis")),
                alt.Tooltip("yl:N", title=voice.t("chart_required_axis")),
            ],
        )
        .transform_filter(_on("line"))
    )
    now = (
        base.mark_rule(color=ORANGE, strokeDash=[4, 2]).encode(x="x:Q").transform_filter(_on("now"))
    )
    return alt.layer(band, line, now).properties(height=220, width="container")


def sensitivity_chart(
    rows: list[dict[str, float]],
    current_share: float | None,
    lang: str | Voice,
    band: tuple[float, float] = (40.0, 50.0),
) -> Chart | None:
    """Required rest-of-year growth across prior-year same-period shares, ``band`` shaded
    (:func:`model.period.share_band`; H1: 40–50%)."""
    voice = voice_of(lang)
    if not rows:
        return None
    data = [{"layer": "band", "x": band[0], "x2": band[1], "y": None}]
    data += [
        {
            "layer": "line",
            "x": r["h1_share_pct"],
            "x2": None,
            "y": r["required_h2_growth_pct"],
            "xl": fmt.pct(r["h1_share_pct"]),
            "yl": fmt.pct_required(r["required_h2_growth_pct"]),  # rounded up, as the tables
        }
        for r in rows
    ]
    if current_share is not None:
        data.append({"layer": "now", "x": current_share, "x2": None, "y": None})
    return Chart(_frame(data), _spec_cached("sensitivity", voice, ""))


# --- contributions of the parts of industrial output ------------------------------------------
def _contribution_spec(voice: Voice, unit: str) -> alt.Chart:
    return (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("part:N", title=None, sort=None),
            x=alt.X("contribution_pp:Q", title=voice.t("chart_contribution_axis")),
            color=alt.condition(alt.datum.contribution_pp >= 0, alt.value(BLUE), alt.value(RED)),
            tooltip=[
                alt.Tooltip("part:N", title=" "),
                alt.Tooltip("label:N", title=voice.t("chart_contribution_axis")),
            ],
        )
        .properties(height=alt.Step(30), width="container")
    )


def contribution_chart(parts: tuple[Part, ...], lang: str | Voice) -> Chart:
    """Each part's contribution (percentage points) to the parent's H2 growth."""
    voice = voice_of(lang)
    lang = voice.lang
    rows = [
        {
            "part": voice.name(p),
            "contribution_pp": round(p.contribution_pp, 3),
            "label": fmt.points(p.contribution_pp),
        }
        for p in parts
    ]
    return Chart(_frame(rows), _spec_cached("contribution", voice, ""))


# --- fan chart of the full-year outcome ----------------------------------------------------------
def _fan_spec(voice: Voice, unit: str) -> alt.LayerChart:
    base = alt.Chart()
    x = alt.X(
        "month:Q",
        title=voice.t("chart_month_axis"),
        scale=alt.Scale(domain=[6, 12]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    y_title = voice.t("chart_fy_growth_axis")
    fan = base.transform_filter(_on("fan"))
    return alt.layer(
        fan.mark_area(opacity=0.18, color=BLUE).encode(
            x=x, y=alt.Y("lo95:Q", title=y_title), y2="hi95:Q"
        ),
        fan.mark_area(opacity=0.3, color=BLUE).encode(x=x, y="lo80:Q", y2="hi80:Q"),
        fan.mark_line(color=BLUE).encode(x=x, y="centre:Q"),
        base.mark_rule(color=RED, strokeDash=[6, 3])
        .encode(y="centre:Q")
        .transform_filter(_on("target")),
    ).properties(height=200, width="container")


def has_fan(r: IndicatorResult) -> bool:
    """Whether :func:`fan_chart` has what it needs (the baseline's intervals, H1 growth and
    share, a projection)."""
    return not (
        r.h2_interval_80 is None
        or r.h2_interval_95 is None
        or r.projected_fy_growth_pct is None
        or r.h1_growth_pct is None
        or r.h1_share_pct is None
    )


def fan_chart(r: IndicatorResult, lang: str | Voice, months: int = 6) -> Chart | None:
    """Fan chart of cumulative growth from the data's month-end to year end under the scenario.

    Centre: from YTD growth g1 (month ``months``) to the projected full-year growth G (month
    12), linearly. Bands: the model's own 80% / 95% rest-of-year intervals, centred on the
    scenario and turned into full-year terms, G ± (1 − w)·h where h is the interval's
    half-width — the same predictive distribution as the stated intervals and P(reach) —
    opening linearly from zero at month ``months``. Target: a rule at G*.
    """
    voice = voice_of(lang).at(months)
    if not has_fan(r):
        return None
    assert r.h2_interval_80 is not None and r.h2_interval_95 is not None
    assert r.h1_growth_pct is not None and r.h1_share_pct is not None
    assert r.projected_fy_growth_pct is not None
    rest = 1.0 - r.h1_share_pct / 100.0
    h80 = rest * (r.h2_interval_80[1] - r.h2_interval_80[0]) / 2.0
    h95 = rest * (r.h2_interval_95[1] - r.h2_interval_95[0]) / 2.0
    rows = []
    for m in range(months, 13):
        f = (m - months) / (12.0 - months)
        centre = r.h1_growth_pct + (r.projected_fy_growth_pct - r.h1_growth_pct) * f
        rows.append(
            {
                "layer": "fan",
                "month": m,
                "centre": centre,
                "lo95": centre - h95 * f,
                "hi95": centre + h95 * f,
                "lo80": centre - h80 * f,
                "hi80": centre + h80 * f,
            }
        )
    if r.target_growth_pct is not None:
        rows.append({"layer": "target", "month": None, "centre": r.target_growth_pct})
    return Chart(_frame(rows), _spec_cached("fan", voice, ""))


# --- the month-by-month path (year to date: actual, needed by the target, projected) ----------
def _path_spec(voice: Voice, unit: str) -> alt.Chart:
    return (
        alt.Chart()
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:Q",
                title=voice.t("chart_month_axis"),
                scale=alt.Scale(domain=[1, 12]),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y(
                "value:Q", title=voice.t("path_value_axis", unit=fmt.unit_label(voice.lang, unit))
            ),
            color=alt.Color(
                "series:N",
                title=voice.t("chart_series"),
                sort=None,
                scale=alt.Scale(range=[BLUE, RED, ORANGE]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("series:N", sort=None, legend=None),
            tooltip=[
                alt.Tooltip("series:N", title=voice.t("chart_series")),
                alt.Tooltip("month:Q", title=voice.t("chart_month_axis")),
                alt.Tooltip("label:N", title=fmt.unit_label(voice.lang, unit) or "#"),
            ],
        )
        .properties(height=240, width="container")
    )


def path_chart(path: dict[str, Any], lang: str | Voice) -> Chart | None:
    """The month-by-month path of one indicator (:func:`model.path.indicator_path`): its
    year-to-date figures, the figures its target needs by each of those months, and the
    scenario's path to December; None when nothing is known to draw."""
    voice = voice_of(lang)
    unit = path["unit"]
    rows = []
    for key, pairs in (
        ("path_actual", zip(path["months"], path["actual"], strict=True)),
        ("path_required", zip(path["months"], path["required"], strict=True)),
        ("path_projected", ((p["month"], p["value"]) for p in path["projected"])),
    ):
        series = voice.t(key)
        rows += [
            {"series": series, "month": m, "value": v, "label": voice.number(v, unit)}
            for m, v in pairs
            if v is not None
        ]
    if not rows:
        return None
    return Chart(_frame(rows), _spec_cached("path", voice, unit))


_SPECS: dict[str, Any] = {
    "gap": _gap_spec,
    "curve": _curve_spec,
    "sensitivity": _sensitivity_spec,
    "contribution": _contribution_spec,
    "fan": _fan_spec,
    "path": _path_spec,
}

#: The chart kinds, and the cached spec builder (for the warm-up in :mod:`ui.warm`).
SPEC_KINDS: tuple[str, ...] = tuple(_SPECS)
spec_built = _spec_built


def spec_keys(ds: Any) -> list[tuple[str, str, str]]:
    """Every (language, kind, unit) a page of ``ds`` may draw (the warm-up builds them all)."""
    units = sorted({ind.unit for ind in ds.indicators} | {""})
    return [(v.lang, kind, unit) for v in every_voice() for kind in SPEC_KINDS for unit in units]


def validated_spec(kind: str, lang: str, unit: str, months: int = 6) -> dict[str, Any]:
    """The spec of ``kind`` built with Altair's schema validation on (for the tests)."""
    return _spec(_SPECS[kind](Voice(lang, months), unit), validate=True)
