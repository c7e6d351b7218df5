"""Altair chart builders shared by the pages. Each takes model results and a language."""

from __future__ import annotations

import altair as alt
import pandas as pd

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
