"""Saved scenarios in the UI: the sidebar's save / open / rename / delete / restore, the
download buttons, and resolving the compare page's ``s=`` items. The store itself is the
``store`` package (shared with the command line)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from model.data import Dataset
from model.scenario import COMPARE_KEY, DATA_KEY, parse_scenario, to_query_pairs
from report import exports
from report.access_text import action, tr
from report.i18n import message
from store import Saved, Store, StoreError, Version
from ui import auth, db
from ui.keys import STORE_CONFIRM as CONFIRM  # the name awaiting confirmation
from ui.keys import STORE_NAME as NAME_INPUT
from ui.keys import STORE_NEXT, STORE_PREV, STORE_REVERT, STORE_SAVE, download, store_row
from ui.keys import STORE_NOTE as NOTE_INPUT
from ui.keys import STORE_NOTICE as NOTICE  # (kind, text) shown once after an action
from ui.keys import STORE_PAGE as PAGE  # the page of the list (0 = first)
from ui.keys import STORE_PANEL as PANEL_OPEN  # the panel's expander (drawn only while open)
from ui.keys import STORE_REPLACE as REPLACE_BOX
from ui.keys import STORE_SEARCH as SEARCH
from ui.keys import STORE_VERSION_FOR as VERSION_FOR
from ui.keys import STORE_VERSION_NUMBER as VERSION_NUMBER
from ui.keys import STORE_VERSION_PICK as VERSION_PICK
from ui.keys import STORE_VERSIONS_ALL as VERSIONS_ALL  # the whole history, drawn while open
from ui.safe import md_escape
from ui.state import (
    current_projection,
    current_scenario_name,
    lang,
    public_url,
    scenario,
    set_scenario,
    share_query,
    share_url,
    stored_dataset,
    t,
    use_dataset,
    voice,
)


def get_store() -> Store | None:
    """The store, or None (with a one-line error) when it cannot be reached."""
    return db.get_store(lang())


def scenario_query(ds: Dataset) -> str:
    """The current scenario's inputs as a query string (no language, meeting mode, compare
    list, vintage or data id — the data id is a column of its own: what a saved scenario is)."""
    skip = {"lang", "meeting", COMPARE_KEY, "v", DATA_KEY}
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in to_query_pairs(scenario(), ds) if k not in skip])


def _notice(kind: str, text: str) -> None:
    st.session_state[NOTICE] = (kind, text)


def _said(exc: Exception) -> str:
    """An error of the store for the person who acted, in the UI language."""
    if isinstance(exc, StoreError):
        return t(lang(), "store_error", error=message(lang(), exc))
    return message(lang(), exc)


def _save(ds: Dataset) -> None:
    store = get_store()
    if store is None:
        return
    try:
        saved = store.save(
            st.session_state.get(NAME_INPUT, ""),
            scenario_query(ds),
            ds.vintage,
            actor=auth.actor(),
            note=st.session_state.get(NOTE_INPUT) or None,
            data_id=ds.data_id,
            replace=bool(st.session_state.get(REPLACE_BOX)),
        )
    except (ValueError, StoreError) as exc:
        _notice("error", _said(exc))
        return
    _notice("success", t(lang(), "store_saved", name=md_escape(saved.name)))


def load(ds: Dataset, saved: Saved) -> None:
    """Open a saved scenario (its inputs replace the current ones; language and meeting mode
    stay). It is opened on the data it was saved against when that is stored here; else on
    the data in use, with a warning."""
    if saved.data_id and saved.data_id != ds.data_id and stored_dataset(saved.data_id):
        ds = use_dataset(saved.data_id)
    sc, _ = parse_scenario(saved.query, ds)
    cur = scenario()
    set_scenario(ds, replace(sc, lang=cur.lang, meeting=cur.meeting, compare=cur.compare))
    # the save form holds what was opened: saving again makes its next version, note kept
    st.session_state[NAME_INPUT] = saved.name
    st.session_state[NOTE_INPUT] = saved.note or ""
    st.session_state[REPLACE_BOX] = True
    if saved.data_id and saved.data_id != ds.data_id:
        _notice(
            "warning",
            t(
                lang(),
                "store_data_missing",
                name=md_escape(saved.name),
                old=saved.data_id,
                new=ds.data_id,
            ),
        )
    elif not saved.data_id and saved.vintage != ds.vintage:
        _notice(
            "warning",
            t(
                lang(),
                "store_vintage",
                name=md_escape(saved.name),
                old=saved.vintage,
                new=ds.vintage,
            ),
        )


def _action(ds: Dataset, kind: str, name: str, new: str | None = None) -> None:
    store = get_store()
    if store is None:
        return
    try:
        if kind == "open":
            saved = store.get(name)
            if saved is not None:
                load(ds, saved)
        elif kind == "delete":
            st.session_state.pop(CONFIRM, None)
            store.delete(name, actor=auth.actor())
        elif kind == "restore":
            store.restore(name, actor=auth.actor())
        elif kind == "rename" and new is not None:
            store.rename(name, st.session_state.get(new, ""), actor=auth.actor())
        elif kind == "revert" and new is not None:
            version = int(st.session_state.get(new) or 0)
            store.revert(name, version, actor=auth.actor())
            st.session_state.pop(VERSION_FOR, None)  # the picker offers the new previous one
            _notice(
                "success", tr(lang(), "versions_reverted", name=md_escape(name), version=version)
            )
    except (ValueError, StoreError) as exc:
        _notice("error", _said(exc))


def sidebar_panel(ds: Dataset) -> None:
    """The sidebar's saved-scenario panel (inside ``st.sidebar``)."""
    lg = lang()
    if NOTICE in st.session_state:  # an action's outcome is shown where it was taken
        st.session_state[PANEL_OPEN] = True
    box = st.expander(t(lg, "store_title"), key=PANEL_OPEN, on_change="rerun")
    if not box.open:  # drawn on demand: closed, its inputs and list cost no page weight
        return
    with box:
        notice = st.session_state.pop(NOTICE, None)
        if notice is not None:
            getattr(st, notice[0])(md_escape(notice[1], limit=300))
        store = get_store()
        if store is None:
            return
        editor = auth.can_edit()  # viewers see the list and open; the store refuses anyway
        if editor:
            st.text_input(t(lg, "store_name"), key=NAME_INPUT, max_chars=60)
            st.text_input(t(lg, "store_note"), key=NOTE_INPUT, max_chars=500)
            st.checkbox(t(lg, "store_replace"), key=REPLACE_BOX)
            st.button(t(lg, "store_save"), key=STORE_SAVE, on_click=_save, args=(ds,))
        else:
            st.caption(tr(lg, "auth_viewer_note"))
        _listing(ds, store, editor)


