"""The what-if panel of one indicator (slider, 达标线, assumptions, charts) and topic pages.

A topic page is master–detail: the topic's answer table (one HTML element, built by the same
function as the overview's) and below it one focused indicator's panel, chosen with a
selector and kept in the URL as ``focus=<id>``. Table, selector and panel are one
``st.fragment``: moving the focused slider reruns them (not the sidebar), so the panel and
the table's row change in the same keypress. Every input writes through
:func:`ui.state.set_scenario`, which keeps the URL in step.
"""

from __future__ import annotations

import math
from decimal import Decimal

import streamlit as st

from model.data import Dataset, Indicator
from model.drivers import breakdown
from model.period import share_band, share_grid
from model.projection import (
    IndicatorResult,
    assumption_value,
    default_h2,
    display_step,
    growth_curve,
    pace_thresholds,
    project_indicator,
    share_sensitivity,
    snap_to_target,
)
from model.ranges import input_range
from model.scenario import Scenario, ScenarioIssue, key_specs
from report import answer, fmt
from report.i18n import months_in_use, param_list, t
from ui import charts
from ui.lazy import on_demand
from ui.state import (
    FOCUS_KEY,
    FOCUS_SHOWN,
    TOPICS,
    URL_ISSUES,
    choose_focus,
    chosen_focus,
    current_projection,
    get_baselines,
    get_dataset,
    init_state,
    on_change,
    scenario,
    seed_widget,
    set_scenario,
    show_url_issues,
)


# --- widget keys (one place) ---------------------------------------------------------------
def h2_key(iid: str) -> str:
    return f"h2.{iid}"


def number_key(iid: str) -> str:
    return f"num.{iid}"


def snap_key(iid: str) -> str:
    return f"snap.{iid}"


def reset_key(iid: str) -> str:
    return f"reset.{iid}"


def assumption_key(iid: str, param: str) -> str:
    return f"as.{iid}.{param}"


def driver_key(iid: str, part: str) -> str:
    return f"drv.{iid}.{part}"


def more_key(iid: str) -> str:
    """The open state of a panel's 更多图表 expander (curve and fan, drawn on demand)."""
    return f"more.{iid}"


def sens_key(iid: str) -> str:
    """The open state of a panel's share sensitivity chart (drawn on demand)."""
    return f"sens.{iid}"


def driver_mode_key(iid: str) -> str:
    return f"drvmode.{iid}"


# --- scenario updates ------------------------------------------------------------------------
def nice_step(span: float, *, target_steps: int = 200) -> float:
    """A step of 1, 2 or 5 × 10^k that cuts ``span`` into about 100–300 steps (a person can
    cross the scale by keyboard), e.g. 10,000亩 → 50亩, 950亿元 → 5亿元."""
    if span <= 0:
        return 1.0
    raw = span / target_steps
    k = math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * 10**k >= raw:
            return round(m * 10**k, 12)
    return 10.0 ** (k + 1)


def _h2_step(ind: Indicator, lo: float, hi: float) -> float:
    """The slider's step: 0.1 point of growth; for amounts 1-2-5 × 10^k, about 200 steps."""
    if ind.kind != "amount":
        return 0.1
    return nice_step(hi - lo)


def _h2_format(ind: Indicator) -> str:
    if ind.kind != "amount":
        return "%.1f%%"
    return "localized"


def _set_h2(ds: Dataset, ind: Indicator, key: str):
    def update(s: Scenario) -> Scenario:
        raw = st.session_state[key]
        if raw is None:  # the number box was cleared: back to the default
            return s.with_h2(ind.id, None)
        value = float(raw)
        without = s.with_h2(ind.id, None)
        r = project_indicator(ind, without, ds, get_baselines(ds))
        if r.h2_assumption is not None and math.isclose(value, r.h2_assumption, abs_tol=1e-12):
            return without
        return s.with_h2(ind.id, value)

    return on_change(ds, update)


def _snap(ds: Dataset, ind: Indicator):
    def update(s: Scenario) -> Scenario:
        r = project_indicator(ind, s, ds, get_baselines(ds))
        value = snap_to_target(r)
        return s if value is None else s.with_h2(ind.id, value)

    return on_change(ds, update)


