"""The catalogue: every word a person reads, one TOML file per language in ``data/locale/``
(``zh.toml``, the default, and ``en.toml``), its tables grouping the keys by page or area.

A key is unique across the tables of a file, so a caller names the key alone
(``report.i18n.t(lang, "nav_overview")``); the tables only keep the file readable. The
English file's ``[cli]`` table is a namespace of its own: the command line's one-line English
form of each message key (``str()`` of :class:`model.messages.Problem`), which the app says
as ``msg_<key>`` in the UI language. The files are data, not code: the model reads its
``[cli]`` words here without importing ``report`` (where :mod:`report.i18n` and
:mod:`report.voice` speak the rest).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "data" / "locale"
#: The languages, the default first.
LANGS: tuple[str, ...] = ("zh", "en")
#: The default language (a link without ``lang=`` speaks it).
DEFAULT_LANG = LANGS[0]
#: The table of the command line's English (``en.toml`` only), outside the shared keys.
CLI_TABLE = "cli"


@functools.cache
def tables(lang: str) -> dict[str, dict[str, str]]:
    """The tables of ``lang``'s file as written (table name → key → text)."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    with open(LOCALE_DIR / f"{lang}.toml", "rb") as f:
        raw = tomllib.load(f)
    for name, table in raw.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ValueError(f"{lang}.toml [{name}]: every entry must be a text")
    return raw


@functools.cache
def entries(lang: str) -> dict[str, str]:
    """Every key of ``lang`` (but the ``[cli]`` table) → its text; a key in two tables is an
    error."""
    out: dict[str, str] = {}
    for name, table in tables(lang).items():
        if name == CLI_TABLE:
            continue
        for key, text in table.items():
            if key in out:
                raise ValueError(f"{lang}.toml: the key {key} is in more than one table")
            out[key] = text
    return out


def cli() -> dict[str, str]:
    """The command line's English form of every message key."""
    return tables("en")[CLI_TABLE]
