"""Plausibility warnings of a filled table before it is applied: figures that pass every check
of the reader but look like a careless update (old figures left in, shares of another period,
a quote of another figure, indicators silently dropped). Warnings, not errors: the clerk may
apply after confirming. Each names the indicator and shows the figure
(:class:`~model.messages.Problem` with a ``warn_*`` key).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from model.data import Dataset, Indicator
from model.fmt import plain
from model.messages import Problem
from model.period import share_band, words
from model.projection import amount_target

#: Year-to-date progress against the target is "far" from the elapsed share of the year when
#: their ratio lies outside this range (the shipped H1 data: 0.47–1.18).
PROGRESS_RATIO = (0.4, 2.5)
_NUM = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?")


_num = plain  # a figure as a person reads it: up to 4 decimals, no trailing zeros


def _shown(ytd: tuple[str, float] | None) -> str:
    """A year-to-date figure as shown in a warning: a growth with its % sign."""
    if ytd is None:  # not asked for: a warning names only indicators with a figure
        return ""
    return _num(ytd[1]) + ("%" if ytd[0].endswith("_pct") else "")


def _who(ind: Indicator) -> dict[str, str]:
    return {"id": ind.id, "name": ind.name("zh"), "name_en": ind.name("en")}


def _uploaded(ind: Indicator, name: str) -> bool:
    fig = ind.figures.get(name)
    return fig is not None and fig.uploaded


def _ytd(ind: Indicator) -> tuple[str, float] | None:
    """The indicator's year-to-date figure: its value, else its growth (name, value)."""
    for name in ("h1_value", "h1_growth_pct"):
        v = ind.figure(name)
        if v is not None:
            return name, v
    return None


#: Dates and periods in a source (2021年, 9月, 30日, 1-9月, 前三季度 has none): not figures.
_DATE = re.compile(
    r"[0-9]{4}\s*年|[0-9]{1,2}\s*[-－—~～至到]\s*[0-9]{1,2}\s*月|[0-9]{1,2}\s*[月日号]"
)


def quote_numbers(quote: str) -> list[float]:
    """The numbers written in ``quote`` (thousands separators dropped), leaving out dates and
    periods (2021年, 1-9月, 9月, 30日): a source that names its report by date is not a
    quote of another figure."""
    out = []
    for m in _NUM.findall(_DATE.sub(" ", quote)):
        try:
            out.append(float(m.replace(",", "").replace("，", "")))
        except ValueError:
            continue
    return out


def warnings(new: Dataset, old: Dataset, earlier: Iterable[Dataset] = ()) -> list[Problem]:
    """The plausibility warnings of ``new`` (a filled table) against ``old`` (the data in use)
    and ``earlier`` (the stored datasets, the shipped one included):

    - a year-to-date figure identical to the same indicator's figure of a shorter period of
      the same year already stored;
    - a prior-year share outside the period's plausible band (:func:`model.period.share_band`);
    - year-to-date progress against the target whose ratio to the elapsed share of the year is
      outside :data:`PROGRESS_RATIO`;
    - a source quote whose numbers do not include the uploaded value;
    - indicators whose year-to-date figures ``old`` has and ``new`` drops (one warning naming
      them all, last)."""
    out: list[Problem] = []
    m = new.months_elapsed
    period_en = words(m, "en").ytd
    shorter = sorted(
        (d for d in earlier if d.year == new.year and d.months_elapsed < m),
        key=lambda d: -d.months_elapsed,
    )
    lo, hi = share_band(m)
    for ind in new.indicators:
        who = _who(ind)
        ytd = _ytd(ind)
        # 1. the same figure as a shorter period's
        if ytd is not None and _uploaded(ind, ytd[0]):
            for d in shorter:
                prev = d.by_id.get(ind.id)
                if prev is not None and prev.figure(ytd[0]) == ytd[1]:
                    out.append(
                        Problem(
                            "warn_same_as_shorter",
                            **who,
                            value=_num(ytd[1]),
                            months=m,
                            period=period_en,
                            shorter_months=d.months_elapsed,
                            shorter=words(d.months_elapsed, "en").ytd,
                        )  # fmt: skip
                    )
                    break
        # 2. the prior-year share
        a = ind.assumptions.get("h1_share")
        share = None if a is None else a.default
        if share is not None and not lo <= share <= hi:
            out.append(
                Problem(
                    "warn_share_band",
                    **who,
                    value=_num(share),
                    low=_num(lo),
                    high=_num(hi),
                    months=m,
                    period=period_en,
                )  # fmt: skip
            )
        # 3. progress against the target
        value = ind.figure("h1_value")
        target = amount_target(ind) if ind.kind == "amount" else ind.figure("target_value")
        if (
            value is not None
            and target
            and any(_uploaded(ind, f) for f in ("h1_value", "target_value", "target_increase"))
        ):  # the figure or the target given by the table
            progress = value / target * 100
            elapsed = m / 12 * 100
            if not PROGRESS_RATIO[0] <= progress / elapsed <= PROGRESS_RATIO[1]:
                out.append(
                    Problem(
                        "warn_progress",
                        **who,
                        value=_num(value),
                        target=_num(target),
                        progress=f"{progress:.1f}",
                        elapsed=f"{elapsed:.1f}",
                        months=m,
                        period=period_en,
                    )
                )
        # 4. the quote of the figure
        if ytd is not None and _uploaded(ind, ytd[0]):
            quote = ind.figures[ytd[0]].quote
            numbers = quote_numbers(quote)
            if numbers and not any(abs(n - abs(ytd[1])) < 1e-9 for n in numbers):
                out.append(
                    Problem(
                        "warn_quote",
                        **who,
                        value=_num(ytd[1]),
                        numbers=", ".join(_num(n) for n in numbers[:6]),
                    )  # fmt: skip
                )
    # 5. indicators the table drops
    dropped = [
        ind
        for ind in old.indicators
        if _ytd(ind) is not None and ind.id in new.by_id and _ytd(new.by_id[ind.id]) is None
    ]
    if dropped:
        out.append(
            Problem(
                "warn_dropped",
                n=len(dropped),
                names="、".join(f"{i.name('zh')}（{i.id}，{_shown(_ytd(i))}）" for i in dropped),
                names_en=", ".join(f"{i.name('en')} ({i.id}, {_shown(_ytd(i))})" for i in dropped),
            )
        )
    return out
