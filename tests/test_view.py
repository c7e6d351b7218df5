"""One view of an indicator (:mod:`model.view`): every figure shown of an indicator under a
scenario, made by one projection, and read by the panel, its inputs, the tables, the
briefing and the exports without asking the model again."""

from __future__ import annotations

import pytest

import model.projection as projection
from model.baseline import build_report
from model.history import load_history
from model.period import share_grid
from model.projection import (
    default_h2,
    display_step,
    pace_thresholds,
    project,
    project_indicator,
    share_sensitivity,
)
from model.ranges import input_range
from model.scenario import key_specs, parse_scenario
from model.view import required_shown, views_of
from report import exports, records
from tests.helpers import qp
from tests.html_table import focus_on

QUERIES = ["", "fai=20&fai.h1_share=42", "preset=optimistic", "preset=model&new_jobs=1100"]
VIEWS = "views_in_use"  # ui.keys.VIEWS: the session's views


@pytest.fixture(scope="module")
def baselines(ds):
    return build_report(load_history(), ds.year, ds.period_code).baselines


@pytest.fixture
def counted(monkeypatch):
    """Every projection of an indicator, as (indicator id, scenario) → number of calls."""
    calls: dict[tuple[str, str], int] = {}
    real = projection.project_indicator

    def counting(ind, scenario, ds, baselines=None):
        key = (ind.id, repr(scenario))
        calls[key] = calls.get(key, 0) + 1
        return real(ind, scenario, ds, baselines)

    monkeypatch.setattr(projection, "project_indicator", counting)
    return calls


@pytest.mark.parametrize("query", QUERIES)
def test_the_views_are_the_projection(ds, baselines, query):
    """The views' results are :func:`project`'s, field by field, with the dataset's pace
    thresholds (1 and the data file's 1.5)."""
    sc = parse_scenario(query, ds)[0]
    vs = views_of(ds, sc, baselines)
    assert vs.to_records() == project(ds, sc, baselines=baselines).to_records()
    assert vs.pace_thresholds == pace_thresholds(ds) == (1.0, 1.5)
    assert project(ds, sc).pace_thresholds == (1.0, 1.5)
    assert [v.id for v in vs.views] == [ind.id for ind in ds.indicators]
    assert all(v.result is r for v, r in zip(vs.views, vs.results, strict=True))


@pytest.mark.parametrize("query", QUERIES)
def test_each_field_is_the_models_answer(ds, baselines, query):
    """Snap, display step, key range, input ranges, sensitivity and the default are what
    the model's functions give for the view's own projection."""
    sc = parse_scenario(query, ds)[0]
    specs = key_specs(ds)
    for v in views_of(ds, sc, baselines).views:
        ind, r = ds.get(v.id), v.result
        assert v.snap == required_shown(r), v.id
        assert v.display_step == display_step(r), v.id
        assert v.h2_bounds == (specs[v.id].low, specs[v.id].high), v.id
        for param in ind.assumptions:
            assert v.input_range(param) == input_range(ds, ind, sc, param), (v.id, param)
        if ind.kind != "amount" and r.h1_growth_pct is not None:
            rows = share_sensitivity(ind, sc, ds, share_grid(ds.months_elapsed))
            assert v.sensitivity_rows() == rows, v.id
        w = None if r.h1_share_pct is None else r.h1_share_pct / 100.0
        old = default_h2(ind, r.h1_growth_pct, r.h1_value, sc, ds, baselines, w)
        if old is None:
            assert v.h2_default is None, v.id
        else:
            assert v.h2_default == pytest.approx(old, rel=1e-12, abs=1e-12), v.id
        # the default is what the indicator takes without the scenario's own value
        without = project_indicator(ind, sc.with_h2(ind.id, None), ds, baselines)
        if not r.h2_from_drivers:
            assert v.h2_default == without.h2_assumption, v.id


def test_known_figures(ds):
    """Values that could be wrong: FAI at the H1 pace (−3.2%) snaps to 31.8% (31.71 rounded
    once, up); with fai=20 its default stays −3.2% and a share of 42% moves the snap to 30.0%
    (29.91 up); new jobs snap to 1,072 people at a step of one; the local industrial output's prior-year level box is
    narrowed to what keeps its derived H1 growth in range; the industrial output has four
    driver parts."""
    vs = views_of(ds, parse_scenario("", ds)[0])
    fai = vs.view("fai")
    assert (fai.result.h2_assumption, fai.h2_default, fai.snap) == (-3.2, -3.2, 31.8)
    assert fai.display_step == pytest.approx(0.1) and fai.h2_bounds == (-50.0, 200.0)
    assert len(fai.sensitivity) == len(share_grid(6)) == 11
    jobs = vs.view("new_jobs")
    assert (jobs.snap, jobs.display_step, jobs.h2_default) == (1072.0, 1.0, 1528.0)
    assert vs.view("industrial_output_local").input_range("prior_fy") == (76.31, 457.84)
    assert vs.view("industrial_output_local").input_range("h1_share") == (1.0, 99.0)
    parts = vs.view("industrial_output").driver_bounds
    assert [p for p, _ in parts] == ["baojun", "dongfeng", "faw", "rest"]
    moved = views_of(ds, parse_scenario("fai=20&fai.h1_share=42", ds)[0]).view("fai")
    assert (moved.result.h2_assumption, moved.h2_default, moved.snap) == (20.0, -3.2, 30.0)
    with pytest.raises(KeyError):
        vs.view("nonexistent")


