"""The part of an indicator's panel a slider move changes (inside the topic page's fragment):
heading, badges and figures, the slider and its number box, the target line with its snap,
the reset, the progress bar, the charts drawn on demand, and the industrial output's driver
view. The rest of the panel is :mod:`ui.detail`."""

from __future__ import annotations

import math

import streamlit as st

from model.data import Dataset, Indicator
from model.scenario import Scenario
from model.view import IndicatorView
from report import answer, bilingual, fmt
from ui import charts, path
from ui.figures import badges, h2_text, metrics, required_text
from ui.inputs import (
    h2_format,
    h2_step,
    reset_indicator,
    reset_needed,
    set_driver,
    set_h2,
    slider_range,
    snap,
    stable_range,
    sync_inputs,
    toggle_drivers,
)
from ui.keys import (
    driver_key,
    driver_mode_key,
    h2_key,
    h2_row,
    more_key,
    number_key,
    panel_box,
    reset_key,
    snap_key,
)
from ui.lazy import on_demand
from ui.safe import md_text
from ui.state import (
    get_dataset,
    indicator_view,
    param_list,
    scenario,
    seed_widget,
    set_scenario,
    t,
    voice,
)

#: the number box's width beside its slider (px): a figure such as 1,234.5 with its − and +
BOX_PX = 150


def panel_view(indicator_id: str) -> tuple[Dataset, Scenario, Indicator, IndicatorView]:
    """The session's data and scenario, the indicator and its view: the one projection of the
    run that the panel, its detail and its inputs read (:func:`ui.state.indicator_view`)."""
    ds = get_dataset()
    sc = scenario()
    return ds, sc, ds.get(indicator_id), indicator_view(ds, indicator_id, sc)


def indicator_panel(indicator_id: str) -> int | None:
    """Draw the part of an indicator's what-if panel a slider move changes: heading, the live
    part (:func:`_live`) and the driver view. It runs inside the topic page's fragment
    (:func:`topic_page`); the rest of the panel is :func:`indicator_detail`, below it.
    Returns the live part's run number for :func:`ui.inputs.sync_mark` (None: no slider)."""
    ds, sc, ind, v = panel_view(indicator_id)
    r = v.result
    lang = sc.lang
    with st.container(border=True, key=panel_box(ind.id)):
        st.subheader(md_text(bilingual.name(ind, lang)), anchor=False)  # a table's name: text
        note = bilingual.pick(lang, ind.note_zh, ind.note_en)
        if note:
            st.caption(note)
        if r.missing:
            st.warning(t(lang, "missing_needed", fields=param_list(lang, r.missing)))
        run = _live(ind.id)
        if ind.id == "industrial_output":
            _driver_view(ds, ind, v, lang)
    return run


def _live(indicator_id: str) -> int | None:
    """The part of a panel a slider move changes: the scenario's outcome and P(reach), the
    figures, the slider and its number box, the 达标线, what was changed, and the charts that
    show the scenario (progress, full-year against rest-of-year growth, the fan). Returns the
    run number of the slider and box (None: no slider)."""
    ds, sc, ind, v = panel_view(indicator_id)
    r = v.result
    lang = sc.lang
    run = None
    st.markdown(badges(r, lang))
    metrics(r, lang, v.pace_thresholds)

    current = r.h2_assumption
    if current is not None and math.isfinite(current):
        key = h2_key(ind.id)
        lo, hi = slider_range(ind, v, current)
        nkey = number_key(ind.id)
        run = sync_inputs(ind.id, key, nkey, float(current))
        label = (
            t(lang, "slider_amount", unit=fmt.unit_label(lang, ind.unit))
            if ind.kind == "amount"
            else t(lang, "slider_growth")
        )
        # the box's step: a tenth of the shown step for a growth, the shown step for an amount
        nstep = v.display_step / 10 if ind.kind != "amount" else v.display_step
        # one row, one block: columns made three (a block per column), each re-sent and
        # redrawn with every keypress (bench/RESULTS.md, Round 8)
        row = st.container(
            horizontal=True, vertical_alignment="bottom", gap="small", key=h2_row(ind.id)
        )
        row.slider(
            label,
            min_value=lo,
            max_value=hi,
            step=h2_step(ind, lo, hi),
            format=h2_format(ind),
            key=key,
            disabled=r.h2_from_drivers,
            on_change=set_h2(ds, ind, key),
            help=t(lang, "slider_help"),
            width="stretch",
        )
        row.number_input(
            t(lang, "number_box"),
            min_value=lo,
            max_value=hi,
            step=nstep,
            format=f"%.{max(0, -round(math.log10(nstep)))}f",
            key=nkey,
            disabled=r.h2_from_drivers,
            on_change=set_h2(ds, ind, nkey),
            width=BOX_PX,
        )
        line = st.container(horizontal=True, vertical_alignment="center", gap="medium")
        if r.outcome == "done":
            line.markdown(t(lang, "target_line", x=answer.gap(r, lang)))
        elif (ind.kind == "amount" and r.required_h2_amount is not None) or (
            ind.kind != "amount" and r.required_h2_growth_pct is not None
        ):
            line.markdown(
                t(lang, "target_line", x=required_text(v, lang)),
                help=t(lang, "target_line_help"),
                width="stretch",
            )
            line.button(
                t(lang, "snap"),
                key=snap_key(ind.id),
                on_click=snap(ds, ind, v.snap),
                disabled=r.h2_from_drivers,
            )
        default = v.h2_default
        if ind.id in sc.h2 and default is not None:
            st.caption(
                f"✎ {t(lang, 'changed_tag')} · {t(lang, 'default_was', d=h2_text(r, lang, default))}"
            )
    if reset_needed(sc, ind.id) and st.button(t(lang, "reset_indicator"), key=reset_key(ind.id)):
        # the assumptions and parts live in the outer panel: rerun the whole page
        set_scenario(ds, reset_indicator(scenario(), ind.id))
        st.rerun()

    bar = answer.progress_html(r, voice(lang))  # one HTML element: no charting library
    if bar is not None:
        st.html(bar)
    if sc.meeting:
        return run
    _more_charts(ds, ind, v, lang, current)
    path.expander(ds, r, lang)
    return run


