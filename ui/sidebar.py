"""The shared sidebar: language, scenario preset, meeting mode, reset, share link with QR."""

from __future__ import annotations

import io
from dataclasses import replace

import segno
import streamlit as st

from model.data import Dataset
from model.scenario import LANGS, Scenario
from report import answer, bilingual, changes
from report.changes import BASELINE
from report.scenarios import SCENARIO_NAMES
from ui.keys import (
    AS_OF,
    LANG_WIDGET,
    MEETING_EXIT,
    MEETING_PRESET,
    MEETING_WIDGET,
    PRESET_KEPT,
    PRESET_TAKE_BUTTON,
    PRESET_UNDO,
    PRESET_UNDO_BUTTON,
    PRESET_WIDGET,
    RESET_ALL_BUTTON,
    SHARE_BUTTON,
)
from ui.state import (
    PUBLIC_URL_ENV,
    browser_url,
    current_scenario_name,
    default_data_id,
    is_loopback,
    newest_of_year,
    offered,
    on_change,
    public_url,
    scenario,
    seed_widget,
    set_scenario,
    share_url,
    share_url_on,
    shipped_dataset,
    t,
    voice,
)

MODEL = "model"


def preset_name(ds: Dataset, preset: str, lang: str) -> str:
    """The display name of a preset (``model``: the statistical baseline)."""
    if preset == MODEL:
        return SCENARIO_NAMES.get(lang, SCENARIO_NAMES["zh"])["model"]
    p = ds.presets[preset]
    return bilingual.name(p, lang)


QR_TARGET_PX = 300


