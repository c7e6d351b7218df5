"""Messages for people: an error or warning as a key and its parameters, not a sentence.

A model or store error raises :class:`Problem` (a ``ValueError``): its ``str()`` is the
command line's one-line English message (:data:`EN`, from the catalogue), and the app renders the same key in the
UI language through its dictionary (``msg_<key>`` in both languages; a test walks every
``Problem("…")`` raise site and this catalogue). A list of problems (a filled template) is a
list of :class:`Problem`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from model.catalogue import cli, entries

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
    """The English one-line form of ``key`` with ``params`` (the command line's message): its
    line in :data:`EN`, or for a key of the app's own tables that the command line says in the
    same words (an upload's refusal ``refuse_*``, a history file's problem ``histfile_*``), its
    English text there. A parameter that is itself a :class:`Text` is said in English."""
    return (EN[key] if key in EN else entries("en")[key]).format(**params)


class Text(str):
    """A message as its English text (a ``str`` wherever one is expected) that also carries
    its key and parameters, for the app to render in the UI language."""

    key: str
    params: dict[str, Any]


class Joined(Text):
    """Messages said one after another, separated by the text of the key ``sep`` (and
    followed by ``tail``): a parameter of another message. ``key`` is ``sep``; ``params``
    hold ``items`` and ``tail``."""


def joined(sep: str, items: Iterable[str], tail: str = "") -> Joined:
    """``items`` (texts or :class:`Text`) as one :class:`Joined`."""
    listed = tuple(items)
    out = Joined(render_en(sep, {}).join(listed) + tail)
    out.key = sep
    out.params = {"items": listed, "tail": tail}
    return out


def text(key: str, /, **params: Any) -> Text:
    """The message ``key`` as a :class:`Text`."""
    out = Text(render_en(key, params))
    out.key = key
    out.params = params
    return out
