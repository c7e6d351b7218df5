"""Roles, versions, the audit trail, soft-deleted datasets, the default's history, accounts
and the Alembic migration of a database made by the first store — on SQLite and on a real
PostgreSQL (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from model.data import ROOT
from model.messages import Problem
from store import ANONYMOUS, AccessDenied, Actor, Store
from store.schema import accounts
from tests import legacy_store_v3

ED = Actor("王编辑", "editor")
ADMIN = Actor("cli:ops", "admin")
VIEW = Actor("someone@x.org", "viewer")


def _rows(store: Store) -> dict:
    """Everything stored, to prove a refused write changed nothing."""
    with store.engine.connect() as c:
        return {
            t: c.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all()
            for t in (
                "scenarios",
                "scenario_versions",
                "datasets",
                "default_history",
                "accounts",
                "audit",
            )
        }


def test_every_write_is_refused_without_the_role_and_changes_nothing(url):
    s = Store(url)
    s.save("书记方案", "fiscal_revenue=7", "v", actor=ED)
    s.save("草稿", "fai=1", "v", actor=ED)
    s.delete("草稿", actor=ED)
    s.put_data("data", "aaaaaaaaaaaa", "x", actor=ED, label="L")
    s.add_user("ed1", "editor", actor=ADMIN, password="long enough 1")
    before = _rows(s)
    writes = {
        "save": lambda a: s.save("书记方案", "fai=99", "v", actor=a, replace=True),
        "save new": lambda a: s.save("新", "fai=99", "v", actor=a),
        "rename": lambda a: s.rename("书记方案", "别名", actor=a),
        "delete": lambda a: s.delete("书记方案", actor=a),
        "restore": lambda a: s.restore("草稿", actor=a),
        "revert": lambda a: s.revert("书记方案", 1, actor=a),
        "store data": lambda a: s.put_data("data", "bbbbbbbbbbbb", "y", actor=a, label="假"),
        "store a history file": lambda a: s.put_data(
            "hist", "cccccccccccc", "z", actor=a, label="h"
        ),
        "make default": lambda a: s.set_default_data("data", "aaaaaaaaaaaa", actor=a),
        "delete data": lambda a: s.delete_data("data", "aaaaaaaaaaaa", actor=a),
        "users add": lambda a: s.add_user("x", "admin", actor=a, password="long enough 2"),
        "users remove": lambda a: s.remove_user("ed1", actor=a),
    }
    for what, write in writes.items():
        for who in (None, ANONYMOUS, VIEW):
            with pytest.raises(AccessDenied, match="refused, the (editor|admin) role is needed"):
                write(who)
        if what.startswith("users"):  # accounts: admins only
            with pytest.raises(AccessDenied, match="admin role is needed .王编辑 is a editor"):
                write(ED)
    with pytest.raises(AccessDenied):
        s.audit_log(actor=VIEW)
    assert _rows(s) == before  # not one row changed
    assert str(AccessDenied("x")).count("\n") == 0


def test_versions_and_audit_rows_for_every_write_kind(url):
    s = Store(url)
    s.save("书记方案", "fiscal_revenue=7", "v1", actor=ED, note="会前", data_id="aaaaaaaaaaaa")
    s.save("书记方案", "fiscal_revenue=8", "v1", actor=ED, replace=True)
    s.rename("书记方案", "书记方案二", actor=ED)
    s.delete("书记方案二", actor=ED)
    s.save("书记方案二", "fai=1", "v1", actor=ED)  # onto the deleted one's name
    s.revert("书记方案二", 1, actor=Actor("李编辑", "editor"))
    s.put_data("data", "bbbbbbbbbbbb", "content", actor=ED, label="Q3")
    s.put_data("hist", "cccccccccccc", "h", actor=ED, label="h.csv")
    s.set_default_data("data", "bbbbbbbbbbbb", actor=ED)
    s.set_default_data("data", None, actor=ED)
    s.delete_data("data", "bbbbbbbbbbbb", actor=ED)
    s.add_user("ed1", "editor", actor=ADMIN, password="long enough 1")
    s.remove_user("ed1", actor=ADMIN)

    history = s.history("书记方案二")
    assert [(v.version, v.action, v.query, v.deleted) for v in history] == [
        (1, "save", "fiscal_revenue=7", False),
        (2, "replace", "fiscal_revenue=8", False),
        (3, "rename", "fiscal_revenue=8", False),
        (4, "delete", "fiscal_revenue=8", True),  # the deleted state stays a version
        (5, "replace", "fai=1", False),
        (6, "revert", "fiscal_revenue=7", False),
    ]
    assert (history[0].note, history[0].data_id, history[0].actor) == (
        "会前",
        "aaaaaaaaaaaa",
        "王编辑",
    )
    assert history[2].name == "书记方案二" and history[5].actor == "李编辑"
    now = s.get("书记方案二")
    assert (now.query, now.note, now.data_id) == ("fiscal_revenue=7", "会前", "aaaaaaaaaaaa")

    log = [
        (r.actor, r.action, r.target, r.before, r.after) for r in reversed(s.audit_log(actor=ED))
    ]
    assert log == [
        ("王编辑", "scenario.save", "书记方案", None, "v1"),
        ("王编辑", "scenario.replace", "书记方案", "v1", "v2"),
        ("王编辑", "scenario.rename", "书记方案 → 书记方案二", "v2", "v3"),
        ("王编辑", "scenario.delete", "书记方案二", "v3", "v4"),
        ("王编辑", "scenario.replace", "书记方案二", "v4", "v5"),
        ("李编辑", "scenario.revert", "书记方案二", "v5", "v6"),
        ("王编辑", "data.store", "bbbbbbbbbbbb", None, "bbbbbbbbbbbb"),
        ("王编辑", "hist.store", "cccccccccccc", None, "cccccccccccc"),
        ("王编辑", "data.default", "bbbbbbbbbbbb", "shipped", "bbbbbbbbbbbb"),
        ("王编辑", "data.default", "shipped", "bbbbbbbbbbbb", "shipped"),
        ("王编辑", "data.delete", "bbbbbbbbbbbb", "bbbbbbbbbbbb", None),
        ("cli:ops", "user.add", "ed1", None, "editor"),
        ("cli:ops", "user.remove", "ed1", "editor", None),
    ]
    assert all(
        r.at.tzinfo is not None and r.at.utcoffset().total_seconds() == 0
        for r in s.audit_log(actor=ED)
    )


def test_datasets_are_withdrawn_softly_and_the_default_keeps_its_history(url):
    s = Store(url).acting_as(ED)
    s.put_data("data", "aaaaaaaaaaaa", "A", label="A")
    s.put_data("data", "bbbbbbbbbbbb", "B", label="B")
    s.set_default_data("data", "aaaaaaaaaaaa")
    with pytest.raises(ValueError, match="is the default; make another the default first"):
        s.delete_data("data", "aaaaaaaaaaaa")
    with pytest.raises(ValueError, match="the shipped data cannot be deleted"):
        s.delete_data("data", "000000000000")  # not stored: the shipped data is not in the DB
    s.set_default_data("data", "bbbbbbbbbbbb")
    s.delete_data("data", "aaaaaaaaaaaa")
    assert [d.id for d in s.list_data("data")] == ["bbbbbbbbbbbb"]  # no longer offered
    gone = s.get_data("data", "aaaaaaaaaaaa")  # a data= link still opens it
    assert gone is not None and gone.withdrawn and gone.content == "A"
    assert s.data_status("data", "aaaaaaaaaaaa") == "withdrawn"
    with pytest.raises(ValueError, match="no stored data 'aaaaaaaaaaaa'"):
        s.set_default_data("data", "aaaaaaaaaaaa")  # a withdrawn one cannot become the default
    assert [c.data_id for c in s.default_history("data")] == ["bbbbbbbbbbbb", "aaaaaaaaaaaa"]
    s.set_default_data("data", None)  # back to the shipped file
    assert s.default_data("data") is None
    s.set_default_data("data", s.default_history("data")[1].data_id)  # revert to an earlier one
    assert s.default_data("data").id == "bbbbbbbbbbbb"
    s.put_data("data", "aaaaaaaaaaaa", "A", label="A")  # storing the same figures brings it back
    assert not s.get_data("data", "aaaaaaaaaaaa").withdrawn


def test_accounts_hash_throttle_and_oidc_roles(url, monkeypatch):
    s = Store(url)
    s.add_user("ed1", "editor", actor=ADMIN, password="long enough 1")
    s.add_user("Boss@Example.org", "admin", actor=ADMIN, oidc=True)
    with pytest.raises(ValueError, match="already exists"):
        s.add_user("ed1", "admin", actor=ADMIN, password="long enough 1")
    with pytest.raises(ValueError, match="role 'boss' is not one of"):
        s.add_user("ed2", "boss", actor=ADMIN, password="long enough 1")
    with s.engine.connect() as c:
        digest = c.execute(
            select(accounts.c.password_hash).where(accounts.c.name == "ed1")
        ).scalar()
    assert digest.startswith("$argon2id$") and "long enough 1" not in digest
    assert "password_hash" not in repr(s.list_users()) and "$argon2" not in repr(s.list_users())
    got = s.sign_in("ed1", "long enough 1", "10.0.0.1")
    assert got == Actor("ed1", "editor") and got.kind == "local"
    assert s.oidc_actor("boss@example.ORG") == Actor("boss@example.org", "admin")
    assert s.oidc_actor("boss@example.ORG").kind == "oidc"
    assert s.oidc_actor("other@example.org") == Actor("other@example.org", "viewer")
    with pytest.raises(Problem) as exc:
        s.sign_in("boss@example.org", "")  # an OIDC address has no password
    assert exc.value.key == "signin_refused"


def test_default_changes_at_once_do_not_deadlock(url):
    s = Store(url).acting_as(ED)
    ids = [f"{i:012x}" for i in range(4)]
    for i in ids:
        s.put_data("data", i, i, label=i)
    start = threading.Barrier(16)
    errors: list[BaseException] = []

    def click(k: int) -> None:
        start.wait(timeout=60)
        try:
            for j in range(5):
                s.set_default_data("data", ids[(k + j) % 4])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(s.default_history("data")) == 80
    assert s.default_data("data").id == s.default_history("data")[0].data_id


def test_a_v3_database_of_the_first_store_upgrades_in_place(url):
    old = legacy_store_v3.Store(url)  # the store as it was: schema_version 3
    assert old.version() == 3
    old.save(
        "书记方案",
        "fiscal_revenue=7",
        "2021H1.2",
        note="会前",
        author="计划局",
        data_id="aaaaaaaaaaaa",
    )
    old.save("旧稿", "fai=1", "2021H1.2")
    old.delete("旧稿")
    old.put_data("data", "aaaaaaaaaaaa", "content-a", label="三季度", period="Q3", year=2021)
    old.put_data("hist", "cccccccccccc", "h", label="h.csv", filename="h.csv")
    old.set_default_data("data", "aaaaaaaaaaaa")
    old.engine.dispose()

    s = Store(url)
    assert s.version() == 6
    with s.engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006"
    kept = s.get("书记方案")
    assert (kept.query, kept.note, kept.author, kept.data_id) == (
        "fiscal_revenue=7",
        "会前",
        "计划局",
        "aaaaaaaaaaaa",
    )
    assert kept.created_at.tzinfo is not None and kept.created_at.utcoffset().total_seconds() == 0
    assert s.get("旧稿") is None and s.get("旧稿", include_deleted=True).deleted
    assert [(v.version, v.action, v.actor) for v in s.history("书记方案")] == [
        (1, "migrated", "计划局")
    ]
    assert s.history("旧稿")[0].deleted
    assert s.default_data("data").id == "aaaaaaaaaaaa"  # the default survives
    assert s.get_data("hist", "cccccccccccc").content == "h"
    s.restore("旧稿", actor=ED)  # and everything works on it
    assert [v.action for v in s.history("旧稿")] == ["migrated", "restore"]
    assert Store(url).version() == 6  # opening again changes nothing


def test_timestamps_are_utc_and_tz_aware_on_both(url):
    s = Store(url)
    a = s.save("x", "fai=1", "v", actor=ED)
    for ts in (a.created_at, a.updated_at, s.history("x")[0].at, s.audit_log(actor=ED)[0].at):
        assert ts.tzinfo is not None and ts.utcoffset().total_seconds() == 0
        assert abs((datetime.now(UTC) - ts).total_seconds()) < 120
    assert a.created_at.isoformat().endswith("+00:00")


def _cli(args: list[str], url: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "model", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_the_command_line_manages_users_and_reads_history_and_audit(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    r = _cli(["users", "add", "ed1", "--role", "editor", "--password-stdin"], db, "long enough 1\n")
    assert r.returncode == 0 and r.stdout.strip() == "added local user 'ed1' as editor", r.stderr
    assert _cli(["users", "add", "a@x.org", "--role", "editor", "--oidc"], db).returncode == 0
    bad = _cli(["users", "add", "ed2", "--role", "editor", "--password-stdin"], db, "short\n")
    assert (
        bad.returncode == 2
        and bad.stderr == "error: users: the password needs 10 to 200 characters, got 5\n"
    )
    listed = _cli(["users", "list", "--json"], db)
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["role"], r["kind"]) for r in rows] == [
        ("a@x.org", "editor", "oidc"),
        ("ed1", "editor", "local"),
    ]
    assert "argon2" not in listed.stdout and "long enough" not in listed.stdout
    assert rows[0]["created_by"].startswith("cli:")
    assert _cli(["scenarios", "save", "书记方案", "--scenario", "fai=30"], db).returncode == 0
    assert (
        _cli(["scenarios", "save", "书记方案", "--scenario", "fai=31", "--replace"], db).returncode
        == 0
    )
    hist = json.loads(_cli(["scenarios", "history", "书记方案", "--json"], db).stdout)
    assert [(h["version"], h["action"], h["query"]) for h in hist] == [
        (1, "save", "fai=30"),
        (2, "replace", "fai=31"),
    ]
    assert hist[0]["by"].startswith("cli:") and hist[0]["data_id"]
    assert _cli(["scenarios", "revert", "书记方案", "1"], db).returncode == 0
    assert json.loads(_cli(["scenarios", "list", "--json"], db).stdout)[0]["query"] == "fai=30"
    nope = _cli(["scenarios", "revert", "书记方案", "9"], db)
    assert nope.returncode == 2 and nope.stderr == "error: version: '书记方案' has no version 9\n"
    assert _cli(["users", "remove", "ed1"], db).returncode == 0
    log = json.loads(_cli(["audit", "list", "--json"], db).stdout)
    assert [(x["action"], x["target"]) for x in log] == [
        ("user.remove", "ed1"),
        ("scenario.revert", "书记方案"),
        ("scenario.replace", "书记方案"),
        ("scenario.save", "书记方案"),
        ("user.add", "a@x.org"),
        ("user.add", "ed1"),
    ]
    assert all(x["actor"].startswith("cli:") for x in log)
    # Beijing time with its offset, as the pages and exports show it (issue 27)
    assert all(x["at"].endswith("+08:00") for x in log) and hist[0]["at"].endswith("+08:00")
    stamp = datetime.fromisoformat(log[0]["at"])
    assert abs((stamp - datetime.now(UTC)).total_seconds()) < 3600
    gone = _cli(["users", "remove", "ed1"], db)
    assert gone.returncode == 2 and gone.stderr == "error: users: no account 'ed1'\n"
