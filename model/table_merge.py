"""What a read table changes in an indicator of the base dataset: the uploaded figures and
assumption defaults with their sources and reasons, and what a table of another period or
year clears (its old year-to-date figures never pass for the new period's). Used by
:func:`model.template.dataset_from_table`; the words come from ``data/template_columns.toml``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from model.catalogue import LANGS
from model.data import Assumption, Dataset, Figure, Indicator
from model.data_id import normal as _normal
from model.period import months_of, periodize, words
from model.table import (
    ASSUMPTION_OF,
    FIGURE_OF,
    TARGETS,
    UNSOURCED,
    UPLOADED,
    amount_target,
    table_words,
)

#: What describes a period rather than the year: cleared from an indicator a table of another
#: period leaves out, so its old year-to-date figures never pass for the new period's.
PERIOD_FIGURES = ("h1_value", "h1_growth_pct", "target_share_done_pct")
PERIOD_ASSUMPTIONS = ("h1_share", "prev_h1_growth", "prev2_h1_growth", "h1_value", "h1_growth")
#: The prior-year columns that describe the table's period (the same months of the prior
#: year, or of the year before): they belong to their period, never carried to another.
PERIOD_PRIOR = ("prior_share_pct", "prev_ytd_growth_pct", "prev2_ytd_growth_pct")


def _period_cleared(ind: Indicator, *, same_year: bool = True) -> Indicator:
    """``ind`` without its year-to-date figures and period-bound defaults (its annual targets,
    prior-year level and growth stay): an indicator the table of a new period leaves out is
    unknown for that period, not its old period's figures. A target stated as a share of the
    task done is kept as the level it implies. For a table of another year nothing of the
    old year stays: no figure, no assumption default (blank stays unknown)."""
    if not same_year:
        return replace(ind, figures={}, assumptions=_year_cleared(ind.assumptions))
    figures = {k: v for k, v in ind.figures.items() if k not in PERIOD_FIGURES}
    if "target_share_done_pct" in ind.figures and "target_value" not in figures:
        level = amount_target(ind)
        if level is not None:
            done = ind.figures["target_share_done_pct"]
            figures["target_value"] = Figure(level, done.section, done.quote)
    assumptions = {
        k: (replace(a, default=None) if k in PERIOD_ASSUMPTIONS else a)
        for k, a in ind.assumptions.items()
    }
    return replace(ind, figures=figures, assumptions=assumptions)


def _period_note(ind: Indicator, base_months: int, months: int) -> Indicator:
    """``ind`` with a note that speaks of the base data's period ("讲话未给出上半年数据")
    written for the table's data: dropped when the table gives the indicator's year-to-date
    figures, said of the new period when it leaves them out, kept otherwise."""
    if words(base_months, "zh").ytd not in ind.note_zh and not re.search(
        rf"\b{words(base_months, 'en').ytd}\b", ind.note_en
    ):
        return ind
    uploaded = any(f.uploaded for k, f in ind.figures.items() if k in ("h1_value", "h1_growth_pct"))
    if uploaded:
        return replace(ind, note_zh="", note_en="")
    if months == base_months:
        return ind
    return replace(
        ind,
        note_zh=table_words("reader", "no_ytd_note", "zh").format(ytd=words(months, "zh").ytd),
        note_en=table_words("reader", "no_ytd_note", "en").format(ytd=words(months, "en").ytd),
    )


#: What a period-bound assumption is, per period (``{ytd}`` the period's word, ``{prior}`` the
#: prior year): its reason when a table of another period leaves it blank.
_PERIOD_REASONS = {
    param: (table_words("period_reasons", param, "zh"), table_words("period_reasons", param, "en"))
    for param in ("h1_share", "prev_h1_growth", "h1_value", "h1_growth")
}


def _period_reasons(ind: Indicator, base: Dataset, months: int) -> Indicator:
    """``ind`` whose period-bound assumptions left blank by a table of another period say so
    for that period (their reasons explained the base data's period's defaults)."""
    if months == base.months_elapsed:
        return ind
    from model.period import share_band

    lo, hi = share_band(months)
    changed = {}
    for param, a in ind.assumptions.items():  # another parameter's reason that names the
        if param not in _PERIOD_REASONS:  # base period's word (上年上半年增速) names the new one
            changed[param] = replace(
                a,
                reason_zh=periodize(a.reason_zh, months, "zh"),
                reason_en=periodize(a.reason_en, months, "en"),
            )
    for param, (zh, en) in _PERIOD_REASONS.items():
        got = ind.assumptions.get(param)
        if got is None or got.default is not None:
            continue
        fill = {"prior": base.year - 1, "lo": f"{lo:g}", "hi": f"{hi:g}"}
        changed[param] = replace(
            got,
            reason_zh=zh.format(ytd=words(months, "zh").ytd, **fill),
            reason_en=en.format(ytd=words(months, "en").ytd, **fill),
            source=None,
        )
    if not changed:
        return ind
    return replace(ind, assumptions={**ind.assumptions, **changed})


def _calendar_share(ind: Indicator, months: int, applies: bool) -> Indicator:
    """``ind`` (a growth indicator a table added, or one of a table of another year) without a
    prior-year share: the calendar share (months ÷ 12) as an assumption, its reason from the
    catalogue (``calendar_share_reason``), so that it is labelled as assumed, never a figure."""
    got = ind.assumptions.get("h1_share")
    if not applies or ind.kind != "growth" or (got is not None and got.default is not None):
        return ind
    from model.catalogue import entries

    share = round(months / 12 * 100, 1)
    reason = {
        lg: entries(lg)["calendar_share_reason"].format(months=months, share=f"{share:g}")
        for lg in LANGS
    }
    a = Assumption("h1_share", share, "%", reason["zh"], reason["en"], None)
    return replace(ind, assumptions={**ind.assumptions, "h1_share": a})


def _year_cleared(assumptions: dict[str, Assumption]) -> dict[str, Assumption]:
    """The assumptions of a table of another year: no default of the old year, and no reason
    that names the old year's figures (blank stays unknown)."""
    return {
        k: replace(
            a,
            default=None,
            reason_zh=table_words("reader", "other_year", "zh"),
            reason_en=table_words("reader", "other_year", "en"),
            source=None,
        )
        for k, a in assumptions.items()
    }


