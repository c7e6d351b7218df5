"""What a settled page load spends beyond the floor, part by part (issue 18, item 7).

    python -m bench.shell [--rounds R] [--write]

Starts the floor app, the whole app, and one server of the app for each row of
:data:`VARIANTS` with those parts switched off (:mod:`bench.ablate`: the part's function draws
nothing; the app's scripts are unchanged). Each round loads, in turn, the floor and then the
数据来源 page (text and tables, no chart, no slider: the shell), the overview and the
economy page (focused on GDP) on every server, at 1400×900, in a fresh browser context, and takes the settled load (navigation start
→ the last DOM change before 500 ms of quiet, in-page clock, as :mod:`bench.timeline`). A
part's cost is the whole app's median load minus the median with the part off; ratios are to
the floor of the same round, median over rounds with the spread; each round starts at
another variant (the order rotates), so no variant always follows the floor.

``--write`` puts the table into bench/RESULTS.md under "## Page load by part".
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import UTC, datetime

from bench.__main__ import ARGS, CHROMIUM, Section, spread, start
from bench.timeline import OVERVIEW_READY, PANEL_FIGURE, load_ms

#: row label → parts switched off (comma-separated names of bench.ablate.PARTS)
VARIANTS: dict[str, str] = {
    "whole app": "",
    "− sidebar widgets (all)": "sidebar",
    "− sign-in box": "signin",
    "− saved-scenario panel": "saved",
    "− injected styles": "style",
    "− 数据截至 line": "asof",
    "− URL sync": "url",
    "− heap freeze": "freeze",
    "− charts": "chart",
    "− briefing": "briefing",
    "− export buttons": "downloads",
    "− sidebar, styles, 数据截至": "sidebar,style,asof",
    "− a topic panel's detail (assumptions, charts)": "detail",
}
PAGES: dict[str, tuple[str, str]] = {
    "sources": ("/sources", '[data-testid="stTable"]'),
    "overview": ("/", OVERVIEW_READY),
    "economy": ("/economy?focus=gdp", PANEL_FIGURE % "gdp"),
}


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.shell")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--only", default="", help="the variants measured, by their parts (e.g. 'chart,sidebar')"
    )
    args = parser.parse_args()
    wanted = {p for p in args.only.split(",") if p}
    variants = {k: v for k, v in VARIANTS.items() if not wanted or v in wanted or not v}
    floor, floor_url = start("bench/floor_app.py")
    servers = {label: start("app.py", off=parts) for label, parts in variants.items()}
    floors: list[float] = []
    loads: dict[tuple[str, str], list[float]] = {
        (label, page): [] for label in variants for page in PAGES
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            load_ms(browser, floor_url, '[data-testid="stMetric"]')
            for _, url in servers.values():  # warm-up: modules, fit and specs loaded
                for path, ready in PAGES.values():
                    load_ms(browser, url + path, ready)
            labels = list(servers)
            for n in range(args.rounds):
                floors.append(load_ms(browser, floor_url, '[data-testid="stMetric"]')[1])
                # each round starts at another variant: no variant is always the one loaded
                # right after the floor
                for label in labels[n % len(labels) :] + labels[: n % len(labels)]:
                    url = servers[label][1]
                    for page, (path, ready) in PAGES.items():
                        loads[label, page].append(load_ms(browser, url + path, ready)[1])
            browser.close()
    finally:
        floor.terminate()
        for proc, _ in servers.values():
            proc.terminate()

    section = Section()
    say = section.say
    say(
        f"## Page load by part — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({args.rounds} rounds; settled load, ms, medians; the floor {statistics.median(floors):.0f} ms)"
    )
    say("")
    say(
        "| variant | "
        + " | ".join(f"{p} ms | {p} ÷ floor (spread) | {p} part costs" for p in PAGES)
        + " |"
    )
    say("|---|" + "---|---|---|" * len(PAGES))
    for label in variants:
        cells = []
        for page in PAGES:
            values = loads[label, page]
            whole = statistics.median(loads["whole app", page])
            cost = "" if label == "whole app" else f"{whole - statistics.median(values):+.0f} ms"
            cells.append(f"{statistics.median(values):.0f} | {spread(values, floors)} | {cost}")
        say(f"| {label} | " + " | ".join(cells) + " |")
    if args.write:
        section.write("## Page load by part")
    return 0


if __name__ == "__main__":
    sys.exit(main())
