"""The data page's lower half: the stored datasets, switching this session to one, making one
the default of new sessions or deleting one (editors), and the history of the default."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.data import Dataset
from report.access_text import tr
from report.i18n import message
from report.period_words import as_of
from store import Store, StoreError
from ui import auth, datapage
from ui.data_upload import say
from ui.db import get_store
from ui.keys import DATA_DEFAULT, DATA_DELETE, DATA_PICK, DATA_USE
from ui.safe import md_escape
from ui.state import offered, t, use_dataset


def stored(
    ds: Dataset, shipped: Dataset, store: Store | None, labels: dict[str, str], lang: str
) -> None:
    """The stored datasets and what can be done with them."""
    st.subheader(t(lang, "data_stored_title"), anchor=False)
    if store is None:
        get_store(lang)  # shows the one-line error
        return
    try:
        table = datapage.stored_table(store, shipped, lang)
    except StoreError:  # gone since it was opened: the line at the top says so
        table = datapage.stored_table(None, shipped, lang)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    ids = [row[t(lang, "data_col_id")] for row in table]
    if DATA_PICK in st.session_state and not offered(st.session_state[DATA_PICK], ids):
        del st.session_state[DATA_PICK]  # a label a language switch left: no one's choice
    pick = st.selectbox(
        t(lang, "data_pick"),
        ids,
        index=ids.index(ds.data_id) if ds.data_id in ids else 0,
        format_func=lambda i: f"{i} · {labels.get(i, '')}",
        key=DATA_PICK,
    )
    row = st.columns(3)
    if row[0].button(t(lang, "data_use"), key=DATA_USE, disabled=pick == ds.data_id):
        _use(pick, lang)
        st.rerun()
    editor = auth.can_edit()  # switching is this session's own; the rest changes everyone's
    if editor and row[1].button(t(lang, "data_make_default"), key=DATA_DEFAULT):
        _make_default(store, pick, shipped, lang)
        st.rerun()
    if (
        editor
        and pick != shipped.data_id
        and row[2].button(tr(lang, "data_delete"), key=DATA_DELETE)
    ):
        _delete(store, pick, lang)
        st.rerun()
    if not editor:
        st.caption(tr(lang, "auth_viewer_note"))
    _default_history(store, shipped, labels, lang)


def _use(pick: str, lang: str) -> None:
    try:
        switched = use_dataset(pick)
    except ValueError as exc:
        say("error", md_escape(message(lang, exc), limit=300))
    else:
        period = as_of(switched.year, switched.months_elapsed, lang)
        say("success", t(lang, "data_switched", id=pick, period=period))


def _make_default(store: Store, pick: str, shipped: Dataset, lang: str) -> None:
    try:
        store.set_default_data(
            "data", None if pick == shipped.data_id else pick, actor=auth.actor()
        )
    except (ValueError, StoreError) as exc:
        say("error", md_escape(message(lang, exc), limit=300))
    else:
        say("success", t(lang, "data_default_set", id=pick))


def _delete(store: Store, pick: str, lang: str) -> None:
    try:
        store.delete_data("data", pick, actor=auth.actor())
    except (ValueError, StoreError) as exc:
        say("error", md_escape(str(exc), limit=300))
    else:
        say("success", tr(lang, "data_deleted", id=pick))


def _default_history(store: Store, shipped: Dataset, labels: dict[str, str], lang: str) -> None:
    """Who made which data the default, and when."""
    with st.expander(tr(lang, "data_default_history")):
        try:
            changes = store.default_history("data")
        except StoreError as exc:
            changes = []
            st.error(md_escape(str(exc), limit=300))
        st.dataframe(
            [
                {
                    t(lang, "data_col_created"): datapage.shown_time(c.at),
                    t(lang, "data_col_id"): c.data_id or shipped.data_id,
                    t(lang, "data_col_label"): labels.get(c.data_id or shipped.data_id, ""),
                    tr(lang, "data_col_by"): c.actor or "",
                }
                for c in changes
            ],
            hide_index=True,
        )
