"""The upload flow of the data page (a filled template) and of the method page (a history
file), one for both: a file box for CSV/XLSX of at most 2 MB; each new file is checked once
(its ``file_id`` remembered), its problems kept in the session and shown all at once under a
heading; the data in use stays until a valid file is applied or stored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from report.i18n import message
from ui.safe import md_escape

#: The file types and the size (MB) every upload box takes.
TYPES = ("csv", "xlsx")
MAX_MB = 2


@dataclass(frozen=True)
class Slot:
    """The session keys of one upload box: the widget, the file last checked, its problems."""

    widget: str
    seen: str
    errors: str


def receive(label: str, slot: Slot, check: Callable[[Any], list[Any]]) -> Any | None:
    """Draw the file box; check a file not seen before with ``check(file)`` (its problems,
    ``[]`` when it is good; it keeps what it accepts in the session itself) and keep the
    problems under ``slot.errors``. Returns the file in the box (None when it is empty)."""
    up = st.file_uploader(label, type=list(TYPES), key=slot.widget, max_upload_size=MAX_MB)
    if up is not None and st.session_state.get(slot.seen) != up.file_id:
        st.session_state[slot.seen] = up.file_id
        st.session_state[slot.errors] = check(up)
    return up


def bullets(heading: str, items: Sequence[BaseException | str], lang: str, *, limit: int) -> str:
    """``heading`` and one Markdown bullet per problem (a keyed problem in ``lang``), each
    escaped and cut to ``limit`` characters."""
    return (
        heading + "\n\n" + "\n".join(f"- {md_escape(message(lang, e), limit=limit)}" for e in items)
    )


def show_errors(heading: str, slot: Slot, lang: str) -> None:
    """The problems of the last file checked, as one error (nothing when there are none)."""
    errors = st.session_state.get(slot.errors) or []
    if errors:
        st.error(bullets(heading, errors, lang, limit=400))
