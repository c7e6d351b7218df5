"""Concurrent edits that cannot deadlock or lie (issue 29): many threads started together by a
barrier rename, save, replace, delete, restore and revert the same few names, and withdraw
and make-default race on one dataset — on PostgreSQL (``TEST_DATABASE_URL``) and SQLite.
Also names looked up as stored first, then in their NFKC form, and the report of stored
names that collide once normalised."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

import store.engine
from model.data import ROOT
from store import Actor, Store, StoreError
from store.schema import audit, scenario_versions, scenarios

ED = Actor("并发编辑", "editor")
NAMES = tuple("甲乙丙丁戊己庚辛壬癸子丑")  # three stored at the start, nine free to rename to
THREADS = 16
ROUNDS = 40


def _overlapping(spans: list[tuple[float, float]]) -> int:
    """How many of ``spans`` overlap at least one other."""
    ordered = sorted(spans)
    n = 0
    for i, (a, b) in enumerate(ordered):
        if any(c < b and a < d for j, (c, d) in enumerate(ordered) if j != i):
            n += 1
    return n


@pytest.fixture
def retries(monkeypatch) -> list[str]:
    """Every deadlock or serialization failure the store saw (before its one retry)."""
    seen: list[str] = []
    real = store.engine.retryable

    def spy(exc: BaseException) -> bool:
        hit = real(exc)
        if hit:
            seen.append(store.engine.first_line(exc))
        return hit

    monkeypatch.setattr(store.engine, "retryable", spy)
    return seen


def test_many_writers_on_the_same_names_neither_deadlock_nor_lie(url, retries):
    """16 threads behind one barrier, 40 writes each, every kind of write on 12 names
    (renames between them included): every write either returns the row it wrote or says
    one line why not; no deadlock (not even one the retry would hide), no AssertionError;
    the writes overlapped; versions and audit rows match one for one, and each audit row
    names the version its write made."""
    s = Store(url).acting_as(ED)
    for n in NAMES[:3]:
        s.save(n, "fai=1", "v")
    start = threading.Barrier(THREADS)
    spans: list[tuple[float, float]] = []
    wrote: list[tuple[str, str]] = []  # (write, name of the row returned)
    said: list[tuple[type, str]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def writer(k: int) -> None:
        rng = random.Random(k)  # each thread its own fixed sequence
        start.wait(timeout=120)
        for _ in range(ROUNDS):
            a, b = rng.sample(NAMES, 2)
            kind = rng.choice(
                ("rename", "rename", "rename", "save", "replace", "delete", "restore", "revert")
            )
            t0 = time.perf_counter()
            try:
                if kind == "rename":
                    got = s.rename(a, b)
                elif kind == "save":
                    got = s.save(a, f"fai={k}", "v")  # onto a deleted one, or refused
                elif kind == "replace":
                    got = s.save(b, f"fai={k}", "v", replace=True)
                elif kind == "delete":
                    s.delete(a)
                    got = None
                elif kind == "restore":
                    got = s.restore(b)
                else:
                    got = s.revert(a, 1)
                with lock:
                    wrote.append((kind, got.name if got is not None else a))
            except (ValueError, StoreError) as exc:
                with lock:
                    said.append((type(exc), str(exc)))
            except BaseException as exc:  # noqa: BLE001 - an AssertionError, a deadlock …
                with lock:
                    failures.append(exc)
            with lock:
                spans.append((t0, time.perf_counter()))

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert failures == [], failures[:3]
    assert retries == [], retries[:3]  # the fixed lock order leaves nothing to retry
    assert len(wrote) + len(said) == THREADS * ROUNDS
    odd = [m for _, m in said if m.count("\n") or "deadlock" in m.lower()]
    assert odd == [], odd[:3]
    assert not any(issubclass(kind, StoreError) for kind, _ in said), said[:3]
    # every refusal is one of the store's own one-line reasons
    reasons = ("no saved scenario", "no deleted scenario", "is already saved", "has no version")
    assert all(any(r in m for r in reasons) for _, m in said), said[:5]
    assert all(name in NAMES for _, name in wrote)
    assert len(wrote) >= THREADS, (len(wrote), said[:5])  # a fair share of writes landed
    assert _overlapping(spans) >= THREADS  # the writes really were in flight together
    with s.engine.connect() as c:
        versions = c.execute(select(func.count()).select_from(scenario_versions)).scalar()
        rows = c.execute(
            select(audit.c.action, audit.c.after).where(audit.c.action.like("scenario.%"))
        ).all()
        live = c.execute(select(scenarios.c.name)).scalars().all()
    assert versions == len(rows) == 3 + len(wrote)
    assert set(live) <= set(NAMES) and len(live) == len(set(live)) >= 3
    assert sum(kind == "rename" for kind, _ in wrote) >= 2  # renames landed (about 5–20 a run)
    assert all(after.startswith("v") for _, after in rows)
    # each scenario's versions are 1..n without a gap or a repeat
    for n in live:
        numbers = [v.version for v in s.history(n)]
        assert numbers == list(range(1, len(numbers) + 1))


def test_withdraw_and_make_default_exclude_each_other(url):
    """100 races of "make X the default" against "withdraw X", each pair behind a barrier:
    afterwards the default is never a withdrawn dataset (exactly one of the two wins, or the
    withdrawal is refused because X became the default first); most pairs overlapped."""
    s = Store(url).acting_as(ED)
    s.put_data("data", "b" * 12, "base", label="base")
    s.set_default_data("data", "b" * 12)
    overlapped = 0
    outcomes = {"default": 0, "withdrawn": 0}
    for i in range(100):
        x = f"{i:012x}"
        s.put_data("data", x, x, label=x)
        start = threading.Barrier(2)
        spans: dict[str, tuple[float, float]] = {}
        errors: dict[str, str] = {}

        def act(what: str, x: str = x, start=start, spans=spans, errors=errors) -> None:  # noqa: ANN001
            start.wait(timeout=60)
            t0 = time.perf_counter()
            try:
                if what == "default":
                    s.set_default_data("data", x)
                else:
                    s.delete_data("data", x)
            except ValueError as exc:
                errors[what] = str(exc)
            spans[what] = (t0, time.perf_counter())

        pair = [threading.Thread(target=act, args=(w,)) for w in ("default", "withdraw")]
        for t in pair:
            t.start()
        for t in pair:
            t.join(timeout=60)
        (a, b), (c, d) = spans["default"], spans["withdraw"]
        overlapped += a < d and c < b
        newest = s.default_history("data")[0].data_id
        withdrawn = s.get_data("data", x).withdrawn
        assert not (newest == x and withdrawn), (i, errors)
        assert len(errors) == 1, (i, errors)  # one of the two was refused, with one line
        if newest == x:
            assert "is the default" in errors["withdraw"]
            outcomes["default"] += 1
            s.set_default_data("data", "b" * 12)
        else:
            assert withdrawn and "no stored data" in errors["default"]
            outcomes["withdrawn"] += 1
        assert s.default_data("data") is not None and not s.default_data("data").withdrawn
    assert sum(outcomes.values()) == 100
    assert overlapped >= 50, overlapped


def test_a_concurrent_delete_never_turns_a_write_into_an_assertion(url):
    """Restore, revert and replace racing deletes of the same scenario: each write returns
    the row it wrote (as it was when its transaction committed) or one line."""
    s = Store(url).acting_as(ED)
    s.save("丁", "fai=1", "v")
    failures: list[BaseException] = []
    results: list[str] = []
    start = threading.Barrier(8)

    def go(k: int) -> None:
        start.wait(timeout=60)
        for _ in range(10):
            try:
                if k % 4 == 0:
                    s.delete("丁")
                    results.append("deleted")
                elif k % 4 == 1:
                    results.append(s.restore("丁").name)
                elif k % 4 == 2:
                    got = s.revert("丁", 1)
                    assert got.query == "fai=1" and not got.deleted
                    results.append(got.name)
                else:
                    got = s.save("丁", "fai=2", "v", replace=True)
                    assert got.query == "fai=2" and not got.deleted
                    results.append(got.name)
            except ValueError as exc:
                results.append(str(exc).splitlines()[0])
            except BaseException as exc:  # noqa: BLE001
                failures.append(exc)

    threads = [threading.Thread(target=go, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert failures == []
    assert len(results) == 80
    assert results.count("丁") >= 10


# --- names looked up as stored first, then NFKC --------------------------------------------


def _legacy_row(s: Store, name: str, query: str, *, deleted: bool = False) -> None:
    """A row as a store from before names were normalised on save could have left it."""
    t = datetime(2021, 7, 30, tzinfo=UTC)
    with s.engine.begin() as c:
        c.execute(
            insert(scenarios).values(
                name=name,
                query=query,
                vintage="v",
                created_at=t,
                updated_at=t,
                deleted_at=t if deleted else None,
            )
        )


def test_full_width_names_are_found_by_the_same_name(url):
    s = Store(url).acting_as(ED)
    saved = s.save("ＡＢ方案\u3000一", "fai=3", "v")  # full-width letters, ideographic space
    assert saved.name == "AB方案 一"
    for typed in ("ＡＢ方案\u3000一", "AB方案 一", " ＡＢ方案 一 "):
        assert s.get(typed).query == "fai=3"
    assert [v.action for v in s.history("ＡＢ方案\u3000一", limit=5)] == ["save"]
    s.rename("ＡＢ方案\u3000一", "ＣＤ")
    assert s.get("CD").query == "fai=3" and s.get("AB方案 一") is None
    s.delete("ＣＤ")
    assert s.get("CD") is None and s.restore("ＣＤ").name == "CD"
    assert s.revert("ＣＤ", 1).query == "fai=3"
    assert [v.action for v in s.history("ＣＤ")] == [
        "save",
        "rename",
        "delete",
        "restore",
        "revert",
    ]
    assert [v.version for v in s.history("CD", limit=2)] == [4, 5]
    assert s.version_count("ＣＤ") == 5


def test_on_a_migrated_database_the_exact_stored_name_comes_first(url):
    """Two rows saved before normalisation, ``ＡＢ`` (live) and ``AB`` (deleted): each is
    reached by its exact name; replacing ``ＡＢ`` replaces it, never the deleted ``AB``."""
    s = Store(url).acting_as(ED)
    _legacy_row(s, "ＡＢ", "fai=1")
    _legacy_row(s, "AB", "fai=2", deleted=True)
    assert s.get("ＡＢ").query == "fai=1"
    assert s.get("AB") is None and s.get("AB", include_deleted=True).query == "fai=2"
    got = s.save("ＡＢ", "fai=9", "v", replace=True)
    assert (got.name, got.query) == ("ＡＢ", "fai=9")
    assert s.get("AB", include_deleted=True).query == "fai=2"  # untouched, still deleted
    assert s.get("AB", include_deleted=True).deleted
    with pytest.raises(ValueError, match="already saved"):
        s.save("ＡＢ", "fai=5", "v")
    assert s.name_collisions() == [["AB", "ＡＢ"]]  # reported, not merged
    assert s.count(include_deleted=True) == 2
    assert s.restore("AB").query == "fai=2"  # the deleted one, by its own name
    s.delete("ＡＢ")
    assert s.get("ＡＢ", include_deleted=True).deleted  # the exact name first
    assert s.get("ＡＢ").name == "AB"  # live: only the normal form is, so that one


def test_the_command_line_reports_colliding_names(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    s = Store(db).acting_as(ED)
    _legacy_row(s, "ＡＢ", "fai=1")
    _legacy_row(s, "AB", "fai=2", deleted=True)
    s.save("其他", "fai=3", "v")
    env = {**os.environ, "DATABASE_URL": db}
    run = [sys.executable, "-m", "model", "scenarios", "collisions"]
    r = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["'AB' | 'ＡＢ'"]
    r = subprocess.run([*run, "--json"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert json.loads(r.stdout) == [["AB", "ＡＢ"]]
    r = subprocess.run(
        [sys.executable, "-m", "model", "scenarios", "list"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "1 group of saved names" in r.stderr
    assert "scenarios collisions" in r.stderr


def test_search_and_pages_of_the_list(url):
    s = Store(url).acting_as(ED)
    for i in range(45):
        s.save(f"方案{i:03d}", f"fai={i}", "v", note="会前" if i % 10 == 0 else None)
    s.delete("方案007")
    assert s.count() == 44 and s.count(include_deleted=True) == 45
    assert s.count(only_deleted=True) == 1
    page = s.list(offset=20, limit=20)
    assert [x.name for x in page] == [f"方案{i:03d}" for i in range(21, 41) if i != 7]
    assert [x.name for x in s.list(query="方案00", limit=20)] == [
        f"方案00{i}" for i in range(10) if i != 7
    ]
    assert s.count(query="会前") == 5  # notes are searched too
    assert (
        s.count(query="５") == 4
    )  # 005, 015, 025, 035; full-width digit: NFKC, as names are stored
    assert s.list(query="100%_") == [] and s.count(query="%") == 0  # LIKE characters are text
    assert [x.name for x in s.list(only_deleted=True)] == ["方案007"]


# --- one retry after a deadlock, then one line ------------------------------------------------


class _Orig(Exception):
    sqlstate = "40P01"


def test_a_deadlock_is_tried_once_more_then_said_in_one_line(tmp_path):
    from sqlalchemy.exc import OperationalError

    s = Store(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    calls: list[int] = []

    def flaky(conn):  # noqa: ANN001, ANN202
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE …", {}, _Orig("deadlock detected"))
        return "written"

    assert s._atomic(flaky) == "written" and len(calls) == 2

    def stuck(conn):  # noqa: ANN001, ANN202
        calls.append(1)
        raise OperationalError("UPDATE …", {}, _Orig("deadlock detected"))

    calls.clear()
    with pytest.raises(StoreError) as exc:
        s._atomic(stuck)
    assert len(calls) == 2  # one retry, no more
    assert str(exc.value).count("\n") == 0
    assert str(exc.value).endswith(
        "another edit of the same scenario or data was in the way twice; nothing was"
        " changed, try again"
    )
    assert exc.value.args[0].key == "store_busy"


def test_a_real_deadlock_on_postgresql_is_retried_and_both_writes_land(postgresql_url, retries):
    """Two transactions lock two rows in opposite orders behind a barrier (what the store's
    own writes no longer do): PostgreSQL kills one, the store retries it once, both land.
    (PostgreSQL only: SQLite takes its write lock at BEGIN, so there is no deadlock.)"""
    s = Store(postgresql_url).acting_as(ED)
    s.save("一", "fai=1", "v")
    s.save("二", "fai=2", "v")
    start = threading.Barrier(2)
    done: list[str] = []
    failures: list[BaseException] = []

    def crossed(first: str, second: str) -> None:
        tries = [0]

        def work(conn):  # noqa: ANN001, ANN202
            tries[0] += 1
            lock = select(scenarios.c.id).with_for_update()
            conn.execute(lock.where(scenarios.c.name == first)).one()
            if tries[0] == 1:
                start.wait(timeout=60)  # both hold their first row now
            conn.execute(lock.where(scenarios.c.name == second)).one()
            return first

        try:
            done.append(s._atomic(work))
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    pair = [
        threading.Thread(target=crossed, args=("一", "二")),
        threading.Thread(target=crossed, args=("二", "一")),
    ]
    for t in pair:
        t.start()
    for t in pair:
        t.join(timeout=120)
    assert failures == [] and sorted(done) == ["一", "二"]
    assert len(retries) == 1 and "deadlock detected" in retries[0]
