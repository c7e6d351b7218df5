"""总览: every indicator under the current scenario — its result first, then the detail."""

from __future__ import annotations

import streamlit as st

from model.projection import pace_thresholds
from report import answer, fmt
from report.briefing import briefing
from report.i18n import t
from ui.charts import draw, growth_gap_chart
from ui.safe import md_escape
from ui.saved import current_view, downloads
from ui.state import (
    current_projection,
    current_scenario_name,
    get_dataset,
    init_state,
    share_url,
    show_url_issues,
    topic_href,
)

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang

st.title(t(lang, "app_title"))
st.caption(t(lang, "app_subtitle", year=ds.year))
show_url_issues(ds)

projection = current_projection(ds)
results = projection.results
name = current_scenario_name(ds)
thresholds = pace_thresholds(ds)

by_outcome = {o: sum(1 for r in results if r.outcome == o) for o in ("done", "reach", "miss")}
st.info(
    t(
        lang,
        "summary_outcomes",
        name=md_escape(name),
        n=len(results),
        reach=by_outcome["reach"] + by_outcome["done"],
        done=by_outcome["done"],
        miss=by_outcome["miss"],
        other=len(results) - sum(by_outcome.values()),
    )
)

# The answer table: one HTML element (cards below 640 px, the A4 print), built by the same
# function as the topic pages' tables; misses first, each name opens its topic page focused
# on it with this scenario.
links = {r.id: href for r in results if (href := topic_href(ds, r.id)) is not None}
st.html(
    answer.table_html(
        results,
        lang,
        thresholds,
        grouped=True,
        links=links,
        meeting=sc.meeting,
        caption=t(lang, "table_order"),
        help={"col_difficulty": answer.difficulty_help(ds, lang)},
    ),
    width="stretch",
)
st.caption(
    t(lang, "elapsed_line", elapsed=fmt.pct(ds.elapsed_share * 100), months=ds.months_elapsed)
)

st.subheader(t(lang, "briefing_title"), anchor=False)
text = briefing(projection, lang, scenario_name=name, pace_thresholds=thresholds)
with st.container(border=True, key="briefing"):
    st.markdown(md_escape(text, limit=100_000))
with st.expander(t(lang, "briefing_copy")):
    st.code(text, language=None, wrap_lines=True)

draw(growth_gap_chart(list(results), lang))

downloads(ds, [current_view(ds, share_url(ds))], key="overview_dl")

st.caption(t(lang, "overview_note_real"))
st.caption(t(lang, "overview_note_assumption"))
st.caption(answer.source_line(ds, lang))
