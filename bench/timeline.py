"""Per-keypress websocket timeline, the floor against every topic page (issue 12, item 5).

    python -m bench.timeline [--keys N] [--rounds R] [--write]

Topic pages are opened focused on one indicator (``?focus=<id>``, the panel measured), at
1400×900. For each keypress on a panel's first slider it prints, from timestamps taken inside the page
(one clock, ``performance.now()``): keypress → the slider's frame sent → first delta frame
received → last delta frame → the figure changed → DOM settled (no mutation for 300 ms
after the last one), with the frame count and bytes received, and each page's settled load. The floor is the plain one-
slider app on the framework's defaults (``bench/floor_app.py``); runs alternate floor / app
``--rounds`` times, and each ratio is the median over rounds of (app p50 ÷ that round's floor
p50), with the spread (min–max) of the per-round ratios.

``--write`` appends the table to bench/RESULTS.md under "## Keypress timeline".
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import UTC, datetime

from bench.__main__ import ARGS, CHROMIUM, Section, idle, pct, rss_mb, spread, start

TOPICS: dict[str, str] = {
    "economy": "gdp",
    "industry": "industrial_output",
    "investment": "fiscal_revenue",
    "land": "new_jobs",
}
#: The overview's load is measured too (ready: its answer table).
OVERVIEW_READY = ".answer-table"
#: A topic page's first figure: its focused panel's first metric.
PANEL_FIGURE = '.st-key-panel_%s [data-testid="stMetric"]'
WIDTH = 1400


def topic_url(app_url: str, page: str, query: str = "") -> str:
    """A topic page focused on its measured panel (``/investment?focus=fiscal_revenue``)."""
    return f"{app_url}/{page}?focus={TOPICS[page]}" + (f"&{query}" if query else "")


#: Wraps WebSocket before the app's code runs: every frame sent or received is logged with
#: its time and size; every DOM mutation's time is kept.
INIT = """
(() => {
  const log = []; window.__ws = log; window.__lastMutation = 0;
  const Orig = window.WebSocket;
  window.WebSocket = function (...a) {
    const ws = new Orig(...a);
    const send = ws.send.bind(ws);
    ws.send = (d) => { log.push([performance.now(), 'out', d.byteLength ?? d.size ?? d.length]); send(d); };
    ws.addEventListener('message', (e) => {
      const d = e.data; log.push([performance.now(), 'in', d.byteLength ?? d.size ?? d.length]);
    });
    return ws;
  };
  window.WebSocket.prototype = Orig.prototype;
  Object.assign(window.WebSocket, Orig);
  new MutationObserver(() => {
    window.__lastMutation = performance.now();
    if (!window.__ready && window.__readySel && document.querySelector(window.__readySel)) {
      window.__ready = window.__lastMutation;  // the page's first figure is on screen
    }
  })
    .observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  document.addEventListener('keydown', () => { window.__key = performance.now(); }, true);
})();
"""

FIGURE = """([scope, i]) => {
  const els = document.querySelectorAll(scope + ' [data-testid="stMetric"]');
  return els.length > i ? els[i].innerText : null;
}"""


def one_key(page, scope: str, index: int, direction: str) -> dict[str, float] | None:
    """Press once; return the timeline of that keypress (ms from the keydown), or None."""
    before = page.evaluate(FIGURE, [scope, index])
    page.evaluate("() => { window.__ws.length = 0; }")
    handle = page.locator(scope).locator('[data-testid="stSlider"]').first.get_by_role("slider")
    handle.focus()
    handle.press(direction)
    try:
        page.wait_for_function(
            "([scope, i, before]) => {"
            " const els = document.querySelectorAll(scope + ' [data-testid=\"stMetric\"]');"
            " if (els.length > i && els[i].innerText !== before && !window.__changed)"
            "   { window.__changed = performance.now(); }"
            " return !!window.__changed; }",
            arg=[scope, index, before],
            timeout=10_000,
            polling="raf",
        )
    except Exception:  # noqa: BLE001 - a lost keypress is reported as None
        idle(page)
        return None
    page.wait_for_function(
        "() => performance.now() - window.__lastMutation > 300", timeout=10_000, polling=50
    )
    idle(page)
    t = page.evaluate(
        "() => { const r = {key: window.__key, changed: window.__changed,"
        " settled: window.__lastMutation, log: window.__ws.slice()};"
        " window.__changed = 0; return r; }"
    )
    key = t["key"]
    sent = [x for x in t["log"] if x[1] == "out"]
    got = [x for x in t["log"] if x[1] == "in" and x[0] >= key]
    if not sent or not got:
        return None
    return {
        "sent": sent[0][0] - key,
        "first": got[0][0] - key,
        "last": got[-1][0] - key,
        "changed": t["changed"] - key,
        "settled": t["settled"] - key,
        "frames": float(len(got)),
        "bytes": float(sum(x[2] or 0 for x in got)),
    }


def open_page(browser, url: str, ready: str, *, hooks: tuple[str, ...] = (), settle_ms: int = 0):
    """``url`` in a fresh 1400×900 context with the frame log (and ``hooks``) installed before
    the app's code, once ``ready`` is shown and the run has ended, ``settle_ms`` later.
    Returns (context, page)."""
    ctx = browser.new_context(viewport={"width": WIDTH, "height": 900})
    for script in (*hooks, INIT):
        ctx.add_init_script(script)
    page = ctx.new_page()
    page.goto(url)
    page.locator(ready).first.wait_for(timeout=60_000)
    idle(page)
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    return ctx, page


def slider_of(scope: str) -> str:
    """The CSS selector of the sliders in ``scope``."""
    return f'{scope} [data-testid="stSlider"]'


def run(browser, url: str, scope: str, index: int, keys: int) -> list[dict[str, float]]:
    """``keys`` keypresses (right, left, …) on the first slider in ``scope``."""
    ctx, page = open_page(browser, url, slider_of(scope), settle_ms=500)
    out = []
    for i in range(keys + 2):
        r = one_key(page, scope, index, "ArrowRight" if i % 2 == 0 else "ArrowLeft")
        if r is not None and i >= 2:  # the first two warm the page's own caches
            out.append(r)
    ctx.close()
    return out


def load_ms(browser, url: str, ready: str) -> tuple[float, float]:
    """A page load, in-page clock from navigation start: (the first figure — ``ready`` — on
    screen, settled: the last DOM change before 500 ms of quiet once the run has ended)."""
    ctx, page = open_page(browser, url, ready, hooks=(f"window.__readySel = {ready!r};",))
    page.wait_for_function(
        "() => performance.now() - window.__lastMutation > 500", timeout=30_000, polling=50
    )
    shown, settled = page.evaluate("() => [window.__ready, window.__lastMutation]")
    ctx.close()
    return float(shown), float(settled)


def summary(rows: list[dict[str, float]]) -> dict[str, float]:
    """Medians of every column, and the p90 of ``changed``."""
    out = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    out["p90"] = pct([r["changed"] for r in rows], 0.9)
    out["n"] = float(len(rows))
    return out


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.timeline")
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--query", default="", help="appended to the app's page URLs, e.g. meeting=1"
    )
    parser.add_argument(
        "--pages", default=",".join(TOPICS), help="the topic pages measured (comma-separated)"
    )
    parser.add_argument(
        "--off",
        default=None,
        help="parts of the app switched off (bench.ablate), e.g. sidebar: what they cost",
    )
    args = parser.parse_args()
    topics = {p: TOPICS[p] for p in args.pages.split(",") if p}
    app, app_url = start("app.py", off=args.off)
    floor, floor_url = start("bench/floor_app.py")
    # the floor of a master-detail page: slider, figure, answer table and selector only
    table, table_url = start("bench/floor_table_app.py")
    # the same with as many frames per keypress as a topic page sends: the frames' own cost
    lines, lines_url = start("bench/floor_lines_app.py")
    section = Section()
    say = section.say

    results: dict[str, list[dict[str, float]]] = {
        "floor": [],
        "floor + table": [],
        "floor + table + 24 lines": [],
        **{p: [] for p in topics},
    }
    loads: dict[str, list[tuple[float, float]]] = {
        "floor": [],
        "overview": [],
        "sources": [],
        **{p: [] for p in topics},
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for page in topics:  # warm-up: modules, fit and specs loaded before measuring
                run(browser, topic_url(app_url, page), f".st-key-panel_{TOPICS[page]}", 2, 2)
            load_ms(browser, f"{app_url}/", OVERVIEW_READY)
            run(browser, floor_url, "body", 0, 2)
            run(browser, table_url, "body", 0, 2)
            run(browser, lines_url, "body", 0, 2)
            for _ in range(args.rounds):
                loads["floor"].append(load_ms(browser, floor_url, '[data-testid="stMetric"]'))
                loads["overview"].append(load_ms(browser, f"{app_url}/", OVERVIEW_READY))
                # the shell alone: a text-only page (no chart, no slider)
                loads["sources"].append(
                    load_ms(browser, f"{app_url}/sources", '[data-testid="stTable"]')
                )
                for page, panel in topics.items():
                    loads[page].append(
                        load_ms(browser, topic_url(app_url, page), f"{PANEL_FIGURE % panel}")
                    )
                results["floor"].append(summary(run(browser, floor_url, "body", 0, args.keys)))
                results["floor + table"].append(
                    summary(run(browser, table_url, "body", 0, args.keys))
                )
                results["floor + table + 24 lines"].append(
                    summary(run(browser, lines_url, "body", 0, args.keys))
                )
                for page, panel in topics.items():
                    scope = f".st-key-panel_{panel}"
                    # the third figure of a panel is the projected full year
                    url = topic_url(app_url, page, args.query)
                    results[page].append(summary(run(browser, url, scope, 2, args.keys)))
            browser.close()
        rss = rss_mb(app.pid)
    finally:
        for proc in (app, floor, table, lines):
            proc.terminate()

    say(
        f"## Keypress timeline — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({args.rounds} alternating rounds × {args.keys} keypresses; ms from keydown, medians)"
        + (f"; the app with {args.off} switched off" if args.off else "")
    )
    say("")
    say(
        "| page | sent | first delta | last delta | figure | settled | frames | KB in "
        "| p50 ratio (spread) | p90 ratio |"
    )
    say("|---|---|---|---|---|---|---|---|---|---|")
    floors = results["floor"]
    for page, rounds in results.items():
        med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
        if page == "floor":
            ratio = p90r = "1.00"
        else:
            ratio = spread([r["changed"] for r in rounds], [f["changed"] for f in floors])
            p90s = [r["p90"] / f["p90"] for r, f in zip(rounds, floors, strict=True)]
            p90r = f"{statistics.median(p90s):.2f}×"
        say(
            f"| {page} | {med['sent']:.0f} | {med['first']:.0f} | {med['last']:.0f} "
            f"| {med['changed']:.0f} | {med['settled']:.0f} | {med['frames']:.0f} "
            f"| {med['bytes'] / 1024:.1f} | {ratio} | {p90r} |"
        )
    say("")
    say(
        "Page load, navigation start → the first figure on screen (the overview's answer "
        "table, a topic page's first panel figure, the sources page's first table) and → "
        "settled (the last DOM change before 500 ms of quiet):"
    )
    say("")
    say("| page | first figure ms | ÷ floor | settled ms (median) | ÷ floor (spread) |")
    say("|---|---|---|---|---|")
    floor_loads = loads["floor"]
    for page, values in loads.items():
        shown = statistics.median(v[0] for v in values)
        settled = statistics.median(v[1] for v in values)
        if page == "floor":
            say(f"| floor | {shown:.0f} | 1.00 | {settled:.0f} | 1.00 |")
            continue
        r_shown = [v[0] / f[0] for v, f in zip(values, floor_loads, strict=True)]
        settled_spread = spread([v[1] for v in values], [f[1] for f in floor_loads])
        say(
            f"| {page} | {shown:.0f} | {statistics.median(r_shown):.2f}× | {settled:.0f} "
            f"| {settled_spread} |"
        )
    say("")
    say(f"App server RSS after the run: {rss:.0f} MB.")
    if args.write:
        section.write("## Keypress timeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
