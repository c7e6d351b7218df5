"""AppTest for the what-if pages: sliders, snap to target, links, presets, language, briefing."""

from __future__ import annotations

import math

import pytest

from model.data import load_dataset
from model.projection import project
from model.scenario import parse_scenario
from tests.helpers import qp
from tests.html_table import answer_tables, focus_on

TOPICS = {
    "app_pages/economy.py": ["gdp"],
    "app_pages/industry.py": ["industrial_output", "new_industrial_enterprises"],
    "app_pages/investment.py": ["fai", "fiscal_revenue", "investment_attraction", "financing"],
    "app_pages/land.py": ["new_jobs", "land_supply", "demolition"],
}
ALL_PAGES = ["app_pages/overview.py", *TOPICS, "app_pages/sources.py"]
QUERY = "fai=30&fiscal_revenue=7&new_jobs=1100&gdp=9.5&fai.h1_share=42&land_supply=3000"


def metric(at, label, index=0):
    found = [m for m in at.metric if m.label == label]
    return found[index]


@pytest.mark.parametrize("page", list(TOPICS))
def test_topic_pages_render_with_a_slider_per_indicator(make_app, page, ds):
    at = make_app(page=page)
    assert not at.exception
    # every indicator of the page's groups has a row in the table and a panel one click away
    groups = {ds.get(i).group for i in TOPICS[page]}
    ids = [
        ind.id
        for ind in ds.indicators
        if ind.group in groups or (page.endswith("land.py") and ind.group == "livelihood")
    ]
    (table,) = answer_tables(at)
    assert table.attrs["ids"] == ids
    for iid in TOPICS[page]:
        focus_on(at, iid)
        assert f"h2.{iid}" in {s.key for s in at.slider}
        assert len(at.subheader) == 1  # one panel per view


def test_slider_moves_figures_and_url(make_app):
    at = focus_on(make_app(page="app_pages/investment.py"), "fiscal_revenue")
    assert metric(at, "全年预计增速", 0).value == "6.3%"  # fiscal revenue at the H1 pace
    at.slider(key="h2.fiscal_revenue").set_value(7.0).run()
    assert not at.exception
    m = metric(at, "全年预计增速", 0)
    assert m.value == "6.6%" and m.delta == "55.69亿元 · 超 0.32亿元"  # the gap under 全年预计
    assert qp(at, "fiscal_revenue") == "7"


def test_snap_to_target_reaches_the_target_at_display_precision(make_app, ds):
    at = make_app(page="app_pages/investment.py")
    for iid in ("fai", "fiscal_revenue", "investment_attraction", "financing"):
        focus_on(at, iid)
        at.button(key=f"snap.{iid}").click().run()
        assert not at.exception
    # the link carries the 达标线 as shown: the required figure rounded once, up, at the
    # display step (31.71 → 31.8, 5.73 → 5.8), the figure the table shows: no noise
    assert qp(at, "fiscal_revenue") == "5.8" and qp(at, "fai") == "31.8"
    sc, issues = parse_scenario(list(at.query_params.items()), ds)
    assert not issues
    res = project(ds, sc)
    for iid in ("fai", "fiscal_revenue", "investment_attraction", "financing"):
        r = res.get(iid)
        assert r.reachable and r.outcome == "reach" and r.gap_to_target >= 0, iid
    focus_on(at, "fai")
    assert at.slider(key="h2.fai").value == pytest.approx(31.8)
    assert at.number_input(key="num.fai").value == pytest.approx(31.8)
    # FAI reaches (可达标): the shown 31.8 is above the exact 31.71, so the full year is over
    assert metric(at, "全年预计增速", 0).delta == "超 0.1个百分点"
    assert "本情景：可达标" in " ".join(m.value for m in at.markdown)
    assert metric(at, "下半年须增长", 0).value == "31.8%"
    focus_on(at, "fiscal_revenue")
    assert any("**达标线**：下半年 5.8%" in m.value for m in at.markdown)


def test_snap_on_counts_gives_whole_units(make_app):
    at = focus_on(make_app(page="app_pages/land.py"), "new_jobs")
    at.button(key="snap.new_jobs").click().run()
    assert qp(at, "new_jobs") == "1072"
    assert metric(at, "全年预计", 0).value == "2,600人"


