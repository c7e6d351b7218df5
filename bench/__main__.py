"""Speed and memory figures of the app, beside the framework's floor (an empty one-slider app).

    python -m bench [--write] [--quick] [--rounds R]

Prints, for this machine:
- model: µs to project every indicator for one scenario, and seconds for 10,000 scenarios;
- server: rerun time per slider move for each page (median of 30, AppTest), and the floor's;
- browser: page load to fully rendered, and keypress → updated figure p50 / p90, per page,
  and the floor's, as ratios: ``--rounds`` alternating rounds (floor, then every page), each
  ratio the median over rounds of that round's ratio;
- memory: server RSS with 1 and with 20 open sessions.
``--write`` also writes the figures to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import timeit
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

# one definition of how Chromium is found and launched, shared with the browser tests
# (`python -m bench` runs from the repository root, so `tests` is importable)
from tests.browser.conftest import CHROMIUM, free_port
from tests.browser.conftest import CHROMIUM_ARGS as ARGS

ROOT = Path(__file__).resolve().parent.parent

#: page → (url path, panel whose first slider is moved; None: no slider on the page)
PAGES: dict[str, tuple[str, str | None]] = {
    "overview": ("overview", None),
    "economy": ("economy", "gdp"),
    "industry": ("industry", "industrial_output"),
    "investment": ("investment", "fiscal_revenue"),
    "land": ("land", "new_jobs"),
    "method": ("method", None),
    "sources": ("sources", None),
}

lines: list[str] = []
NOTES = "## Notes"
LOST: list[str] = []  # keypresses whose figure never changed within 10 s


def write_section(head: str, section: list[str]) -> None:
    """Put ``section`` (its first line starts with ``head``) at the end of bench/RESULTS.md,
    replacing the previous section under ``head`` and keeping everything else."""
    out = ROOT / "bench" / "RESULTS.md"
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if head in text:
        start = text.index(head)
        end = text.find("\n## ", start + 1)
        text = text[:start] + (text[end + 1 :] if end != -1 else "")
    out.write_text(text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n", encoding="utf-8")


class Section:
    """A section of bench/RESULTS.md: lines printed as they come and kept, then written in
    place of the section under its head (the timeline, the soak, the framework table)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def write(self, head: str) -> None:
        write_section(head, self.lines)


def say(text: str = "") -> None:
    print(text, flush=True)
    lines.append(text)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


# --- model -------------------------------------------------------------------------------------
def bench_model() -> None:
    from model.data import load_dataset
    from model.projection import project
    from model.scenario import Scenario, key_specs

    ds = load_dataset()
    sc = Scenario().with_h2("fiscal_revenue", 7.0).with_assumption("fai", "h1_share", 42.0)
    n = 2000
    one = timeit.timeit(lambda: project(ds, sc), number=n) / n
    specs = key_specs(ds)
    rng = random.Random(20211)
    growth_keys = [k for k in specs if "." not in k]
    scenarios = []
    for _ in range(10_000):
        s = Scenario()
        for k in rng.sample(growth_keys, 4):
            spec = specs[k]
            s = s.with_h2(k, rng.uniform(spec.low, min(spec.high, spec.low + 100)))
        scenarios.append(s)
    t0 = time.perf_counter()
    for s in scenarios:
        project(ds, s)
    many = time.perf_counter() - t0
    say("## Model")
    say(f"- project all {len(ds.indicators)} indicators, one scenario: {one * 1e6:.0f} µs")
    say(f"- 10,000 scenarios: {many:.2f} s ({many / 10_000 * 1e6:.0f} µs each)")


