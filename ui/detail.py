"""The part of an indicator's panel a slider move does not change, drawn below the topic
page's fragment: the model baseline and its rule, the missing prior-year inputs, the share
sensitivity (chart on demand) and the assumptions' inputs."""

from __future__ import annotations

import math

import streamlit as st

from model.data import Dataset, Indicator
from model.period import share_band
from model.projection import IndicatorResult, assumption_value
from model.scenario import Scenario
from model.view import IndicatorView
from report import bilingual, fmt
from ui import charts
from ui.inputs import set_assumption
from ui.keys import assumption_key, assumptions_open_key, detail_box, sens_key
from ui.lazy import on_demand
from ui.panel import panel_view
from ui.safe import md_text
from ui.state import param_list, seed_widget, t, voice


def indicator_detail(indicator_id: str) -> None:
    """Draw the part of an indicator's panel a slider move does not change — the model
    baseline, the share sensitivity chart and the assumptions — below the topic page's
    fragment, so that a keypress neither re-sends nor redraws it (bench/RESULTS.md). Its
    inputs rerun the whole page."""
    ds, sc, ind, v = panel_view(indicator_id)
    r = v.result
    lang = sc.lang
    lines = _baseline_lines(v, lang, ds.year)
    needs = (
        baseline_needs_message(r, ds.year, lang)
        if r.h2_assumption is not None and math.isfinite(r.h2_assumption)
        else ""
    )
    sens_rows = None if sc.meeting else v.sensitivity_rows()
    assumptions = bool(ind.assumptions) and not sc.meeting
    if not (lines or needs or sens_rows or assumptions):
        return
    with st.container(border=True, key=detail_box(ind.id)):
        if lines:
            st.caption(lines)
        if needs:
            st.info(needs)
        if sens_rows:
            band_lo, band_hi = share_band(ds.months_elapsed)
            sens = charts.sensitivity_chart(
                sens_rows, r.h1_share_pct, voice(lang), (band_lo, band_hi)
            )
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
            # on demand (a lazy expander): closed, its input boxes are neither sent nor drawn,
            # and a slider move re-renders a lighter page; open at first when a figure is
            # missing, the target is unstated or assumed, or an assumption was changed (a
            # link that sets one shows it)
            key = assumptions_open_key(ind.id)
            changed = any(k[0] == ind.id for k in sc.assumptions)
            unstated = r.outcome == "no_target" or r.target_value_assumed  # a target to enter
            needed = r.missing or unstated or changed
            if needed and key not in st.session_state:
                st.session_state[key] = True
            box = on_demand(t(lang, "assumptions_title"), key=key)
            if box is not None:
                with box:
                    assumption_inputs(ds, ind, sc, lang, v)


def _baseline_lines(v: IndicatorView, lang: str, year: int = 0) -> str:
    """The model baseline and its method, as one caption's text ('' when there is none)."""
    r = v.result
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
        lines.append(
            t(lang, "baseline_method_line", m=t(lang, f"spec_{r.baseline_method}"))
            + (t(lang, f"proxy_note_{r.id}") if v.baseline_proxy else "")
            + (t(lang, "noise_stand_in", series=v.baseline_stand_in) if v.baseline_stand_in else "")
        )
    rule = baseline_rule_line(r, lang, year)
    if rule:
        lines.append(rule)
    scale = baseline_scale_line(v, lang)
    if scale:
        lines.append(scale)
    return " ".join(lines)


def baseline_scale_line(v: IndicatorView, lang: str) -> str:
    """Which scale the baseline's uncertainty was taken at, and from how many years ('' without
    a baseline): national, own, published or conservative (model.scale)."""
    r = v.result
    if r.baseline_scale is None or not r.baseline_scale_source:
        return ""
    return t(
        lang,
        f"noise_scale_{r.baseline_scale_source}",
        k=f"{r.baseline_scale:.2f}",
        n=r.baseline_scale_years or 0,
        level=t(lang, f"noise_level_{v.baseline_level}"),
    )


def baseline_rule_line(r: IndicatorResult, lang: str, year: int = 0) -> str:
    """What the chain rule did, in a sentence ('' when it had nothing to judge)."""
    years = bilingual.join(lang, (str(y) for y in sorted(r.baseline_chain_years)))
    if r.baseline_rule == "normal":
        return t(lang, "rule_normal")
    if r.baseline_rule == "chain":
        return t(lang, "rule_chain", years=years)
    if r.baseline_rule == "closed":
        return t(lang, "rule_closed", years=years)
    if r.baseline_rule == "shock" and year:
        return t(lang, "h28r_shock", prev=year - 1)
    return ""


def baseline_needs_message(r: IndicatorResult, year: int, lang: str) -> str:
    """The panel's message about missing prior-year inputs: which figure is missing and what
    the baseline assumed instead ('' when nothing is missing)."""
    if not r.baseline_needs:
        return ""
    fields = param_list(lang, r.baseline_needs)
    if r.baseline_rule == "reference":
        effect = (r.h2_baseline_pct or 0.0) - (r.h1_growth_pct or 0.0)
        return t(lang, "h28r_reference", prev=year - 1, fields=fields, effect=f"{effect:+.1f}")
    if r.baseline_rule == "shock":
        return t(lang, "h28r_needs_shock", prev=year - 1, fields=fields)
    if r.baseline_rule == "ref_fallback":
        assumed = t(lang, f"assumed_{r.baseline_assumed or 'one'}")
        return t(
            lang, "h28r_fallback_ref", prev=year - 1, prev2=year - 2, fields=fields, assumed=assumed
        )
    if r.baseline_rule == "fallback" or r.baseline_assumed:
        assumed = t(lang, f"assumed_{r.baseline_assumed or 'one'}")
        return t(
            lang, "baseline_fallback", prev=year - 1, prev2=year - 2, fields=fields, assumed=assumed
        )
    return t(lang, "baseline_needs", prev=year - 1, fields=fields)


def assumption_inputs(
    ds: Dataset, ind: Indicator, sc: Scenario, lang: str, v: IndicatorView
) -> None:
    """An input box per assumption of ``ind``, offering the range of the view ``v``."""
    for param, a in ind.assumptions.items():
        key = assumption_key(ind.id, param)
        current = assumption_value(ind, sc, param)
        seed_widget(key, current)
        step = 0.5 if param == "h1_share" else (0.1 if a.unit == "%" else 1.0)
        unit_txt = t(lang, "unit_paren", unit=fmt.unit_label(lang, a.unit))
        # what a link accepts, given the other inputs (a value already set stays reachable)
        lo, hi = v.input_range(param)
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
            help=md_text(bilingual.pick(lang, a.reason_zh, a.reason_en)),  # may quote a table
            placeholder=t(lang, "placeholder_enter"),
            on_change=set_assumption(ds, ind, param),
        )
        default_txt = (
            t(lang, "none_value")
            if a.default is None
            else (fmt.pct(a.default) if a.unit == "%" else fmt.value(a.default, a.unit, lang))
        )
        if (ind.id, param) in sc.assumptions:
            st.caption(f"✎ {t(lang, 'changed_tag')} · {t(lang, 'default_was', d=default_txt)}")