def test_number_box_sets_the_exact_value(make_app, ds):
    at = focus_on(make_app(page="app_pages/investment.py"), "fiscal_revenue")
    at.number_input(key="num.fiscal_revenue").set_value(5.73).run()
    assert not at.exception
    assert qp(at, "fiscal_revenue") == "5.73"
    assert at.slider(key="h2.fiscal_revenue").value == pytest.approx(5.73)
    badges = " ".join(m.value for m in at.markdown)
    assert "本情景：可达标" in badges  # 5.73 is above the exact 5.7206: it reaches


def test_amount_sliders_have_steps_a_person_can_use(make_app, ds):
    at = make_app(page="app_pages/land.py")
    for iid in ("land_acquisition", "land_supply", "demolition", "new_jobs"):
        s = focus_on(at, iid).slider(key=f"h2.{iid}")
        steps = (s.max - s.min) / s.step
        assert 100 <= steps <= 300, (iid, s.min, s.max, s.step)
    at = focus_on(make_app(page="app_pages/investment.py"), "financing")
    s = at.slider(key="h2.financing")
    assert 100 <= (s.max - s.min) / s.step <= 300


def test_fiscal_5_7_shows_the_decimals_that_differ(make_app):
    at = make_app("fiscal_revenue=5.7", page="app_pages/investment.py")  # focus: the changed one
    m = metric(at, "全年预计增速", 0)
    assert m.value == "5.99%" and m.delta == "55.36亿元 · 差 0.01亿元"
    badges = " ".join(x.value for x in at.markdown)
    assert "本情景：难达标" in badges


@pytest.mark.parametrize("page", ALL_PAGES)
def test_a_link_reproduces_the_scenario_on_every_page(make_app, page, ds):
    at = make_app(QUERY, page=page)
    assert not at.exception
    assert not [w for w in at.warning if "链接" in w.value]
    expected, _ = parse_scenario(QUERY, ds)
    for k, v in [("fai", "30"), ("fiscal_revenue", "7"), ("fai.h1_share", "42")]:
        assert qp(at, k) == v
    sliders = {s.key: s.value for s in at.slider}
    for iid, value in expected.h2.items():
        if f"h2.{iid}" in sliders:
            assert sliders[f"h2.{iid}"] == pytest.approx(value)


def test_scenario_survives_page_switches(make_app):
    at = make_app(page="app_pages/investment.py")
    at.slider(key="h2.fai").set_value(25.0).run()
    at.switch_page("app_pages/land.py")
    at.run()
    assert qp(at, "fai") == "25"
    at.switch_page("app_pages/investment.py")
    at.run()
    assert at.slider(key="h2.fai").value == 25.0


@pytest.mark.parametrize(
    "preset, margin, factor", [("conservative", -2.0, 0.9), ("optimistic", 2.0, 1.1)]
)
def test_presets(make_app, preset, margin, factor):
    at = make_app("fai=30", page="app_pages/investment.py")
    at.radio(key="ui_preset").set_value(preset).run()
    assert not at.exception
    assert qp(at, "preset") == preset
    assert at.slider(key="h2.fai").value == pytest.approx(30.0)  # the leader's value is kept
    at.button(key="ui_preset_take").click().run()  # the preset's values instead
    assert at.slider(key="h2.fai").value == pytest.approx(-3.2 + margin)
    assert focus_on(at, "fiscal_revenue").slider(key="h2.fiscal_revenue").value == pytest.approx(
        6.25 + margin
    )
    assert focus_on(at, "financing").slider(key="h2.financing").value == pytest.approx(197 * factor)
    at.radio(key="ui_preset").set_value("baseline").run()
    assert qp(at, "preset") is None
    assert focus_on(at, "fiscal_revenue").slider(key="h2.fiscal_revenue").value == pytest.approx(
        6.25
    )


def test_preset_from_link(make_app):
    at = focus_on(make_app("preset=optimistic", page="app_pages/land.py"), "new_jobs")
    assert at.radio(key="ui_preset").value == "optimistic"
    assert at.slider(key="h2.new_jobs").value == pytest.approx(1528 * 1.1)


@pytest.mark.parametrize("page", list(TOPICS))
@pytest.mark.parametrize(
    "bad",
    ["fai=abc", "fai=1e9", "fai.h1_share=-5", "nonsense=1", "fai=", "fai=nan", "fai=1&fai=2"],
)
def test_tampered_link(make_app, page, bad):
    at = make_app(f"{bad}&fiscal_revenue=7&new_jobs=1100", page=page)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    name = bad.split("=")[0]
    assert name in warnings
    assert qp(at, "fiscal_revenue") == "7" and qp(at, "new_jobs") == "1100"
    if page.endswith("investment.py"):
        assert at.slider(key="h2.fiscal_revenue").value == 7.0  # focus: the changed one
        assert focus_on(at, "fai").slider(key="h2.fai").value == pytest.approx(-3.2)  # default


