"""The voice of a run: one small frozen object, made once (the app's ``ui.state.voice()``
from the link's language and the dataset's months; an export or the command line from
theirs) and passed to what speaks.

It says a catalogue key in its language and in the words of its period (上半年 → 前三季度 …:
:func:`model.period.periodize`), an error or warning for a person, a number with its unit,
a percentage, a list and a date (Babel, Asia/Shanghai). :func:`report.i18n.t` and
:func:`report.i18n.message` are thin functions over it for callers that hold only a
language (they speak in the words of the mid-year meeting, the catalogue's own).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from model import catalogue
from model.messages import Joined, Problem, Text
from model.period import DEFAULT_MONTHS, PeriodWords, check_months, periodize, words
from report import fmt


class Named(Protocol):
    """Anything named in both languages (an indicator, its result, a part)."""

    @property
    def name_zh(self) -> str: ...

    @property
    def name_en(self) -> str: ...


#: The time zone of every date a person reads.
TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Voice:
    """A language (``zh``, the default, or ``en``) and the months elapsed of the data spoken
    of (6, the mid-year meeting, unless told)."""

    lang: str = "zh"
    months: int = DEFAULT_MONTHS

    def __post_init__(self) -> None:
        if self.lang not in catalogue.LANGS:
            raise ValueError(f"language must be one of {', '.join(catalogue.LANGS)}")
        check_months(self.months)

    def t(self, key: str, /, **params: object) -> str:
        """The text of ``key`` (Chinese when this language lacks it), in the words of this
        voice's period (only the text's own words change, never a value passed in; a
        message, ``msg_…``, names its periods itself), formatted with ``params``."""
        text = catalogue.entries(self.lang).get(key)
        if text is None:
            text = catalogue.entries("zh")[key]
        if not key.startswith("msg_"):
            text = periodize(text, self.months, self.lang)
        return text.format(**params) if params else text

    def at(self, months: int) -> Voice:
        """This voice speaking of data with ``months`` elapsed."""
        return replace(self, months=months)

    @property
    def period(self) -> PeriodWords:
        """The words of this voice's period (上半年/下半年, H1/H2 …)."""
        return words(self.months, self.lang)

    def pick(self, zh: str, en: str) -> str:
        """``en`` in English, else ``zh``: the one choice between a text the data carries in
        both languages (a name, a reason, a note)."""
        return en if self.lang == "en" else zh

    def name(self, thing: Named) -> str:
        """The name of an indicator, a part or a result in this language."""
        return self.pick(thing.name_zh, thing.name_en)

    def list(self, items: Iterable[str]) -> str:
        """``items`` as a list in this language ("甲、乙、丙" / "a, b, c")."""
        return self.t("list_separator").join(items)

    def number(self, value: float | None, unit: str, *, vs: float | None = None) -> str:
        """``value`` with its unit, with the decimals of :mod:`report.fmt` (``vs``: enough
        decimals to differ from it as the exact figures do)."""
        return fmt.value(value, unit, self.lang, vs=vs)

    def pct(self, value: float | None, *, signed: bool = False, vs: float | None = None) -> str:
        """``value`` as a percentage (:func:`report.fmt.pct`)."""
        return fmt.pct(value, signed=signed, vs=vs)

    def date(self, when: datetime) -> str:
        """``when`` as a person reads it, in Asia/Shanghai ("2021-07-20 09:30"); a time
        without a zone is taken as UTC (as the store keeps it)."""
        aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        return format_datetime(aware, "yyyy-MM-dd HH:mm", tzinfo=TZ, locale=self.lang)

    def message(self, exc: BaseException | str) -> str:
        """An error or warning for a person: a :class:`~model.messages.Problem` through the
        catalogue (``msg_<key>``; a cell's problem led by its row, indicator and column
        header), any other error as its own text."""
        if isinstance(exc, Exception) and exc.args and isinstance(exc.args[0], Text):
            exc = exc.args[0]  # an error carrying a keyed text (StoreError)
        if not isinstance(exc, (Problem, Text)):
            return str(exc)
        if isinstance(exc, Joined):  # messages one after another, in this language's separator
            sep = self._said(exc.key, {})
            return sep.join(map(self.message, exc.params["items"])) + self.message(
                exc.params["tail"]
            )
        lang = self.lang
        p: dict[str, Any] = {
            k: self.message(v) if isinstance(v, Text) else v for k, v in exc.params.items()
        }
        if f"msg_{exc.key}" not in catalogue.entries(catalogue.DEFAULT_LANG):
            return self._said(exc.key, p)  # a key of the upload's or history file's tables
        if lang == "en":
            for k in ("name", "names"):
                if f"{k}_en" in p:
                    p[k] = p[f"{k}_en"]
        for k, m in (("period", "months"), ("shorter", "shorter_months"), ("ytd", "ytd_months"),
                     ("was_period", "was_months")):  # fmt: skip
            if isinstance(p.get(m), int) and 1 <= p[m] <= 11:
                p[k] = words(p[m], lang).ytd
        if "what" in p and f"msg_what_{p['what']}" in catalogue.entries("zh"):
            p["what"] = self.t(f"msg_what_{p['what']}")
        if "ids" in p:
            from model.template import header

            p["columns"] = self.list(header(c, lang) for c in p["ids"])
        text = self.t(f"msg_{exc.key}", **p)
        if exc.key.startswith("tpl_") and p.get("row"):
            where = "msg_where_ind" if "id" in p and "name" in p else "msg_where"
            text = self.t(where, **p) + text
        return text

    def _said(self, key: str, params: dict[str, object]) -> str:
        """The text of ``key`` in this language with ``params``, as the catalogue writes it
        (not periodized: a problem of a file names no period)."""
        return catalogue.entries(self.lang)[key].format(**params)


def voice_of(lang: str | Voice) -> Voice:
    """``lang`` as a voice: a voice as it is; a language code (an unknown one as Chinese) in
    the words of the mid-year meeting."""
    if isinstance(lang, Voice):
        return lang
    return Voice("en" if lang == "en" else "zh")


def iso_beijing(when: datetime | None) -> str | None:
    """``when`` as an ISO 8601 time in Beijing time with its offset ("2021-07-20T09:30:00+08:00"),
    for the command line's lists and JSON; a time without a zone is taken as UTC (as the store
    keeps it); None stays None."""
    if when is None:
        return None
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(TZ).isoformat(timespec="seconds")
