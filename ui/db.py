"""The one store of the app (saved scenarios, stored datasets, history files), opened once
per process and database URL; unreachable, a one-line error instead of a traceback."""

from __future__ import annotations

import streamlit as st

from report.i18n import message, t
from store import Store, StoreError, database_url
from ui.safe import md_escape


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store(lang: str = "zh", *, quiet: bool = False) -> Store | None:
    """The store, or None when it cannot be reached (with a one-line error unless ``quiet``)."""
    try:
        return _store(database_url())
    except StoreError as exc:
        if not quiet:
            st.error(t(lang, "store_error", error=md_escape(message(lang, exc), limit=300)))
        return None