def _more_charts(
    ds: Dataset, ind: Indicator, v: IndicatorView, lang: str, current: float | None
) -> None:
    """Full-year against rest-of-year growth, and the fan of the baseline, drawn on demand: in
    an expander that runs its content only while open (Streamlit's lazy expander), so that a
    slider move with it closed re-sends and redraws one chart instead of three. Opened, the
    charts follow the slider like the rest of the live part."""
    r = v.result
    has_curve = ind.kind != "amount" and r.h1_growth_pct is not None and current is not None
    has_fan = charts.has_fan(r)
    if not (has_curve or has_fan):
        return
    titles = [t(lang, k) for k, on in (("more_curve", has_curve), ("more_fan", has_fan)) if on]
    box = on_demand(
        t(lang, "more_charts", x=bilingual.join(lang, titles)),
        key=more_key(ind.id),
        icon=":material/insert_chart:",
    )
    if box is None:
        return
    with box:
        curve = None
        if has_curve and current is not None:
            lo, hi = slider_range(ind, v, current)
            grid = [lo + (hi - lo) * i / 40 for i in range(41)]
            curve = charts.growth_curve_chart(v.curve(grid), r, voice(lang))
        fan = charts.fan_chart(r, voice(lang), ds.months_elapsed)
        if curve is not None or fan is not None:
            cols = st.columns(2) if curve is not None and fan is not None else [st, st]
            if curve is not None:
                cols[0].markdown(f"**{t(lang, 'chart_curve_title')}**")
                charts.draw(curve, cols[0])
            if fan is not None:
                cols[1].markdown(f"**{t(lang, 'chart_fan_title')}**")
                charts.draw(fan, cols[1])


def _driver_view(ds: Dataset, ind: Indicator, v: IndicatorView, lang: str) -> None:
    b = v.drivers
    if b is None:
        return
    mode_key = driver_mode_key(ind.id)
    seed_widget(mode_key, b.active)
    st.toggle(
        t(lang, "driver_toggle"),
        key=mode_key,
        on_change=toggle_drivers(ds, ind),
        help=t(lang, "driver_help"),
    )
    if not b.active:
        return
    for p in b.parts:
        key = driver_key(ind.id, p.id)
        low, high = v.driver_range(p.id)
        seed_widget(key, float(p.h2_assumption))
        if p.is_amount:
            label = t(
                lang,
                "driver_amount",
                name=bilingual.name(p, lang),
                unit=fmt.unit_label(lang, ind.unit),
            )
            natural = (0.0, float(math.ceil(p.h1_value * 4)))
        else:
            label = t(
                lang, "driver_growth", name=bilingual.name(p, lang), g1=fmt.pct(p.h1_growth_pct)
            )
            g1 = p.h1_growth_pct or 0.0
            natural = (
                max(low, math.floor(min(g1, 0.0) - 30)),
                min(high, math.ceil(max(g1, 0.0) + 30)),
            )
        lo, hi = stable_range(key, natural, (low, high), p.h2_assumption)
        step = 0.1
        st.slider(
            label,
            min_value=lo,
            max_value=hi,
            step=step,
            format="%.1f",
            key=key,
            on_change=set_driver(ds, ind, p.id),
        )
    st.caption(
        t(lang, "driver_sum", g=fmt.pct(b.h2_growth_pct), v=fmt.value(b.h2_value, ind.unit, lang))
    )
    st.markdown(f"**{t(lang, 'chart_contribution_title')}**")
    charts.draw(charts.contribution_chart(b.parts, voice(lang)))
    st.caption(t(lang, "driver_note"))
