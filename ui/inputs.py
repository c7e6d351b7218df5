"""What the inputs of an indicator's panel write into the scenario (the slider and its number
box, the snap to the target, the assumptions, the driver parts, the reset) and the ranges and
steps they offer. Every change goes through :func:`ui.state.on_change`, which keeps the URL
in step."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from model.data import Dataset, Indicator
from model.scenario import Scenario
from model.view import IndicatorView
from report import fmt
from ui.keys import (
    LIVE_GIVEN,
    LIVE_RUN,
    LIVE_SYNC,
    assumption_key,
    driver_key,
    driver_mode_key,
    h2_key,
    wide_key,
)
from ui.state import indicator_view, on_change


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


def h2_step(ind: Indicator, lo: float, hi: float) -> float:
    """The slider's step: 0.1 point of growth; for amounts 1-2-5 × 10^k, about 200 steps."""
    if ind.kind != "amount":
        return 0.1
    return nice_step(hi - lo)


def h2_format(ind: Indicator) -> str:
    if ind.kind != "amount":
        return "%.1f%%"
    return "localized"


# --- the slider and its number box in step (issue 27: fast input never lies) -----------------
# The browser sends every widget's value with each input. Keys pressed while the app runs
# reach it before the value a run gave the other widget (the box follows the slider through
# the server), so an input can carry the box's older value back: a callback would take that
# for a person's entry and set the scenario back in time, and a run that gives the slider a
# value while later presses are on their way sets the thumb back. Each run of the live part
# therefore writes its number into a hidden number box (:func:`sync_mark`), which the browser
# sends back with every input: the number of the last run whose values it held.

#: The live part's runs remembered: an input comes back within a few runs.
RUNS_KEPT = 64


@dataclass(frozen=True)
class Given:
    """What one run of an indicator's live part left in the browser's slider and number box:
    each widget's value, and the widgets whose value the run set (sent to the browser)."""

    iid: str
    values: dict[str, float]
    seeded: frozenset[str]


def _browser_run() -> int | None:
    """The number of the last run whose values the browser held when it sent this input."""
    raw = st.session_state.get(LIVE_SYNC)
    try:
        return int(str(raw))
    except ValueError:
        return None


def _given() -> dict[int, Given]:
    return st.session_state.setdefault(LIVE_GIVEN, {})


def is_echo(iid: str, key: str, value: float) -> bool:
    """Whether ``value``, sent by the browser for widget ``key``, is only the value a run gave
    it (the browser held that run's values, nobody changed the widget since, and a later run
    set the widget to a value still on its way): no input of a person's."""
    ran = _browser_run()
    given = _given()
    then = given.get(ran) if ran is not None else None
    if then is None or then.iid != iid or then.values.get(key) != value:
        return False
    return any(n > ran and g.iid == iid and key in g.seeded for n, g in given.items())  # type: ignore[operator]


def _on_its_way(iid: str, key: str, value: float, run: int) -> bool:
    """Whether a run before ``run`` gave widget ``key`` another value than ``value`` that the
    browser had not yet held when it sent this run's input (it will, after this input)."""
    ran = _browser_run()
    return any(
        (ran is None or n > ran)
        and n < run
        and g.iid == iid
        and key in g.seeded
        and g.values[key] != value
        for n, g in _given().items()
    )


def sync_inputs(iid: str, key: str, nkey: str, current: float) -> int:
    """Give the slider ``key`` and the number box ``nkey`` the scenario's ``current`` value
    for this run, and return the run's number (for :func:`sync_mark`, after both are drawn).
    A widget is given the value when it holds another one, or when a value given before is
    still on its way to the browser (which would otherwise end on it) — and only then, so a
    run never sets back a thumb that keys are moving nor a box being typed in."""
    run = int(st.session_state.get(LIVE_RUN, 0)) + 1
    st.session_state[LIVE_RUN] = run
    seeded = set()
    for k in (key, nkey):
        if st.session_state.get(k) != current or _on_its_way(iid, k, current, run):
            st.session_state[k] = current
            seeded.add(k)
    given = _given()
    given[run] = Given(iid, {key: current, nkey: current}, frozenset(seeded))
    while len(given) > RUNS_KEPT:
        given.pop(min(given))
    return run


