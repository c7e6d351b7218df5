"""The compare page's parts (情景对比): choosing 2–4 scenarios (saved names or link query
strings), resolving each on its own data, what each assumes, the comparison as selectable
text (a table on a screen, cards on a phone) and the chart of the gaps."""

from __future__ import annotations

import html
from dataclasses import replace
from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from model.data import Dataset
from model.scenario import MAX_COMPARE, Scenario, parse_scenario
from report import answer, bilingual, exports, fmt
from report.comparison import SideRow, side_rows, verdict_changed
from report.i18n import message
from report.period_words import as_of
from report.scenarios import scenario_name
from store import Saved, StoreError
from ui.keys import COMPARE_ADD_CURRENT, COMPARE_CARDS, COMPARE_PICK
from ui.safe import md_escape
from ui.saved import get_store, scenario_query
from ui.state import (
    get_baselines,
    issue_reason,
    offered,
    on_change,
    public_url,
    scenario,
    stored_dataset,
    t,
    voice,
)


def saved_scenarios() -> dict[str, Saved]:
    """The saved scenarios by name ({} without a store, or when it is gone: the line at the
    top says so; links still work)."""
    store = get_store()
    try:
        return {} if store is None else {s.name: s for s in store.list()}
    except StoreError:
        return {}


def _saved_one(item: str, saved: dict[str, Saved]) -> Saved | None:
    """The saved scenario a link's ``s=`` names: as listed, else looked up as the store looks
    up every name (the exact stored name, then its NFKC form: ``ＡＢ`` finds ``AB``)."""
    if item in saved:
        return saved[item]
    store = get_store()
    try:
        return None if store is None else store.get(item)
    except (StoreError, ValueError):
        return None


def _query_name(ds: Dataset, query: str, lang: str) -> str:
    """A query-string scenario named as everywhere else (the preset's or a custom name)."""
    item_ds, _ = exports.own_data(exports.query_data_id(query), ds, stored_dataset)
    try:
        sc_, _ = parse_scenario(exports.without_data(query), item_ds)
    except ValueError:
        return query
    return scenario_name(item_ds, sc_, lang)


def _picked(s: Scenario, options: list[str]) -> Scenario:
    """The scenario with the picker's items; unchanged when the picker holds labels a
    language switch left (:func:`ui.state.offered`): the items stay what the link says."""
    picked = st.session_state[COMPARE_PICK]
    return replace(s, compare=tuple(picked)) if offered(picked, options) else s


def choose(ds: Dataset, sc: Scenario, saved: dict[str, Saved]) -> None:
    """The picker (saved names, plus any query string already in the link) and the button
    that adds the current scenario."""
    lang = sc.lang
    options = list(dict.fromkeys([*saved, *sc.compare]))
    if st.session_state.get(COMPARE_PICK) != list(sc.compare):
        st.session_state[COMPARE_PICK] = list(sc.compare)
    st.multiselect(
        t(lang, "compare_pick"),
        options=options,
        key=COMPARE_PICK,
        max_selections=MAX_COMPARE,
        placeholder=t(lang, "compare_placeholder"),  # the framework's own words are English
        select_all=False,
        # a saved name as it is (also one not found: said below the picker), a query string
        # by its scenario's name
        format_func=lambda o: o if o in saved or "=" not in o else _query_name(ds, o, lang),
        on_change=on_change(ds, lambda s: _picked(s, options)),
    )
    current = "&".join(x for x in (scenario_query(ds), "data=" + ds.data_id) if x)
    st.button(
        t(lang, "compare_add_current"),
        key=COMPARE_ADD_CURRENT,
        disabled=len(sc.compare) >= MAX_COMPARE,
        on_click=on_change(
            ds, lambda s: replace(s, compare=tuple(dict.fromkeys([*s.compare, current])))
        ),
    )


