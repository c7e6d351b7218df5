"""Text that the data carries in both languages (names, reasons, notes, source titles), lists
in the language's own separator, and a definition's clauses: the one place outside the
dictionary that chooses between a Chinese and an English text, so that no page or ui/
module branches on the language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from report.i18n import t


class Named(Protocol):
    name_zh: str
    name_en: str


def pick(lang: str, zh: str, en: str) -> str:
    """``en`` for English, else ``zh`` (the data's own text in the UI language)."""
    return en if lang == "en" else zh


def name(thing: Named, lang: str) -> str:
    """The name of anything with ``name_zh``/``name_en`` (an indicator's result, a driver,
    a preset) in ``lang``."""
    return pick(lang, thing.name_zh, thing.name_en)


def join(lang: str, items: Iterable[str]) -> str:
    """``items`` as one list in ``lang`` ("a、b" / "a, b")."""
    return t(lang, "list_separator").join(items)


#: After a clause's separator of either language (the full-width semicolon, or "; ").
_CLAUSE_END = re.compile("(?<=\N{FULLWIDTH SEMICOLON})|(?<=;) ")


def clauses(text: str) -> list[str]:
    """A definition's text (clauses joined by the language's semicolon) cut after each
    separator, so that a table can show one clause per line."""
    return _CLAUSE_END.split(text)
