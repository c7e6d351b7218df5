"""Showing text that came from a link or an uploaded file: as inert text, never markup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_MD_SPECIAL = re.compile(r"([\\`*{}\[\]()#!|<>~$&:])")
#: A bare address becomes a link in GitHub-flavoured Markdown even with its characters
#: escaped (the link is found in the text after the escapes are read): "http://", "https://"
#: and "www." are broken with an invisible word joiner instead.
_BARE_LINK = re.compile(r"(?i)(?<=https)(?=://)|(?<=http)(?=://)|(?<=\bwww)(?=\.)")
JOINER = "\u2060"
#: The longest user text shown whole (a quote, a note); longer is cut with "…".
MAX_SHOWN = 2000


def md_escape(text: str, *, limit: int = 80) -> str:
    """``text`` with the characters that make links, HTML, code, `*` emphasis, headings, tables
    or LaTeX backslash-escaped (``_``, ``.`` and ``-`` stay: they are inert inside a line), a
    bare ``http://``, ``https://`` or ``www.`` broken by an invisible word joiner, control
    characters dropped and cut to ``limit`` characters, so that st.markdown, st.warning
    and st.error show it literally (no links, no HTML, no LaTeX)."""
    clean = "".join(ch for ch in text if ch.isprintable())
    if len(clean) > limit:
        clean = clean[:limit] + "…"
    return _MD_SPECIAL.sub(r"\\\1", _BARE_LINK.sub(JOINER, clean))


def md_text(text: object) -> str:
    """User or uploaded text (a dataset's label, a file name, a source quote, a name or a note,
    or a line made with them) for any element that renders Markdown — st.markdown, st.caption,
    st.info/warning/error, st.table's cells, a widget's ``help`` — shown as the characters
    it holds, whole up to :data:`MAX_SHOWN` characters."""
    return md_escape(str(text), limit=MAX_SHOWN)


def md_rows(rows: Iterable[Mapping[str, object]]) -> list[dict[str, str]]:
    """The rows of an ``st.table`` (which renders Markdown in its cells and headers) with every
    text cell and header escaped by :func:`md_text`."""
    return [{md_text(k): md_text(v) for k, v in row.items()} for row in rows]
