"""The figures of an indicator's panel: its badges (outcome, P(reach), difficulty), the four
metrics (H1, target, projected full year, what H2 must deliver) and the progress caption."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

from model.projection import IndicatorResult
from model.view import IndicatorView, required_shown
from report import answer, fmt
from ui.state import t, voice


def required_text(view: IndicatorView, lang: str) -> str:
    """The 达标线 as shown: exactly what a snap writes, the view's ``snap`` (the required H2
    value rounded once, up, at the display step: the figure the table shows)."""
    r, v = view.result, view.snap
    if v is None:
        return "—"
    d = max(0, -Decimal(repr(v)).normalize().as_tuple().exponent)  # type: ignore[operator]
    if r.kind == "amount":
        d = max(d, fmt.unit_decimals(r.unit))
        return t(lang, "amount_with_unit", x=fmt.number(v, d), unit=fmt.unit_label(lang, r.unit))
    return f"{fmt.number(v, max(d, fmt.PCT_DECIMALS))}%"


def h2_text(r: IndicatorResult, lang: str, x: float | None) -> str:
    if x is None:
        return "—"
    return fmt.value(x, r.unit, lang) if r.kind == "amount" else fmt.pct(x)


def _progress_caption(r: IndicatorResult, lang: str, more: str = "") -> None:
    """H1 ÷ target against 序时进度 (for a target level that rests on an assumed share, the
    reason it is not judged), then ``more``: one caption element, not two."""
    parts = []
    if r.target_value_assumed and r.progress_pct is None and r.h1_value is not None:
        parts.append(t(lang, "progress_assumed"))
    elif r.progress_pct is not None:
        p = fmt.pct(r.progress_pct, vs=r.elapsed_pct)
        parts.append(t(lang, "progress_line", p=p, e=fmt.pct(r.elapsed_pct)))
    if more:
        parts.append(more)
    if parts:
        st.caption(" ".join(parts))


def metrics(r: IndicatorResult, lang: str, thresholds: tuple[float, ...]) -> None:
    """Four figures: H1, target, projected full year (with enough decimals to tell it from
    the target), and what H2 must deliver (rounded up; 已完成 when H1 alone met it). One
    wrapping row (a flex container: one block where four columns made nine)."""
    row = st.container(horizontal=True, gap="medium", key=None)
    cols = [row] * 4
    if r.kind == "amount":
        cols[0].metric(t(lang, "col_h1"), fmt.value(r.h1_value, r.unit, lang))
        cols[1].metric(t(lang, "col_target"), answer.target_level(r, lang))
        cols[2].metric(
            t(lang, "col_projected"),
            answer.projected(r, lang),
            delta=None if r.outcome in ("no_target", "insufficient_data") else answer.gap(r, lang),
            delta_color="off",
            delta_arrow="off",
        )
        done = r.outcome == "done"
        cols[3].metric(
            t(lang, "metric_required_amount"),
            t(lang, "outcome_done")
            if done
            else fmt.value_required(required_shown(r), r.unit, lang),
            delta=answer.gap(r, lang)
            if done
            else (
                None
                if r.pace_ratio is None
                else t(
                    lang,
                    "pace_delta" if voice().months == 6 else "pace_delta_m",
                    x=fmt.ratio(r.pace_ratio, vs=thresholds),
                )
            ),
            delta_color="off",
            delta_arrow="off",
        )
        _progress_caption(r, lang)
        return
    target_level = fmt.value(r.target_value, r.unit, lang)
    if r.target_value is not None and r.target_value_assumed:
        target_level = f"≈{target_level} · {t(lang, 'target_assumed')}"
    level_gap = r.gap_unit != "pp"
    cols[0].metric(
        t(lang, "col_h1_growth"),
        fmt.pct(r.h1_growth_pct),
        delta=None if r.h1_value is None else fmt.value(r.h1_value, r.unit, lang),
        delta_color="off",
        delta_arrow="off",
    )
    cols[1].metric(
        t(lang, "col_target_growth"),
        fmt.pct(r.target_growth_pct),
        delta=None if r.target_value is None else target_level,
        delta_color="off",
        delta_arrow="off",
    )
    on_line = answer.on_line(r)  # on the target at display precision: no extra decimals
    if on_line and level_gap and r.target_value is not None:
        projected_level = fmt.value(r.target_value, r.unit, lang)  # the same at display precision
    else:
        projected_level = fmt.value(
            r.projected_fy_value, r.unit, lang, vs=r.target_value if level_gap else None
        )
    # the full-year gap sits under the full-year figure it compares (not under 下半年须增长)
    under = [] if r.projected_fy_value is None else [projected_level]
    if r.outcome not in ("no_target", "insufficient_data"):
        under.append(answer.gap(r, lang))
    cols[2].metric(
        t(lang, "col_projected_growth"),
        fmt.pct(r.projected_fy_growth_pct, vs=None if on_line else r.target_growth_pct),
        delta=" · ".join(under) or None,
        delta_color="off",
        delta_arrow="off",
    )
    cols[3].metric(
        t(lang, "metric_required_growth"),
        fmt.pct_required(required_shown(r)),
        delta_color="off",
        delta_arrow="off",
    )
    _progress_caption(
        r,
        lang,
        ""
        if r.two_year_avg_h1_growth_pct is None
        else t(lang, "two_year_line", g=fmt.pct(r.two_year_avg_h1_growth_pct)),
    )


def badges(r: IndicatorResult, lang: str) -> str:
    """The scenario's outcome, P(reach) and the difficulty, as one line of Markdown badges
    (one element: every element and layout block on a page costs each keypress a re-render
    in the browser, see bench/RESULTS.md)."""
    out = [
        (
            answer.OUTCOME_COLOR[answer.verdict(r)],
            t(lang, "badge_outcome", x=answer.outcome(r, lang)),
        )
    ]
    if r.p_reach is not None:
        out.append(("violet", t(lang, "badge_p_reach", p=fmt.pct(r.p_reach * 100))))
    if r.status not in ("no_target", "insufficient_data"):
        out.append(
            (
                answer.DIFFICULTY_COLOR[r.status],
                t(lang, "badge_difficulty", x=answer.difficulty(r, voice(lang))),
            )
        )
    return " ".join(f":{color}-badge[{text}]" for color, text in out)  # our own words
