"""Server-side sessions of the local (password) sign-in, so that a sign-in survives a reload.

A session is a random id (32 bytes) that the browser keeps in a signed, HttpOnly cookie; the
store keeps only its SHA-256 (``signin_sessions``), the account, when it began and was last
seen, and two ends: ``idle_until`` (moved on while it is in use: ``SESSION_IDLE_HOURS``,
default 8 hours without use) and ``expires_at`` (``SESSION_MAX_DAYS`` after the sign-in,
default 7 days, whatever the use). Signing out revokes it; removing the account revokes
every session of it; the account's role is read again whenever a session is read, and every
write checks that the session it came from is still open (:func:`check_open`, called by
:func:`store.audit.record` inside the write's transaction).

The cookie's value is ``<id>.<HMAC-SHA256 of the id>``; the key is ``SESSION_SECRET`` when set,
else one generated once and kept in the store (``app_secrets``), so every process on the
same database signs alike. Never imports streamlit."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from store.engine import StoreBase, now
from store.roles import AccessDenied, Actor
from store.schema import accounts, app_secrets, signin_sessions

IDLE_ENV = "SESSION_IDLE_HOURS"
MAX_ENV = "SESSION_MAX_DAYS"
SECRET_ENV = "SESSION_SECRET"
DEFAULT_IDLE = timedelta(hours=8)
DEFAULT_MAX = timedelta(days=7)
#: A session's last use is written at most once a minute (reading it is a plain SELECT).
TOUCH = timedelta(seconds=60)
#: Ended sessions are deleted a day after they ended (when the next session is opened).
KEEP_ENDED = timedelta(days=1)
TOKEN_BYTES = 32
_SECRET_NAME = "session_cookie"
_LOG = logging.getLogger("store")


def _setting(env: str, unit: timedelta, default: timedelta) -> timedelta:
    raw = os.environ.get(env, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < 1e6:
        _LOG.warning("%s=%r is not a positive number: %s is used", env, raw, default)
        return default
    return unit * value


def lifetimes() -> tuple[timedelta, timedelta]:
    """(idle, absolute) lifetime of a session: ``SESSION_IDLE_HOURS`` (default 8) and
    ``SESSION_MAX_DAYS`` (default 7); a value that is not a positive number is logged and the
    default used. The idle lifetime is never longer than the absolute one."""
    idle = _setting(IDLE_ENV, timedelta(hours=1), DEFAULT_IDLE)
    most = _setting(MAX_ENV, timedelta(days=1), DEFAULT_MAX)
    return min(idle, most), most


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def id_hash(token: str) -> str:
    """What the store keeps of a session's id: its SHA-256, hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def sign(token: str, key: bytes) -> str:
    """The cookie value of the session id ``token``: ``token.signature``."""
    mac = hmac.new(key, token.encode("ascii"), hashlib.sha256).digest()
    return f"{token}.{_b64(mac)}"


def token_of(cookie: str | None, key: bytes) -> str | None:
    """The session id a cookie value carries when its signature is right; else None (a
    tampered, truncated or foreign value)."""
    if not cookie or len(cookie) > 200 or not cookie.isascii():
        return None
    token, _, _mac = cookie.rpartition(".")
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return token if hmac.compare_digest(sign(token, key), cookie) else None


def _open(row: dict | None, t: datetime, name: str | None = None) -> bool:
    """Whether the session ``row`` is open at ``t`` (of account ``name``, when given)."""
    return (
        row is not None
        and row["revoked_at"] is None
        and row["expires_at"] > t
        and row["idle_until"] > t
        and (name is None or row["account"] == name)
    )


def check_open(conn: Connection, who: Actor, what: str) -> None:
    """Inside a write's transaction: refuse (:class:`AccessDenied`) an actor whose sign-in
    session has been signed out, revoked or has expired. An actor without a session (the
    command line, OIDC, code) passes."""
    if not who.session:
        return
    row = (
        conn.execute(select(signin_sessions).where(signin_sessions.c.id_hash == who.session))
        .mappings()
        .first()
    )
    if not _open(dict(row) if row is not None else None, now(), who.name):
        raise AccessDenied(f"{what}: refused, the sign-in of {who.name} has ended; sign in")