def _set_assumption(ds: Dataset, ind: Indicator, param: str):
    def update(s: Scenario) -> Scenario:
        value = st.session_state[assumption_key(ind.id, param)]
        default = ind.assumptions[param].default
        if value is None or (default is not None and math.isclose(value, default, abs_tol=1e-12)):
            return s.with_assumption(ind.id, param, None)
        return s.with_assumption(ind.id, param, float(value))

    return on_change(ds, update)


def reset_indicator(s: Scenario, iid: str) -> Scenario:
    """``s`` with every input of indicator ``iid`` back to its default."""
    s = s.with_h2(iid, None)
    for ind_id, param in list(s.assumptions):
        if ind_id == iid:
            s = s.with_assumption(iid, param, None)
    for ind_id, part in list(s.drivers):
        if ind_id == iid:
            s = s.with_driver(iid, part, None)
    return s


def _toggle_drivers(ds: Dataset, ind: Indicator, share_pct: float):
    def update(s: Scenario) -> Scenario:
        if st.session_state[driver_mode_key(ind.id)]:
            b = breakdown(ds, s, ind.id, share_pct)
            if b is None:
                return s
            s = s.with_h2(ind.id, None)
            for p in b.parts:  # written at display precision: no noise in the link
                decimals = fmt.unit_decimals(ind.unit) if p.is_amount else fmt.PCT_DECIMALS
                s = s.with_driver(ind.id, p.id, float(fmt.half_up(p.h2_assumption, decimals)))
            return s
        for ind_id, part in list(s.drivers):
            if ind_id == ind.id:
                s = s.with_driver(ind.id, part, None)
        return s

    return on_change(ds, update)


def _set_driver(ds: Dataset, ind: Indicator, part: str):
    def update(s: Scenario) -> Scenario:
        return s.with_driver(ind.id, part, float(st.session_state[driver_key(ind.id, part)]))

    return on_change(ds, update)


# --- drawing ---------------------------------------------------------------------------------
def wide_key(key: str) -> str:
    return f"wide.{key}"


def stable_range(
    key: str, natural: tuple[float, float], full: tuple[float, float], current: float
) -> tuple[float, float]:
    """A slider's (min, max): ``natural`` (from the data, never from the slider's own value),
    or the ``full`` allowed range once a value outside ``natural`` was seen in this session.

    Streamlit keys a slider's identity on min/max/step: a range that followed the value would
    re-create the widget on a move and lose the keyboard position, so the range stays put.
    """
    lo, hi = natural
    if st.session_state.get(wide_key(key)) or not lo <= current <= hi:
        st.session_state[wide_key(key)] = True
        # a value derived from other inputs (a preset below an H1 growth at the range's
        # bottom) may lie outside even the allowed range: the scale then includes it
        return float(min(full[0], math.floor(current))), float(max(full[1], math.ceil(current)))
    return float(lo), float(hi)


def _slider_range(
    ind: Indicator, r: IndicatorResult, ds: Dataset, current: float
) -> tuple[float, float]:
    """The H2 slider's range: growth g1 and the target growth −30/+40 points (within the
    allowed range); amounts 0 to 2.5 × max(H1, target)."""
    spec = key_specs(ds)[ind.id]
    if ind.kind == "amount":
        top = 2.5 * max(r.h1_value or 0.0, r.target_value or 0.0, 1.0)
        natural = (0.0, float(min(spec.high, math.ceil(top))))
    else:
        anchors = [r.h1_growth_pct or 0.0, r.target_growth_pct or 0.0, 0.0]
        natural = (
            max(spec.low, math.floor(min(anchors) - 30.0)),
            min(spec.high, math.ceil(max(anchors) + 40.0)),
        )
    return stable_range(h2_key(ind.id), natural, (spec.low, spec.high), current)


