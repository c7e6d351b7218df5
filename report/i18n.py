"""Every UI label through the catalogue (:mod:`model.catalogue`): Chinese is the default;
English by switch."""

from __future__ import annotations

from model import catalogue
from model.period import DEFAULT_MONTHS
from report.voice import Voice, voice_of

#: Every label, one table per language, from the catalogue (``data/locale/<lang>.toml``:
#: :mod:`model.catalogue`). Chinese is the default.
ZH: dict[str, str] = catalogue.entries("zh")
EN: dict[str, str] = catalogue.entries("en")

STRINGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


def t(lang: str | Voice, key: str, /, **kwargs: object) -> str:
    """The label ``key`` in ``lang`` (falls back to Chinese), formatted with ``kwargs``, in the
    words of the mid-year meeting (the catalogue's own): a caller that speaks of another
    period holds a :class:`~report.voice.Voice` with its months and says ``voice.t(key)``."""
    return voice_of(lang).t(key, **kwargs)


def param_list(lang: str | Voice, params: tuple[str, ...] | list[str]) -> str:
    """The names of assumption parameters as a list in ``lang`` ("上半年增速、上年全年水平")."""
    v = voice_of(lang)
    return v.list(v.t(f"param_{p}") for p in params)


def message(lang: str | Voice, exc: BaseException | str) -> str:
    """An error or warning for a person, in ``lang``: :meth:`report.voice.Voice.message`."""
    return voice_of(lang).message(exc)


def every_language(key: str, /, **kwargs: object) -> str:
    """``key`` said in every language of the catalogue, one line each: for words that have no
    page and so no chosen language (a refused request's plain-text answer)."""
    return "".join(t(lang, key, **kwargs) + "\n" for lang in catalogue.LANGS)


def every_voice(months: int = DEFAULT_MONTHS) -> tuple[Voice, ...]:
    """A voice of every language of the catalogue for data of ``months`` (what a warm-up
    builds ahead of the language a visitor will choose)."""
    return tuple(Voice(lang, months) for lang in catalogue.LANGS)