def _source(
    ds: Dataset, item: str, saved: dict[str, Saved], lang: str
) -> tuple[str, str | None, str, Dataset, str, Saved | None] | None:
    """Where an item's scenario comes from: (query, saved name, note, its data, label, the
    saved scenario or None for a link), or None (said) for a name that is not saved. A
    missing or older dataset is said too."""
    one = None if "=" in item else _saved_one(item, saved)
    if "=" in item:
        asked = exports.query_data_id(item)
        query, name, note = exports.without_data(item), None, ""
    elif one is not None:
        query, name, note = one.query, one.name, one.note or ""
        asked = one.data_id
        if not asked and one.vintage != ds.vintage:
            st.warning(
                t(lang, "store_vintage", name=md_escape(item), old=one.vintage, new=ds.vintage)
            )
    else:
        st.warning(t(lang, "compare_missing", name=md_escape(item, limit=60)))
        return None
    item_ds, found = exports.own_data(asked, ds, stored_dataset)
    if not found:  # really not stored here: said, never silently applied to other data
        st.warning(
            t(
                lang,
                "store_data_missing",
                name=md_escape(name or item, limit=60),
                old=asked,
                new=ds.data_id,
            )
        )
    return query, name, note, item_ds, item, one


def views(ds: Dataset, saved: dict[str, Saved], lang: str) -> list[exports.ScenarioView]:
    """Each chosen scenario on its own data; a missing name or a bad value is reported and
    the rest compared. Two query strings of the same preset are told apart (" 2")."""
    public = public_url() or ""
    out: list[exports.ScenarioView] = []
    for item in scenario().compare:
        src = _source(ds, item, saved, lang)
        if src is None:
            continue
        query, name, note, item_ds, label, one = src
        try:
            v = exports.view(
                item_ds,
                query,
                name=name,
                baselines=get_baselines(item_ds),
                lang=lang,
                note=note,
                public_url=public,
                saved_by=None if one is None else one.author,  # the handouts say who and when
                saved_at=None if one is None else one.updated_at,
            )
        except ValueError as exc:
            issue = getattr(exc, "issue", None)  # a link value: said as the link warnings say it
            said = (
                message(lang, exc) if issue is None else f"{issue.key}: {issue_reason(lang, issue)}"
            )
            st.warning(
                t(
                    lang,
                    "compare_bad",
                    name=md_escape(name or label, limit=60),
                    reason=md_escape(said),
                )
            )
            continue
        taken = {w.name for w in out}
        if v.name in taken:
            k = 2
            while f"{v.name} {k}" in taken:
                k += 1
            v = replace(v, name=f"{v.name} {k}")
        out.append(v)
    return out