PAGE_SIZE = 20  # scenarios a page of the panel lists
DELETED_SHOWN = 20  # deleted scenarios listed (a search narrows the rest)
VERSIONS_SHOWN = 5  # the newest versions listed; the whole history on demand


def _reset_page() -> None:
    st.session_state[PAGE] = 0


def _turn(step: int) -> None:
    st.session_state[PAGE] = max(0, int(st.session_state.get(PAGE, 0)) + step)


def _listing(ds: Dataset, store: Store, editor: bool) -> None:
    """One page of the saved scenarios (20) that match the search box, with their buttons;
    the deleted ones (editors); the versions of one of them. Only the page is read from the
    store and given widgets, however many scenarios there are."""
    lg = lang()
    query = st.text_input(t(lg, "store_search"), key=SEARCH, max_chars=60, on_change=_reset_page)
    try:
        total = store.count(query=query)
        last_page = max(0, (total - 1) // PAGE_SIZE)
        page = min(max(0, int(st.session_state.get(PAGE, 0))), last_page)
        st.session_state[PAGE] = page
        live = store.list(query=query, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
        gone = store.list(only_deleted=True, query=query, limit=DELETED_SHOWN) if editor else []
        gone_total = store.count(only_deleted=True, query=query) if gone else 0
    except StoreError as exc:
        st.error(t(lg, "store_error", error=md_escape(message(lg, exc), limit=300)))
        return
    if not live:
        if query.strip():
            st.caption(t(lg, "store_none_found", query=md_escape(query, limit=60)))
        else:
            st.caption(t(lg, "store_empty"))
    else:
        first = page * PAGE_SIZE + 1
        st.caption(t(lg, "store_page_of", first=first, last=first + len(live) - 1, total=total))
    for i, s in enumerate(live):
        st.markdown(f"**{md_escape(s.name)}**" + (f" · {md_escape(s.note)}" if s.note else ""))
        cols = st.columns(3)
        cols[0].button(
            t(lg, "store_load"),
            key=store_row("open", i),
            on_click=_action,
            args=(ds, "open", s.name),
        )
        if not editor:
            continue
        if st.session_state.get(CONFIRM) == s.name:
            st.warning(t(lg, "store_confirm", name=md_escape(s.name)))
            cols[2].button(
                t(lg, "store_delete") + " ✓",
                key=store_row("del_ok", i),
                type="primary",
                on_click=_action,
                args=(ds, "delete", s.name),
            )
        else:
            cols[2].button(
                t(lg, "store_delete"),
                key=store_row("del", i),
                on_click=lambda n=s.name: st.session_state.__setitem__(CONFIRM, n),
            )
        with cols[1].popover(t(lg, "store_rename")):
            st.text_input(t(lg, "store_new_name"), key=store_row("new", i), max_chars=60)
            st.button(
                t(lg, "store_rename"),
                key=store_row("ren", i),
                on_click=_action,
                args=(ds, "rename", s.name, store_row("new", i)),
            )
    if last_page > 0:
        prev, nxt = st.columns(2)
        prev.button(
            t(lg, "store_prev"), key=STORE_PREV, disabled=page == 0, on_click=_turn, args=(-1,)
        )
        nxt.button(
            t(lg, "store_next"),
            key=STORE_NEXT,
            disabled=page >= last_page,
            on_click=_turn,
            args=(1,),
        )
    if gone:
        st.caption(t(lg, "store_deleted"))
        for i, s in enumerate(gone):
            st.button(
                f"{t(lg, 'store_restore')}: {md_escape(s.name)}",
                key=store_row("restore", i),
                on_click=_action,
                args=(ds, "restore", s.name),
            )
        if gone_total > len(gone):
            st.caption(t(lg, "store_deleted_more", n=gone_total - len(gone)))
    if editor and (live or gone):
        _versions(ds, store, [*live, *gone])


def _versions(ds: Dataset, store: Store, saved: list[Saved]) -> None:
    """The newest versions of one saved scenario of the page (deleted ones too), the whole
    history on demand, and a button to bring one back (editors). The picker lists each
    version in full (time in Beijing time, who, what, its query and note) and starts on the
    one before the newest: bringing back the newest would change nothing."""
    lg = lang()
    st.caption(tr(lg, "versions_title"))
    names = [s.name for s in saved]
    name = st.selectbox(tr(lg, "versions_pick"), names, key=VERSION_PICK)
    try:
        total = store.version_count(name)
        shown = store.history(name, limit=VERSIONS_SHOWN)
    except (ValueError, StoreError) as exc:
        st.error(md_escape(message(lg, exc), limit=300))
        return
    where = st.container()
    if total > len(shown):
        st.caption(t(lg, "versions_newest", n=len(shown), total=total))
        box = st.expander(t(lg, "versions_all", total=total), key=VERSIONS_ALL, on_change="rerun")
        if box.open:  # drawn on demand: a long history costs nothing while closed
            try:
                shown = store.history(name)
            except (ValueError, StoreError) as exc:
                st.error(md_escape(message(lg, exc), limit=300))
                return
            where = box
    with where:
        _picker(name, shown)
    st.button(
        tr(lg, "versions_revert"),
        key=STORE_REVERT,
        on_click=_action,
        args=(ds, "revert", name, VERSION_NUMBER),
    )


def _picker(name: str, history: list[Version]) -> None:
    """The versions of ``name``, newest first, one choice each, on the previous version."""
    lg = lang()
    newest_first = [v.version for v in reversed(history)]
    by_number = {v.version: v for v in history}
    if (
        st.session_state.get(VERSION_FOR) != name
        or st.session_state.get(VERSION_NUMBER) not in newest_first
    ):
        st.session_state[VERSION_FOR] = name
        st.session_state[VERSION_NUMBER] = newest_first[min(1, len(newest_first) - 1)]
    st.radio(
        tr(lg, "versions_version"),
        newest_first,
        format_func=lambda n: version_line(by_number[n], lg),
        key=VERSION_NUMBER,
    )


def version_line(v: Version, lg: str) -> str:
    """One version as a person reads it (Markdown, its texts escaped): number, time (Beijing
    time), who and what; its query, note and data."""
    head = tr(
        lg,
        "versions_line",
        version=v.version,
        at=voice(lg).date(v.at),
        by=md_escape(v.actor or "—"),
        action=action(lg, f"scenario.{v.action}"),
    )
    if v.deleted:
        head += tr(lg, "versions_deleted")
    parts = [tr(lg, "versions_query", query=md_escape(v.query or "—", limit=2000))]
    if v.note:
        parts.append(tr(lg, "versions_note", note=md_escape(v.note, limit=1000)))
    if v.data_id:
        parts.append(tr(lg, "versions_data", id=md_escape(v.data_id)))
    return head + "  \n" + " · ".join(parts)


def downloads(
    ds: Dataset, views: list[exports.ScenarioView], key: str, *, summary: bool = False
) -> None:
    """CSV, XLSX and DOCX download buttons for ``views`` (the page's figures); with
    ``summary`` (the overview), a fourth: the first scenario on one A4 page."""
    lg = lang()
    stem = "liudong_" + ("compare" if len(views) > 1 else "scenario")
    kinds = ("csv", "xlsx", "docx")
    cols = st.columns(len(kinds) + summary)
    for col, kind in zip(cols, kinds, strict=False):
        col.download_button(
            t(lg, f"download_{kind}"),
            # built when clicked, on another thread: a rerun does not pay for the files
            data=lambda kind=kind: exports.export(views, ds, kind, lg),
            file_name=f"{stem}.{kind}",
            mime=exports.MIME[kind],
            key=download(key, kind),
            on_click="ignore",
        )
    if summary:
        cols[-1].download_button(
            t(lg, "sum_download"),
            data=lambda: exports.export(views[:1], ds, "summary", lg),
            file_name="liudong_summary.docx",
            mime=exports.MIME["summary"],
            key=download(key, "summary"),
            on_click="ignore",
        )


def handout_link(ds: Dataset) -> str:
    """The current scenario's link as paper carries it: absolute on ``PUBLIC_URL``, else the
    relative ``/?query`` (never the browser's own address, which a phone may not reach: the
    handout then says the link is relative and prints no QR code)."""
    return share_url(ds) if public_url() is not None else "/?" + share_query(ds)


def current_view(ds: Dataset, link: str) -> exports.ScenarioView:
    """The current scenario as an export view, named as the sidebar names it, with the very
    projection the pages show (:func:`ui.state.current_projection`)."""
    return exports.ScenarioView(
        current_scenario_name(ds), scenario_query(ds), scenario(), current_projection(ds), link, ds
    )