def _required_text(r: IndicatorResult, lang: str) -> str:
    """The 达标线 as shown: exactly what a snap writes (the required H2 value rounded up to
    the decimals at which the full year lands on the target at display precision)."""
    v = snap_to_target(r)
    if v is None:
        return "—"
    d = max(0, -Decimal(repr(v)).normalize().as_tuple().exponent)  # type: ignore[operator]
    if r.kind == "amount":
        d = max(d, fmt.unit_decimals(r.unit))
        return f"{fmt.number(v, d)}{'' if lang != 'en' else ' '}{fmt.unit_label(lang, r.unit)}"
    return f"{fmt.number(v, max(d, fmt.PCT_DECIMALS))}%"


def _h2_text(r: IndicatorResult, lang: str, x: float | None) -> str:
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


def _metrics(r: IndicatorResult, lang: str, thresholds: tuple[float, ...]) -> None:
    """Four figures: H1, target, projected full year (with enough decimals to tell it from
    the target), and what H2 must deliver (rounded up; 已完成 when H1 alone met it). One
    wrapping row (a flex container: one block where four columns made nine)."""
    row = st.container(horizontal=True, gap="medium", key=None)
    cols = [row] * 4
    if r.kind == "amount":
        cols[0].metric(t(lang, "col_h1"), fmt.value(r.h1_value, r.unit, lang))
        cols[1].metric(t(lang, "col_target"), fmt.value(r.target_value, r.unit, lang))
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
            else fmt.value_required(r.required_h2_amount, r.unit, lang),
            delta=answer.gap(r, lang)
            if done
            else (
                None
                if r.pace_ratio is None
                else t(
                    lang,
                    "pace_delta" if months_in_use() == 6 else "pace_delta_m",
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
    on_line = answer.exact(r)  # on the target at display precision: no extra decimals
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
        fmt.pct_required(r.required_h2_growth_pct),
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


def _assumption_inputs(ds: Dataset, ind: Indicator, sc: Scenario, lang: str) -> None:
    for param, a in ind.assumptions.items():
        key = assumption_key(ind.id, param)
        current = assumption_value(ind, sc, param)
        seed_widget(key, current)
        step = 0.5 if param == "h1_share" else (0.1 if a.unit == "%" else 1.0)
        unit = fmt.unit_label(lang, a.unit)
        unit_txt = f" ({unit})" if lang == "en" else f"（{unit}）"
        # what a link accepts, given the other inputs (a value already set stays reachable)
        lo, hi = input_range(ds, ind, sc, param)
        if current is not None:
            lo, hi = min(lo, current), max(hi, current)
        st.number_input(
            f"{t(lang, f'param_{param}')}{unit_txt} · {t(lang, 'assumption_tag')}",
            min_value=lo,
            max_value=hi,
            value=None,
            step=step,
            format="%.2f",
            key=key,
            help=a.reason_en if lang == "en" else a.reason_zh,
            placeholder=t(lang, "placeholder_enter"),
            on_change=_set_assumption(ds, ind, param),
        )
        default_txt = (
            t(lang, "none_value")
            if a.default is None
            else (fmt.pct(a.default) if a.unit == "%" else fmt.value(a.default, a.unit, lang))
        )
        if (ind.id, param) in sc.assumptions:
            st.caption(f"✎ {t(lang, 'changed_tag')} · {t(lang, 'default_was', d=default_txt)}")


def _driver_view(ds: Dataset, ind: Indicator, r: IndicatorResult, sc: Scenario, lang: str) -> None:
    if r.h1_share_pct is None:
        return
    b = breakdown(ds, sc, ind.id, r.h1_share_pct)
    if b is None:
        return
    mode_key = driver_mode_key(ind.id)
    seed_widget(mode_key, b.active)
    st.toggle(
        t(lang, "driver_toggle"),
        key=mode_key,
        on_change=_toggle_drivers(ds, ind, r.h1_share_pct),
        help=t(lang, "driver_help"),
    )
    if not b.active:
        return
    specs = key_specs(ds)
    for p in b.parts:
        key = driver_key(ind.id, p.id)
        spec = specs[f"{ind.id}.{p.id}"]
        seed_widget(key, float(p.h2_assumption))
        if p.is_amount:
            label = t(lang, "driver_amount", name=p.name(lang), unit=fmt.unit_label(lang, ind.unit))
            natural = (0.0, float(math.ceil(p.h1_value * 4)))
        else:
            label = t(lang, "driver_growth", name=p.name(lang), g1=fmt.pct(p.h1_growth_pct))
            g1 = p.h1_growth_pct or 0.0
            natural = (
                max(spec.low, math.floor(min(g1, 0.0) - 30)),
                min(spec.high, math.ceil(max(g1, 0.0) + 30)),
            )
        lo, hi = stable_range(key, natural, (spec.low, spec.high), p.h2_assumption)
        step = 0.1
        st.slider(
            label,
            min_value=lo,
            max_value=hi,
            step=step,
            format="%.1f",
            key=key,
            on_change=_set_driver(ds, ind, p.id),
        )
    st.caption(
        t(lang, "driver_sum", g=fmt.pct(b.h2_growth_pct), v=fmt.value(b.h2_value, ind.unit, lang))
    )
    st.markdown(f"**{t(lang, 'chart_contribution_title')}**")
    charts.draw(charts.contribution_chart(b.parts, lang))
    st.caption(t(lang, "driver_note"))


def _projection(
    indicator_id: str,
) -> tuple[Dataset, Scenario, Indicator, dict | None, IndicatorResult]:
    ds = get_dataset()
    sc = scenario()
    ind = ds.get(indicator_id)
    baselines = get_baselines(ds)
    return ds, sc, ind, baselines, project_indicator(ind, sc, ds, baselines)


def baseline_rule_line(r: IndicatorResult, lang: str) -> str:
    """What the chain rule did, in a sentence ('' when it had nothing to judge)."""
    years = (", " if lang == "en" else "、").join(str(y) for y in sorted(r.baseline_chain_years))
    if r.baseline_rule == "normal":
        return t(lang, "rule_normal")
    if r.baseline_rule == "chain":
        return t(lang, "rule_chain", years=years)
    if r.baseline_rule == "closed":
        return t(lang, "rule_closed", years=years)
    return ""


def baseline_needs_message(r: IndicatorResult, year: int, lang: str) -> str:
    """The panel's message about missing prior-year inputs: which figure is missing and what
    the baseline assumed instead ('' when nothing is missing)."""
    if not r.baseline_needs:
        return ""
    fields = param_list(lang, r.baseline_needs)
    if r.baseline_rule == "fallback" or r.baseline_assumed:
        assumed = t(lang, f"assumed_{r.baseline_assumed or 'one'}")
        return t(
            lang, "baseline_fallback", prev=year - 1, prev2=year - 2, fields=fields, assumed=assumed
        )
    return t(lang, "baseline_needs", prev=year - 1, fields=fields)


def indicator_panel(indicator_id: str) -> None:
    """Draw the part of an indicator's what-if panel a slider move changes: heading, the live
    part (:func:`_live`) and the driver view. It runs inside the topic page's fragment
    (:func:`topic_page`); the rest of the panel is :func:`indicator_detail`, below it."""
    ds, sc, ind, baselines, r = _projection(indicator_id)
    lang = sc.lang
    with st.container(border=True, key=f"panel_{ind.id}"):
        st.subheader(ind.name(lang), anchor=False)
        note = ind.note_en if lang == "en" else ind.note_zh
        if note:
            st.caption(note)
        if r.missing:
            st.warning(t(lang, "missing_needed", fields=param_list(lang, r.missing)))
        _live(ind.id)
        if ind.id == "industrial_output":
            _driver_view(ds, ind, r, sc, lang)


def _baseline_lines(ind: Indicator, baselines: dict | None, r: IndicatorResult, lang: str) -> str:
    """The model baseline and its method, as one caption's text ('' when there is none)."""
    current = r.h2_assumption
    if current is None or not math.isfinite(current):
        return ""
    lines = []
    if r.h2_baseline_pct is not None and r.h2_interval_80 and r.h2_interval_95:
        lines.append(
            t(
                lang,
                "baseline_line",
                m=fmt.pct(r.h2_baseline_pct),
                a=fmt.pct(r.h2_interval_80[0]),
                b=fmt.pct(r.h2_interval_80[1]),
                c=fmt.pct(r.h2_interval_95[0]),
                d=fmt.pct(r.h2_interval_95[1]),
            )
        )
    if r.baseline_method is not None:
        proxy = baselines is not None and ind.id in baselines and baselines[ind.id].proxy
        lines.append(
            t(lang, "baseline_method_line", m=t(lang, f"spec_{r.baseline_method}"))
            + (t(lang, f"proxy_note_{ind.id}") if proxy else "")
        )
    rule = baseline_rule_line(r, lang)
    if rule:
        lines.append(rule)
    return " ".join(lines)


def indicator_detail(indicator_id: str) -> None:
    """Draw the part of an indicator's panel a slider move does not change — the model
    baseline, the share sensitivity chart and the assumptions — below the topic page's
    fragment, so that a keypress neither re-sends nor redraws it (bench/RESULTS.md). Its
    inputs rerun the whole page."""
    ds, sc, ind, baselines, r = _projection(indicator_id)
    lang = sc.lang
    lines = _baseline_lines(ind, baselines, r, lang)
    needs = (
        baseline_needs_message(r, ds.year, lang)
        if r.h2_assumption is not None and math.isfinite(r.h2_assumption)
        else ""
    )
    sens_rows = None
    if not sc.meeting and ind.kind != "amount" and None not in (r.h1_growth_pct, r.h2_assumption):
        sens_rows = share_sensitivity(ind, sc, ds, share_grid(ds.months_elapsed))
    assumptions = bool(ind.assumptions) and not sc.meeting
    if not (lines or needs or sens_rows or assumptions):
        return
    with st.container(border=True, key=f"detail_{ind.id}"):
        if lines:
            st.caption(lines)
        if needs:
            st.info(needs)
        if sens_rows:
            band_lo, band_hi = share_band(ds.months_elapsed)
            sens = charts.sensitivity_chart(sens_rows, r.h1_share_pct, lang, (band_lo, band_hi))
            if sens is not None:
                band = [
                    row["required_h2_growth_pct"]
                    for row in sens_rows
                    if band_lo <= row["h1_share_pct"] <= band_hi
                ]
                lo, hi = fmt.pct(min(band)), fmt.pct(max(band))
                st.caption(
                    t(
                        lang,
                        "sensitivity_band" if lo != hi else "sensitivity_band_one",
                        a=f"{band_lo:g}",
                        b=f"{band_hi:g}",
                        lo=lo,
                        hi=hi,
                    )
                )
                # the chart on demand (a lazy expander): the page then loads no charting
                # library before the figures (bench/RESULTS.md); the caption says its range
                box = on_demand(
                    t(lang, "chart_sensitivity_title"),
                    key=sens_key(ind.id),
                    icon=":material/insert_chart:",
                )
                if box is not None:
                    with box:
                        charts.draw(sens)
        if assumptions:
            changed = any(k[0] == ind.id for k in sc.assumptions)
            with st.expander(t(lang, "assumptions_title"), expanded=bool(r.missing) or changed):
                _assumption_inputs(ds, ind, sc, lang)


def _badges(r: IndicatorResult, lang: str) -> str:
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
                t(lang, "badge_difficulty", x=answer.difficulty(r, lang)),
            )
        )
    return " ".join(f":{color}-badge[{text}]" for color, text in out)  # our own words


