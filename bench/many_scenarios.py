"""The saved-scenario panel and the store with many scenarios (issue 29): at 1,000 and 10,000
saved scenarios, the store calls the panel makes and the app's run with the panel open, for a
viewer and for a signed-in editor (AppTest). Figures are printed, never asserted on time.

    python -m bench.many_scenarios [--sizes 1000 10000] [--runs 5] [--url URL]

Each size gets a fresh SQLite database in a temporary folder (or, with ``--url``, a fresh
database on that PostgreSQL server), filled in one transaction (one version each, a note on
every tenth, every hundredth deleted). The run time is the median of ``--runs`` reruns of
the overview page with the panel open, beside the same page with the panel closed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def fill(url: str, n: int) -> None:
    """``n`` saved scenarios (one version each) in the store at ``url``."""
    from sqlalchemy import insert

    from store import Store
    from store.schema import scenario_versions, scenarios

    store = Store(url)
    t = datetime(2026, 12, 1, tzinfo=UTC)
    rows = [
        {
            "id": i + 1,
            "name": f"方案{i:05d}",
            "query": f"fai={i % 40}",
            "vintage": "2021H1.2",
            "note": "会前" if i % 10 == 0 else None,
            "author": "bench",
            "data_id": None,
            "created_at": t,
            "updated_at": t,
            "deleted_at": t if i % 100 == 99 else None,
        }
        for i in range(n)
    ]
    versions = [
        {
            "scenario_id": r["id"],
            "version": 1,
            "name": r["name"],
            "query": r["query"],
            "vintage": r["vintage"],
            "note": r["note"],
            "data_id": None,
            "deleted": int(r["deleted_at"] is not None),
            "action": "save",
            "actor": "bench",
            "at": t,
        }
        for r in rows
    ]
    with store.engine.begin() as c:
        c.execute(insert(scenarios), rows)
        c.execute(insert(scenario_versions), versions)
    if store.engine.dialect.name == "postgresql":  # the explicit ids left the sequence at 1
        with store.engine.begin() as c:
            c.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('scenarios', 'id'), "
                "(SELECT MAX(id) FROM scenarios))"
            )
    store.engine.dispose()


def best_ms(call: Callable[[], object], runs: int) -> float:
    """The median time of ``call`` over ``runs`` calls, in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def store_figures(url: str, runs: int) -> list[tuple[str, float]]:
    """The store calls of one panel run, each timed."""
    from store import Store

    s = Store(url)
    mid = "方案00500"
    return [
        ("count()", best_ms(lambda: s.count(), runs)),
        ("list(offset=0, limit=20)", best_ms(lambda: s.list(limit=20), runs)),
        ("list(offset=9000, limit=20)", best_ms(lambda: s.list(offset=9000, limit=20), runs)),
        ("count(query='会前')", best_ms(lambda: s.count(query="会前"), runs)),
        ("list(query='005', limit=20)", best_ms(lambda: s.list(query="005", limit=20), runs)),
        (
            "list(only_deleted, limit=20)",
            best_ms(lambda: s.list(only_deleted=True, limit=20), runs),
        ),
        ("history(name, limit=5)", best_ms(lambda: s.history(mid, limit=5), runs)),
        ("get(name)", best_ms(lambda: s.get(mid), runs)),
        ("name_collisions() (every name)", best_ms(s.name_collisions, runs)),
        ("list() (every scenario)", best_ms(lambda: s.list(), max(1, runs // 2))),
    ]


def panel_ms(editor: bool, runs: int) -> tuple[float, float, int]:
    """(median run with the panel open, with it closed, buttons drawn) for one session."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import EDITOR_NAME, editor_account, sign_in

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=1800)
    at.run()
    if editor:
        editor_account()
        sign_in(at)
        assert at.session_state["auth_actor"].name == EDITOR_NAME

    def rerun(open_: bool) -> None:
        at.session_state["store_panel_open"] = open_
        at.run()
        assert not at.exception, at.exception

    closed = best_ms(lambda: rerun(False), runs)
    opened = best_ms(lambda: rerun(True), runs)
    return opened, closed, len(at.button)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--url", default=None, help="a PostgreSQL server URL (default: SQLite)")
    args = p.parse_args(argv)
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            if args.url:
                from sqlalchemy import create_engine, text

                name = "bench_" + uuid.uuid4().hex[:10]
                admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.execute(text(f'CREATE DATABASE "{name}"'))
                url = args.url.rsplit("/", 1)[0] + "/" + name
            else:
                url = f"sqlite:///{Path(tmp) / 'many.sqlite3'}"
            os.environ["DATABASE_URL"] = url
            t0 = time.perf_counter()
            fill(url, n)
            print(
                f"## {n:,} saved scenarios ({url.split(':', 1)[0]}; filled in"
                f" {time.perf_counter() - t0:.1f} s)"
            )
            for what, ms in store_figures(url, args.runs):
                print(f"- store {what}: {ms:.1f} ms")
            for who, editor in (("viewer", False), ("editor", True)):
                opened, closed, buttons = panel_ms(editor, args.runs)
                print(
                    f"- app run, {who}: panel open {opened:.0f} ms, closed {closed:.0f} ms"
                    f" (the panel {opened - closed:.0f} ms; {buttons} buttons on the page)"
                )
            if args.url:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
