"""AppTest: every page renders without exception, with a scenario and with a tampered link."""

from __future__ import annotations

import pytest

PAGES = ["app_pages/overview.py", "app_pages/sources.py"]


def table_with(at, column):
    """The first dataframe on the page that has ``column``."""
    for el in at.dataframe:
        if column in el.value.columns:
            return el.value
    raise AssertionError(f"no table with column {column!r}")


def cell(at, row_label, column):
    df = table_with(at, column)
    return df.set_index(df.columns[0]).loc[row_label, column]


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_plain(make_app, page):
    at = make_app(page=page)
    assert not at.exception
    assert not at.error
    assert len(at.warning) == 0


def test_overview_with_scenario(make_app):
    at = make_app("fiscal_revenue=7&fai=30&fai.h1_share=45")
    assert not at.exception
    assert cell(at, "财政收入", "全年预计") == "55.69亿元"
    assert cell(at, "财政收入", "下半年须") == "增长 5.7%"
    assert cell(at, "固定资产投资", "下半年须") == "增长 31.7%"
    assert cell(at, "固定资产投资", "研判") == "难度较大"
    assert cell(at, "城镇新增就业", "下半年须") == "完成 1,072人"
    assert len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")) >= 1


def test_overview_default_differs_from_scenario(make_app):
    at = make_app()
    assert cell(at, "财政收入", "全年预计") == "55.50亿元"  # H2 at the H1 pace, 6.25%


@pytest.mark.parametrize("page", PAGES)
def test_tampered_link_warns_and_keeps_the_rest(make_app, page):
    at = make_app("fai.h1_share=-5&fiscal_revenue=7&bogus=1&gdp=abc", page=page)
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "fai.h1_share" in text and "bogus" in text and "gdp" in text
    assert "1 至 99" in text  # the accepted range is named
    # the bad values are gone from the URL, the good one stays
    assert at.query_params.get("fiscal_revenue") in ("7", ["7"])
    assert "bogus" not in at.query_params and "fai.h1_share" not in at.query_params
    if page == "app_pages/overview.py":
        assert cell(at, "财政收入", "全年预计") == "55.69亿元"
        assert cell(at, "固定资产投资", "下半年须") == "增长 31.7%"  # default share 45%


def test_english_switch_by_link(make_app):
    at = make_app("lang=en")
    assert not at.exception
    assert at.title[0].value == "Liudong mid-year target check"
    assert cell(at, "Fiscal revenue", "Status") == "On track"


def test_sources_lists_quotes_and_assumptions(make_app):
    at = make_app("fai.h1_share=40", page="app_pages/sources.py")
    assert not at.exception
    figs = table_with(at, "原文")
    assert "财政收入完成29.29亿元，同比增长6.25%" in set(figs["原文"])
    ass = table_with(at, "默认值")
    row = ass[(ass["指标"] == "固定资产投资") & (ass["数据项"] == "上年上半年占全年比重")].iloc[0]
    assert (
        row["默认值"] == "45.0%" and row["当前值"].startswith("40.0%") and "已修改" in row["当前值"]
    )