def _live(indicator_id: str) -> None:
    """The part of a panel a slider move changes: the scenario's outcome and P(reach), the
    figures, the slider and its number box, the 达标线, what was changed, and the charts that
    show the scenario (progress, full-year against rest-of-year growth, the fan)."""
    ds, sc, ind, baselines, r = _projection(indicator_id)
    lang = sc.lang
    with st.container(key=f"live_{ind.id}"):
        st.markdown(_badges(r, lang))
        _metrics(r, lang, pace_thresholds(ds))

        current = r.h2_assumption
        if current is not None and math.isfinite(current):
            key = h2_key(ind.id)
            lo, hi = _slider_range(ind, r, ds, current)
            seed_widget(key, float(current))
            label = (
                t(lang, "slider_amount", unit=fmt.unit_label(lang, ind.unit))
                if ind.kind == "amount"
                else t(lang, "slider_growth")
            )
            box = display_step(r)
            cols = st.columns([4, 1], vertical_alignment="bottom")  # stacked on a phone
            cols[0].slider(
                label,
                min_value=lo,
                max_value=hi,
                step=_h2_step(ind, lo, hi),
                format=_h2_format(ind),
                key=key,
                disabled=r.h2_from_drivers,
                on_change=_set_h2(ds, ind, key),
                help=t(lang, "slider_help"),
            )
            nkey = number_key(ind.id)
            seed_widget(nkey, float(current))
            cols[1].number_input(
                t(lang, "number_box"),
                min_value=lo,
                max_value=hi,
                step=box / 10 if ind.kind != "amount" else box,
                format=f"%.{max(0, -round(math.log10(box / 10 if ind.kind != 'amount' else box)))}f",
                key=nkey,
                disabled=r.h2_from_drivers,
                on_change=_set_h2(ds, ind, nkey),
            )
            line = st.container(horizontal=True, vertical_alignment="center", gap="medium")
            if r.outcome == "done":
                line.markdown(t(lang, "target_line", x=answer.gap(r, lang)))
            elif (ind.kind == "amount" and r.required_h2_amount is not None) or (
                ind.kind != "amount" and r.required_h2_growth_pct is not None
            ):
                line.markdown(
                    t(lang, "target_line", x=_required_text(r, lang)),
                    help=t(lang, "target_line_help"),
                    width="stretch",
                )
                line.button(
                    t(lang, "snap"),
                    key=snap_key(ind.id),
                    on_click=_snap(ds, ind),
                    disabled=r.h2_from_drivers,
                )
            w = None if r.h1_share_pct is None else r.h1_share_pct / 100.0
            default = default_h2(ind, r.h1_growth_pct, r.h1_value, sc, ds, baselines, w)
            if ind.id in sc.h2 and default is not None:
                st.caption(
                    f"✎ {t(lang, 'changed_tag')} · {t(lang, 'default_was', d=_h2_text(r, lang, default))}"
                )
        if reset_needed(sc, ind.id) and st.button(
            t(lang, "reset_indicator"), key=reset_key(ind.id)
        ):
            # the assumptions and parts live in the outer panel: rerun the whole page
            set_scenario(ds, reset_indicator(scenario(), ind.id))
            st.rerun()

        bar = answer.progress_html(r, lang)  # one HTML element: no charting library
        if bar is not None:
            st.html(bar)
        if sc.meeting:
            return
        _more_charts(ds, ind, r, lang, current)