def _per_scenario(calls):
    """The indicators projected per scenario, and the largest count of one (indicator,
    scenario)."""
    by: dict[str, set[str]] = {}
    for iid, sc in calls:
        by.setdefault(sc, set()).add(iid)
    return by, max(calls.values(), default=0)


def test_a_topic_page_projects_each_indicator_once_per_run(make_app, ds, counted):
    """A run of a topic page (table, panel, detail) projects each indicator once; a slider
    move and a snap project the new scenario once and the old one not again (the callbacks
    read the view of the scenario drawn)."""
    ids = {ind.id for ind in ds.indicators}
    at = make_app("fai=20", page="app_pages/investment.py")
    assert not at.exception
    by, most = _per_scenario(counted)
    assert most == 1 and list(by.values()) == [ids]
    counted.clear()
    at.slider(key="h2.fai").set_value(25.0).run()
    assert not at.exception and qp(at, "fai") == "25"
    by, most = _per_scenario(counted)
    assert most == 1 and list(by.values()) == [ids]
    counted.clear()
    at.button(key="snap.fai").click().run()
    assert qp(at, "fai") == "31.8"
    by, most = _per_scenario(counted)
    assert most == 1 and list(by.values()) == [ids]
    counted.clear()
    focus_on(at, "fiscal_revenue")  # another panel, the same scenario: nothing projected
    assert counted == {}


def test_the_overview_projects_each_indicator_once(make_app, ds, counted):
    """The overview's table, headline, briefing and export view read one projection."""
    at = make_app("fai=20&new_jobs=1100")
    assert not at.exception
    by, most = _per_scenario(counted)
    assert most == 1 and list(by.values()) == [{ind.id for ind in ds.indicators}]


def test_the_exports_project_each_indicator_once(ds, baselines, counted):
    """A compare export of two scenarios (CSV, XLSX, DOCX with its briefing) projects each
    indicator once per scenario, and the writers read the views' pace thresholds."""
    views = [
        records.view(ds, "fai=20", baselines=baselines),
        records.view(ds, "preset=conservative&new_jobs=1100", baselines=baselines),
    ]
    for kind in ("csv", "xlsx", "docx"):
        assert exports.export(views, ds, kind, "zh")
    by, most = _per_scenario(counted)
    ids = {ind.id for ind in ds.indicators}
    assert most == 1 and list(by.values()) == [ids, ids]
    assert all(v.results.pace_thresholds == (1.0, 1.5) for v in views)


def test_the_panel_shows_the_views_figures(make_app, ds):
    """The focused panel's figures are its view's, by value: the 达标线 is the snap value,
    the number box steps a tenth of the display step, the changed caption names the
    default, the slider stays within the key's range, and each assumption box offers the
    view's input range."""
    at = focus_on(make_app("fai=20&fai.h1_share=42", page="app_pages/investment.py"), "fai")
    assert not at.exception
    v = at.session_state[VIEWS][True][3].view("fai")
    assert v.snap == 30.0 and v.h2_default == -3.2
    assert any("**达标线**：下半年 30.0%" in m.value for m in at.markdown)
    box = at.number_input(key="num.fai")
    assert box.step == pytest.approx(v.display_step / 10) and box.value == 20.0
    assert any("默认 -3.2%" in c.value for c in at.caption), [c.value for c in at.caption]
    slider = at.slider(key="h2.fai")
    assert v.h2_bounds[0] <= slider.min < slider.max <= v.h2_bounds[1]
    share = at.number_input(key="as.fai.h1_share")
    assert (share.min, share.max) == v.input_range("h1_share") == (1.0, 99.0)
    iid = "industrial_output_local"  # its H1 growth is derived: the level box is narrowed
    at = focus_on(make_app(f"{iid}.prior_fy=200", page="app_pages/industry.py"), iid)
    v = at.session_state[VIEWS][True][3].view(iid)
    for param in ("prior_fy", "h1_share"):
        got = at.number_input(key=f"as.{iid}.{param}")
        assert (got.min, got.max) == v.input_range(param), param
    spec = key_specs(ds)[f"{iid}.prior_fy"]
    assert (spec.low, spec.high) != v.input_range("prior_fy") == (76.31, 457.84)
