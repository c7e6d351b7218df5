"""Showing text that came from a link or an uploaded file: as inert text, never markup."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*{}\[\]()#!|<>~$&:])")


def md_escape(text: str, *, limit: int = 80) -> str:
    """``text`` with the characters that make links, HTML, code, `*` emphasis, headings, tables
    or LaTeX backslash-escaped (``_``, ``.`` and ``-`` stay: they are inert inside a line), control
    characters dropped and cut to ``limit`` characters, so that st.markdown, st.warning
    and st.error show it literally (no links, no HTML, no LaTeX)."""
    clean = "".join(ch for ch in text if ch.isprintable())
    if len(clean) > limit:
        clean = clean[:limit] + "…"
    return _MD_SPECIAL.sub(r"\\\1", clean)
