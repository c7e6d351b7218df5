"""总览: every indicator under the current scenario — its result first, then the detail."""

from __future__ import annotations

import html

import pandas as pd
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

# One row of display strings per indicator: the table, the phone cards, the print table and
# the exports show exactly these.
COLUMNS = answer.COLUMNS
rows = answer.rows(results, lang, thresholds)
headers = {c: t(lang, c) for c in COLUMNS}
# pixel widths: the answer columns (up to 达标难度) fit a 1400 px screen beside the sidebar
WIDTHS = {
    "col_outcome": 78,
    "col_projected": 132,
    "col_target": 100,
    "col_gap": 118,
    "col_required": 108,
}
table = pd.DataFrame([{headers[c]: row[c] for c in COLUMNS} for row in rows])

with st.container(key="overview_wide"):
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height="content",
        key="overview_table",
        column_config={
            **{headers[c]: st.column_config.TextColumn(width=w) for c, w in WIDTHS.items()},
            headers["col_indicator"]: st.column_config.TextColumn(width=190, pinned=True),
            headers["col_difficulty"]: st.column_config.TextColumn(
                help=t(
                    lang,
                    "difficulty_help",
                    pp=f"{ds.thresholds.growth_gap_pp:g}",
                    ratio=f"{ds.thresholds.amount_pace_ratio:g}",
                )
            ),
        },
    )

# Phone: one card per indicator (CSS shows these below 640 px instead of the table).
CARD_FIELDS = (
    "col_projected",
    "col_target",
    "col_gap",
    "col_required",
    "col_difficulty",
    "col_pace",
)
with st.container(key="overview_cards"):
    for r, row in zip(results, rows, strict=True):
        color = answer.OUTCOME_COLOR[r.outcome]
        lines = [f"**{md_escape(row['col_indicator'])}** · :{color}[{row['col_outcome']}]"]
        sep = ": " if lang == "en" else "："
        lines += [f"{headers[c]}{sep}{md_escape(row[c])}" for c in CARD_FIELDS if row[c] != "—"]
        st.markdown("  \n".join(lines))

# Print (A4): the full table as HTML (the on-screen grid is a canvas, which does not print).
cells = "".join(f"<th>{html.escape(headers[c])}</th>" for c in COLUMNS)
body = "".join(
    "<tr>" + "".join(f"<td>{html.escape(row[c])}</td>" for c in COLUMNS) + "</tr>" for row in rows
)
st.html(
    f'<div class="print-only"><h3>{html.escape(t(lang, "print_title", name=name))}</h3>'
    f'<table class="print-table"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>'
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
