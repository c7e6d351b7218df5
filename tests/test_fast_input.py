"""AppTest: the slider and its number box stay in step when inputs arrive faster than runs
(issue 27, finding 3). The browser sends every widget's value with each input, and with them
the number of the last run whose values it held (the hidden mark, ``ui.inputs.sync_mark``):
these tests send what a browser sends when a run's values are still on their way."""

from __future__ import annotations

import pytest

from tests.helpers import qp

PAGE = "app_pages/investment.py"
SLIDER, BOX, MARK = "h2.fiscal_revenue", "num.fiscal_revenue", "live_sync"


def seeded(at, run: int) -> frozenset[str]:
    """The widgets that run ``run`` gave a value to (sent to the browser)."""
    return at.session_state["live_given"][run].seeded


@pytest.fixture
def at(make_app):
    at = make_app("focus=fiscal_revenue", page=PAGE)
    assert not at.exception
    assert at.slider(key=SLIDER).value == pytest.approx(6.25)
    return at


def test_the_mark_names_the_run_and_is_hidden(at):
    run = at.session_state["live_run"]
    assert at.number_input(key=MARK).value == run
    at.slider(key=SLIDER).set_value(6.3).run()
    assert at.number_input(key=MARK).value == run + 1
    assert at.session_state["live_run"] == run + 1
    # the box follows the slider; the slider, which holds the value, is not given it back
    assert seeded(at, run + 1) == {BOX}
    assert at.number_input(key=BOX).value == pytest.approx(6.3)


def test_a_box_value_a_run_gave_and_the_browser_not_yet_held_is_no_entry(at):
    """Keys pressed while a run runs: the browser sends the slider's newer value with the
    box's older one (it has not held the run's box value yet). Taken as an entry in the box,
    it set the scenario back to the old value and the thumb with it (6.3 / 9.2 in the issue)."""
    before = at.session_state["live_run"]
    at.slider(key=SLIDER).set_value(6.3).run()  # run before + 1 gives the box 6.3
    at.number_input(key=MARK).set_value(before)  # … which the browser has not held yet
    at.number_input(key=BOX).set_value(6.25)  # its box still shows the value of run `before`
    at.slider(key=SLIDER).set_value(6.5).run()  # two more presses
    assert not at.exception
    assert qp(at, "fiscal_revenue") == "6.5"
    assert at.session_state["scenario"].h2["fiscal_revenue"] == pytest.approx(6.5)
    assert at.number_input(key=BOX).value == pytest.approx(6.5)
    run = at.session_state["live_run"]
    assert seeded(at, run) == {BOX}  # the thumb keys are moving is never set back


def test_a_value_typed_in_the_box_is_taken_whatever_mark_comes_with_it(at):
    before = at.session_state["live_run"]
    at.slider(key=SLIDER).set_value(6.3).run()
    at.number_input(key=MARK).set_value(before)  # a run on its way, and yet …
    at.number_input(key=BOX).set_value(7.5).run()  # … a value no run gave: a person's entry
    assert qp(at, "fiscal_revenue") == "7.5"
    assert at.slider(key=SLIDER).value == pytest.approx(7.5)
    assert SLIDER in seeded(at, at.session_state["live_run"])


def test_a_slider_value_given_on_its_way_is_given_again_after_a_newer_press(at):
    """A box entry gives the slider 8.5; before the browser holds it, a key press sends the
    slider's 7.1: the press is the newer input, and the slider is given 7.1 again — else the
    browser would end on the 8.5 still on its way while box, URL and table say 7.1."""
    at.slider(key=SLIDER).set_value(7.0).run()
    held = at.session_state["live_run"]
    at.number_input(key=BOX).set_value(8.5).run()  # gives the slider 8.5
    assert SLIDER in seeded(at, held + 1)
    at.number_input(key=MARK).set_value(held)  # the browser has not held that run
    at.slider(key=SLIDER).set_value(7.1).run()
    assert qp(at, "fiscal_revenue") == "7.1"
    run = at.session_state["live_run"]
    assert seeded(at, run) == {SLIDER, BOX}
    assert at.slider(key=SLIDER).value == pytest.approx(7.1)
    assert at.number_input(key=BOX).value == pytest.approx(7.1)


def test_an_unknown_mark_leaves_every_input_a_persons(at):
    at.number_input(key=MARK).set_value(10**9)  # a tampered mark: no run of this session
    at.number_input(key=BOX).set_value(7.2).run()
    assert not at.exception
    assert qp(at, "fiscal_revenue") == "7.2"
    assert at.slider(key=SLIDER).value == pytest.approx(7.2)
