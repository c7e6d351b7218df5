"""AppTest: topic pages as master–detail (one answer table, one focused panel, focus= in the
URL) and the overview's answer table (verdict colours, misses first, links into the topics)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from model.projection import project
from model.scenario import parse_scenario
from report import answer, fmt
from tests.helpers import qp
from tests.html_table import answer_tables, focus_on

PAGES = {
    "app_pages/economy.py": ("economy",),
    "app_pages/industry.py": ("industry",),
    "app_pages/investment.py": ("investment",),
    "app_pages/land.py": ("land", "livelihood"),
}
WORDS = {"reach": "可达标", "miss": "难达标", "done": "已完成", "no_target": "无目标"}
WORDS["insufficient_data"] = "缺数据"


def table(at):
    (df,) = answer_tables(at)
    return df


def row(at, iid):
    df = table(at)
    return df.iloc[df.attrs["ids"].index(iid)]


@pytest.mark.parametrize(
    "query", ["", "preset=conservative", "fai=20&fiscal_revenue=7&new_jobs=1100&gdp=9.5"]
)
def test_each_topic_table_equals_the_command_line(make_app, capsys, ds, query):
    """Rows, verdicts and figures of every topic page's table are the CLI's for the topic,
    and the same strings as the overview's row (one function builds both)."""
    from cli.main import main

    assert main(["--json", "--scenario", query]) == 0
    cli = json.loads(capsys.readouterr().out)
    overview = table(make_app(query))
    res = project(ds, parse_scenario(query, ds)[0])
    for page, groups in PAGES.items():
        at = make_app(query, page=page)
        assert not at.exception
        df = table(at)
        mine = [r for r in cli if ds.get(r["id"]).group in groups]
        assert df.attrs["ids"] == [r["id"] for r in mine], page
        for i, r in enumerate(mine):
            shown = df.iloc[i]
            ours = res.get(r["id"])
            assert ours.outcome == r["outcome"], r["id"]  # the CLI's verdict …
            assert shown["本情景结果"] == answer.outcome(ours, "zh"), r["id"]  # … as shown
            assert shown["本情景结果"] == WORDS[r["outcome"]] or answer.verdict(ours) == "exact"
            if r["gap_unit"] != "pp" and r["projected_fy_value"] is not None:
                level = fmt.value(r["projected_fy_value"], r["unit"], "zh", vs=r["target_value"])
                assert shown["全年预计"].startswith(level), r["id"]
            elif r["projected_fy_growth_pct"] is not None:
                growth = fmt.pct(
                    r["projected_fy_growth_pct"], signed=True, vs=r["target_growth_pct"]
                )
                assert shown["全年预计"] == growth, r["id"]
            other = overview.iloc[overview.attrs["ids"].index(r["id"])]
            assert list(other) == list(shown), r["id"]  # same columns, same strings
        assert list(df.columns) == list(overview.columns)


def test_focus_round_trips_through_a_link(make_app):
    at = make_app("fai=20", page="app_pages/investment.py")
    assert qp(at, "focus") is None  # the default is not written
    focus_on(at, "financing")
    assert qp(at, "focus") == "financing" and qp(at, "fai") == "20"
    query = "&".join(f"{k}={qp(at, k)}" for k in at.query_params)
    again = make_app(query, page="app_pages/investment.py")
    assert not again.exception
    assert again.button_group(key="focus.investment").value == "financing"
    assert [s.key for s in again.slider] == ["h2.financing"]
    assert table(again).attrs["focus"] == ["financing"]
    assert qp(again, "focus") == "financing" and qp(again, "fai") == "20"


