"""Memory soak (issue 12): 20 open sessions across the topic pages, 1,000 keypresses in turn,
the server's RSS sampled every 50 keypresses.

    python -m bench.soak [--sessions 20] [--keys 1000] [--write]

Prints the RSS after the sessions open and at every sample, then the drift over the second
half of the soak (the first half includes each session's one-off caches) and the cost per
session. The heap is frozen after start-up (``ui/warm.py``); this shows that what each run
allocates is freed again, so RSS stays flat: the verdict line says whether the last sample
is within 5% (or 10 MB, whichever is larger) of the median of the second half's samples.
``--write`` appends the figures to bench/RESULTS.md under "## Memory soak".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime

from bench.__main__ import ARGS, CHROMIUM, Section, idle, rss_mb, start
from bench.timeline import TOPICS


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    section = Section()
    say = section.say

    app, url = start("app.py")
    samples: list[tuple[int, float]] = []
    lost = 0
    t0 = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            before = rss_mb(app.pid)
            pages = []
            pages_of = list(TOPICS.items())
            for i in range(args.sessions):
                name, panel = pages_of[i % len(pages_of)]
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                page.goto(f"{url}/{name}?focus={panel}")
                scope = page.locator(f".st-key-panel_{panel}")
                scope.locator('[data-testid="stSlider"]').first.wait_for(timeout=60_000)
                idle(page)
                handle = scope.locator('[data-testid="stSlider"]').first.get_by_role("slider")
                pages.append((page, handle))
                if i == 0:
                    one = rss_mb(app.pid)
            opened = rss_mb(app.pid)
            samples.append((0, opened))
            for k in range(1, args.keys + 1):
                page, handle = pages[k % len(pages)]
                handle.focus()
                # up three times, down three times: the values stay in range for ever
                handle.press("ArrowRight" if (k // len(pages)) % 6 < 3 else "ArrowLeft")
                try:
                    idle(page)
                except Exception:  # noqa: BLE001 - a stuck session is counted, not fatal
                    lost += 1
                if k % args.every == 0:
                    samples.append((k, rss_mb(app.pid)))
                    print(f"  {k:5d} keypresses: {samples[-1][1]:.1f} MB", flush=True)
            browser.close()
    finally:
        app.terminate()
    minutes = (time.perf_counter() - t0) / 60
    second = [mb for k, mb in samples if k >= args.keys // 2]
    ref = statistics.median(second)
    last = samples[-1][1]
    margin = max(10.0, 0.05 * ref)
    say(
        f"## Memory soak — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({args.sessions} sessions, {args.keys} keypresses over the topic pages, "
        f"{minutes:.1f} min)"
    )
    say("")
    say(
        f"- server RSS: {before:.0f} MB before any session, {one:.0f} MB with one, "
        f"{opened:.0f} MB with {args.sessions} "
        f"({(opened - one) / max(1, args.sessions - 1):.2f} MB per extra session)"
    )
    say(f"- RSS every {args.every} keypresses (MB): " + ", ".join(f"{mb:.0f}" for _, mb in samples))
    say(
        f"- second half: min {min(second):.1f}, max {max(second):.1f}, median {ref:.1f} MB; "
        f"last {last:.1f} MB; drift from the start of the soak {last - opened:+.1f} MB"
    )
    flat = abs(last - ref) <= margin and max(second) - min(second) <= 2 * margin
    say(
        f"- flat within ±{margin:.0f} MB: {'yes' if flat else 'NO'}; "
        f"sessions that stopped answering: {lost}"
    )
    if args.write:
        section.write("## Memory soak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