def _updated(
    ind: Indicator,
    values: dict[str, float | None],
    source: str,
    period: str,
    same_period: bool,
    *,
    same_year: bool = True,
) -> Indicator:
    """``ind`` with the uploaded figures (blank = unknown). A blank prior-year share keeps its
    default only for the period (of the year) the default was made for."""
    quote = source or UNSOURCED
    figures = _updated_figures(ind, values, quote, period, same_period, same_year)
    assumptions = _updated_assumptions(ind, values, quote, period, same_period, same_year)
    return replace(ind, figures=figures, assumptions=assumptions)


def _updated_figures(
    ind: Indicator,
    values: dict[str, float | None],
    quote: str,
    period: str,
    same_period: bool,
    same_year: bool,
) -> dict[str, Figure]:
    """The figures of :func:`_updated`: the uploaded ones, an unchanged figure keeping its
    source, a target given as a share of the task kept as such when the table repeats it."""
    figures = {k: v for k, v in ind.figures.items() if k not in FIGURE_OF.values()}
    done = ind.figures.get("target_share_done_pct")
    if not same_year:  # nothing of the old year's figures: blank stays unknown
        figures, done = {}, None
    derived = amount_target(ind) if done is not None else None
    if values.get("target_value") is not None:
        figures.pop("target_share_done_pct", None)
        # the level it implied, as a spreadsheet keeps it (Excel holds 15 digits, not 17)
        if (
            done is not None
            and derived is not None
            and _normal(values["target_value"]) == _normal(derived)
        ):
            if same_period and values.get("ytd_value") in (None, ind.figure("h1_value")):
                figures["target_share_done_pct"] = done
                values = {**values, "target_value": None}
            else:
                figures["target_value"] = Figure(derived, done.section, done.quote, done.uploaded)
    for col, name in FIGURE_OF.items():
        v = values.get(col)
        if name in figures and col == "target_value":
            continue
        old = ind.figures.get(name)
        same = same_period or (col in TARGETS and same_year)
        if v is not None and old is not None and old.value == v and same:
            figures[name] = old  # the same figure: its source stays the one it had
        elif v is not None:
            figures[name] = Figure(v, f"{UPLOADED} {period}", quote, uploaded=True)
    return figures


def _updated_assumptions(
    ind: Indicator,
    values: dict[str, float | None],
    quote: str,
    period: str,
    same_period: bool,
    same_year: bool,
) -> dict[str, Assumption]:
    """The assumptions of :func:`_updated`: defaults from the table, each saying where it came
    from when it changed; a blank one keeps its default only as :func:`_updated` says."""
    assumptions = dict(ind.assumptions if same_year else _year_cleared(ind.assumptions))
    for col, param in ASSUMPTION_OF.items():
        v = values.get(col)
        if param in assumptions:
            a = assumptions[param]
            keep = col == "prior_share_pct" and same_period
            default = v if v is not None else (a.default if keep else None)
            said = _said(a, v, quote, period, same_year)
            if v is not None and col in PERIOD_PRIOR:  # the period it describes: the table's
                said["months"] = months_of(period)
            assumptions[param] = replace(a, default=default, **said)
        elif v is not None:
            assumptions[param] = Assumption(
                param,
                v,
                "%" if col.endswith("_pct") else ind.unit,
                table_words("reader", "uploaded", "zh"),
                table_words("reader", "uploaded", "en"),
                quote,
                months_of(period) if col in PERIOD_PRIOR else None,
            )
    # an amount whose H1 value the source lacked (an assumption) takes the uploaded value
    if ind.kind == "amount" and values.get("ytd_value") is not None and "h1_value" in assumptions:
        assumptions.pop("h1_value")
    return assumptions


def _said(
    a: Assumption, v: float | None, quote: str, period: str, same_year: bool
) -> dict[str, Any]:
    """The new reason and source of an assumption the table gives ``v`` (none to change)."""
    if not same_year and v is not None:
        return {
            "reason_zh": table_words("reader", "uploaded", "zh"),
            "reason_en": table_words("reader", "uploaded", "en"),
            "source": quote,
        }
    if v is not None and v != a.default:  # the old reason explained the old default
        m = months_of(period) or 6
        return {
            "reason_zh": table_words("reader", "from_table", "zh").format(
                ytd=words(m, "zh").ytd, quote=quote
            ),
            "reason_en": table_words("reader", "from_table", "en").format(
                ytd=words(m, "en").ytd, quote=quote
            ),
            "source": quote,
        }
    return {}