def _more_charts(
    ds: Dataset, ind: Indicator, r: IndicatorResult, lang: str, current: float | None
) -> None:
    """Full-year against rest-of-year growth, and the fan of the baseline, drawn on demand: in
    an expander that runs its content only while open (Streamlit's lazy expander), so that a
    slider move with it closed re-sends and redraws one chart instead of three. Opened, the
    charts follow the slider like the rest of the live part."""
    has_curve = ind.kind != "amount" and r.h1_growth_pct is not None and current is not None
    has_fan = charts.has_fan(r)
    if not (has_curve or has_fan):
        return
    titles = [t(lang, k) for k, on in (("more_curve", has_curve), ("more_fan", has_fan)) if on]
    box = on_demand(
        t(lang, "more_charts", x="、".join(titles) if lang == "zh" else ", ".join(titles)),
        key=more_key(ind.id),
        icon=":material/insert_chart:",
    )
    if box is None:
        return
    with box:
        curve = None
        if has_curve and current is not None:
            lo, hi = _slider_range(ind, r, ds, current)
            grid = [lo + (hi - lo) * i / 40 for i in range(41)]
            curve = charts.growth_curve_chart(growth_curve(r, grid), r, lang)
        fan = charts.fan_chart(r, lang, ds.months_elapsed)
        if curve is not None or fan is not None:
            cols = st.columns(2) if curve is not None and fan is not None else [st, st]
            if curve is not None:
                cols[0].markdown(f"**{t(lang, 'chart_curve_title')}**")
                charts.draw(curve, cols[0])
            if fan is not None:
                cols[1].markdown(f"**{t(lang, 'chart_fan_title')}**")
                charts.draw(fan, cols[1])