# --- server (AppTest) ------------------------------------------------------------------------
def bench_server(reps: int) -> None:
    from streamlit.testing.v1 import AppTest

    def timed_runs(make, move) -> float:
        at = make()
        at.run()
        if "ui.warm" in sys.modules:  # the app's warm-up thread competes for the GIL: wait
            sys.modules["ui.warm"].join(120)
        times = []
        for i in range(reps):
            move(at, i)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    floor = timed_runs(
        lambda: AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=60),
        lambda at, i: at.slider(key="x").set_value(40.0 + (i % 2)),
    )
    say(f"## Server: rerun per slider move (AppTest, median of {reps}; a full-script rerun)")
    say(f"- floor (one-slider app): {floor * 1000:.1f} ms")
    for name, (_, panel) in PAGES.items():

        def make(name=name, panel=panel):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.switch_page(f"app_pages/{name}.py")
            if panel is not None:  # the panel measured is the focused one (?focus=…)
                at.query_params["focus"] = panel
            return at

        if panel is None:
            move = lambda at, i: None  # noqa: E731 - a plain rerun (no slider on this page)
        else:
            move = lambda at, i, p=panel: at.slider(key=f"h2.{p}").set_value(  # noqa: E731
                at.slider(key=f"h2.{p}").value + (0.1 if i % 2 == 0 else -0.1)
            )
        med = timed_runs(make, move)
        what = "rerun" if panel is None else f"slider h2.{panel}"
        say(f"- {name} ({what}): {med * 1000:.1f} ms = {med / floor:.1f}× floor")


# --- browser ----------------------------------------------------------------------------------
def start(script: str, *, off: str | None = None) -> tuple[subprocess.Popen, str]:
    """A Streamlit server of ``script`` on a free port, once it answers; ``off``: the parts of
    the app switched off in it (:mod:`bench.ablate`)."""
    port = free_port()
    launcher = ["streamlit"] if off is None else ["bench.ablate", off]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *launcher,
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"{script}: server did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def idle(page) -> None:
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def load_time(browser, url: str, ready: str) -> float:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.locator(ready).last.wait_for(timeout=60_000)
    idle(page)
    dt = time.perf_counter() - t0
    ctx.close()
    return dt


FIGURE_JS = """([scope, i]) => {
    const els = document.querySelectorAll(scope + ' [data-testid="stMetric"]');
    return els.length > i ? els[i].innerText : null;
}"""


