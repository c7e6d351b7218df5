"""Server-side sessions of the local sign-in (issue 27, a sign-in that survives the meeting):
expiry when idle and at the absolute end, sign-out and account removal revoking at once, a
demotion taking effect at once, a tampered cookie refused — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

import store.sessions as sessions_mod
from store import AccessDenied, Actor, Store
from store.schema import accounts, signin_sessions

ADMIN = Actor("cli:ops", "admin")
PW = "long enough 1"
T0 = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


class Clock:
    """The store's clock for the sessions module, moved by hand."""

    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> datetime:
        return self.t

    def at(self, **delta: float) -> Clock:
        self.t = T0 + timedelta(**delta)
        return self


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(sessions_mod, "now", c)
    monkeypatch.delenv(sessions_mod.IDLE_ENV, raising=False)
    monkeypatch.delenv(sessions_mod.MAX_ENV, raising=False)
    monkeypatch.delenv(sessions_mod.SECRET_ENV, raising=False)
    return c


def _signed_in(url: str, name: str = "ed1", role: str = "editor") -> tuple[Store, str]:
    s = Store(url)
    s.add_user(name, role, actor=ADMIN, password=PW)
    return s, s.open_session(s.sign_in(name, PW))


def _row(s: Store) -> dict:
    with s.engine.begin() as c:
        return dict(c.execute(select(signin_sessions)).mappings().one())


def test_a_session_keeps_only_the_hash_of_its_id_and_reads_back_the_account(url, clock):
    s, cookie = _signed_in(url)
    token, _, mac = cookie.rpartition(".")
    assert len(token) == 43 and len(mac) == 43  # 32 random bytes, HMAC-SHA256
    row = _row(s)
    assert row["id_hash"] == sessions_mod.id_hash(token) != token
    assert token not in repr(row)  # the id itself is nowhere in the store
    assert row["account"] == "ed1"
    assert row["created_at"] == row["last_seen_at"] == T0
    assert row["idle_until"] == T0 + timedelta(hours=8)
    assert row["expires_at"] == T0 + timedelta(days=7)
    assert row["revoked_at"] is None
    who = s.session_actor(cookie)
    assert who == Actor("ed1", "editor") and who.kind == "local"
    assert who.session == row["id_hash"]
    # a session is only opened for a local sign-in
    with pytest.raises(ValueError):
        s.open_session(Actor("boss@example.org", "editor", "oidc"))


def test_a_session_ends_after_8_hours_idle_and_use_moves_that_end_on(url, clock):
    s, cookie = _signed_in(url)
    assert s.session_actor(cookie) is not None
    clock.at(hours=7, minutes=59)
    assert s.session_actor(cookie).name == "ed1"  # used: the idle end moves to 15:59 h
    assert _row(s)["idle_until"] == T0 + timedelta(hours=15, minutes=59)
    clock.at(hours=15, minutes=58)
    assert s.session_actor(cookie) is not None
    clock.at(hours=23, minutes=58, seconds=1)  # 8 h after the last use, and a second
    assert s.session_actor(cookie) is None
    # an unused one ends 8 hours after its sign-in
    s2, other = _signed_in(url, "ed2")
    clock.at(hours=31, minutes=58, seconds=1)
    assert s2.session_actor(other) is None


def test_use_is_written_at_most_once_a_minute(url, clock):
    s, cookie = _signed_in(url)
    clock.at(seconds=59)
    assert s.session_actor(cookie) is not None
    assert _row(s)["last_seen_at"] == T0  # not written yet
    clock.at(seconds=60)
    assert s.session_actor(cookie) is not None
    assert _row(s)["last_seen_at"] == T0 + timedelta(seconds=60)


def test_a_session_in_use_ends_7_days_after_the_sign_in(url, clock):
    s, cookie = _signed_in(url)
    for hours in range(6, 168, 6):  # used every 6 hours for a week
        clock.at(hours=hours)
        assert s.session_actor(cookie) is not None, hours
    clock.at(days=6, hours=23, minutes=59)
    assert s.session_actor(cookie) is not None
    assert _row(s)["idle_until"] == T0 + timedelta(days=7)  # never past the absolute end
    clock.at(days=7, seconds=1)
    assert s.session_actor(cookie) is None


def test_lifetimes_come_from_the_environment(url, clock, monkeypatch, caplog):
    monkeypatch.setenv(sessions_mod.IDLE_ENV, "0.5")
    monkeypatch.setenv(sessions_mod.MAX_ENV, "2")
    assert sessions_mod.lifetimes() == (timedelta(minutes=30), timedelta(days=2))
    s, cookie = _signed_in(url)
    assert _row(s)["idle_until"] == T0 + timedelta(minutes=30)
    assert _row(s)["expires_at"] == T0 + timedelta(days=2)
    clock.at(minutes=30, seconds=1)
    assert s.session_actor(cookie) is None
    monkeypatch.setenv(sessions_mod.IDLE_ENV, "eight")
    monkeypatch.setenv(sessions_mod.MAX_ENV, "-1")
    assert sessions_mod.lifetimes() == (timedelta(hours=8), timedelta(days=7))
    assert "SESSION_IDLE_HOURS='eight' is not a positive number" in caplog.text
    monkeypatch.setenv(sessions_mod.IDLE_ENV, "400")  # longer than the absolute end: capped
    monkeypatch.delenv(sessions_mod.MAX_ENV)
    assert sessions_mod.lifetimes() == (timedelta(days=7), timedelta(days=7))


