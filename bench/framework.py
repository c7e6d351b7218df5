"""What a keypress costs the framework's page, by page size (issue 12: where the rest goes).

    python -m bench.framework [--keys N] [--rounds R] [--write]

Two measurements, both from inside the page:

1. **Page size alone.** The floor app with ``N`` static markdown rows above it and its slider
   and figure in an ``st.fragment`` — 7 frames per keypress whatever ``N``, nothing else
   re-sent — against the plain floor, alternating ``--rounds`` times. It shows what the
   framework's page costs per element on a keypress, with no app code at all.
2. **React renders per keypress.** A stand-in for React's devtools hook counts, for every
   commit, the components that rendered in it. For the floor, the ``N = 200`` page and each
   topic page: commits per keypress, full-page renders (commits that re-render over a
   quarter of the page's components) and the components rendered per keypress.

3. **Components per page** (with ``--pages-only``, alone): the React components of the
   overview, the 数据来源 page and each topic page (focused on one indicator), loaded and
   settled.

``--write`` replaces the "## Framework cost per element" section of bench/RESULTS.md (with
``--pages-only``: the "## React components per page" section).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.__main__ import ARGS, CHROMIUM, Section, spread, start
from bench.timeline import OVERVIEW_READY, TOPICS, one_key, open_page, run, slider_of, topic_url

SIZES = (0, 100, 200, 400)

ROWS_APP = """\
import streamlit as st

for i in range({n}):
    st.markdown(f"static row **{{i}}**")


@st.fragment
def live():
    x = st.slider("x", 0.0, 100.0, 50.0, 0.1, key="x")
    st.metric("value", f"{{x:.1f}}")


live()
"""

#: Counts the components each React commit rendered: a fiber rendered in this commit has
#: React's PerformedWork flag and is not the object that stood in the tree at the last commit
#: (a subtree React skipped keeps its old fiber objects).
HOOK = """
(() => {
  let prev = new WeakSet(), size = 0;
  window.__commits = [];
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), isDisabled: false,
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {},
    onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot(id, root) {
      const seen = new WeakSet(); let rendered = 0, all = 0;
      const stack = [root.current];
      while (stack.length) {
        const f = stack.pop(); seen.add(f);
        if (typeof f.type === 'function' || (f.type && typeof f.type === 'object')) {
          all++;
          if ((f.flags & 1) && !prev.has(f)) rendered++;
        }
        if (f.sibling) stack.push(f.sibling);
        if (f.child) stack.push(f.child);
      }
      prev = seen; size = all;
      window.__commits.push([performance.now(), rendered, all]);
    },
  };
})();
"""


def page_size(browser, url: str, ready: str) -> float:
    """The React components on a page once it has loaded and settled."""
    ctx, page = open_page(browser, url, ready, hooks=(HOOK,), settle_ms=1500)
    size = page.evaluate("() => Math.max(0, ...window.__commits.map(c => c[2]))")
    ctx.close()
    return float(size)


def renders(browser, url: str, scope: str, index: int, keys: int) -> dict[str, float]:
    """Medians per keypress: commits, full-page renders, components rendered, page size."""
    ctx, page = open_page(browser, url, slider_of(scope), hooks=(HOOK,), settle_ms=800)
    rows = []
    for i in range(keys + 2):
        page.evaluate("() => { window.__commits.length = 0; }")
        r = one_key(page, scope, index, "ArrowRight" if i % 2 == 0 else "ArrowLeft")
        commits = page.evaluate("() => window.__commits")
        if r is None or i < 2 or not commits:
            continue
        size = max(c[2] for c in commits)
        rows.append(
            {
                "commits": float(len(commits)),
                "full": float(sum(1 for c in commits if c[1] > size / 4)),
                "rendered": float(sum(c[1] for c in commits)),
                "size": float(size),
                "changed": r["changed"],
            }
        )
    ctx.close()
    return {k: statistics.median(x[k] for x in rows) for k in rows[0]}


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.framework")
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only the app's pages: components per page and React renders per keypress",
    )
    args = parser.parse_args()
    sizes = () if args.pages_only else SIZES
    tmp = Path(tempfile.mkdtemp(prefix="bench-rows-"))
    servers = {"floor": start("bench/floor_app.py")}
    for n in sizes:
        script = tmp / f"rows_{n}.py"
        script.write_text(ROWS_APP.format(n=n), encoding="utf-8")
        servers[f"rows {n}"] = start(str(script))
    servers["app"] = start("app.py")
    section = Section()
    say = section.say

    p50: dict[str, list[float]] = {k: [] for k in servers if k != "app"}
    counted: dict[str, dict[str, float]] = {}
    sized: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (_, url) in servers.items():  # warm every server once
                if name != "app":
                    run(browser, url, "body", 0, 2)
            for _ in range(args.rounds):
                for name in p50:
                    rows = run(browser, servers[name][1], "body", 0, args.keys)
                    p50[name].append(statistics.median(r["changed"] for r in rows))
            for name in ("floor", *([f"rows {SIZES[-1]}"] if sizes else [])):
                counted[name] = renders(browser, servers[name][1], "body", 0, args.keys)
            app_url = servers["app"][1]
            page_size(browser, f"{app_url}/", OVERVIEW_READY)  # warm
            for page in ("overview", "sources", *TOPICS):
                ready = OVERVIEW_READY if page in ("overview", *TOPICS) else "h1"
                sized[page] = page_size(browser, f"{app_url}/{page}", ready)
            for page, panel in TOPICS.items():
                scope = f".st-key-panel_{panel}"
                run(browser, topic_url(app_url, page), scope, 2, 2)
                counted[page] = renders(browser, topic_url(app_url, page), scope, 2, args.keys)
            browser.close()
    finally:
        for proc, _ in servers.values():
            proc.terminate()

    title = "## React components per page" if args.pages_only else "## Framework cost per element"
    say(
        f"{title} — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({args.rounds} alternating rounds × {args.keys} keypresses)"
    )
    say("")
    if sizes:
        say(
            "The floor app with N static markdown rows above it, its slider and figure in a "
            "fragment (7 frames per keypress whatever N): keypress → figure p50."
        )
        say("")
        say("| page | p50 ms (median of rounds) | ratio to the floor (spread) |")
        say("|---|---|---|")
    for name, values in p50.items() if sizes else ():
        say(f"| {name} | {statistics.median(values):.0f} | {spread(values, p50['floor'])} |")
    if sizes:
        say("")
    say("React components per page, loaded and settled (topic pages focused on one indicator):")
    say("")
    say("| page | components | ratio to the overview |")
    say("|---|---|---|")
    for name, size in sized.items():
        say(f"| {name} | {size:.0f} | {size / sized['overview']:.2f}× |")
    say("")
    say(
        "React commits per keypress (medians; a full render re-renders over a quarter of the page's components):"
    )
    say("")
    say("| page | components on the page | commits | full renders | components rendered |")
    say("|---|---|---|---|---|")
    for name, c in counted.items():
        say(
            f"| {name} | {c['size']:.0f} | {c['commits']:.0f} | {c['full']:.0f} "
            f"| {c['rendered']:.0f} |"
        )
    if args.write:
        section.write(title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