def revoke_all(conn: Connection, name: str) -> int:
    """Revoke every open session of account ``name`` (inside the caller's transaction); how
    many."""
    got = conn.execute(
        update(signin_sessions)
        .where(signin_sessions.c.account == name, signin_sessions.c.revoked_at.is_(None))
        .values(revoked_at=now())
    )
    return int(got.rowcount or 0)


class SessionMixin(StoreBase):
    """Sign-in sessions (the methods of :class:`store.Store` for them)."""

    _session_key: bytes | None = None

    def session_key(self) -> bytes:
        """The key that signs session cookies: ``SESSION_SECRET`` when set (at least 32
        characters are advised), else the one this store generated once and keeps."""
        env = os.environ.get(SECRET_ENV, "")
        if env.strip():
            return env.encode("utf-8")
        if self._session_key is not None:
            return self._session_key
        q = select(app_secrets.c.value).where(app_secrets.c.name == _SECRET_NAME)
        with self._tx() as conn:
            value = conn.execute(q).scalar()
        if value is None:
            try:
                with self._tx() as conn:
                    value = _b64(secrets.token_bytes(32))
                    conn.execute(
                        insert(app_secrets).values(name=_SECRET_NAME, value=value, created_at=now())
                    )
            except IntegrityError:  # another process made it first: use that one
                with self._tx() as conn:
                    value = conn.execute(q).scalar()
        self._session_key = str(value).encode("ascii")
        return self._session_key

    def open_session(self, who: Actor) -> str:
        """A new session for the local account ``who`` has just signed in as (from
        :meth:`sign_in`); the cookie value that carries it. Sessions that ended more than a
        day ago are deleted here."""
        if who.kind != "local":
            raise ValueError("only a local sign-in opens a session")
        idle, most = lifetimes()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        t = now()
        with self._tx() as conn:
            conn.execute(
                delete(signin_sessions).where(
                    or_(
                        signin_sessions.c.idle_until < t - KEEP_ENDED,
                        signin_sessions.c.revoked_at < t - KEEP_ENDED,
                    )
                )
            )
            conn.execute(
                insert(signin_sessions).values(
                    id_hash=id_hash(token),
                    account=who.name,
                    created_at=t,
                    last_seen_at=t,
                    idle_until=t + idle,
                    expires_at=t + most,
                    revoked_at=None,
                )
            )
        return sign(token, self.session_key())

    def session_actor(self, cookie: str | None) -> Actor | None:
        """The actor of the session a cookie value carries — its account's role now — while
        the session is open and the account exists; else None (no cookie, a bad signature,
        unknown, signed out, revoked, idle too long, past its absolute end, account
        removed). Reading it counts as use: the idle end moves on (written at most once a
        minute)."""
        token = token_of(cookie, self.session_key())
        if token is None:
            return None
        h = id_hash(token)
        q = (
            select(signin_sessions, accounts.c.role)
            .join(
                accounts,
                (accounts.c.name == signin_sessions.c.account) & (accounts.c.kind == "local"),
                isouter=True,
            )
            .where(signin_sessions.c.id_hash == h)
        )
        t = now()
        with self._tx() as conn:
            row = conn.execute(q).mappings().first()
            if row is None or not _open(dict(row), t) or row["role"] is None:
                return None
            if t - row["last_seen_at"] >= TOUCH:
                idle, _most = lifetimes()
                conn.execute(
                    update(signin_sessions)
                    .where(signin_sessions.c.id_hash == h)
                    .values(last_seen_at=t, idle_until=min(t + idle, row["expires_at"]))
                )
        return Actor(row["account"], row["role"], "local", h)

    def end_session(self, cookie: str | None) -> bool:
        """Sign out: revoke the session a cookie value carries; whether one was open."""
        token = token_of(cookie, self.session_key())
        if token is None:
            return False
        with self._tx() as conn:
            got = conn.execute(
                update(signin_sessions)
                .where(
                    signin_sessions.c.id_hash == id_hash(token),
                    signin_sessions.c.revoked_at.is_(None),
                )
                .values(revoked_at=now())
            )
        return bool(got.rowcount)
