"""Saved scenarios on SQLite and on a real PostgreSQL (``TEST_DATABASE_URL``, started by
``.ci/run``): CRUD, soft delete, names, migrations, bound parameters, 20 concurrent saves,
two servers on one database, and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from model.data import ROOT
from store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

PG_ENV = "TEST_DATABASE_URL"


def _pg_url() -> str:
    url = os.environ.get(PG_ENV, "")
    if not url:
        message = f"{PG_ENV} is not set: .ci/run starts a PostgreSQL cluster and sets it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
        return
    base = _pg_url()
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_save_get_list_rename_delete_restore(url):
    s = Store(url)
    assert s.version() == SCHEMA_VERSION
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
    s = Store(f"sqlite:///{tmp_path / 'n.sqlite3'}")
    with pytest.raises(ValueError, match=message):
        s.save(name, "fai=1", "v")
    assert s.list() == []


def test_names_and_notes_are_text_and_sql_is_bound(url):
    s = Store(url)
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
        MIGRATIONS[0](c)
        c.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        c.execute(text("INSERT INTO schema_version (version) VALUES (1)"))
        c.execute(
            text(
                "INSERT INTO scenarios (name, query, vintage, note, created_at, updated_at) "
                "VALUES ('旧方案', 'fai=30', '2021H1.1', '旧', '2021-07-30', '2021-07-30')"
            )
        )
    engine.dispose()
    s = Store(url)
    assert s.version() == SCHEMA_VERSION == 3
    old = s.get("旧方案")
    assert (old.query, old.vintage, old.note, old.author) == ("fai=30", "2021H1.1", "旧", None)
    assert old.data_id is None  # saved before data ids: unknown, not invented
    s.save("新方案", "fai=1", "v", author="统计局", data_id="0123456789ab")
    assert (s.get("新方案").author, s.get("新方案").data_id) == ("统计局", "0123456789ab")
    assert s.list_data("data") == []


_SAVE = (
    "import sys; from store import Store; "
    "s = Store(sys.argv[1]); s.save(sys.argv[2], 'fai=' + sys.argv[3], 'v')"
)


def test_twenty_saves_from_separate_processes_at_once(url):
    Store(url)  # migrate first, as the app does on start

    def run(i: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", _SAVE, url, f"方案{i:02d}", str(i)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(run, range(20)))
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "locked" not in r.stderr
    saved = Store(url).list()
    assert len(saved) == 20
    assert {x.query for x in saved} == {f"fai={i}" for i in range(20)}


def test_two_servers_on_one_database_see_each_others_saves(url):
    """Two app processes (replicas behind a proxy) on one database: a save in one is listed by
    the other, through the same store the app uses."""
    env = {**os.environ, "DATABASE_URL": url}
    save = [sys.executable, "-m", "model", "scenarios", "save"]
    a = subprocess.run(
        [*save, "A方案", "--scenario", "fai=30"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert a.returncode == 0, a.stderr
    b = subprocess.run(
        [sys.executable, "-m", "model", "scenarios", "list", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert [x["name"] for x in json.loads(b.stdout)] == ["A方案"]


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
