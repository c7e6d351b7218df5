"""情景对比: 2–4 saved scenarios side by side (``/compare?s=NAME&s=NAME``), as selectable text
(a table on a screen, cards on a phone), a chart of the gaps, and the downloads."""

from __future__ import annotations

import html
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from model.projection import pace_thresholds
from model.scenario import MAX_COMPARE
from report import answer, exports, fmt
from report.i18n import message, t
from ui.safe import md_escape
from ui.saved import downloads, get_store, scenario_query
from ui.state import (
    get_baselines,
    get_dataset,
    init_state,
    issue_reason,
    on_change,
    scenario,
    share_url,
    show_url_issues,
)

PICK = "compare_pick"
ADD_CURRENT = "compare_add_current"

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang
st.title(t(lang, "nav_compare"), anchor=False)
show_url_issues(ds)
st.caption(t(lang, "compare_intro"))

store = get_store()
saved = {} if store is None else {s.name: s for s in store.list()}

# --- choosing: saved names, plus any query string already in the link ------------------------
options = list(dict.fromkeys([*saved, *sc.compare]))
if st.session_state.get(PICK) != list(sc.compare):
    st.session_state[PICK] = list(sc.compare)
st.multiselect(
    t(lang, "compare_pick"),
    options=options,
    key=PICK,
    max_selections=MAX_COMPARE,
    format_func=lambda o: o if o in saved else f"{t(lang, 'current_scenario')}: {o}",
    on_change=on_change(ds, lambda s: replace(s, compare=tuple(st.session_state[PICK]))),
)
current = scenario_query(ds)
st.button(
    t(lang, "compare_add_current"),
    key=ADD_CURRENT,
    disabled=len(sc.compare) >= MAX_COMPARE,
    on_click=on_change(
        ds,
        lambda s: replace(
            s, compare=tuple(dict.fromkeys([*s.compare, current or "data=" + ds.data_id]))
        ),
    ),
)

# --- resolving: a missing name is reported, the rest are compared --------------------------
baselines = get_baselines(ds)
views: list[exports.ScenarioView] = []
for item in scenario().compare:
    if "=" in item:
        query, name = item, f"{t(lang, 'current_scenario')} {len(views) + 1}"
    elif item in saved:
        query, name = saved[item].query, item
        made_on = saved[item].data_id
        if (made_on and made_on != ds.data_id) or (
            not made_on and saved[item].vintage != ds.vintage
        ):
            st.warning(
                t(
                    lang,
                    "store_data_missing" if made_on else "store_vintage",
                    name=md_escape(item),
                    old=made_on or saved[item].vintage,
                    new=ds.data_id if made_on else ds.vintage,
                )
            )
    else:
        st.warning(t(lang, "compare_missing", name=md_escape(item, limit=60)))
        continue
    try:
        views.append(exports.view(ds, query, name=name, baselines=baselines, lang=lang))
    except ValueError as exc:
        issue = getattr(exc, "issue", None)  # a link value: said as the link warnings say it
        said = message(lang, exc) if issue is None else f"{issue.key}: {issue_reason(lang, issue)}"
        st.warning(t(lang, "compare_bad", name=md_escape(name), reason=md_escape(said)))

if len(views) < 2:
    st.info(t(lang, "compare_need_two"))
    st.stop()

# --- the comparison, as text -----------------------------------------------------------------
thresholds = pace_thresholds(ds)
per_view = [answer.rows(v.results.results, lang, thresholds) for v in views]
first = views[0]
records = []
for i, r0 in enumerate(first.results.results):
    rec = {"indicator": r0.name_en if lang == "en" else r0.name_zh, "cells": [], "changed": False}
    outcomes = {v.results.results[i].outcome for v in views}
    rec["changed"] = len(outcomes & {"reach", "done"}) > 0 and "miss" in outcomes
    for v, rows in zip(views, per_view, strict=True):
        r = v.results.results[i]
        delta = ""
        if (
            v is not first
            and r.projected_fy_value is not None
            and r0.projected_fy_value is not None
        ):
            d = r.projected_fy_value - r0.projected_fy_value
            delta = ("+" if d > 0 else "") + fmt.value(d, r.unit, lang) if abs(d) > 1e-9 else "±0"
        rec["cells"].append(
            {
                "outcome": rows[i]["col_outcome"],
                "projected": rows[i]["col_projected"],
                "gap": rows[i]["col_gap"],
                "delta": delta,
            }
        )
    records.append(rec)

