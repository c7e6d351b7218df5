"""情景对比: 2–4 saved scenarios side by side (``/compare?s=NAME&s=NAME``), as selectable text
(a table on a screen, cards on a phone), a chart of the gaps, and the downloads."""

from __future__ import annotations

import html
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from model.period import as_of
from model.projection import pace_thresholds
from model.scenario import MAX_COMPARE, parse_scenario
from report import answer, exports, fmt
from report.i18n import message
from report.scenarios import scenario_name
from store import StoreError
from ui.safe import md_escape
from ui.saved import downloads, get_store, scenario_query
from ui.state import (
    get_baselines,
    get_dataset,
    init_state,
    issue_reason,
    on_change,
    public_url,
    scenario,
    show_url_issues,
    stored_dataset,
    t,
    voice,
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
try:
    saved = {} if store is None else {s.name: s for s in store.list()}
except StoreError:  # gone since it was opened: the line at the top says so; links still work
    saved = {}


# --- choosing: saved names, plus any query string already in the link ------------------------
def _query_name(query: str) -> str:
    """A query-string scenario named as everywhere else (模型基准, 乐观, 自定义情景 …)."""
    item_ds, _ = exports.own_data(exports.query_data_id(query), ds, stored_dataset)
    try:
        sc_, _ = parse_scenario(exports.without_data(query), item_ds)
    except ValueError:
        return query
    return scenario_name(item_ds, sc_, lang)


options = list(dict.fromkeys([*saved, *sc.compare]))
if st.session_state.get(PICK) != list(sc.compare):
    st.session_state[PICK] = list(sc.compare)
st.multiselect(
    t(lang, "compare_pick"),
    options=options,
    key=PICK,
    max_selections=MAX_COMPARE,
    format_func=lambda o: o if o in saved else _query_name(o),
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
            s,
            compare=tuple(
                dict.fromkeys(
                    [*s.compare, "&".join(x for x in (current, "data=" + ds.data_id) if x)]
                )
            ),
        ),
    ),
)

# --- resolving: each scenario on its own data; a missing name is reported, the rest compared
public = public_url() or ""
views: list[exports.ScenarioView] = []
for item in scenario().compare:
    if "=" in item:
        asked = exports.query_data_id(item)
        query, name, note = exports.without_data(item), None, ""
        item_ds, found = exports.own_data(asked, ds, stored_dataset)
        label = item
    elif item in saved:
        query, name, note = saved[item].query, item, saved[item].note or ""
        asked = saved[item].data_id
        item_ds, found = exports.own_data(asked, ds, stored_dataset)
        label = item
        if not asked and saved[item].vintage != ds.vintage:
            st.warning(
                t(
                    lang,
                    "store_vintage",
                    name=md_escape(item),
                    old=saved[item].vintage,
                    new=ds.vintage,
                )
            )
    else:
        st.warning(t(lang, "compare_missing", name=md_escape(item, limit=60)))
        continue
    if not found:  # really not stored here: said, never silently applied to other data
        st.warning(
            t(
                lang,
                "store_data_missing",
                name=md_escape(name or label, limit=60),
                old=asked,
                new=ds.data_id,
            )
        )
    try:
        v = exports.view(
            item_ds,
            query,
            name=name,
            baselines=get_baselines(item_ds),
            lang=lang,
            note=note,
            public_url=public,
        )
    except ValueError as exc:
        issue = getattr(exc, "issue", None)  # a link value: said as the link warnings say it
        said = message(lang, exc) if issue is None else f"{issue.key}: {issue_reason(lang, issue)}"
        st.warning(
            t(
                lang,
                "compare_bad",
                name=md_escape(name or label, limit=60),
                reason=md_escape(said),
            )
        )
        continue
    taken = {w.name for w in views}
    if v.name in taken:  # two query strings of the same preset: told apart
        k = 2
        while f"{v.name} {k}" in taken:
            k += 1
        v = replace(v, name=f"{v.name} {k}")
    views.append(v)

if len(views) < 2:
    st.info(t(lang, "compare_need_two"))
    st.stop()

# --- what each scenario assumes: its definition, a column per scenario ------------------------
defs = [exports.definition(v, ds, lang) for v in views]
def_rows = "".join(
    "<tr><th>"
    + html.escape(label)
    + "</th>"
    + "".join(
        "<td>" + html.escape(d[k][1]).replace("；", "；<br>").replace("; ", ";<br>") + "</td>"
        for d in defs
    )
    + "</tr>"
    for k, (label, _) in enumerate(defs[0])
    if k > 0
)
st.html(
    "<style>.cmpdef{border-collapse:collapse;width:100%;font-size:.85rem;margin-bottom:.6rem}"
    ".cmpdef th,.cmpdef td{border:1px solid #d0d5dd;padding:3px 6px;text-align:left;"
    "vertical-align:top;overflow-wrap:anywhere}.cmpdef thead th{background:#f2f4f7}</style>"
    f'<table class="cmpdef"><caption style="text-align:left;font-weight:600">'
    f"{html.escape(t(lang, 'compare_defs'))}</caption><thead><tr><th></th>"
    + "".join(f"<th>{html.escape(v.name)}</th>" for v in views)
    + f"</tr></thead><tbody>{def_rows}</tbody></table>"
)

# --- the comparison, as text -----------------------------------------------------------------
per_view = []  # each scenario's strings on its own data, in the words of its period
for v in views:
    vds = v.ds or ds
    texts = answer.rows(v.results.results, voice(lang).at(vds.months_elapsed), pace_thresholds(vds))
    per_view.append({r.id: row for r, row in zip(v.results.results, texts, strict=True)})
first = views[0]
records = []
for r0 in first.results.results:
    rec = {"indicator": voice(lang).name(r0), "cells": [], "changed": False}
    outcomes = {v.results.get(r0.id).outcome for v in views}
    rec["changed"] = len(outcomes & {"reach", "done"}) > 0 and "miss" in outcomes
    for v, by_id in zip(views, per_view, strict=True):
        r = v.results.get(r0.id)
        row = by_id[r0.id]
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
                "outcome": row["col_outcome"],
                "projected": row["col_projected"],
                "gap": row["col_gap"],
                "delta": delta,
            }
        )
    records.append(rec)

head = "<th>" + html.escape(t(lang, "col_indicator")) + "</th>"
for v in views:
    vds = v.ds or ds
    data_of = t(
        lang, "compare_data_of", id=vds.data_id, period=as_of(vds.year, vds.months_elapsed, lang)
    )
    head += f'<th colspan="3">{html.escape(v.name)}<br><small>{html.escape(data_of)}</small></th>'
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
            {
                "indicator": voice(lang).name(r),
                "scenario": v.name,
                "gap": size,
                "label": answer.gap(r, lang),  # the table's text, not a second rounding
            }
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
            tooltip=["indicator:N", "scenario:N", alt.Tooltip("label:N", title=t(lang, "col_gap"))],
        )
        .properties(title=t(lang, "compare_chart_title"), width="container")
    )
    st.altair_chart(chart, width="stretch")

downloads(ds, views, key="compare_dl")  # each scenario with its own link and data