@pytest.mark.parametrize(
    "page, query, expected",
    [
        ("app_pages/investment.py", "", "fai"),  # the first that misses
        ("app_pages/investment.py", "financing=100", "financing"),  # the first changed
        ("app_pages/investment.py", "fiscal_revenue=7&financing=100", "fiscal_revenue"),
        ("app_pages/investment.py", "fai=40", "fai"),
        ("app_pages/land.py", "land_reserve.h1_value=1000", "land_reserve"),  # an assumption
        ("app_pages/economy.py", "preset=optimistic&gdp=12", "gdp"),
    ],
)
def test_the_default_focus_rule(make_app, page, query, expected):
    at = make_app(query, page=page)
    assert not at.exception
    assert table(at).attrs["focus"] == [expected]
    assert at.button_group[0].value == expected
    assert qp(at, "focus") is None


def test_default_focus_first_miss_else_first(ds):
    from model.scenario import Scenario
    from ui.panels import default_focus

    sc = Scenario()
    res = [r for r in project(ds, sc).results if ds.get(r.id).group == "investment"]
    first_miss = next(r.id for r in res if r.outcome == "miss")
    assert default_focus(sc, res) == first_miss
    reached = [r for r in res if r.outcome != "miss"]
    assert default_focus(sc, reached) == reached[0].id  # nothing missed: the first
    changed = sc.with_h2(res[-1].id, 1.0)
    assert default_focus(changed, res) == res[-1].id  # the link's change wins


