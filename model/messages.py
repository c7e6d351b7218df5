"""Messages for people: an error or warning as a key and its parameters, not a sentence.

A model or store error raises :class:`Problem` (a ``ValueError``): its ``str()`` is the
command line's one-line English message (:data:`EN`, from the catalogue), and the app renders the same key in the
UI language through its dictionary (``msg_<key>`` in both languages; a test walks every
``Problem("…")`` raise site and this catalogue). A list of problems (a filled template) is a
list of :class:`Problem`.
"""

from __future__ import annotations

from typing import Any

from model.catalogue import cli

#: The command line's English form of every message key (``{name}`` = a parameter): the
#: ``[cli]`` table of the catalogue's ``data/locale/en.toml`` (:mod:`model.catalogue`).
EN: dict[str, str] = cli()


class Problem(ValueError):
    """An error (or a warning) as a message key and its parameters; ``str()`` is English."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(render_en(key, params))


def render_en(key: str, params: dict[str, Any]) -> str:
    """The English one-line form of ``key`` with ``params`` (the command line's message)."""
    return EN[key].format(**params)


class Text(str):
    """A message as its English text (a ``str`` wherever one is expected) that also carries
    its key and parameters, for the app to render in the UI language."""

    key: str
    params: dict[str, Any]


def text(key: str, /, **params: Any) -> Text:
    """The message ``key`` as a :class:`Text`."""
    out = Text(render_en(key, params))
    out.key = key
    out.params = params
    return out
