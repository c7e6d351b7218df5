"""Chart specs: the app builds them without Altair's schema validation (a cold-start cost),
so every spec it can draw is checked here against the Vega-Lite schema, and shown to be the
same dict the app uses."""

from __future__ import annotations

import pytest

from model.data import load_dataset
from ui import charts

KEYS = charts.spec_keys(load_dataset())


def test_every_kind_language_and_unit_is_covered():
    units = {ind.unit for ind in load_dataset().indicators}
    assert {k for _, k, _ in KEYS} == set(charts.SPEC_KINDS)
    assert {u for _, _, u in KEYS} == units | {""}
    assert len(KEYS) == 2 * len(charts.SPEC_KINDS) * (len(units) + 1)


@pytest.mark.parametrize("lang,kind,unit", KEYS[:: max(1, len(KEYS) // 24)] + KEYS[-2:])
def test_the_unvalidated_spec_is_valid_vega_lite_and_identical(lang, kind, unit):
    checked = charts.validated_spec(kind, lang, unit)  # raises on a schema error
    assert charts.spec_built(kind, lang, unit) == checked
    assert "data" not in checked and "datasets" not in checked
    assert checked["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_the_titles_follow_the_period():
    h1 = str(charts.spec_built("sensitivity", "zh", "", 6))
    q3 = str(charts.validated_spec("sensitivity", "zh", "", 9))
    assert "上年上半年" in h1 and "上年前三季度" in q3 and "上半年" not in q3
    assert charts.spec_built("sensitivity", "zh", "", 9) == charts.validated_spec(
        "sensitivity", "zh", "", 9
    )
    en = str(charts.spec_built("curve", "en", "", 3))
    assert "Q2–Q4" in en and "H2" not in en


def test_the_fan_opens_at_the_datas_month_end():
    from model.projection import project
    from model.scenario import parse_scenario
    from ui.state import _default_history_bytes, _report_cached

    ds = load_dataset()
    report = _report_cached(_default_history_bytes(), "h.csv", ds.year)
    r = project(ds, parse_scenario("", ds)[0], baselines=report.baselines).get("fiscal_revenue")
    for months in (6, 9):
        fan = charts.fan_chart(r, "zh", months).data
        line = fan[fan["layer"] == "fan"]
        assert list(line["month"]) == list(range(months, 13))
        first = line.iloc[0]
        assert first["centre"] == r.h1_growth_pct and first["lo95"] == first["hi95"]
        assert line.iloc[-1]["centre"] == pytest.approx(r.projected_fy_growth_pct)