def test_unknown_focus_warns_and_falls_back(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    at = make_app("focus=gdp&fiscal_revenue=7", page="app_pages/investment.py")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "focus" in warnings[0]
    # the accepted ids, each with its name: the reader sees which id to write
    assert "fai（固定资产投资）" in warnings[0] and "fiscal_revenue（财政收入）" in warnings[0]
    assert "…" not in warnings[0]
    assert table(at).attrs["focus"] == ["fiscal_revenue"]  # the default
    assert qp(at, "focus") is None and qp(at, "fiscal_revenue") == "7"
    english = make_app("focus=gdp&lang=en", page="app_pages/investment.py")
    said = english.warning[0].value.replace("\\", "")  # Markdown's escapes of ( and )
    assert "fiscal_revenue (Fiscal revenue)" in said and "…" not in said


def test_focus_is_not_carried_to_other_pages(make_app):
    at = focus_on(make_app("fai=20", page="app_pages/investment.py"), "financing")
    for page in ("app_pages/land.py", "app_pages/overview.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception
        assert qp(at, "focus") is None and qp(at, "fai") == "20"
    at = make_app("focus=financing", page="app_pages/overview.py")
    assert qp(at, "focus") is None  # not a topic page: dropped


def test_moving_the_focused_slider_changes_its_row(make_app):
    at = make_app("focus=fiscal_revenue", page="app_pages/investment.py")
    before = row(at, "fiscal_revenue")
    assert before["全年预计"] == "55.50亿元（+6.3%）"
    fai_before = row(at, "fai")
    at.slider(key="h2.fiscal_revenue").set_value(7.0).run()
    assert not at.exception
    after = row(at, "fiscal_revenue")
    assert after["全年预计"] == "55.69亿元（+6.6%）" and after["下半年假设"] == "+7.0%"
    assert after["本情景结果"] == "可达标" and after["与目标差距"] == "超 0.32亿元"
    assert list(row(at, "fai")) == list(fai_before)  # the other rows stay


def test_switching_focus_keeps_every_value(make_app):
    at = make_app(page="app_pages/investment.py")
    focus_on(at, "fiscal_revenue").slider(key="h2.fiscal_revenue").set_value(7.0).run()
    focus_on(at, "fai").slider(key="h2.fai").set_value(20.0).run()
    focus_on(at, "fiscal_revenue")
    assert at.slider(key="h2.fiscal_revenue").value == pytest.approx(7.0)
    assert qp(at, "fai") == "20" and qp(at, "fiscal_revenue") == "7"
    assert row(at, "fai")["下半年假设"] == "+20.0%"
    assert row(at, "fiscal_revenue")["下半年假设"] == "+7.0%"
    assert focus_on(at, "fai").slider(key="h2.fai").value == pytest.approx(20.0)


def test_an_old_link_without_focus_opens_with_every_figure(make_app, ds, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    query = "fai=20&fiscal_revenue=7&financing=150"
    at = make_app(query, page="app_pages/investment.py")
    assert not at.exception and not at.warning
    res = project(ds, parse_scenario(query, ds)[0])
    df = table(at)
    for iid in ("fai", "fiscal_revenue", "financing"):
        r = res.get(iid)
        shown = df.iloc[df.attrs["ids"].index(iid)]
        assert shown["全年预计"] == answer.projected(r, "zh")
        assert shown["下半年假设"] == answer.h2_assumption(r, "zh")
    assert table(at).attrs["focus"] == ["fai"]  # the first indicator the link changes


def test_english_topic_page(make_app):
    at = make_app("lang=en&fiscal_revenue=7", page="app_pages/investment.py")
    assert not at.exception
    df = table(at)
    assert list(df.columns[:3]) == ["Indicator", "Scenario result", "Projected full year"]
    assert row(at, "fiscal_revenue")["Indicator"] == "Fiscal revenue"
    assert row(at, "fiscal_revenue")["Scenario result"] == "Reached"
    assert at.button_group[0].label == "Indicator in focus"
    assert "Fiscal revenue" in at.button_group[0].options


def test_overview_orders_misses_first_colours_verdicts_and_links_into_topics(make_app, ds):
    at = make_app("preset=conservative&fai=20")
    assert not at.exception
    df = table(at)
    order = [answer.VERDICT_KEYS.index(v) for v in df.attrs["verdicts"]]
    assert order == sorted(order) and df.attrs["verdicts"][0] == "miss"
    assert len(df) == len(ds.indicators)
    body = next(h.proto.body for h in at.get("html") if "answer-table" in h.proto.body)
    assert 'class="group v-miss"' in body and "难达标 · " in body  # a visible order
    for iid, href in zip(df.attrs["ids"], df.attrs["links"], strict=True):
        path, query = urlsplit(href).path, dict(parse_qsl(urlsplit(href).query))
        groups = {p.split("/")[-1][:-3]: g for p, g in PAGES.items()}
        assert ds.get(iid).group in groups[path], (iid, path)
        assert query["focus"] == iid and query["preset"] == "conservative"
        assert query["fai"] == "20"


def test_the_exact_verdict_is_amber(make_app, ds):
    """签约或入驻企业 at 19.6 falls short of its 40 by 0.4家, which rounds to zero: coloured
    恰好达标 (amber). At the H1 pace it lands exactly on the target: that reaches (可达标)."""
    at = make_app("signed_enterprises=19.6", page="app_pages/investment.py")
    r = project(ds, parse_scenario("signed_enterprises=19.6", ds)[0]).get("signed_enterprises")
    assert answer.verdict(r) == "exact" and r.outcome == "reach"
    level = project(ds, parse_scenario("", ds)[0]).get("signed_enterprises")
    assert level.gap_to_target == 0 and answer.verdict(level) == "reach"
    assert table(at).attrs["verdicts"][table(at).attrs["ids"].index("signed_enterprises")] == (
        "exact"
    )


def test_meeting_mode_sets_the_tables_type_in_the_element(make_app):
    at = make_app("meeting=1", page="app_pages/investment.py")
    assert "meeting" in table(at).attrs["class"]
    body = next(h.proto.body for h in at.get("html") if "answer-table" in h.proto.body)
    assert 'style="font-size: 20px"' in body
    assert "meeting" not in table(make_app()).attrs["class"]


def _scroll_scripts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "scrollIntoView" in h.proto.body]


def test_a_named_focus_scrolls_its_panel_into_view_once(make_app):
    """A link with focus= (a row click on the overview) draws the script that brings the
    panel into view, naming that panel's box; a page opened on its default focus does not
    scroll; choosing another indicator names the new panel."""
    at = make_app("focus=financing", page="app_pages/investment.py")
    (script,) = _scroll_scripts(at)
    assert '"st-key-panel_financing"' in script and "st-key-panel_fai" not in script
    assert _scroll_scripts(make_app(page="app_pages/investment.py")) == []
    at.button_group(key="focus.investment").set_value("fiscal_revenue").run()
    (script,) = _scroll_scripts(at)
    assert '"st-key-panel_fiscal_revenue"' in script


def test_the_scroll_script_takes_only_a_widget_key():
    from ui.style import scroll_into_view

    with pytest.raises(ValueError):
        scroll_into_view('x"); alert(1); ("')


def test_the_panels_detail_follows_the_focus_and_is_not_redrawn_by_a_slider(make_app, ds):
    """The baseline, sensitivity and assumptions of the focused indicator are drawn below the
    fragment by the full run: switching focus redraws them for the new indicator; a slider
    move (a fragment run) leaves them as they are. The assumptions' boxes are drawn on
    demand: closed, none is sent."""
    from ui.keys import assumptions_open_key
    from ui.panels import assumption_key

    def assumption_keys(at):
        return {n.key for n in at.number_input if n.key and n.key.startswith("as.")}

    at = make_app("focus=fiscal_revenue", page="app_pages/investment.py")
    assert not at.exception
    fiscal = {assumption_key("fiscal_revenue", p) for p in ds.get("fiscal_revenue").assumptions}
    fai = {assumption_key("fai", p) for p in ds.get("fai").assumptions}
    assert fiscal and fai and assumption_keys(at) == set()  # closed: not drawn
    assert "假设与补充数据" in [e.label for e in at.expander]
    at.session_state[assumptions_open_key("fiscal_revenue")] = True  # what opening it does
    at.run()
    assert not at.exception
    assert assumption_keys(at) == fiscal
    focus_on(at, "fai")
    assert not at.exception
    assert assumption_keys(at) == set()  # fai's own expander, closed
    at.session_state[assumptions_open_key("fai")] = True
    at.run()
    assert assumption_keys(at) == fai
    at.slider(key="h2.fai").set_value(20.0).run()
    assert not at.exception
    assert assumption_keys(at) == fai and row(at, "fai")["下半年假设"] == "+20.0%"


def test_the_assumptions_open_by_themselves_when_changed_or_needed(make_app):
    """A link that changes an assumption, or an indicator that lacks a figure, opens the
    assumptions with their boxes (the changed value in its box); an untouched one stays
    closed, and a reader can close an opened one."""

    def boxes(at):
        return {n.key: n.value for n in at.number_input if (n.key or "").startswith("as.")}

    at = make_app("focus=fai&fai.h1_share=40", page="app_pages/investment.py")
    assert not at.exception
    assert boxes(at)["as.fai.h1_share"] == 40.0
    at.session_state["asopen.fai"] = False  # closed by the reader: it stays closed
    at.run()
    assert boxes(at) == {}
    at = make_app("focus=fiscal_revenue", page="app_pages/investment.py")
    assert boxes(at) == {}
    at = focus_on(make_app(page="app_pages/economy.py"), "tertiary_va")  # no H1 figure
    assert "as.tertiary_va.h1_growth" in boxes(at)


def test_the_share_sensitivity_chart_waits_behind_its_expander(make_app):
    """No charting library before the figures: the panel's progress is an HTML bar, and the
    share sensitivity chart is drawn once its expander is opened; its range stays in a line."""
    at = make_app("focus=gdp", page="app_pages/economy.py")
    assert not at.exception
    assert not at.get("vega_lite_chart")
    bars = [h for h in at.get("html") if h.proto.body.startswith('<div class="progress-bar"')]
    assert len(bars) == 1 and "145.07亿元" in bars[0].proto.body
    # GDP needs the same 8.5% across the band: one figure, not "8.5% 至 8.5%"
    assert "上年上半年比重在40%—50%之间时，下半年都需增长 8.5%。" in [c.value for c in at.caption]
    assert "所需增速与上年上半年比重" in [e.label for e in at.expander]
    at.session_state["sens.gdp"] = True
    at.run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
