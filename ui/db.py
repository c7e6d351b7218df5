"""The one store of the app (saved scenarios, stored datasets, history files, accounts,
audit), opened once per process and database URL; unreachable, a one-line error instead of
a traceback, and no new attempt for a few seconds (a page does not wait on every rerun)."""

from __future__ import annotations

import threading
import time

import streamlit as st

from report.i18n import message, t
from store import Store, StoreError, database_url
from ui.safe import md_escape

RETRY_S = 10.0
_FAILED: dict[str, tuple[float, StoreError]] = {}
_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def _open(url: str) -> Store:
    with _LOCK:
        failed = _FAILED.get(url)
    if failed is not None and time.monotonic() - failed[0] < RETRY_S:
        raise failed[1]
    try:
        store = _store(url)
    except StoreError as exc:
        with _LOCK:
            _FAILED[url] = (time.monotonic(), exc)
        raise
    with _LOCK:
        _FAILED.pop(url, None)
    return store


def open_store() -> Store:
    """The store; :class:`StoreError` (one line) when it cannot be reached."""
    return _open(database_url())


def get_store(lang: str = "zh", *, quiet: bool = False) -> Store | None:
    """The store, or None when it cannot be reached (with a one-line error unless ``quiet``)."""
    try:
        return _open(database_url())
    except StoreError as exc:
        if not quiet:
            st.error(t(lang, "store_error", error=md_escape(message(lang, exc), limit=300)))
        return None


def forget_failures() -> None:
    """Try the database again at the next call (tests; a changed URL is tried anyway)."""
    with _LOCK:
        _FAILED.clear()