def key_latencies(browser, url: str, scope: str, index: int, n: int) -> list[float]:
    """Keypress on the first slider in ``scope`` → the ``index``-th metric there changes."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(url)
    page.locator(scope).locator('[data-testid="stSlider"]').first.wait_for(timeout=60_000)
    idle(page)
    handle = page.locator(scope).locator('[data-testid="stSlider"]').first.get_by_role("slider")
    out = []
    for i in range(n):
        before = page.evaluate(FIGURE_JS, [scope, index])
        handle.focus()
        t0 = time.perf_counter()
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        try:
            page.wait_for_function(
                "([scope, i, before]) => {"
                " const els = document.querySelectorAll(scope + ' [data-testid=\"stMetric\"]');"
                " return els.length > i && els[i].innerText !== before; }",
                arg=[scope, index, before],
                timeout=10_000,
            )
        except Exception:  # noqa: BLE001 - a lost keypress is reported, not fatal
            LOST.append(url)
            idle(page)
            continue
        out.append(time.perf_counter() - t0)
        idle(page)
    ctx.close()
    return out


def spread(values: list[float], floors: list[float]) -> str:
    """Each round's figure ÷ that round's floor: their median, with their spread
    ("1.21× (1.16–1.48)"), as every bench of alternating rounds gives it."""
    ratios = [v / f for v, f in zip(values, floors, strict=True)]
    return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"


def bench_browser(loads: int, keys: int, rounds: int) -> None:
    """``rounds`` alternating rounds: in each, the floor's loads and keypresses, then every
    page's; a page's ratio is the median over rounds of (its median ÷ that round's floor
    median), so a floor that runs fast or slow in one round moves only that round."""
    from playwright.sync_api import sync_playwright

    app, app_url = start("app.py")
    floor, floor_url = start("bench/floor_app.py")
    metric = '[data-testid="stMetricValue"]'
    floor_rows: list[tuple[float, float, float]] = []  # (load, p50, p90) per round
    page_rows: dict[str, list[tuple[float, float, float]]] = {name: [] for name in PAGES}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            load_time(browser, f"{app_url}/investment", metric)  # warm: fit cached, modules loaded
            load_time(browser, floor_url, metric)
            for _ in range(rounds):
                f_load = statistics.median(
                    load_time(browser, floor_url, metric) for _ in range(loads)
                )
                f_keys = key_latencies(browser, floor_url, "body", 0, keys)
                floor_rows.append((f_load, pct(f_keys, 0.5), pct(f_keys, 0.9)))
                for name, (path, panel) in PAGES.items():
                    ready = f".st-key-panel_{panel}" if panel else "h1"
                    url = f"{app_url}/{path}" + (f"?focus={panel}" if panel else "")
                    load = statistics.median(load_time(browser, url, ready) for _ in range(loads))
                    p50 = p90 = float("nan")
                    if panel:
                        # the third figure of a panel is the projected full year
                        lat = key_latencies(browser, url, f".st-key-panel_{panel}", 2, keys)
                        p50, p90 = pct(lat, 0.5), pct(lat, 0.9)
                    page_rows[name].append((load, p50, p90))
            say(
                f"## Browser (Chromium, 1280×900; {rounds} alternating rounds of {loads} loads and"
                f" {keys} keypresses; ms: medians over rounds; ratios: median over rounds of the"
                " round's ratio to the floor, spread in brackets)"
            )
            floor_col = [[r[i] for r in floor_rows] for i in range(3)]
            med = [statistics.median(c) for c in floor_col]
            say(
                f"- floor: load {med[0] * 1000:.0f} ms; keypress → figure p50 {med[1] * 1000:.0f} ms,"
                f" p90 {med[2] * 1000:.0f} ms"
            )
            for name, rows in page_rows.items():
                col = [[r[i] for r in rows] for i in range(3)]
                text = (
                    f"- {name}: load {statistics.median(col[0]) * 1000:.0f} ms"
                    f" = {spread(col[0], floor_col[0])} floor"
                )
                if PAGES[name][1]:
                    text += (
                        f"; keypress → figure p50 {statistics.median(col[1]) * 1000:.0f} ms"
                        f" = {spread(col[1], floor_col[1])} floor, p90"
                        f" {statistics.median(col[2]) * 1000:.0f} ms = {spread(col[2], floor_col[2])}"
                        " floor"
                    )
                say(text)
            # memory: 1 and 20 open sessions on the app server
            ctxs = []
            for i in range(20):
                ctx = browser.new_context()
                page = ctx.new_page()
                page.goto(f"{app_url}/investment?fiscal_revenue={1 + i * 0.5:g}")
                page.locator(".st-key-panel_fiscal_revenue").wait_for(timeout=60_000)
                idle(page)
                ctxs.append(ctx)
                if i == 0:
                    one = rss_mb(app.pid)
            twenty = rss_mb(app.pid)
            for ctx in ctxs:
                ctx.close()
            browser.close()
        say(f"- keypresses lost (no update within 10 s): {len(LOST)}")
        say("## Memory (server RSS)")
        say(
            f"- 1 open session: {one:.0f} MB; 20 open sessions: {twenty:.0f} MB ({(twenty - one) / 19:.1f} MB per extra session)"
        )
        say(f"- floor server at rest: {rss_mb(floor.pid):.0f} MB")
    finally:
        for proc in (app, floor):
            proc.terminate()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--write", action="store_true", help="also write bench/RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--rounds", type=int, default=3, help="alternating browser rounds")
    args = parser.parse_args()
    reps, loads, keys = (10, 3, 10) if args.quick else (30, 5, 20)
    say(f"# Benchmark results — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    say(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    )
    say("")
    bench_model()
    say("")
    bench_server(reps)
    say("")
    if not Path(CHROMIUM).exists():
        say(f"## Browser\n- skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    else:
        bench_browser(loads, keys, args.rounds)
    if args.write:
        out = ROOT / "bench" / "RESULTS.md"
        notes = ""
        if out.exists() and NOTES in (old := out.read_text(encoding="utf-8")):
            notes = "\n" + old[old.index(NOTES) :]  # hand-written notes survive a re-run
        out.write_text("\n".join(lines) + "\n" + notes, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
