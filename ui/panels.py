"""Topic pages: the answer table of a topic and the what-if panel of its focused indicator
(:mod:`ui.panel`, live; :mod:`ui.detail`, below the fragment; inputs in :mod:`ui.inputs`).

A topic page is master–detail: the topic's answer table (one HTML element, built by the same
function as the overview's) and below it one focused indicator's panel, chosen with a
selector and kept in the URL as ``focus=<id>``. Table and panel are one ``st.fragment``:
moving the focused slider reruns them (not the sidebar nor the selector), so the panel and
the table's row change in the same keypress. Every input writes through
:func:`ui.state.set_scenario`, which keeps the URL in step.
"""

from __future__ import annotations

import streamlit as st

from model.data import Dataset
from model.projection import IndicatorResult
from model.scenario import Scenario, bad_choice
from report import answer, bilingual
from ui.detail import indicator_detail
from ui.inputs import reset_needed, sync_mark
from ui.keys import FOCUS_SHOWN, TOPIC_BODY, URL_ISSUES, drawn_key, focus_key, panel_box
from ui.keys import assumption_key as assumption_key  # re-exported: tests name it from here
from ui.panel import indicator_panel
from ui.safe import md_text
from ui.state import (
    FOCUS_KEY,
    TOPICS,
    choose_focus,
    chosen_focus,
    get_dataset,
    init_state,
    scenario,
    scenario_views,
    seed_widget,
    show_url_issues,
    t,
    voice,
)
from ui.style import scroll_into_view


def default_focus(sc: Scenario, results: list[IndicatorResult]) -> str:
    """The focus of a topic page opened without an explicit one: the first indicator the
    scenario changes, else the first that misses its target, else the first."""
    for r in results:
        if reset_needed(sc, r.id):
            return r.id
    for r in results:
        if r.outcome == "miss":
            return r.id
    return results[0].id


def _focus(ds: Dataset, page: str, sc: Scenario, results: list[IndicatorResult]) -> str:
    """The indicator in focus: the explicit choice (a bad one is named in a warning and the
    default applies), else the default the page opened on in this visit."""
    ids = [r.id for r in results]
    chosen = chosen_focus(page)
    if chosen is not None:
        if chosen in ids:
            return chosen
        choose_focus(ds, page, None)  # drops it from the URL
        st.session_state[URL_ISSUES] = [
            *st.session_state.get(URL_ISSUES, []),
            bad_choice(FOCUS_KEY, chosen, tuple(ids)),
        ]
    shown = st.session_state.get(FOCUS_SHOWN)
    if shown is not None and shown[0] == page and shown[1] in ids:
        return shown[1]
    iid = default_focus(sc, results)
    st.session_state[FOCUS_SHOWN] = (page, iid)
    return iid


def _choose(ds: Dataset, page: str):
    def cb() -> None:
        choice = st.session_state.get(focus_key(page))
        if choice is not None:
            choose_focus(ds, page, choice)

    return cb


def _topic_results(ds: Dataset, page: str) -> list[IndicatorResult]:
    """The results of the page's indicators, from the views its panel reads (one projection
    per indicator and run: :func:`ui.state.scenario_views`)."""
    groups = TOPICS[page]
    return [r for r in scenario_views(ds).results if ds.get(r.id).group in groups]


def topic_page(page: str) -> None:
    """A topic page (``page`` is its url path, a key of :data:`ui.state.TOPICS`): the answer
    table of its indicators and the focused indicator's live panel (one fragment: a slider
    move updates both), then the rest of that panel (drawn by the full run only)."""
    ds = get_dataset()
    sc = init_state(ds)
    lang = sc.lang
    st.title(t(lang, f"nav_{page}"), anchor=False)
    results = _topic_results(ds, page)
    if not results:  # a year's table without this page's groups: that year has none here
        show_url_issues(ds)
        st.info(t(lang, "topic_none", year=ds.year))
        return
    focus = _focus(ds, page, sc, results)
    st.session_state[drawn_key(page)] = focus
    with st.container(key=TOPIC_BODY):  # on a phone the panel comes first (ui.style)
        _focus_choice(ds, page, results, focus, lang)  # shown between table and panel (ui.style)
        _topic_body(page)
    if chosen_focus(page) == focus:  # a link or a choice named it: bring it into view
        scroll_into_view(panel_box(focus))
    indicator_detail(focus)
    st.caption(md_text(answer.source_line(ds, lang)))  # a label or file name stays text


def _focus_choice(
    ds: Dataset, page: str, results: list[IndicatorResult], focus: str, lang: str
) -> None:
    """The focus selector, drawn by the page's full run, outside the fragment: a keypress
    neither re-sends nor redraws it (a segmented control is the heaviest element a topic
    page had in its fragment: bench/RESULTS.md, Round 8); a choice reruns the whole page,
    which draws the new indicator's detail too. The page's style shows it between the
    fragment's table and panel (on a phone, after the panel); its place in the page's code,
    before them, is the keyboard's order."""
    names = {r.id: md_text(bilingual.name(r, lang)) for r in results}  # options render Markdown
    key = focus_key(page)
    seed_widget(key, focus)
    st.segmented_control(
        t(lang, "focus_label"),
        options=list(names),
        format_func=names.__getitem__,
        selection_mode="single",
        required=True,
        key=key,
        on_change=_choose(ds, page),
        help=t(lang, "focus_help"),
        width="stretch",
    )


@st.fragment
def _topic_body(page: str) -> None:
    """Table and the focused panel's live part: one fragment, so a slider move updates the
    panel and the table's row together without rerunning the page's shell, re-sending the
    focus selector or the panel's detail."""
    ds = get_dataset()
    sc = scenario()
    lang = sc.lang
    results = _topic_results(ds, page)
    focus = _focus(ds, page, sc, results)
    if focus != st.session_state.get(drawn_key(page)):
        st.rerun()  # the focus changed since the full run: its detail below the fragment too
    show_url_issues(ds)
    st.html(
        answer.table_html(
            results,
            voice(lang),
            scenario_views(ds).pace_thresholds,
            focus=focus,
            meeting=sc.meeting,
            caption=t(lang, "table_hint"),
            help={"col_difficulty": answer.difficulty_help(ds, voice(lang))},
        ),
        width="stretch",
    )
    run = indicator_panel(focus)
    if run is not None:  # after the panel: its number box stays the only one in it
        sync_mark(run, t(lang, "live_sync_label"))
