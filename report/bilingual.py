"""Text that the data carries in both languages (names, reasons, notes, source titles), lists
in the language's own separator, and a definition's clauses, for callers that hold a
language: thin functions over :class:`report.voice.Voice` (``pick``, ``name``, ``list``), the
one place outside the dictionary that chooses between a Chinese and an English text, so that
no page or ui/ module branches on the language."""

from __future__ import annotations

import re
from collections.abc import Iterable

from report.voice import Named, Voice, voice_of


def pick(lang: str | Voice, zh: str, en: str) -> str:
    """``en`` for English, else ``zh`` (the data's own text in the UI language):
    :meth:`report.voice.Voice.pick`."""
    return voice_of(lang).pick(zh, en)


def name(thing: Named, lang: str | Voice) -> str:
    """The name of anything with ``name_zh``/``name_en`` (an indicator's result, a driver,
    a preset) in ``lang``: :meth:`report.voice.Voice.name`."""
    return voice_of(lang).name(thing)


def join(lang: str | Voice, items: Iterable[str]) -> str:
    """``items`` as one list in ``lang`` ("a、b" / "a, b"): :meth:`report.voice.Voice.list`."""
    return voice_of(lang).list(items)


#: After a clause's separator of either language (the full-width semicolon, or "; ").
_CLAUSE_END = re.compile("(?<=\N{FULLWIDTH SEMICOLON})|(?<=;) ")


def clauses(text: str) -> list[str]:
    """A definition's text (clauses joined by the language's semicolon) cut after each
    separator, so that a table can show one clause per line."""
    return _CLAUSE_END.split(text)