def sync_mark(run: int, label: str) -> None:
    """The hidden number box that carries the run's number back with the browser's next input
    (drawn after the panel, so after the slider and the box: a browser that holds it holds
    their values). A number box, the widget type the panel's box has loaded already: a text
    box fetched five more scripts on every topic page's load, for a widget no one sees; and
    outside the panel, whose number box stays the only one in it (bench/RESULTS.md)."""
    st.session_state[LIVE_SYNC] = run
    st.number_input(  # hidden by its key's class (ui/style.py): one element, no block
        label, key=LIVE_SYNC, step=1, format="%d", label_visibility="collapsed"
    )


def set_h2(ds: Dataset, ind: Indicator, key: str):
    """The callback of the slider or number box ``key``: its value into the scenario, or no
    value of its own when it equals the default (read from the view of the scenario drawn:
    the rest-of-year assumption without the scenario's value, or the drivers' sum). A value
    that only echoes what a run gave the widget (:func:`is_echo`) changes nothing."""

    def update(s: Scenario) -> Scenario:
        raw = st.session_state[key]
        without = s.with_h2(ind.id, None)
        if raw is None:  # the number box was cleared: back to the default
            return without
        value = float(raw)
        if is_echo(ind.id, key, value):
            return s
        r = indicator_view(ds, ind.id, s).result
        default = r.h2_assumption if r.h2_from_drivers else r.h2_default
        if default is not None and math.isclose(value, default, abs_tol=1e-12):
            return without
        return s.with_h2(ind.id, value)

    return on_change(ds, update)


def snap(ds: Dataset, ind: Indicator, value: float | None):
    """The callback of the snap button: the view's snap ``value`` (the 达标线 the panel shows)
    into the scenario (nothing when it is unknown)."""

    def update(s: Scenario) -> Scenario:
        return s if value is None else s.with_h2(ind.id, value)

    return on_change(ds, update)


def set_assumption(ds: Dataset, ind: Indicator, param: str):
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


def reset_needed(sc: Scenario, iid: str) -> bool:
    """Whether indicator ``iid`` has any input changed from its default."""
    return (
        iid in sc.h2
        or any(k[0] == iid for k in sc.assumptions)
        or any(k[0] == iid for k in sc.drivers)
    )


def toggle_drivers(ds: Dataset, ind: Indicator):
    def update(s: Scenario) -> Scenario:
        if st.session_state[driver_mode_key(ind.id)]:
            b = indicator_view(ds, ind.id, s).drivers  # of the scenario drawn
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


def set_driver(ds: Dataset, ind: Indicator, part: str):
    def update(s: Scenario) -> Scenario:
        return s.with_driver(ind.id, part, float(st.session_state[driver_key(ind.id, part)]))

    return on_change(ds, update)


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


def slider_range(ind: Indicator, v: IndicatorView, current: float) -> tuple[float, float]:
    """The H2 slider's range: growth g1 and the target growth −30/+40 points (within the
    allowed range, the view's ``h2_bounds``); amounts 0 to 2.5 × max(H1, target)."""
    r = v.result
    low, high = v.h2_bounds
    if ind.kind == "amount":
        top = 2.5 * max(r.h1_value or 0.0, r.target_value or 0.0, 1.0)
        natural = (0.0, float(min(high, math.ceil(top))))
    else:
        anchors = [r.h1_growth_pct or 0.0, r.target_growth_pct or 0.0, 0.0]
        natural = (
            max(low, math.floor(min(anchors) - 30.0)),
            min(high, math.ceil(max(anchors) + 40.0)),
        )
    return stable_range(h2_key(ind.id), natural, (low, high), current)
