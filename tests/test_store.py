"""Saved scenarios on SQLite and on a real PostgreSQL (``TEST_DATABASE_URL``, started by
``.ci/run``): CRUD, soft delete, names, migrations, bound parameters, 20 concurrent saves
(started together by a barrier), two servers on one database at the same time, and the
command line. Writes are made by an editor (the store refuses anyone else)."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from model.data import ROOT
from store import SCHEMA_VERSION, Actor, Store, StoreError
from tests import legacy_store_v3

ED = Actor("计划局编辑", "editor")


def test_save_get_list_rename_delete_restore(url):
    s = Store(url).acting_as(ED)
    assert s.version() == SCHEMA_VERSION == 6
    a = s.save("保守方案", "preset=conservative", "2021H1.2", note="会前", author="计划局")
    assert (a.name, a.query, a.vintage, a.note, a.author) == (
        "保守方案",
        "preset=conservative",
        "2021H1.2",
        "会前",
        "计划局",
    )
    with pytest.raises(ValueError, match="already saved"):
        s.save("保守方案", "fai=1", "2021H1.2")
    b = s.save("保守方案", "fai=1", "2021H1.2", replace=True)
    assert b.query == "fai=1" and b.created_at == a.created_at and b.updated_at >= a.updated_at
    s.save("书记方案", "fiscal_revenue=7", "2021H1.1")
    assert [x.name for x in s.list()] == sorted(["保守方案", "书记方案"])
    s.rename("书记方案", "书记方案 v2")
    assert s.get("书记方案") is None and s.get("书记方案 v2").query == "fiscal_revenue=7"
    s.delete("书记方案 v2")
    assert s.get("书记方案 v2") is None
    assert [x.name for x in s.list(include_deleted=True) if x.deleted] == ["书记方案 v2"]
    s.restore("书记方案 v2")
    assert s.get("书记方案 v2").vintage == "2021H1.1"
    with pytest.raises(ValueError, match="no saved scenario 'nope'"):
        s.delete("nope")


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("x" * 61, "at most 60 characters, got 61"),
        ("a\nb", "control characters"),
        ("a\x00b", "control characters"),
        ("a=b", "'=' or '&'"),
        ("a&b", "'=' or '&'"),
    ],
)
def test_bad_names_are_refused(tmp_path, name, message):
    s = Store(f"sqlite:///{tmp_path / 'n.sqlite3'}").acting_as(ED)
    with pytest.raises(ValueError, match=message):
        s.save(name, "fai=1", "v")
    assert s.list() == []


def test_names_and_notes_are_text_and_sql_is_bound(url):
    s = Store(url).acting_as(ED)
    for name in ("'; DROP TABLE scenarios; --", "<script>alert(1)</script>", "O\"Brien's"):
        s.save(name, "fai=1", "v", note="<b>bold</b>'); DELETE FROM scenarios; --")
    names = {x.name for x in s.list()}
    assert names == {"'; DROP TABLE scenarios; --", "<script>alert(1)</script>", "O\"Brien's"}
    assert s.get("<script>alert(1)</script>").note.startswith("<b>bold</b>")


def test_a_schema_change_keeps_saved_scenarios(tmp_path):
    """A version-1 database (no author column) is migrated on open; its rows stay."""
    url = f"sqlite:///{tmp_path / 'v1.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as c:
        legacy_store_v3.MIGRATIONS[0](c)
        c.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        c.execute(text("INSERT INTO schema_version (version) VALUES (1)"))
        c.execute(
            text(
                "INSERT INTO scenarios (name, query, vintage, note, created_at, updated_at) "
                "VALUES ('旧方案', 'fai=30', '2021H1.1', '旧', '2021-07-30', '2021-07-30')"
            )
        )
    engine.dispose()
    s = Store(url).acting_as(ED)
    assert s.version() == SCHEMA_VERSION == 6
    old = s.get("旧方案")
    assert (old.query, old.vintage, old.note, old.author) == ("fai=30", "2021H1.1", "旧", None)
    assert old.data_id is None  # saved before data ids: unknown, not invented
    s.save("新方案", "fai=1", "v", author="统计局", data_id="0123456789ab")
    assert (s.get("新方案").author, s.get("新方案").data_id) == ("统计局", "0123456789ab")
    assert s.list_data("data") == []


def _save_after_barrier(url, i, barrier, out):  # noqa: ANN001 - runs in a child process
    """One app process: open the store, wait until all are ready, save, report the times."""
    from store import Actor, Store

    try:
        s = Store(url)
        barrier.wait(timeout=600)  # a loaded 2-core machine starts 20 interpreters slowly
        t0 = time.time()
        s.save(f"方案{i:02d}", f"fai={i}", "v", actor=Actor("editor", "editor"))
        out.put((i, t0, time.time()))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        out.put((i, repr(exc), None))


def test_twenty_saves_from_separate_processes_at_once(url):
    """20 processes, each with its store open, pass a barrier together and save at once:
    every save lands (no 'database is locked'), and the saves really overlapped in time."""
    Store(url)  # migrate first, as the app does on start
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(20), ctx.Queue()
    procs = [
        ctx.Process(target=_save_after_barrier, args=(url, i, barrier, out)) for i in range(20)
    ]
    for p in procs:
        p.start()
    times = [out.get(timeout=900) for _ in procs]
    assert all(t1 is not None for _, _, t1 in times), times
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    starts = sorted(t0 for _, t0, _ in times)
    ends = sorted(t1 for _, _, t1 in times)
    assert starts[-1] < ends[-1]
    overlapping = sum(
        1 for _, t0, t1 in times if any(a < t1 and t0 < b for _, a, b in times if a != t0)
    )
    assert overlapping >= 2, times  # at least two saves were in flight at the same moment
    saved = Store(url).list()
    assert len(saved) == 20
    assert {x.query for x in saved} == {f"fai={i}" for i in range(20)}


def _replica(url, me, other, barrier, out):  # noqa: ANN001 - runs in a child process
    """One app server: its own open store; saves its scenario, then waits to see the other's."""
    from store import Actor, Store

    s = Store(url)
    barrier.wait(timeout=600)
    s.save(me, "fai=30", "v", actor=Actor("editor", "editor"))
    deadline = time.time() + 60
    while time.time() < deadline:
        names = [x.name for x in s.list()]
        if other in names:
            break
        time.sleep(0.05)
    barrier.wait(timeout=600)  # both still running, each has seen the other's save
    out.put((me, sorted(names)))