def test_signing_out_revokes_at_once_also_for_a_tab_still_open(url, clock):
    s, cookie = _signed_in(url)
    tab = s.session_actor(cookie)  # an open tab holds this actor
    s.save("方案一", "fai=1", "v", actor=tab)
    clock.at(minutes=5)
    assert s.end_session(cookie) is True
    assert _row(s)["revoked_at"] == T0 + timedelta(minutes=5)
    assert s.session_actor(cookie) is None
    assert s.end_session(cookie) is False  # already signed out
    with pytest.raises(AccessDenied, match="the sign-in of ed1 has ended"):
        s.save("方案二", "fai=2", "v", actor=tab)
    assert s.get("方案二") is None
    # the same account signed in anew (another session) writes
    fresh = s.session_actor(s.open_session(s.sign_in("ed1", PW)))
    assert s.save("方案二", "fai=2", "v", actor=fresh).name == "方案二"
    # an expired session's tab is refused too
    clock.at(hours=9)
    with pytest.raises(AccessDenied, match="has ended"):
        s.save("方案三", "fai=3", "v", actor=fresh)


def test_a_tampered_or_foreign_cookie_reads_as_no_one(url, clock, monkeypatch):
    s, cookie = _signed_in(url)
    token, _, mac = cookie.rpartition(".")
    flip = {"A": "B"}.get(token[0], "A")
    for bad in (
        f"{flip}{token[1:]}.{mac}",  # another id, the old signature
        f"{token}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}",  # a changed signature
        token,  # no signature
        f"{token}.",
        f".{mac}",
        "",
        None,
        "x" * 5000,
        f"{token}\u00e9.{mac}",
    ):
        assert s.session_actor(bad) is None, bad
        assert s.end_session(bad) is False
    # a well-signed id that was never stored
    assert s.session_actor(sessions_mod.sign("A" * 43, s.session_key())) is None
    # a cookie signed with another key (SESSION_SECRET set since) is refused
    monkeypatch.setenv(sessions_mod.SECRET_ENV, "another key of at least 32 characters!")
    assert s.session_actor(cookie) is None
    monkeypatch.delenv(sessions_mod.SECRET_ENV)
    assert s.session_actor(cookie).name == "ed1"  # the store's own key again


def test_the_generated_key_is_made_once_and_kept_in_the_store(url, clock, monkeypatch):
    s, cookie = _signed_in(url)
    again = Store(url)  # another process on the same database
    assert again.session_key() == s.session_key()
    assert len(s.session_key()) == 43
    assert again.session_actor(cookie).name == "ed1"
    with s.engine.begin() as c:
        assert c.execute(text("SELECT COUNT(*) FROM app_secrets")).scalar() == 1
    monkeypatch.setenv(sessions_mod.SECRET_ENV, "k" * 40)
    assert Store(url).session_key() == b"k" * 40


def test_removing_the_account_revokes_its_sessions_and_a_new_account_of_that_name_gets_none(
    url, clock
):
    s, cookie = _signed_in(url)
    _, other = _signed_in(url, "ed2")
    tab = s.session_actor(cookie)
    s.remove_user("ed1", actor=ADMIN)
    assert s.session_actor(cookie) is None
    assert _row_of(s, "ed1")["revoked_at"] == T0
    assert s.session_actor(other).name == "ed2"  # another account's session is untouched
    s.add_user("ed1", "editor", actor=ADMIN, password="another one 22")
    assert s.session_actor(cookie) is None  # the old sign-in does not come back
    with pytest.raises(AccessDenied):
        s.save("方案一", "fai=1", "v", actor=tab)


def test_a_demotion_takes_effect_at_once(url, clock):
    s, cookie = _signed_in(url)
    tab = s.session_actor(cookie)
    with s.engine.begin() as c:
        c.execute(update(accounts).where(accounts.c.name == "ed1").values(role="viewer"))
    assert s.session_actor(cookie) == Actor("ed1", "viewer")  # read with the role it has now
    with pytest.raises(AccessDenied, match="ed1 is now a viewer"):
        s.save("方案一", "fai=1", "v", actor=tab)


def test_ended_sessions_are_deleted_a_day_later(url, clock):
    s, cookie = _signed_in(url)
    s.end_session(cookie)
    clock.at(days=1, seconds=1)
    s.open_session(s.sign_in("ed1", PW))
    with s.engine.begin() as c:
        assert c.execute(text("SELECT COUNT(*) FROM signin_sessions")).scalar() == 1


def _row_of(s: Store, name: str) -> dict:
    with s.engine.begin() as c:
        q = select(signin_sessions).where(signin_sessions.c.account == name)
        return dict(c.execute(q).mappings().one())
