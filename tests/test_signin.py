"""Sign-in that cannot be turned against its owners, and accounts by exact name (issue 29,
findings 4 and 5) — on SQLite and on a real PostgreSQL (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text, update

import store.accounts as accounts_mod
from model.data import ROOT
from model.messages import Problem
from report.i18n import message
from store import AccessDenied, Actor, Store
from store.schema import accounts, signin_locks
from ui.auth import client_address

ADMIN = Actor("cli:ops", "admin")
PW = "long enough 1"


def _audit(s: Store, action: str | None = None) -> list[tuple]:
    rows = s.audit_log(actor=ADMIN)
    return [
        (r.action, r.target, r.before, r.after, r.actor)
        for r in reversed(rows)
        if action is None or r.action == action
    ]


def _refusal(s: Store, name: str, password: str, address: str) -> Problem:
    with pytest.raises(Problem) as exc:
        s.sign_in(name, password, address)
    return exc.value


def test_one_answer_for_wrong_unknown_and_locked_and_the_lock_is_per_address(
    url,  # noqa: F811
    monkeypatch,
):
    s = Store(url)
    s.add_user("ed1", "editor", actor=ADMIN, password=PW)
    checks: list[str] = []
    real_verify = accounts_mod._verify
    monkeypatch.setattr(
        accounts_mod, "_verify", lambda d, p: checks.append(d[:9]) or real_verify(d, p)
    )
    wrong = _refusal(s, "ed1", "a wrong guess", "203.0.113.9")
    unknown = _refusal(s, "nobody", PW, "203.0.113.9")
    for _ in range(4):  # a stranger at 203.0.113.9 goes on guessing: 5 failures in all
        _refusal(s, "ed1", "a wrong guess", "203.0.113.9")
    locked = _refusal(s, "ed1", PW, "203.0.113.9")  # locked there: even the right password
    assert (
        str(wrong)
        == str(unknown)
        == str(locked)
        == (
            "sign-in: wrong name or password (after 5 failed attempts from one address, "
            "sign-in there waits up to 15 minutes)"
        )
    )
    assert wrong.key == unknown.key == locked.key == "signin_refused"
    # the same work on each path: one argon2 check (a dummy hash for the unknown name)
    assert len(checks) == 7 and set(checks) == {"$argon2id"}
    # the owner, from another address, is not locked out
    assert s.sign_in("ed1", PW, "198.51.100.7") == Actor("ed1", "editor")
    with s.engine.connect() as c:
        rows = c.execute(select(signin_locks.c.address, signin_locks.c.failures)).all()
    assert rows == [("203.0.113.9", 5)]
    assert [a.locked_until is not None for a in s.list_users()] == [True]
    failed = _audit(s, "account.signin_failed")
    assert [(r[1], r[2], r[3]) for r in failed] == [
        ("ed1", "wrong", "203.0.113.9"),
        ("nobody", "unknown", "203.0.113.9"),
        *[("ed1", "wrong", "203.0.113.9")] * 4,
        ("ed1", "locked", "203.0.113.9"),
    ]
    lock = _audit(s, "account.lock")
    assert len(lock) == 1 and lock[0][1:3] == ("ed1", "5")
    assert lock[0][3].startswith("203.0.113.9 ")
    # the lock runs out: the right password from there signs in and clears the count
    with s.engine.begin() as c:
        c.execute(update(signin_locks).values(locked_until=datetime(2000, 1, 1, tzinfo=UTC)))
    assert s.sign_in("ed1", PW, "203.0.113.9").role == "editor"
    with s.engine.connect() as c:
        assert c.execute(select(signin_locks)).all() == []
    # a 50 MB password is refused with the same words, hashing at most 201 characters of it
    seen: list[int] = []
    monkeypatch.setattr(accounts_mod, "_verify", lambda d, p: seen.append(len(p)) or False)
    assert _refusal(s, "ed1", "x" * 50_000_000, "203.0.113.9").key == "signin_refused"
    assert seen == [201]


def test_the_lock_message_is_in_the_ui_language():
    p = accounts_mod.refused()
    assert message("zh", p) == (
        "账号或密码不正确（同一地址连续失败 5 次后，须等待最多 15 分钟再试）。"
    )
    assert message("en", p) == (
        "Wrong name or password (after 5 failed attempts from one address, sign-in there "
        "waits up to 15 minutes)."
    )


def test_unlock_lifts_every_lock_of_exactly_that_account(url):  # noqa: F811
    s = Store(url)
    s.add_user("ed1", "editor", actor=ADMIN, password=PW)
    for addr in ("203.0.113.1", "203.0.113.2"):
        for _ in range(5):
            _refusal(s, "ed1", "a wrong guess", addr)
    _refusal(s, "ed1", "a wrong guess", "203.0.113.3")  # a count, not a lock
    assert s.unlock_user("ed1", actor=ADMIN) == 2
    assert s.sign_in("ed1", PW, "203.0.113.1").name == "ed1"
    with s.engine.connect() as c:
        assert c.execute(select(signin_locks)).all() == []
    assert _audit(s, "account.unlock") == [("account.unlock", "ed1", "2", None, "cli:ops")]
    with pytest.raises(Problem) as exc:
        s.unlock_user("ED1", actor=ADMIN)  # names are exact
    assert str(exc.value) == "users: no account 'ED1'"
    with pytest.raises(AccessDenied):
        s.unlock_user("ed1", actor=Actor("ed1", "editor"))
    assert len(_audit(s, "account.unlock")) == 1


@pytest.mark.parametrize(
    ("password", "key", "en"),
    [
        ("123456789", "password_length", "users: the password needs 10 to 200 characters, got 9"),
        ("x" * 201, "password_length", "users: the password needs 10 to 200 characters, got 201"),
        (" " * 10, "password_blank", "users: the password must not be only spaces"),
        ("\t \u3000" * 4, "password_blank", "users: the password must not be only spaces"),
    ],
)
def test_passwords_have_10_to_200_characters_not_only_spaces(tmp_path, password, key, en):
    s = Store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with pytest.raises(Problem) as exc:
        s.add_user("ed2", "editor", actor=ADMIN, password=password)
    assert (exc.value.key, str(exc.value)) == (key, en)
    assert message("zh", exc.value).startswith("密码")
    assert s.list_users() == []
    s.add_user("ed2", "editor", actor=ADMIN, password="0123456789")
    s.add_user("ed3", "editor", actor=ADMIN, password="y" * 200)
    assert s.sign_in("ed3", "y" * 200).role == "editor"


def test_accounts_are_found_by_exact_name(url):  # noqa: F811
    s = Store(url)
    s.add_user("Li.Wei", "editor", actor=ADMIN, password=PW)
    s.add_user("li.wei", "admin", actor=ADMIN, password="another one 2")
    s.add_user("Boss@Example.org", "editor", actor=ADMIN, oidc=True)
    assert sorted((a.name, a.role, a.kind) for a in s.list_users()) == [
        ("Li.Wei", "editor", "local"),
        ("boss@example.org", "editor", "oidc"),  # OIDC addresses are lower-cased
        ("li.wei", "admin", "local"),
    ]
    assert s.sign_in("Li.Wei", PW) == Actor("Li.Wei", "editor")
    assert s.sign_in("li.wei", "another one 2") == Actor("li.wei", "admin")
    assert _refusal(s, "LI.WEI", PW, "unknown").key == "signin_refused"
    s.remove_user("Li.Wei", actor=ADMIN)
    assert sorted(a.name for a in s.list_users()) == ["boss@example.org", "li.wei"]
    with pytest.raises(Problem, match="^users: no account 'LI.WEI'$"):
        s.remove_user("LI.WEI", actor=ADMIN)
    s.remove_user("BOSS@example.ORG", actor=ADMIN)  # an address in any case: the OIDC account
    assert [a.name for a in s.list_users()] == ["li.wei"]
    assert s.sign_in("li.wei", "another one 2").role == "admin"  # the other one is intact
    removed = _audit(s, "user.remove")
    assert removed == [
        ("user.remove", "Li.Wei", "editor", None, "cli:ops"),
        ("user.remove", "boss@example.org", "editor", None, "cli:ops"),
    ]


def test_the_role_is_checked_again_at_every_write(url):  # noqa: F811
    s = Store(url)
    s.add_user("ed1", "editor", actor=ADMIN, password=PW)
    s.add_user("ad1", "admin", actor=ADMIN, password=PW)
    s.add_user("boss@example.org", "editor", actor=ADMIN, oidc=True)
    ed = s.sign_in("ed1", PW)  # an open tab holds these
    ad = s.sign_in("ad1", PW)
    boss = s.oidc_actor("boss@example.org")
    s.save("方案一", "fai=1", "v", actor=ed)
    s.save("方案二", "fai=2", "v", actor=boss)
    s.add_user("ed9", "viewer", actor=ad, password=PW)
    # the admin is demoted to editor: account writes are refused, editor writes recorded as
    # the role it has now
    with s.engine.begin() as c:
        c.execute(update(accounts).where(accounts.c.name == "ad1").values(role="editor"))
    with pytest.raises(AccessDenied, match="ad1 is now a editor"):
        s.add_user("ed8", "viewer", actor=ad, password=PW)
    s.save("方案三", "fai=3", "v", actor=ad)
    assert _audit(s)[-1][:2] == ("scenario.save", "方案三")
    assert s.audit_log(actor=ADMIN)[0].role == "editor"
    # removed accounts cannot write from the tab they opened before
    s.remove_user("ed1", actor=ADMIN)
    s.remove_user("boss@example.org", actor=ADMIN)
    count = len(_audit(s))
    for who in (ed, boss):
        with pytest.raises(AccessDenied, match="no longer exists"):
            s.save("方案四", "fai=4", "v", actor=who)
        with pytest.raises(AccessDenied, match="no longer exists"):
            s.delete("方案一", actor=who)
    assert s.get("方案四") is None and s.get("方案一") is not None
    assert len(_audit(s)) == count  # nothing credited to an account that is gone
    assert {r[4] for r in _audit(s)} <= {"cli:ops", "ed1", "ad1", "boss@example.org"}
    with s.engine.connect() as c:
        tried = c.execute(text("SELECT COUNT(*) FROM scenario_versions WHERE name = '方案四'"))
        assert tried.scalar() == 0


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        (None, {"X-Real-IP": "203.0.113.9"}, "203.0.113.9"),  # the proxy on this host
        ("127.0.0.1", {"X-Real-IP": "2001:db8::1"}, "2001:db8::1"),
        ("::ffff:127.0.0.1", {"X-Real-IP": "203.0.113.9"}, "203.0.113.9"),
        ("198.51.100.7", {"X-Real-IP": "203.0.113.9"}, "198.51.100.7"),  # forged: ignored
        (None, {"X-Real-IP": "not an address"}, "127.0.0.1"),
        (None, {}, "127.0.0.1"),
        ("198.51.100.7", {}, "198.51.100.7"),
    ],
)
def test_the_client_address_trusts_x_real_ip_only_from_loopback(peer, headers, expected):
    assert client_address(peer, headers) == expected


def _cli(args: list[str], db: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db},
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_the_command_line_unlocks_and_removes_by_exact_name(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    for name in ("Li.Wei", "li.wei"):
        add = _cli(["users", "add", name, "--role", "editor", "--password-stdin"], db, PW + "\n")
        assert add.returncode == 0, add.stderr
    s = Store(db)
    for _ in range(5):
        _refusal(s, "li.wei", "a wrong guess", "203.0.113.9")
    ok = _cli(["users", "unlock", "li.wei"], db)
    assert (ok.returncode, ok.stdout) == (0, "unlocked user 'li.wei' (1 locked client address)\n")
    bad = _cli(["users", "unlock", "nobody"], db)
    assert (bad.returncode, bad.stdout, bad.stderr) == (
        2,
        "",
        "error: users: no account 'nobody'\n",
    )
    gone = _cli(["users", "remove", "Li.Wei"], db)
    assert gone.returncode == 0 and gone.stdout == "removed user 'Li.Wei'\n"
    names = [r["name"] for r in json.loads(_cli(["users", "list", "--json"], db).stdout)]
    assert names == ["li.wei"]
    log = json.loads(_cli(["audit", "list", "--json"], db).stdout)
    assert [(r["action"], r["target"]) for r in log if r["actor"].startswith("cli:")] == [
        ("user.remove", "Li.Wei"),
        ("account.unlock", "li.wei"),
        ("user.add", "li.wei"),
        ("user.add", "Li.Wei"),
    ]


def test_an_open_tab_of_a_removed_account_can_no_longer_write(make_app, tmp_path, monkeypatch):
    from tests.conftest import EDITOR_NAME, editor_account

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'tab.sqlite3'}")
    editor_account()
    at = make_app("fai=20", editor=True)
    assert at.session_state["auth_actor"].kind == "local"
    Store().remove_user(EDITOR_NAME, actor=ADMIN)  # the admin removes it meanwhile
    at.session_state["store_panel_open"] = True
    at.run()
    at.text_input(key="store_name").set_value("迟到的方案")
    at.button(key="store_save").click().run()
    assert not at.exception
    assert any(f"the account {EDITOR_NAME} no longer exists" in e.value for e in at.error)
    assert Store().get("迟到的方案") is None
    assert [r.action for r in Store().audit_log(actor=ADMIN)] == ["user.remove", "user.add"]


def test_a_lock_set_while_the_password_is_checked_refuses_the_right_password(
    url,  # noqa: F811
    monkeypatch,
):
    s = Store(url)
    s.add_user("ed1", "editor", actor=ADMIN, password=PW)
    real_verify = accounts_mod._verify

    def meanwhile(digest: str, password: str) -> bool:
        # no row is locked while the hash is checked: another session can lock this address
        with s.engine.begin() as c:
            c.execute(
                signin_locks.insert().values(
                    name="ed1",
                    address="203.0.113.9",
                    failures=5,
                    locked_until=datetime(2999, 1, 1, tzinfo=UTC),
                    last_at=datetime(2026, 1, 1, tzinfo=UTC),
                )
            )
        return real_verify(digest, password)

    monkeypatch.setattr(accounts_mod, "_verify", meanwhile)
    assert _refusal(s, "ed1", PW, "203.0.113.9").key == "signin_refused"
    assert _audit(s, "account.signin_failed")[-1][1:4] == ("ed1", "locked", "203.0.113.9")
    monkeypatch.setattr(accounts_mod, "_verify", real_verify)
    assert s.sign_in("ed1", PW, "198.51.100.7").name == "ed1"  # another address: fine
