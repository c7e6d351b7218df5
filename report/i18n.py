"""Every UI label through the catalogue (:mod:`model.catalogue`): Chinese is the default;
English by switch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from model import catalogue
from model.messages import Problem, Text
from model.period import DEFAULT_MONTHS, periodize, words

#: Every label, one table per language, from the catalogue (``data/locale/<lang>.toml``:
#: :mod:`model.catalogue`). Chinese is the default.
ZH: dict[str, str] = catalogue.entries("zh")
EN: dict[str, str] = catalogue.entries("en")

STRINGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


_period = threading.local()


def set_months(months: int) -> None:
    """The months elapsed of the data this thread shows: labels follow the period (上半年 →
    前三季度 …). The app sets it each time a run or fragment gets its dataset; the exports
    and the command line set it from the dataset they use."""
    _period.months = months


@contextmanager
def period_words(months: int) -> Iterator[None]:
    """Within the block, this thread's labels are in the words of ``months`` elapsed."""
    before = getattr(_period, "months", None)
    _period.months = months
    try:
        yield
    finally:
        if before is None:
            del _period.months
        else:
            _period.months = before


def months_in_use() -> int:
    """The months elapsed set for this thread (6, the mid-year meeting, when none is set)."""
    return getattr(_period, "months", DEFAULT_MONTHS)


def t(lang: str, key: str, /, **kwargs: object) -> str:
    """The label ``key`` in ``lang`` (falls back to Chinese), formatted with ``kwargs``, in
    the words of the period in use (:func:`model.period.periodize`; only the template's own
    words change, never a value passed in)."""
    table = STRINGS.get(lang, ZH)
    text = table.get(key, ZH[key])
    if not key.startswith("msg_"):  # messages name their periods themselves
        text = periodize(text, months_in_use(), lang)
    return text.format(**kwargs) if kwargs else text


def param_list(lang: str, params: tuple[str, ...] | list[str]) -> str:
    """The names of assumption parameters as a list in ``lang`` ("上半年增速、上年全年水平")."""
    return (", " if lang == "en" else "、").join(t(lang, f"param_{p}") for p in params)


def message(lang: str, exc: BaseException | str) -> str:
    """An error or warning for a person, in ``lang``: a :class:`~model.messages.Problem`
    through the dictionary (``msg_<key>``; a cell's problem led by its row, indicator and
    column header), any other error as its own text."""
    if isinstance(exc, Exception) and exc.args and isinstance(exc.args[0], Text):
        exc = exc.args[0]  # an error carrying a keyed text (StoreError)
    if not isinstance(exc, (Problem, Text)):
        return str(exc)
    p = dict(exc.params)
    if lang == "en":
        for k in ("name", "names"):
            if f"{k}_en" in p:
                p[k] = p[f"{k}_en"]
    for k, m in (("period", "months"), ("shorter", "shorter_months"), ("ytd", "ytd_months")):
        if isinstance(p.get(m), int) and 1 <= p[m] <= 11:
            p[k] = words(p[m], lang).ytd
    if "what" in p and f"msg_what_{p['what']}" in ZH:
        p["what"] = t(lang, f"msg_what_{p['what']}")
    if "ids" in p:
        from model.template import header

        p["columns"] = ("、" if lang != "en" else ", ").join(header(c, lang) for c in p["ids"])
    text = t(lang, f"msg_{exc.key}", **p)
    if exc.key.startswith("tpl_") and p.get("row"):
        where = "msg_where_ind" if "id" in p and "name" in p else "msg_where"
        text = t(lang, where, **p) + text
    return text
