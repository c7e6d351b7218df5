"""Altair chart builders shared by the pages. Each takes model results and a language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model import fmt
from model.projection import IndicatorResult
from ui.i18n import t


def growth_gap_chart(results: list[IndicatorResult], lang: str) -> alt.Chart | None:
    """Dumbbell chart: H1 growth and required H2 growth per growth indicator (None if none)."""
    rows = []
    for r in results:
        if r.h1_growth_pct is None or r.required_h2_growth_pct is None:
            continue
        name = r.name_en if lang == "en" else r.name_zh
        rows.append(
            {"indicator": name, "series": t(lang, "chart_h1_growth"), "value": r.h1_growth_pct}
        )
        rows.append(
            {
                "indicator": name,
                "series": t(lang, "chart_required"),
                "value": r.required_h2_growth_pct,
            }
        )
    if not rows:
        return None
    df = pd.DataFrame(rows)
    y = alt.Y("indicator:N", title=None, sort=None)
    x = alt.X("value:Q", title=t(lang, "chart_axis_growth"))
    rule = alt.Chart(df).mark_rule(color="#999").encode(y=y, x="min(value):Q", x2="max(value):Q")
    points = (
        alt.Chart(df)
        .mark_circle(size=140, opacity=1)
        .encode(
            y=y,
            x=x,
            color=alt.Color(
                "series:N",
                title=t(lang, "chart_series"),
                scale=alt.Scale(range=["#5470c6", "#d4553c"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("indicator:N", title=t(lang, "col_indicator")),
                alt.Tooltip("series:N", title=t(lang, "chart_series")),
                alt.Tooltip("value:Q", title="%", format=".1f"),
            ],
        )
    )
    h1_name = t(lang, "chart_h1_growth")
    label = alt.Text("value:Q", format=".1f")
    labels = alt.layer(
        points.mark_text(dy=-13, fontSize=11)
        .encode(text=label)
        .transform_filter(alt.datum.series != h1_name),
        points.mark_text(dy=15, fontSize=11)
        .encode(text=label)
        .transform_filter(alt.datum.series == h1_name),
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(strokeDash=[3, 3], color="#bbb")
        .encode(x="x:Q")
    )
    return (zero + rule + points + labels).properties(
        title=t(lang, "chart_growth_title"), height=alt.Step(44), width="container"
    )


def progress_chart(r: IndicatorResult, lang: str) -> alt.LayerChart | None:
    """H1 actual + projected H2 as one stacked bar, against the full-year target (a rule)."""
    if r.h1_value is None or r.projected_fy_value is None:
        return None
    h2 = r.projected_fy_value - r.h1_value
    df = pd.DataFrame(
        {
            "part": [t(lang, "chart_h1_actual"), t(lang, "chart_h2_projected")],
            "value": [r.h1_value, h2],
            "order": [0, 1],
            "label": [fmt.value(r.h1_value, r.unit, lang), fmt.value(h2, r.unit, lang)],
        }
    )
    bars = (
        alt.Chart(df)
        .mark_bar(height=34)
        .encode(
            x=alt.X("sum(value):Q", title=fmt.unit_label(lang, r.unit), stack="zero"),
            color=alt.Color(
                "part:N",
                title=None,
                sort=None,
                scale=alt.Scale(range=["#1f4e79", "#8fb3d9"]),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("part:N", title=" "), alt.Tooltip("label:N", title=" ")],
        )
    )
    layers: list[alt.Chart] = [bars]
    if r.target_value is not None:
        tdf = pd.DataFrame(
            {
                "target": [r.target_value],
                "label": [t(lang, "chart_target", value=fmt.value(r.target_value, r.unit, lang))],
            }
        )
        rule = alt.Chart(tdf).mark_rule(color="#c0392b", strokeWidth=3).encode(x="target:Q")
        text = (
            alt.Chart(tdf)
            .mark_text(color="#c0392b", dy=-26, align="right", fontSize=12)
            .encode(x="target:Q", text="label:N")
        )
        layers += [rule, text]
    return alt.layer(*layers).properties(height=90, width="container")


def growth_curve_chart(
    curve: list[dict[str, float]], r: IndicatorResult, lang: str
) -> alt.LayerChart | None:
    """Full-year growth as a function of H2 growth, the target line and the current H2."""
    if not curve:
        return None
    df = pd.DataFrame(curve)
    x = alt.X("h2_growth_pct:Q", title=t(lang, "chart_h2_growth_axis"))
    line = (
        alt.Chart(df)
        .mark_line(color="#1f4e79")
        .encode(
            x=x,
            y=alt.Y("fy_growth_pct:Q", title=t(lang, "chart_fy_growth_axis")),
            tooltip=[
                alt.Tooltip("h2_growth_pct:Q", title=t(lang, "chart_h2_growth_axis"), format=".1f"),
                alt.Tooltip("fy_growth_pct:Q", title=t(lang, "chart_fy_growth_axis"), format=".1f"),
            ],
        )
    )
    layers: list[alt.Chart] = [line]
    if r.target_growth_pct is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"y": [r.target_growth_pct]}))
            .mark_rule(color="#c0392b", strokeDash=[6, 3])
            .encode(y="y:Q")
        )
    if r.h2_assumption is not None and r.projected_fy_growth_pct is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"x": [r.h2_assumption], "y": [r.projected_fy_growth_pct]}))
            .mark_circle(size=120, color="#e67e22")
            .encode(x="x:Q", y="y:Q")
        )
    return alt.layer(*layers).properties(height=220, width="container")


def sensitivity_chart(
    rows: list[dict[str, float]], current_share: float | None, lang: str
) -> alt.LayerChart | None:
    """Required H2 growth across prior-year H1 shares, the 40–50% band shaded."""
    if not rows:
        return None
    df = pd.DataFrame(rows)
    band = (
        alt.Chart(pd.DataFrame({"lo": [40.0], "hi": [50.0]}))
        .mark_rect(color="#f3d9a4", opacity=0.5)
        .encode(x="lo:Q", x2="hi:Q")
    )
    line = (
        alt.Chart(df)
        .mark_line(color="#1f4e79", point=True)
        .encode(
            x=alt.X(
                "h1_share_pct:Q", title=t(lang, "chart_share_axis"), scale=alt.Scale(zero=False)
            ),
            y=alt.Y("required_h2_growth_pct:Q", title=t(lang, "chart_required_axis")),
            tooltip=[
                alt.Tooltip("h1_share_pct:Q", title=t(lang, "chart_share_axis"), format=".1f"),
                alt.Tooltip(
                    "required_h2_growth_pct:Q", title=t(lang, "chart_required_axis"), format=".1f"
                ),
            ],
        )
    )
    layers: list[alt.Chart] = [band, line]
    if current_share is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"x": [current_share]}))
            .mark_rule(color="#e67e22", strokeDash=[4, 2])
            .encode(x="x:Q")
        )
    return alt.layer(*layers).properties(height=220, width="container")


def contribution_chart(parts: list[dict[str, object]], lang: str) -> alt.Chart:
    """Each part's contribution (percentage points) to the parent's H2 growth."""
    df = pd.DataFrame(parts)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("part:N", title=None, sort=None),
            x=alt.X("contribution_pp:Q", title=t(lang, "chart_contribution_axis")),
            color=alt.condition(
                alt.datum.contribution_pp >= 0, alt.value("#1f4e79"), alt.value("#c0392b")
            ),
            tooltip=[
                alt.Tooltip("part:N", title=" "),
                alt.Tooltip(
                    "contribution_pp:Q", title=t(lang, "chart_contribution_axis"), format=".1f"
                ),
            ],
        )
        .properties(height=alt.Step(30), width="container")
    )


def fan_chart(r: IndicatorResult, lang: str) -> alt.LayerChart | None:
    """Fan chart of cumulative growth from mid-year to year end under the scenario.

    Centre: from H1 growth g1 (month 6) to the projected full-year growth G (month 12),
    linearly. Bands: G ± z·(1 − w)·se, where se is the model's error of H2 growth, opening
    linearly from zero at month 6 (z = 1.2816 for 80%, 1.9600 for 95%). Target: a rule at G*.
    """
    if (
        r.h2_baseline_se is None
        or r.projected_fy_growth_pct is None
        or r.h1_growth_pct is None
        or r.h1_share_pct is None
    ):
        return None
    w = r.h1_share_pct / 100.0
    spread = (1.0 - w) * r.h2_baseline_se
    rows = []
    for m in range(6, 13):
        f = (m - 6) / 6.0
        centre = r.h1_growth_pct + (r.projected_fy_growth_pct - r.h1_growth_pct) * f
        rows.append(
            {
                "month": m,
                "centre": centre,
                "lo95": centre - 1.96 * spread * f,
                "hi95": centre + 1.96 * spread * f,
                "lo80": centre - 1.2816 * spread * f,
                "hi80": centre + 1.2816 * spread * f,
            }
        )
    df = pd.DataFrame(rows)
    x = alt.X("month:Q", title=t(lang, "chart_month_axis"), scale=alt.Scale(domain=[6, 12]))
    y_title = t(lang, "chart_fy_growth_axis")
    band95 = (
        alt.Chart(df)
        .mark_area(opacity=0.18, color="#1f4e79")
        .encode(x=x, y=alt.Y("lo95:Q", title=y_title), y2="hi95:Q")
    )
    band80 = (
        alt.Chart(df).mark_area(opacity=0.3, color="#1f4e79").encode(x=x, y="lo80:Q", y2="hi80:Q")
    )
    centre = alt.Chart(df).mark_line(color="#1f4e79").encode(x=x, y="centre:Q")
    layers: list[alt.Chart] = [band95, band80, centre]
    if r.target_growth_pct is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"y": [r.target_growth_pct]}))
            .mark_rule(color="#c0392b", strokeDash=[6, 3])
            .encode(y="y:Q")
        )
    return alt.layer(*layers).properties(height=200, width="container")
