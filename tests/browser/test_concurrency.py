"""20 sessions against one server, each with its own scenario: no cross-talk, no errors."""

from __future__ import annotations

import statistics
import time

import pytest

from model.data import load_dataset
from model.projection import project
from model.scenario import parse_scenario

pytestmark = pytest.mark.browser
SESSIONS = 20


def projected(value: float) -> str:
    ds = load_dataset()
    sc, _ = parse_scenario(f"fiscal_revenue={value:g}", ds)
    return f"{project(ds, sc).get('fiscal_revenue').projected_fy_value:.2f}亿元"


def test_twenty_sessions_each_see_their_own_figures(server, browser):
    contexts, pages = [], []
    values = [round(1.0 + 0.5 * i, 1) for i in range(SESSIONS)]  # 1.0, 1.5, … 10.5
    try:
        for v in values:
            ctx = browser.new_context(viewport={"width": 1000, "height": 800})
            contexts.append(ctx)
            page = ctx.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{server}/investment?fiscal_revenue={v:g}")
            pages.append(page)
        for v, page in zip(values, pages, strict=True):
            panel = page.locator(".st-key-panel_fiscal_revenue")
            panel.get_by_text(projected(v)).wait_for()
        latencies = []
        for v, page in zip(values, pages, strict=True):  # one step each, while all are open
            panel = page.locator(".st-key-panel_fiscal_revenue")
            handle = panel.locator("[data-testid='stSlider']").get_by_role("slider")
            handle.focus()
            start = time.perf_counter()
            handle.press("ArrowRight")
            panel.get_by_text(projected(round(v + 0.1, 1))).wait_for()
            latencies.append(time.perf_counter() - start)
        for v, page in zip(values, pages, strict=True):
            after = round(v + 0.1, 1)
            page.wait_for_function(f"() => location.search.includes('fiscal_revenue={after:g}')")
            # still its own figure after everyone moved
            page.locator(".st-key-panel_fiscal_revenue").get_by_text(projected(after)).wait_for()
            assert page.locator('[data-testid="stException"]').count() == 0
        lat = sorted(latencies)
        p95 = lat[int(0.95 * (len(lat) - 1))]
        print(
            f"\n20 sessions: slider → updated figure p50 {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
    finally:
        for ctx in contexts:
            ctx.close()
