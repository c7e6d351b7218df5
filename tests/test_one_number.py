"""Issue 27 item 4: one number per figure. The required rest-of-year figure is rounded once,
toward the target, at the indicator's display step (model.view.required_shown); the answer
table, the panel's 达标线, the XLSX and the CSV show that same number; a snap writes exactly
it and the verdict there reads 可达标; a derived target is shown as derived and what a reader
subtracts is what the rest of the year must bring (28.66 − 20.24 = 8.42)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from model import fmt
from model.projection import project
from model.scenario import parse_scenario
from model.view import required_shown, views_of
from report import answer, exports, records
from tests.helpers import qp
from tests.html_table import focus_on

#: the scenario sheet's columns of the required growth (%) and the required amount (1-based)
XLSX_REQ_GROWTH, XLSX_REQ_AMOUNT = 12, 13


def _decimals(r) -> int:
    return fmt.unit_decimals(r.unit) if r.kind == "amount" else fmt.PCT_DECIMALS


def _xlsx_required(ds, query: str) -> dict[tuple[str, int], str]:
    """Each indicator's required figures as the XLSX's scenario sheet shows them (the value at
    the cell's number format), by indicator name and column."""
    wb = load_workbook(io.BytesIO(exports.export([records.view(ds, query)], ds, "xlsx", "zh")))
    ws = wb.worksheets[0]
    out = {}
    for row in ws.iter_rows(min_row=2):
        name = row[0].value
        for col in (XLSX_REQ_GROWTH, XLSX_REQ_AMOUNT):
            cell = row[col - 1]
            if isinstance(cell.value, float | int):
                fmt_ = cell.number_format
                d = len(fmt_.split(".")[1]) if "." in fmt_ else 0
                out[name, col] = f"{cell.value:,.{d}f}"
    return out


@pytest.mark.parametrize("query", ["", "preset=conservative"])
def test_every_indicator_shows_one_required_number_and_its_snap_reaches(ds, query):
    vs = views_of(ds, parse_scenario(query, ds)[0])
    xlsx = _xlsx_required(ds, query)
    csv_rows = list(
        csv.reader(
            io.StringIO(
                exports.export([records.view(ds, query)], ds, "csv", "zh").decode("utf-8-sig")
            )
        )
    )
    head = csv_rows[0]
    csv_required = {row[head.index("指标")]: row[head.index("下半年须")] for row in csv_rows[1:]}
    checked = 0
    for v in vs.views:
        r = v.result
        if v.snap is None or r.outcome == "done":
            continue
        d = _decimals(r)
        shown = f"{v.snap:,.{d}f}"
        # the one rounding: up, at the display step, from the model's exact figure
        exact = r.required_h2_amount if r.kind == "amount" else r.required_h2_growth_pct
        assert v.snap == required_shown(r) == float(fmt.ceil_to(exact, d)), r.id
        table = answer.required(r, "zh")
        assert shown in table, (r.id, shown, table)
        col = XLSX_REQ_AMOUNT if r.kind == "amount" else XLSX_REQ_GROWTH
        assert xlsx[r.name_zh, col] == shown, (r.id, xlsx[r.name_zh, col], shown)
        assert csv_required[r.name_zh] == table, r.id
        # 对齐达标线 writes exactly the shown figure: the full year reaches (可达标)
        link = f"{query}&{r.id}={fmt.link_number(v.snap)}".lstrip("&")
        s = project(ds, parse_scenario(link, ds)[0]).get(r.id)
        assert s.h2_assumption == v.snap and s.gap_to_target >= -1e-9, (r.id, s.gap_to_target)
        assert answer.outcome(s, "zh") == "可达标", (r.id, answer.outcome(s, "zh"))
        checked += 1
    assert checked >= 14


def test_the_derived_target_subtracts_exactly(ds):
    """自治区层面重大项目投资: 20.24 ÷ 70.61% = 28.6645, shown (and judged) as ≈28.66亿元 with
    the words of a derived figure; the rest of the year must bring 28.66 − 20.24 = 8.42."""
    r = project(ds).get("projects_region")
    assert r.target_derived and r.target_value == 28.66 and r.h1_value == 20.24
    assert answer.target(r, "zh") == "≈28.66亿元（按完成进度推算）"
    assert answer.target(r, "en") == "≈28.66 ¥100m (est. from progress)"
    assert answer.required(r, "zh") == "8.42亿元"
    assert answer.h1(r, "zh") == "20.24亿元"
    assert project(ds).get("financing").target_derived is False  # a sourced target: as it is
    s = project(ds, parse_scenario("projects_region=8.42", ds)[0]).get("projects_region")
    assert s.projected_fy_value == pytest.approx(28.66) and answer.outcome(s, "zh") == "可达标"
    assert answer.projected(s, "zh") == "28.66亿元" and answer.gap(s, "zh") == "与目标持平"


def _metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_the_panel_shows_the_same_figures_and_the_snap_reaches(make_app):
    at = focus_on(make_app(page="app_pages/investment.py"), "projects_region")
    assert _metric(at, "全年目标").value == "≈28.66亿元（按完成进度推算）"
    assert _metric(at, "下半年须完成").value == "8.42亿元"
    assert any("**达标线**：下半年 8.42亿元" in m.value for m in at.markdown)
    at.button(key="snap.projects_region").click().run()
    assert not at.exception and qp(at, "projects_region") == "8.42"
    assert "本情景：可达标" in " ".join(m.value for m in at.markdown)
    focus_on(at, "fai")
    assert _metric(at, "下半年须增长").value == "31.8%"
    assert any("**达标线**：下半年 31.8%" in m.value for m in at.markdown)
    at.button(key="snap.fai").click().run()
    assert qp(at, "fai") == "31.8" and at.slider(key="h2.fai").value == pytest.approx(31.8)
    assert "本情景：可达标" in " ".join(m.value for m in at.markdown)


def _num(text: str) -> Decimal:
    return Decimal(re.search(r"[-+]?[\d,]+(?:\.\d+)?", text).group().replace(",", ""))


@pytest.mark.parametrize(
    "query",
    ["", "preset=conservative", "fai=25&fiscal_revenue=7&new_jobs=1100&land_supply=3000"],
)
def test_every_gap_is_the_difference_of_the_shown_figures(ds, query):
    """差/超 x: the shown full year less the shown target (已超: H1 less the target), so a reader
    subtracting the table's figures gets the gap it shows (55.69 − 55.37 = 0.32)."""
    checked = 0
    for r in project(ds, parse_scenario(query, ds)[0]).results:
        text = answer.gap(r, "zh")
        if text in ("—", "与目标持平"):
            continue
        first = answer.h1(r, "zh") if r.outcome == "done" else answer.projected(r, "zh")
        diff = abs(_num(first) - _num(answer.target(r, "zh")))
        assert _num(text) == diff, (r.id, first, answer.target(r, "zh"), text)
        checked += 1
    assert checked >= 10