def qr_png(text: str) -> bytes:
    """A PNG of the QR code of ``text``: always a full QR symbol (phones do not read Micro QR),
    error correction M, a 4-module quiet zone, whole pixels per module chosen so the image is
    at most about 300 px wide (it is shown unscaled, so it stays sharp and fits a phone)."""
    qr = segno.make_qr(text, error="m")
    modules = qr.symbol_size(scale=1, border=4)[0]
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=max(2, QR_TARGET_PX // modules), border=4)
    return buf.getvalue()


def apply_preset(s: Scenario, preset: str) -> Scenario:
    """``s`` with preset ``preset`` (baseline: none). The preset sets every input the leader
    has not touched (a rest-of-year value without one of its own follows the preset); the
    values set by hand — rest-of-year values, assumptions, parts — are kept."""
    return replace(s, preset=None if preset == BASELINE else preset)


def preset_values(s: Scenario) -> Scenario:
    """``s`` with the preset's values instead of the leader's: the rest-of-year values and
    the parts set by hand cleared (the assumptions, which no preset sets, are kept)."""
    for iid in list(s.h2):
        s = s.with_h2(iid, None)
    for iid, part in list(s.drivers):
        s = s.with_driver(iid, part, None)
    return s


def _switch_preset(ds: Dataset, widget: str = PRESET_WIDGET):
    """The callback of a preset switch (the sidebar's, or ``widget``: the meeting bar's): the
    preset, the leader's changes kept, and the scenario before it remembered for 撤销 (while
    it kept any change)."""

    def _cb() -> None:
        chosen = st.session_state[widget]
        if not offered(chosen, (*ds.presets, MODEL)):  # a label a language switch left
            return
        before = scenario()
        after = apply_preset(before, chosen)
        set_scenario(ds, after)
        kept = changes.has_changes(after) and after != before
        st.session_state[PRESET_UNDO] = (before, after) if kept else None

    return _cb


def _take_preset(ds: Dataset) -> None:
    """改用预设值: the preset's values instead of the kept changes (撤销 still goes back to the
    scenario before the switch)."""
    before, _ = st.session_state[PRESET_UNDO]
    after = preset_values(scenario())
    set_scenario(ds, after)
    st.session_state[PRESET_UNDO] = (before, after)


def _undo_preset(ds: Dataset) -> None:
    """撤销: the scenario before the preset switch (the address follows)."""
    before, _ = st.session_state[PRESET_UNDO]
    st.session_state[PRESET_UNDO] = None
    set_scenario(ds, before)


def kept_changes(ds: Dataset, sc: Scenario) -> None:
    """Beside the preset switch, right after a switch that kept the leader's changes: what
    was kept (indicator, value), one click to take the preset's values instead, and 撤销."""
    undo = st.session_state.get(PRESET_UNDO)
    if not undo or undo[1] != sc:
        return
    lang = sc.lang
    name = changes.preset_label(sc, ds, lang) or t(lang, "scenario_baseline")
    line = changes.kept_line(sc, ds, lang)
    st.caption(line if line is not None else t(lang, "p27_taken", preset=name))
    row = st.container(horizontal=True, gap="small")
    if line is not None:
        row.button(
            t(lang, "p27_take_preset", preset=name),
            key=PRESET_TAKE_BUTTON,
            on_click=_take_preset,
            args=(ds,),
        )
    row.button(
        t(lang, "p27_undo"),
        key=PRESET_UNDO_BUTTON,
        on_click=_undo_preset,
        args=(ds,),
        help=t(lang, "p27_undo_help"),
    )


def share_dialog(ds: Dataset) -> None:
    """The share link of the current scenario and its QR code (computed when opened)."""
    lang = scenario().lang

    @st.dialog(t(lang, "share_title"), width="medium")
    def _dialog() -> None:
        url = share_url(ds)
        st.markdown(t(lang, "share_scenario", name=current_scenario_name(ds)))
        if public_url() is None and (is_loopback(browser_url()) or is_loopback(url)):
            st.warning(t(lang, "share_loopback", env=PUBLIC_URL_ENV))
        st.caption(t(lang, "share_hint"))
        st.code(url, language=None, wrap_lines=True)
        st.image(qr_png(url), caption=t(lang, "share_qr"), width="content")

    _dialog()


def draw(ds: Dataset) -> None:
    """Draw the sidebar for the current scenario."""
    sc = scenario()
    lang = sc.lang
    with st.sidebar:
        seed_widget(LANG_WIDGET, sc.lang)
        st.radio(
            t(lang, "sidebar_lang"),
            options=list(LANGS),
            format_func=lambda code: t(code, "lang_own_name"),  # each in its own language
            key=LANG_WIDGET,
            horizontal=True,
            on_change=on_change(ds, lambda s: replace(s, lang=st.session_state[LANG_WIDGET])),
        )
        presets = [*ds.presets, MODEL]
        seed_widget(PRESET_WIDGET, sc.preset or BASELINE)
        st.radio(
            t(lang, "sidebar_preset"),
            options=presets,
            format_func=lambda p: preset_name(ds, p, lang),
            key=PRESET_WIDGET,
            horizontal=True,
            help=t(lang, "preset_help"),
            on_change=_switch_preset(ds),
        )
        kept_changes(ds, sc)
        seed_widget(MEETING_WIDGET, sc.meeting)
        st.toggle(
            t(lang, "sidebar_meeting"),
            key=MEETING_WIDGET,
            on_change=on_change(ds, lambda s: replace(s, meeting=st.session_state[MEETING_WIDGET])),
        )
        st.button(
            t(lang, "sidebar_reset_all"),
            key=RESET_ALL_BUTTON,
            on_click=on_change(ds, lambda s: Scenario(lang=s.lang, meeting=s.meeting)),
        )
        if st.button(
            t(lang, "sidebar_share"), key=SHARE_BUTTON, type="primary", icon=":material/link:"
        ):
            share_dialog(ds)
        from ui import auth  # the store is opened on first use, not at import
        from ui.saved import sidebar_panel

        auth.sidebar_panel(lang)
        sidebar_panel(ds)


def meeting_bar(ds: Dataset) -> None:
    """In meeting mode the sidebar is hidden: a slim bar to leave it, to share and to switch
    the preset (one line)."""
    lang = scenario().lang
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    bar.button(
        t(lang, "meeting_exit"),
        key=MEETING_EXIT,
        on_click=on_change(ds, lambda s: replace(s, meeting=False)),
    )
    if bar.button(t(lang, "sidebar_share"), key=SHARE_BUTTON, icon=":material/link:"):
        share_dialog(ds)
    with bar:
        meeting_preset(ds)


def meeting_preset(ds: Dataset) -> None:
    """The preset switch of the meeting bar: the sidebar's choice (:func:`apply_preset`, the
    leader's changes kept) as one row of buttons, with what was kept and 撤销 below it."""
    sc = scenario()
    lang = sc.lang
    seed_widget(MEETING_PRESET, sc.preset or BASELINE)
    st.segmented_control(
        t(lang, "sidebar_preset"),
        options=[*ds.presets, MODEL],
        format_func=lambda p: preset_name(ds, p, lang),
        selection_mode="single",
        required=True,
        key=MEETING_PRESET,
        label_visibility="collapsed",
        help=t(lang, "preset_help"),
        on_change=_switch_preset(ds, MEETING_PRESET),
    )
    with st.container(key=PRESET_KEPT):  # the sidebar is not drawn in meeting mode: what
        kept_changes(ds, scenario())  # was kept, and 撤销 (its caption kept visible: ui.style)


def as_of(ds: Dataset) -> None:
    """数据截至: the period the figures describe and the data id, at the top of every page."""
    lang = scenario().lang
    tags = t(lang, "as_of_shipped") if ds.data_id == shipped_dataset().data_id else ""
    if ds.data_id == default_data_id():  # 默认 only while it is the default
        tags += t(lang, "as_of_default")
    with st.container(key=AS_OF):  # kept in meeting mode (ui.style)
        st.caption(answer.as_of_line(ds, lang) + tags)
    # a link that names its data (data=): say when the year has newer figures; a plain visit
    # shows the default data, which the editors chose
    newer = newest_of_year(ds) if scenario().data_id else None
    if newer is not None:  # an old link: say so, with one click to the newest figures
        from report.period_words import as_of as period_of

        st.warning(
            t(
                lang,
                "data_newer",
                period=period_of(newer.year, newer.months_elapsed, lang),
                id=newer.data_id,
                url=share_url_on(newer),
            )
        )
    relative = changes.relative_line(scenario(), ds, voice(lang))  # below the data-age lines
    if relative is not None:
        st.caption(relative)
    db_status(ds, lang)


def db_status(ds: Dataset, lang: str) -> None:
    """One line when the database cannot be reached (the page goes on with what the
    session holds), or when the session's data was withdrawn by an editor."""
    from report.access_text import tr
    from store import StoreError
    from ui import db
    from ui.safe import md_escape

    try:
        status = db.open_store().data_status("data", ds.data_id)
    except StoreError as exc:
        st.warning(tr(lang, "store_unreachable_keep", error=md_escape(str(exc), limit=200)))
        return
    if status == "withdrawn":
        st.warning(tr(lang, "data_withdrawn", id=ds.data_id))