def test_two_servers_on_one_database_see_each_others_saves(url):
    """Two app processes (replicas behind a proxy) running at the same time on one database,
    each with its store open: a save in one is listed by the other while both run."""
    Store(url)
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    a = ctx.Process(target=_replica, args=(url, "A方案", "B方案", barrier, out))
    b = ctx.Process(target=_replica, args=(url, "B方案", "A方案", barrier, out))
    a.start()
    b.start()
    seen = dict(out.get(timeout=900) for _ in range(2))
    a.join(timeout=60)
    b.join(timeout=60)
    assert (a.exitcode, b.exitcode) == (0, 0)
    assert seen == {"A方案": ["A方案", "B方案"], "B方案": ["A方案", "B方案"]}
    env = {**os.environ, "DATABASE_URL": url}  # and the command line reads the same
    r = subprocess.run(
        [sys.executable, "-m", "model", "scenarios", "list", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert [x["name"] for x in json.loads(r.stdout)] == ["A方案", "B方案"]


def test_unreachable_database_is_one_line_with_the_password_masked(tmp_path):
    url = "postgresql+psycopg://whatif:s3cret@127.0.0.1:9/whatif"
    with pytest.raises(StoreError) as exc:
        Store(url)
    assert "s3cret" not in str(exc.value) and "***" in str(exc.value)
    env = {**os.environ, "DATABASE_URL": url}
    r = subprocess.run(
        [sys.executable, "-m", "model", "scenarios", "list"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith("error: store: database postgresql+psycopg://whatif:***@")
    assert "s3cret" not in r.stderr


def test_store_package_never_imports_streamlit():
    code = "import sys, store, report.exports; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_migrating_a_database_reports_names_that_collide_once_normalised(tmp_path, caplog):
    """A database of the first store holds ``ＡＢ`` and ``AB`` (saved before names were
    normalised): the migration keeps both, each by its exact name, and says so once."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as c:
        legacy_store_v3.MIGRATIONS[0](c)
        c.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        c.execute(text("INSERT INTO schema_version (version) VALUES (1)"))
        for name, query in (("ＡＢ", "fai=1"), ("AB", "fai=2")):
            c.execute(
                text(
                    "INSERT INTO scenarios (name, query, vintage, note, created_at, updated_at)"
                    " VALUES (:n, :q, 'v', '', '2021-07-30', '2021-07-30')"
                ),
                {"n": name, "q": query},
            )
    engine.dispose()
    with caplog.at_level(logging.WARNING, logger="store"):
        s = Store(url)
    said = [r.getMessage() for r in caplog.records if r.name == "store"]
    assert said == [
        "scenario names that are one name once normalised (kept apart; "
        "python -m model scenarios collisions): AB | ＡＢ"
    ]
    assert (s.get("ＡＢ").query, s.get("AB").query) == ("fai=1", "fai=2")  # not merged
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="store"):
        Store(url)  # already migrated: said once, not at every open
    assert [r for r in caplog.records if r.name == "store"] == []