def reset_needed(sc: Scenario, iid: str) -> bool:
    """Whether indicator ``iid`` has any input changed from its default."""
    return (
        iid in sc.h2
        or any(k[0] == iid for k in sc.assumptions)
        or any(k[0] == iid for k in sc.drivers)
    )


def focus_key(page: str) -> str:
    """The key of a topic page's focus selector."""
    return f"focus.{page}"


def default_focus(sc: Scenario, results: list[IndicatorResult]) -> str:
    """The focus of a topic page opened without an explicit one: the first indicator the
    scenario changes, else the first that misses its target, else the first."""
    for r in results:
        if reset_needed(sc, r.id):
            return r.id
    for r in results:
        if r.outcome == "miss":
            return r.id
    return results[0].id


def _focus(ds: Dataset, page: str, sc: Scenario, results: list[IndicatorResult]) -> str:
    """The indicator in focus: the explicit choice (a bad one is named in a warning and the
    default applies), else the default the page opened on in this visit."""
    ids = [r.id for r in results]
    chosen = chosen_focus(page)
    if chosen is not None:
        if chosen in ids:
            return chosen
        choose_focus(ds, page, None)  # drops it from the URL
        reason = t(sc.lang, "reason_bad_choice", choices=", ".join(ids))
        st.session_state[URL_ISSUES] = [
            *st.session_state.get(URL_ISSUES, []),
            ScenarioIssue(FOCUS_KEY, "bad_choice", f"focus: {reason}", choices=tuple(ids)),
        ]
    shown = st.session_state.get(FOCUS_SHOWN)
    if shown is not None and shown[0] == page and shown[1] in ids:
        return shown[1]
    iid = default_focus(sc, results)
    st.session_state[FOCUS_SHOWN] = (page, iid)
    return iid


