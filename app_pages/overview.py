"""总览: every indicator under the current scenario, with status and a growth-gap chart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import fmt
from model.briefing import briefing
from model.projection import IndicatorResult, project
from ui.charts import draw, growth_gap_chart
from ui.i18n import t
from ui.state import get_dataset, init_state, show_url_issues

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang

st.title(t(lang, "app_title"))
st.caption(t(lang, "app_subtitle", year=ds.year))
show_url_issues(ds)

projection = project(ds, sc)
results = projection.results


def required_text(r: IndicatorResult) -> str:
    """'增长 31.7%' for growth indicators, '完成 20家' for amounts."""
    if r.required_h2_growth_pct is not None:
        return t(lang, "required_growth", value=fmt.pct(r.required_h2_growth_pct))
    if r.required_h2_amount is not None:
        return t(lang, "required_amount", value=fmt.value(r.required_h2_amount, r.unit, lang))
    return "—"


def h2_text(r: IndicatorResult) -> str:
    if r.h2_assumption is None:
        return "—"
    if r.kind == "amount":
        return fmt.value(r.h2_assumption, r.unit, lang)
    return fmt.pct(r.h2_assumption)


def reach_text(r: IndicatorResult) -> str:
    if r.reachable is None:
        return t(lang, "reach_na")
    return t(lang, "reach_yes") if r.reachable else t(lang, "reach_no")


counts = {
    s: sum(1 for r in results if r.status == s)
    for s in ("on_track", "needs_acceleration", "at_risk")
}
st.info(
    t(lang, "summary_counts", n=len(results), other=len(results) - sum(counts.values()), **counts)
)

table = pd.DataFrame(
    [
        {
            t(lang, "col_indicator"): r.name_en if lang == "en" else r.name_zh,
            t(lang, "col_status"): t(lang, f"status_{r.status}"),
            t(lang, "col_required"): required_text(r),
            t(lang, "col_progress"): fmt.pct(r.progress_pct),
            t(lang, "col_h1"): fmt.value(r.h1_value, r.unit, lang),
            t(lang, "col_h1_growth"): fmt.pct(r.h1_growth_pct),
            t(lang, "col_target"): fmt.value(r.target_value, r.unit, lang),
            t(lang, "col_target_growth"): fmt.pct(r.target_growth_pct),
            t(lang, "col_h2_assumption"): h2_text(r),
            t(lang, "col_projected"): fmt.value(r.projected_fy_value, r.unit, lang),
            t(lang, "col_projected_growth"): fmt.pct(r.projected_fy_growth_pct),
            t(lang, "col_reachable"): reach_text(r),
            t(lang, "col_pace"): fmt.ratio(r.pace_ratio),
        }
        for r in results
    ]
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height="content",
    key="overview_table",
    column_config={
        t(lang, "col_indicator"): st.column_config.TextColumn(width="medium", pinned=True)
    },
)
st.caption(t(lang, "elapsed_line", elapsed=fmt.pct(ds.elapsed_share * 100)))

preset = ds.presets.get(sc.preset or "")
scenario_name = (
    (preset.name_en if lang == "en" else preset.name_zh) if preset else t(lang, "preset_none")
)
st.subheader(t(lang, "briefing_title"), anchor=False)
st.code(briefing(projection, lang, scenario_name=scenario_name), language=None, wrap_lines=True)

draw(growth_gap_chart(list(results), lang))

st.caption(t(lang, "overview_note_real"))
st.caption(t(lang, "overview_note_assumption"))
st.caption(
    t(
        lang,
        "source_line",
        title=ds.source_title if lang == "zh" else ds.source_title_en,
        vintage=ds.vintage,
    )
)