head = "<th>" + html.escape(t(lang, "col_indicator")) + "</th>"
for v in views:
    head += f'<th colspan="3">{html.escape(v.name)}</th>'
head += f"<th>{html.escape(t(lang, 'compare_changed'))}</th>"
sub = (
    "<th></th>"
    + "".join(
        f"<th>{html.escape(t(lang, 'col_outcome'))}</th><th>{html.escape(t(lang, 'col_projected'))}</th>"
        f"<th>{html.escape(t(lang, 'col_gap'))}</th>"
        for _ in views
    )
    + "<th></th>"
)
body = ""
for rec in records:
    cls = ' class="changed"' if rec["changed"] else ""
    cells = "".join(
        f"<td>{html.escape(c['outcome'])}</td><td>{html.escape(c['projected'])}"
        + (
            f"<br><small>{html.escape(t(lang, 'compare_delta', first=first.name))} {html.escape(c['delta'])}</small>"
            if c["delta"]
            else ""
        )
        + f"</td><td>{html.escape(c['gap'])}</td>"
        for c in rec["cells"]
    )
    body += f"<tr{cls}><td>{html.escape(rec['indicator'])}</td>{cells}<td>{'◆' if rec['changed'] else ''}</td></tr>"
st.html(
    "<style>.cmp{border-collapse:collapse;width:100%;font-size:.9rem}"
    ".cmp th,.cmp td{border:1px solid #d0d5dd;padding:4px 6px;text-align:left;vertical-align:top}"
    ".cmp tr.changed td{background:#fff4e5}.cmp small{color:#667085}"
    "@media (max-width:640px){.cmp-wide{display:none}}</style>"
    f'<div class="cmp-wide"><table class="cmp"><thead><tr>{head}</tr><tr>{sub}</tr></thead>'
    f"<tbody>{body}</tbody></table></div>"
)

with st.container(key="compare_cards"):
    for rec in records:
        lines = [f"**{md_escape(rec['indicator'])}**" + (" · ◆" if rec["changed"] else "")]
        for v, c in zip(views, rec["cells"], strict=True):
            lines.append(
                f"{md_escape(v.name)}: {md_escape(c['outcome'])} · {md_escape(c['projected'])} · {md_escape(c['gap'])}"
            )
        st.markdown("  \n".join(lines))

# --- the gaps, as a chart --------------------------------------------------------------------
rows = []
for v in views:
    for r in v.results.results:
        if r.gap_to_target is None:
            continue
        size = (
            r.gap_to_target
            if r.gap_unit == "pp"
            else r.gap_to_target / abs(r.target_value or 1) * 100
        )
        rows.append(
            {"indicator": r.name_en if lang == "en" else r.name_zh, "scenario": v.name, "gap": size}
        )
if rows:
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y("indicator:N", title=None, sort=None),
            yOffset="scenario:N",
            x=alt.X("gap:Q", title=t(lang, "compare_gap_axis")),
            color=alt.Color(
                "scenario:N", title=t(lang, "col_scenario"), legend=alt.Legend(orient="bottom")
            ),
            tooltip=["indicator:N", "scenario:N", alt.Tooltip("gap:Q", format=".1f")],
        )
        .properties(title=t(lang, "compare_chart_title"), width="container")
    )
    st.altair_chart(chart, width="stretch")

link = share_url(ds)
downloads(ds, [replace(v, link=link) for v in views], key="compare_dl")