def _choose(ds: Dataset, page: str):
    def cb() -> None:
        choice = st.session_state.get(focus_key(page))
        if choice is not None:
            choose_focus(ds, page, choice)

    return cb


def _drawn_key(page: str) -> str:
    """The indicator whose detail the page's last full run drew below the fragment."""
    return f"focus_drawn.{page}"


def _topic_results(ds: Dataset, page: str) -> list[IndicatorResult]:
    groups = TOPICS[page]
    return [r for r in current_projection(ds).results if ds.get(r.id).group in groups]


def topic_page(page: str) -> None:
    """A topic page (``page`` is its url path, a key of :data:`ui.state.TOPICS`): the answer
    table of its indicators and the focused indicator's live panel (one fragment: a slider
    move updates both), then the rest of that panel (drawn by the full run only)."""
    ds = get_dataset()
    sc = init_state(ds)
    lang = sc.lang
    st.title(t(lang, f"nav_{page}"), anchor=False)
    focus = _focus(ds, page, sc, _topic_results(ds, page))
    st.session_state[_drawn_key(page)] = focus
    _topic_body(page)
    indicator_detail(focus)
    st.caption(answer.source_line(ds, lang))


@st.fragment
def _topic_body(page: str) -> None:
    """Table, focus selector and the focused panel's live part: one fragment, so a slider
    move updates the panel and the table's row together without rerunning the page's shell
    or re-sending the panel's detail."""
    ds = get_dataset()
    sc = scenario()
    lang = sc.lang
    results = _topic_results(ds, page)
    focus = _focus(ds, page, sc, results)
    if focus != st.session_state.get(_drawn_key(page)):
        st.rerun()  # another indicator chosen: its detail below the fragment too
    show_url_issues(ds)
    st.html(
        answer.table_html(
            results,
            lang,
            pace_thresholds(ds),
            focus=focus,
            meeting=sc.meeting,
            caption=t(lang, "table_hint"),
            help={"col_difficulty": answer.difficulty_help(ds, lang)},
        ),
        width="stretch",
    )
    names = {r.id: (r.name_en if lang == "en" else r.name_zh) for r in results}
    key = focus_key(page)
    seed_widget(key, focus)
    st.segmented_control(
        t(lang, "focus_label"),
        options=list(names),
        format_func=names.__getitem__,
        selection_mode="single",
        required=True,
        key=key,
        on_change=_choose(ds, page),
        help=t(lang, "focus_help"),
        width="stretch",
    )
    indicator_panel(focus)
