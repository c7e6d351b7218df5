"""总览: every indicator under the current scenario — its result first, then the detail."""

from __future__ import annotations

import streamlit as st

from report import answer, fmt
from report.briefing import briefing
from report.summary_writer import print_block
from ui.charts import draw, growth_gap_chart
from ui.keys import BRIEFING, BRIEFING_COPY, OVERVIEW_CHART, OVERVIEW_DOWNLOADS
from ui.lazy import on_demand
from ui.safe import md_escape, md_text
from ui.saved import current_view, downloads, handout_link
from ui.state import (
    current_projection,
    current_scenario_name,
    get_dataset,
    init_state,
    show_url_issues,
    t,
    topic_href,
    voice,
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
thresholds = projection.pace_thresholds

st.info(answer.headline(results, md_escape(name), voice()))

# The answer table: one HTML element (cards below 640 px, the A4 print), built by the same
# function as the topic pages' tables; misses first, each name opens its topic page focused
# on it with this scenario.
links = {r.id: href for r in results if (href := topic_href(ds, r.id)) is not None}
st.html(
    answer.table_html(
        results,
        voice(),
        thresholds,
        grouped=True,
        links=links,
        meeting=sc.meeting,
        caption=t(voice(lang), "table_order"),
        help={"col_difficulty": answer.difficulty_help(ds, voice())},
    ),
    width="stretch",
)
# A4 print on one page: the changed assumptions under the table, the date and the link
st.html(print_block(current_view(ds, handout_link(ds)), ds, voice()))
st.caption(
    t(lang, "elapsed_line", elapsed=fmt.pct(ds.elapsed_share * 100), months=ds.months_elapsed)
)

st.subheader(t(lang, "briefing_title"), anchor=False)
text = briefing(projection, lang, scenario_name=name, pace_thresholds=thresholds)
with st.container(border=True, key=BRIEFING):
    st.markdown(md_escape(text, limit=100_000))
# the copy box only while open (a lazy expander): its code element pulls a 1.5 MB script
# into the page that a first visitor does not need before the figures (bench/RESULTS.md)
if (copy_box := on_demand(t(lang, "briefing_copy"), key=BRIEFING_COPY)) is not None:
    with copy_box:
        st.code(text, language=None, wrap_lines=True)

# the chart on demand (a lazy expander): its charting library is the largest part of the
# overview's load, and the table above already says each pace needed (bench/RESULTS.md)
gap_chart = growth_gap_chart(list(results), voice())
if gap_chart is not None:
    chart_box = on_demand(
        t(lang, "chart_growth_title"), key=OVERVIEW_CHART, icon=":material/insert_chart:"
    )
    if chart_box is not None:
        with chart_box:
            draw(gap_chart)

downloads(ds, [current_view(ds, handout_link(ds))], key=OVERVIEW_DOWNLOADS, summary=True)

st.caption(t(lang, "overview_note_real"))
st.caption(t(lang, answer.assumption_note(ds)))
st.caption(md_text(answer.source_line(ds, lang)))  # a label or file name stays text
