"""Issue 27 item 1: a preset keeps the leader's changes (listed beside the switch, with one
click to take the preset's values and 撤销), the address and Back follow; item 2: a shared
link that changes inputs opens with one line saying what it changes from its preset."""

from __future__ import annotations

import pytest

from model.scenario import parse_scenario
from report import changes
from tests.helpers import qp
from tests.html_table import focus_on

KEPT = "已切换到“乐观”，保留了你设的值：固定资产投资 25%，财政收入 7%"


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_preset_keeps_the_leaders_values_and_lists_them(make_app):
    at = focus_on(make_app(page="app_pages/investment.py"), "fai")
    at.number_input(key="num.fai").set_value(25.0).run()
    focus_on(at, "fiscal_revenue")
    at.number_input(key="num.fiscal_revenue").set_value(7.0).run()
    at.radio(key="ui_preset").set_value("optimistic").run()
    assert not at.exception
    # the leader's two values stay, the address says so, the rest follows the preset
    assert qp(at, "preset") == "optimistic" and qp(at, "fai") == "25"
    assert qp(at, "fiscal_revenue") == "7"
    assert at.slider(key="h2.fiscal_revenue").value == pytest.approx(7.0)
    assert focus_on(at, "financing").slider(key="h2.financing").value == pytest.approx(197 * 1.1)
    assert KEPT in _captions(at)
    assert at.button(key="ui_preset_take").label == "改用“乐观”的值"
    # 撤销: the scenario before the switch, the address too
    at.button(key="ui_preset_undo").click().run()
    assert not at.exception
    assert qp(at, "preset") is None and qp(at, "fai") == "25" and qp(at, "fiscal_revenue") == "7"
    assert at.radio(key="ui_preset").value == "baseline"
    assert KEPT not in _captions(at)


def test_take_the_presets_values_then_undo(make_app):
    at = make_app("fai=25&fiscal_revenue=7", page="app_pages/investment.py")
    at.radio(key="ui_preset").set_value("conservative").run()
    at.button(key="ui_preset_take").click().run()
    assert not at.exception
    assert qp(at, "preset") == "conservative" and qp(at, "fai") is None
    assert focus_on(at, "fai").slider(key="h2.fai").value == pytest.approx(-3.2 - 2.0)
    assert "已改用“保守”的值。" in _captions(at)
    at.button(key="ui_preset_undo").click().run()
    assert qp(at, "preset") is None and qp(at, "fai") == "25" and qp(at, "fiscal_revenue") == "7"
    assert at.slider(key="h2.fai").value == pytest.approx(25.0)


def test_a_switch_without_changes_shows_no_notice(make_app):
    at = make_app(page="app_pages/investment.py")
    at.radio(key="ui_preset").set_value("optimistic").run()
    assert not at.exception and qp(at, "preset") == "optimistic"
    assert not [b for b in at.button if b.key in ("ui_preset_take", "ui_preset_undo")]


def test_back_returns_to_the_previous_scenario(make_app, monkeypatch):
    """The browser's Back reruns the page with the address before the switch (a history
    navigation): the session's scenario follows the address."""
    from ui import state

    at = make_app("fai=25", page="app_pages/investment.py")
    at.radio(key="ui_preset").set_value("optimistic").run()
    assert qp(at, "preset") == "optimistic"
    monkeypatch.setattr(state, "history_navigation", lambda: True)
    at.query_params.clear()
    at.query_params["fai"] = "25"
    at.query_params["focus"] = "fai"
    at.run()
    assert not at.exception
    assert at.radio(key="ui_preset").value == "baseline" and qp(at, "preset") is None
    assert at.slider(key="h2.fai").value == pytest.approx(25.0)


def test_the_share_link_keeps_the_kept_changes(make_app):
    at = make_app("fai=25&fiscal_revenue=7", page="app_pages/investment.py")
    at.radio(key="ui_preset").set_value("optimistic").run()
    at.button(key="ui_share").click().run()
    assert not at.exception
    link = next(c.value for c in at.code)
    assert "preset=optimistic" in link and "fai=25" in link and "fiscal_revenue=7" in link


def test_a_shared_link_says_what_it_changes(make_app):
    at = make_app("fai=25&fiscal_revenue=7", page="app_pages/investment.py")
    assert not at.exception
    caps = _captions(at)
    line = "相对基准：固定资产投资 25%，财政收入 7%"
    assert line in caps
    assert caps.index(line) > next(i for i, c in enumerate(caps) if "数据截至" in c)
    en = make_app("fai=25&fiscal_revenue=7&preset=optimistic&lang=en")
    assert "Compared with Optimistic: Fixed-asset investment 25%, Fiscal revenue 7%" in (
        _captions(en)
    )
    assert not any(c.startswith("相对") for c in _captions(make_app()))


def test_changed_items_have_units(ds):
    sc = parse_scenario("new_jobs=1100&fai.h1_share=42&preset=model", ds)[0]
    assert changes.changed_items(sc, ds, "zh") == [
        "固定资产投资 · 上年上半年占全年比重 42%",
        "城镇新增就业 1,100人",
    ]
    assert changes.relative_line(sc, ds, "zh").startswith("相对模型基准：")
    assert changes.relative_line(parse_scenario("", ds)[0], ds, "zh") is None