def test_language_switch(make_app):
    at = make_app(page="app_pages/investment.py")
    assert at.title[0].value == "财政与投资"
    at.radio(key="ui_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Fiscal & investment"
    assert qp(at, "lang") == "en"
    assert any(m.label == "Projected growth" for m in at.metric)
    at.switch_page("app_pages/overview.py")
    at.run()
    assert at.title[0].value == "Liudong mid-year target check"


def briefing_text(at) -> str:
    """The briefing as the copy box gives it (the box is drawn only while open)."""
    at.session_state["briefing_copy"] = True
    at.run()
    assert not at.exception
    return at.code[0].value


def test_briefing_names_the_scenario_and_states_each_gap(make_app):
    before = briefing_text(make_app())
    # only targets that exist are counted (the row without a target is said apart)
    assert before.startswith(
        "按“基准”情景测算，全年21项目标中预计9项可完成，7项难以完成，5项缺少数据。另有1项未设目标。"
    )
    assert "固定资产投资全年预计下降3.2%，目标增长16.0%，差19.2个百分点" in before
    after = briefing_text(make_app("fai=40&preset=optimistic"))
    assert after.startswith("按“自定义情景（乐观）”情景测算")
    assert "固定资产投资" not in after.split("预计可完成：")[0]  # reached: no gap sentence
    model = briefing_text(make_app("preset=model"))
    assert model.startswith("按“模型基准”情景测算")
    for text in (before, after, model):  # no sentence twice
        sentences = [x for x in text.split("。") if x]
        assert len(sentences) == len(set(sentences))


def test_briefing_matches_the_command_line(make_app, capsys):
    from cli.main import main

    for query in ("", "preset=conservative", "fiscal_revenue=7&lang=en", "preset=model"):
        assert main(["--briefing", "--scenario", query]) == 0
        cli = capsys.readouterr().out.strip()
        assert briefing_text(make_app(query)) == cli


def test_assumption_edit_mark_and_reset(make_app):
    at = make_app(page="app_pages/investment.py")
    assert metric(at, "下半年须增长", 0).value == "31.8%"  # 31.709, rounded up
    at.session_state["asopen.fai"] = True  # what opening 假设与补充数据 does
    at.run()
    at.number_input(key="as.fai.h1_share").set_value(40.0).run()
    assert not at.exception
    assert metric(at, "下半年须增长", 0).value == "28.8%"
    assert qp(at, "fai.h1_share") == "40"
    assert any("已修改" in c.value for c in at.caption)
    at.button(key="reset.fai").click().run()
    assert metric(at, "下半年须增长", 0).value == "31.8%"
    assert qp(at, "fai.h1_share") is None


def test_missing_h1_figure_can_be_entered(make_app):
    at = focus_on(make_app(page="app_pages/economy.py"), "tertiary_va")
    assert "h2.tertiary_va" not in {s.key for s in at.slider}
    at.number_input(key="as.tertiary_va.h1_growth").set_value(10.0).run()
    assert not at.exception
    assert "h2.tertiary_va" in {s.key for s in at.slider}
    assert qp(at, "tertiary_va.h1_growth") == "10"


def test_unstated_target_can_be_entered(make_app):
    at = focus_on(make_app(page="app_pages/industry.py"), "industrial_output")
    at.number_input(key="as.industrial_output.target_growth").set_value(20.0).run()
    assert not at.exception
    assert qp(at, "industrial_output.target_growth") == "20"
    assert any(b.key == "snap.industrial_output" for b in at.button)


def test_local_output_needs_its_prior_year_base(make_app):
    at = focus_on(make_app(page="app_pages/industry.py"), "industrial_output_local")
    assert any("上年全年水平" in w.value for w in at.warning)
    at.number_input(key="as.industrial_output_local.prior_fy").set_value(200.0).run()
    assert not at.exception
    assert any(s.key == "h2.industrial_output_local" for s in at.slider)


def test_driver_view_adds_up(make_app):
    at = focus_on(make_app(page="app_pages/industry.py"), "industrial_output")
    at.toggle(key="drvmode.industrial_output").set_value(True).run()
    assert not at.exception
    assert qp(at, "industrial_output.baojun") is not None
    assert at.slider(key="h2.industrial_output").disabled
    # the parts are written at display precision (no 8-decimal noise in the link)
    assert at.slider(key="h2.industrial_output").value == pytest.approx(18.32, abs=0.05)
    assert all(len(qp(at, f"industrial_output.{p}").split(".")[-1]) <= 2 for p in ("rest", "faw"))
    at.slider(key="drv.industrial_output.baojun").set_value(40.0).run()
    assert qp(at, "industrial_output.baojun") == "40"
    assert at.slider(key="h2.industrial_output").value < 18.32
    at.toggle(key="drvmode.industrial_output").set_value(False).run()
    assert qp(at, "industrial_output.baojun") is None


def test_two_year_average_shows_when_prior_growth_entered(make_app):
    at = make_app("fai.prev_h1_growth=20", page="app_pages/investment.py")
    # sqrt(0.968 × 1.2) − 1 = 7.78%
    assert any("两年平均增速 7.8%" in c.value for c in at.caption)


def test_reset_all(make_app):
    at = make_app("fai=30&preset=optimistic&lang=en", page="app_pages/investment.py")
    at.button(key="ui_reset_all").click().run()
    assert qp(at, "fai") is None and qp(at, "preset") is None
    assert qp(at, "lang") == "en"  # language is not a scenario input


def test_meeting_mode(make_app):
    at = make_app(page="app_pages/investment.py")
    at.toggle(key="ui_meeting").set_value(True).run()
    assert not at.exception
    assert qp(at, "meeting") == "1"
    assert not [n for n in at.number_input if n.key.startswith("as.")]  # detail hidden
    at.button(key="ui_meeting_exit").click().run()
    assert qp(at, "meeting") is None


def test_meeting_mode_keeps_the_preset_switch_and_the_data_line(make_app):
    """Meeting mode hides the sidebar, so its bar has the preset switch (the sidebar's
    choice: the leader's values are kept, listed with 撤销 in the bar) and the 数据截至 line
    is drawn in the box kept visible."""
    at = make_app("meeting=1&fai=30", page="app_pages/investment.py")
    switch = at.button_group(key="ui_meeting_preset")
    assert switch.value == "baseline"
    assert switch.options[:3] == ["保守", "基准", "乐观"]
    switch.set_value("optimistic").run()
    assert not at.exception
    assert qp(at, "preset") == "optimistic" and qp(at, "meeting") == "1"
    assert qp(at, "fai") == "30"  # the leader's value stays
    assert any("保留了你设的值" in c.value and "固定资产投资" in c.value for c in at.caption)
    assert any(c.value.startswith("数据截至") for c in at.caption)
    at.button(key="ui_preset_undo").click().run()  # 撤销: back to the baseline
    assert not at.exception
    assert qp(at, "preset") is None and qp(at, "fai") == "30" and qp(at, "meeting") == "1"


def test_share_dialog_shows_the_link_and_a_qr_code(make_app):
    at = make_app("fai=30", page="app_pages/investment.py")
    at.button(key="ui_share").click().run()
    assert not at.exception
    links = [c.value for c in at.code if "fai=30" in c.value]
    assert links and links[0].endswith(f"?fai=30&data={load_dataset().data_id}")
    assert len(at.get("image")) == 1


def test_share_link_uses_public_url(make_app, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://whatif.example.gov.cn/liudong/")
    at = make_app("fai=30", page="app_pages/investment.py")
    at.button(key="ui_share").click().run()
    assert not at.exception
    links = [c.value for c in at.code if "fai=30" in c.value]
    assert links == [f"https://whatif.example.gov.cn/liudong/?fai=30&data={load_dataset().data_id}"]
    assert not [w for w in at.warning if "PUBLIC_URL" in w.value]


def test_share_urls_follow_public_url_and_warn_on_loopback(monkeypatch):
    from ui import state

    monkeypatch.setattr(state, "share_query", lambda ds: "fai=30")
    monkeypatch.setattr(state, "browser_url", lambda: "http://127.0.0.1:8501/investment?x=1")
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    assert state.share_url(None) == "http://127.0.0.1:8501/investment?fai=30"
    assert state.is_loopback(state.share_url(None))
    monkeypatch.setenv("PUBLIC_URL", "https://w.example.cn/liudong")
    assert state.share_url(None) == "https://w.example.cn/liudong/investment?fai=30"
    assert not state.is_loopback(state.share_url(None))
    monkeypatch.setattr(state, "browser_url", lambda: "http://localhost:8501/")
    assert state.share_url(None) == "https://w.example.cn/liudong/?fai=30"
    monkeypatch.setenv("PUBLIC_URL", "javascript:alert(1)")
    assert state.public_url() is None


@pytest.mark.parametrize(
    "query",
    [
        "tertiary_va.h1_growth=-50&preset=conservative",
        "tertiary_va.h1_growth=200&preset=optimistic",
        "industrial_output_local.prior_fy=50",
        "industrial_output_local.prior_fy=1e-320",
        "industrial_output_local.prior_fy=1000000&industrial_output_local.h1_share=1",
        "industrial_output.target_growth=-50&preset=conservative&industrial_output=-50",
        "land_reserve.h1_value=1000000&preset=optimistic",
        "fai.h1_share=99&fai=200",
    ],
)
@pytest.mark.parametrize("page", list(TOPICS))
def test_accepted_extreme_links_render_every_page(make_app, page, query, ds):
    at = make_app(query, page=page)
    assert not at.exception
    sc, issues = parse_scenario(query, ds)
    res = project(ds, sc)
    (table,) = answer_tables(at)
    for iid in table.attrs["ids"]:  # every panel's sliders sit inside their own ranges
        for s in focus_on(at, iid).slider:
            assert s.min <= s.value <= s.max, (s.key, s.min, s.value, s.max)
    for r in res.results:  # nothing non-finite reaches a page
        for v in (r.projected_fy_value, r.projected_fy_growth_pct, r.gap_to_target):
            assert v is None or math.isfinite(v)
    rejected = {i.key for i in issues}
    warned = " ".join(w.value for w in at.warning)
    for key in rejected:
        assert key.split(".")[0] in warned
    # the charts drawn on demand, opened under the same link
    offered = sum(1 for e in at.expander if e.label.startswith("更多图表"))
    closed = len(_charts(at))
    for ind in ds.indicators:
        at.session_state[f"more.{ind.id}"] = True
    at.run()
    assert not at.exception
    assert len(_charts(at)) >= closed + offered  # each opened expander draws a chart or two


def _charts(at):
    return list(at.get("arrow_vega_lite_chart")) + list(at.get("vega_lite_chart"))


def test_curve_and_fan_are_drawn_on_demand_and_follow_the_slider(make_app):
    """Closed, the 更多图表 expander sends nothing (a slider move redraws one chart, not
    three); opened, it shows the curve and the fan, and both follow the slider."""
    at = make_app(page="app_pages/economy.py")
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert "更多图表：全年与下半年增速、全年增速的可能范围" in labels
    text = " ".join(m.value for m in at.markdown)
    assert "全年增速与下半年增速" not in text
    closed = len(_charts(at))
    at.session_state["more.gdp"] = True  # what opening the expander does
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "全年增速与下半年增速" in text and "全年增速的可能范围" in text
    opened = _charts(at)
    assert len(opened) == closed + 2
    before = [c.proto.data for c in opened]
    bar = [
        h.proto.body for h in at.get("html") if h.proto.body.startswith('<div class="progress-bar')
    ]
    at.slider(key="h2.gdp").set_value(12.0).run()
    assert not at.exception
    after = [c.proto.data for c in _charts(at)]
    assert len(after) == len(before)
    assert sum(a != b for a, b in zip(before, after, strict=True)) >= 2  # curve and fan moved
    moved = [
        h.proto.body for h in at.get("html") if h.proto.body.startswith('<div class="progress-bar')
    ]
    assert len(bar) == len(moved) == 1 and bar != moved  # and the progress bar
    assert at.session_state["more.gdp"] is True  # stays open across moves


def test_an_amount_panel_offers_only_the_charts_it_has(make_app):
    """Growth panels with a fitted baseline offer the curve and the fan; amount panels (no
    growth curve, no fan) get no empty expander."""
    at = make_app(page="app_pages/investment.py")
    assert not at.exception
    labels = []
    for iid in TOPICS["app_pages/investment.py"]:
        focus_on(at, iid)
        labels += [e.label for e in at.expander if e.label.startswith("更多图表")]
    assert labels == ["更多图表：全年与下半年增速、全年增速的可能范围"] * 2  # fai, fiscal revenue
    at = make_app("lang=en", page="app_pages/industry.py")
    assert not at.exception
    labels = []
    for iid in ("industrial_output", "industrial_output_local", "new_industrial_enterprises"):
        focus_on(at, iid)
        labels += [e.label for e in at.expander if e.label.startswith("More charts")]
    assert labels == ["More charts: full-year vs H2 growth, likely range of full-year growth"]