def definitions(ds: Dataset, views: list[exports.ScenarioView], lang: str) -> None:
    """What each scenario assumes: its definition, a column per scenario, a clause a line."""
    defs = [exports.definition(v, ds, lang) for v in views]
    # by label: a saved scenario has lines (saved by, saved at) a link has not
    labels = list(dict.fromkeys(label for d in defs for label, _ in d[1:]))
    texts = [dict(d) for d in defs]
    def_rows = "".join(
        "<tr><th>"
        + html.escape(label)
        + "</th>"
        + "".join(
            "<td>"
            + "<br>".join(html.escape(c) for c in bilingual.clauses(d.get(label, "—")))
            + "</td>"
            for d in texts
        )
        + "</tr>"
        for label in labels
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


def _delta(row: SideRow, i: int, unit: str, lang: str) -> str:
    """Scenario ``i``'s (≥ 1) full-year projection less the first's, as the handouts show it
    (report.comparison: from the figures as shown; a growth-stated row in points), with its
    unit ("+0.68亿元", "−1.1个百分点"); '' when unknown."""
    d = row.diffs[i - 1]
    if d is None:
        return ""
    sign = "+" if d > 0 else ("−" if d < 0 else "±")
    return sign + fmt.gap_shown(Decimal(str(d)), row.decimals, "pp" if row.growth else unit, lang)


def records(ds: Dataset, views: list[exports.ScenarioView], lang: str) -> list[dict[str, Any]]:
    """One record per indicator: its name, each scenario's outcome, projection (with its
    difference from the first) and gap in the words of its own period, and whether the
    outcome changes between scenarios."""
    per_view = []
    for v in views:
        vds = v.ds or ds
        texts = answer.rows(
            v.results.results, voice(voice(lang)).at(vds.months_elapsed), v.results.pace_thresholds
        )
        per_view.append({r.id: row for r, row in zip(v.results.results, texts, strict=True)})
    first = views[0]
    side = {row.id: row for row in side_rows(views, voice(lang))}
    out = []
    for r0 in first.results.results:
        rec: dict[str, Any] = {
            "indicator": bilingual.name(r0, lang),
            "cells": [],
            # the handouts' ◆ rule (report.comparison): one reaches where another misses
            "changed": verdict_changed([v.results.get(r0.id) for v in views]),
        }
        for i, by_id in enumerate(per_view):
            row = by_id[r0.id]
            rec["cells"].append(
                {
                    "outcome": row["col_outcome"],
                    "projected": row["col_projected"],
                    "gap": row["col_gap"],
                    "delta": _delta(side[r0.id], i, r0.unit, lang) if i else "",
                }
            )
        out.append(rec)
    return out


def _head(ds: Dataset, views: list[exports.ScenarioView], lang: str) -> tuple[str, str]:
    """The table's two header rows: each scenario with its data, then its three columns."""
    head = "<th>" + html.escape(t(lang, "col_indicator")) + "</th>"
    for v in views:
        vds = v.ds or ds
        period = as_of(vds.year, vds.months_elapsed, lang)
        data_of = t(lang, "compare_data_of", id=vds.data_id, period=period)
        head += (
            f'<th colspan="3">{html.escape(v.name)}<br><small>{html.escape(data_of)}</small></th>'
        )
    head += f"<th>{html.escape(t(lang, 'compare_changed'))}</th>"
    sub = (
        "<th></th>"
        + "".join(
            f"<th>{html.escape(t(lang, 'col_outcome'))}</th>"
            f"<th>{html.escape(t(lang, 'col_projected'))}</th>"
            f"<th>{html.escape(t(lang, 'col_gap'))}</th>"
            for _ in views
        )
        + "<th></th>"
    )
    return head, sub


def table(
    ds: Dataset, views: list[exports.ScenarioView], recs: list[dict[str, Any]], lang: str
) -> None:
    """The comparison as an HTML table (wide screens) and as Markdown cards (phones)."""
    head, sub = _head(ds, views, lang)
    since = html.escape(t(lang, "compare_delta", first=views[0].name))
    body = ""
    for rec in recs:
        cls = ' class="changed"' if rec["changed"] else ""
        cells = "".join(
            f"<td>{html.escape(c['outcome'])}</td><td>{html.escape(c['projected'])}"
            + (f"<br><small>{since} {html.escape(c['delta'])}</small>" if c["delta"] else "")
            + f"</td><td>{html.escape(c['gap'])}</td>"
            for c in rec["cells"]
        )
        mark = "◆" if rec["changed"] else ""
        body += f"<tr{cls}><td>{html.escape(rec['indicator'])}</td>{cells}<td>{mark}</td></tr>"
    st.html(
        "<style>.cmp{border-collapse:collapse;width:100%;font-size:.9rem}"
        ".cmp th,.cmp td{border:1px solid #d0d5dd;padding:4px 6px;text-align:left;vertical-align:top}"
        ".cmp tr.changed td{background:#fff4e5}.cmp small{color:#667085}"
        "@media (max-width:640px){.cmp-wide{display:none}}</style>"
        f'<div class="cmp-wide"><table class="cmp"><thead><tr>{head}</tr><tr>{sub}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    with st.container(key=COMPARE_CARDS):
        for rec in recs:
            lines = [f"**{md_escape(rec['indicator'])}**" + (" · ◆" if rec["changed"] else "")]
            for v, c in zip(views, rec["cells"], strict=True):
                lines.append(
                    f"{md_escape(v.name)}: {md_escape(c['outcome'])} · "
                    f"{md_escape(c['projected'])} · {md_escape(c['gap'])}"
                )
            st.markdown("  \n".join(lines))


def gap_chart(views: list[exports.ScenarioView], lang: str) -> None:
    """The gaps to target per indicator and scenario, as bars (percent of the target for a
    level gap), labelled with the table's text."""
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
                    "indicator": bilingual.name(r, lang),
                    "scenario": v.name,
                    "gap": size,
                    "label": answer.gap(r, lang),  # the table's text, not a second rounding
                }
            )
    if not rows:
        return
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
