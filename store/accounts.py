"""Accounts and roles. A viewer (anyone with a link) reads; an editor changes scenarios,
datasets, the default and history files; an admin also manages accounts. Local accounts keep
an argon2 hash (argon2-cffi), with failed sign-ins throttled per account AND client address
(a stranger's failures lock only the stranger's address out); an OIDC user (an e-mail address
signed in by ``st.login``) has the role an admin gave that address, else is a viewer. Local
names are exact (case-sensitive) for every lookup; only OIDC addresses are lower-cased. Every
write of the store takes an :class:`Actor` and checks its role here."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from model.limits import control_char
from model.messages import Problem
from store.audit import record
from store.engine import StoreBase, now
from store.roles import ADMIN, ANONYMOUS, EDITOR, ROLES, VIEWER, Actor, require
from store.schema import ACTOR_MAX, ADDRESS_MAX, accounts, signin_locks
from store.sessions import revoke_all

PASSWORD_MIN = 10
PASSWORD_MAX = 200
#: Failed sign-ins of one account from one client address allowed before that address is
#: locked out of that account; each further failure doubles the wait (30 s, 60 s, … at most
#: 15 minutes). The owner signing in from another address is not affected.
FREE_FAILURES = 5
LOCK_BASE_S = 30
LOCK_MAX_S = 900
_HASHER = PasswordHasher()


def refused() -> Problem:
    """The one answer to a failed sign-in: wrong password, unknown name or a locked address
    all get these words (nothing tells which names exist)."""
    return Problem("signin_refused", free=FREE_FAILURES, minutes=LOCK_MAX_S // 60)


def check_password(password: str | None) -> str:
    """``password`` when it has 10–200 characters and is not only whitespace; else a
    :class:`Problem` (``password_length`` / ``password_blank``)."""
    got = password or ""
    if not PASSWORD_MIN <= len(got) <= PASSWORD_MAX:
        raise Problem("password_length", low=PASSWORD_MIN, high=PASSWORD_MAX, length=len(got))
    if not got.strip():
        raise Problem("password_blank")
    return got


@functools.cache
def _dummy() -> str:
    """A hash to verify against for an unknown name (the same time as a real check)."""
    return _HASHER.hash("not a password of anyone")


@dataclass(frozen=True)
class Account:
    """One account (never its hash)."""

    name: str
    role: str
    kind: str  # local | oidc
    created_at: datetime
    created_by: str | None
    locked_until: datetime | None


def check_account_name(name: str, *, oidc: bool) -> str:
    """The account name stripped (an OIDC address lower-cased), or ``ValueError``."""
    clean = name.strip()
    if oidc:
        clean = clean.lower()
    if not clean:
        raise Problem("users_name_empty")
    if len(clean) > ACTOR_MAX:
        raise Problem("users_name_long", limit=ACTOR_MAX)
    if control_char(clean) or " " in clean:
        raise Problem("users_name_chars")
    if clean.startswith("cli:") or clean == ANONYMOUS.name:
        raise Problem("users_name_reserved", account=clean)
    if oidc and "@" not in clean:
        raise Problem("users_oidc_email")
    return clean


class AccountMixin(StoreBase):
    """Accounts (the methods of :class:`store.Store` for them)."""

    def add_user(
        self,
        name: str,
        role: str,
        *,
        actor: Actor | None = None,
        password: str | None = None,
        oidc: bool = False,
    ) -> Account:
        """Add a local account (``password``: 10–200 characters, not only whitespace) or an
        OIDC address with ``role``; admins only; ``ValueError`` if the name exists (exactly:
        ``Li.Wei`` and ``li.wei`` are two local accounts)."""
        who = require(self._actor(actor), ADMIN, "users add")
        if role not in ROLES:
            raise Problem("users_role", role=role, roles=", ".join(ROLES))
        clean = check_account_name(name, oidc=oidc)
        digest = None
        if not oidc:
            digest = _HASHER.hash(check_password(password))
        try:
            with self._tx() as conn:
                conn.execute(
                    insert(accounts).values(
                        name=clean,
                        role=role,
                        kind="oidc" if oidc else "local",
                        password_hash=digest,
                        failures=0,
                        created_at=now(),
                        created_by=who.name,
                    )
                )
                record(conn, who, "user.add", "account", clean, after=role)
        except IntegrityError as exc:
            raise Problem("users_exists", account=clean) from exc
        return next(a for a in self.list_users() if a.name == clean)

    def remove_user(self, name: str, *, actor: Actor | None = None) -> None:
        """Remove exactly one account (admins only): the local account of exactly this name,
        else the OIDC address it names in any case; ``Problem`` if there is none. One audit
        row."""
        who = require(self._actor(actor), ADMIN, "users remove")
        with self._tx() as conn:
            row = _find(conn, name)
            if row is None:
                raise Problem("user_unknown", name=name.strip())
            conn.execute(delete(accounts).where(accounts.c.name == row["name"]))
            conn.execute(delete(signin_locks).where(signin_locks.c.name == row["name"]))
            revoke_all(conn, row["name"])  # its open sign-ins end at once
            record(conn, who, "user.remove", "account", row["name"], before=row["role"])

    def unlock_user(self, name: str, *, actor: Actor | None = None) -> int:
        """Lift every sign-in lock and failure count of exactly this account (admins only);
        the number of client addresses that were locked out. ``Problem`` for an unknown
        name. One audit row (``account.unlock``)."""
        who = require(self._actor(actor), ADMIN, "users unlock")
        with self._tx() as conn:
            row = _find(conn, name)
            if row is None:
                raise Problem("user_unknown", name=name.strip())
            t = now()
            locked = conn.execute(
                select(func.count())
                .select_from(signin_locks)
                .where(signin_locks.c.name == row["name"], signin_locks.c.locked_until > t)
            ).scalar_one()
            conn.execute(delete(signin_locks).where(signin_locks.c.name == row["name"]))
            conn.execute(
                update(accounts)
                .where(accounts.c.name == row["name"])
                .values(failures=0, locked_until=None)
            )
            record(conn, who, "account.unlock", "account", row["name"], before=str(locked))
        return int(locked)

    def list_users(self) -> list[Account]:
        """Every account, by name (no hashes)."""
        with self._tx() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.name)).mappings().all()
            t = now()
            until = dict(
                conn.execute(
                    select(signin_locks.c.name, func.max(signin_locks.c.locked_until))
                    .where(signin_locks.c.locked_until > t)
                    .group_by(signin_locks.c.name)
                ).all()
            )
        return [
            Account(
                name=r["name"],
                role=r["role"],
                kind=r["kind"],
                created_at=r["created_at"],
                created_by=r["created_by"],
                locked_until=until.get(r["name"]),
            )
            for r in rows
        ]

    def has_editor(self) -> bool:
        """Whether any account can edit (else the app says how to create the first one)."""
        with self._tx() as conn:
            q = select(accounts.c.name).where(accounts.c.role.in_([EDITOR, ADMIN])).limit(1)
            return conn.execute(q).first() is not None

    def sign_in(self, name: str, password: str, address: str = "unknown") -> Actor:
        """The actor of the local account of exactly ``name`` whose password matches; else
        :func:`refused` — the same words, and one password check's time, for a wrong
        password, an unknown name and a locked address. After 5 failures in a row from one
        client ``address`` that address waits 30 s, doubling per further failure (at most
        15 min); other addresses (the owner's) are not affected. Every failure leaves an
        ``account.signin_failed`` audit row, every new lock an ``account.lock`` row.

        The password is checked outside any transaction (no row stays locked for the
        hash's time, so guessing cannot hold up the owner's writes); the counters are then
        updated with the rows locked, and a lock set meanwhile refuses even a right
        password."""
        clean = name.strip()
        addr = (address or "unknown").strip()[:ADDRESS_MAX] or "unknown"
        # a password longer than any stored one is wrong; hash no more than that of it
        password = (password or "")[: PASSWORD_MAX + 1]
        with self._tx() as conn:
            digest = conn.execute(
                select(accounts.c.password_hash).where(
                    accounts.c.name == clean, accounts.c.kind == "local"
                )
            ).scalar()
        # the same work on every path: one argon2 check (a dummy hash for unknown names)
        ok = _verify(digest if digest is not None else _dummy(), password)
        with self._tx() as conn:
            row = (
                conn.execute(
                    select(accounts)
                    .where(accounts.c.name == clean, accounts.c.kind == "local")
                    .with_for_update()
                )
                .mappings()
                .first()
            )
            lock = None
            if row is not None:
                lock = (
                    conn.execute(
                        select(signin_locks)
                        .where(signin_locks.c.name == clean, signin_locks.c.address == addr)
                        .with_for_update()
                    )
                    .mappings()
                    .first()
                )
            t = now()
            locked = lock is not None and lock["locked_until"] is not None
            locked = locked and lock is not None and lock["locked_until"] > t
            # the hash checked must still be the account's (not changed or removed meanwhile)
            ok = ok and row is not None and row["password_hash"] == digest and not locked
            if ok:
                assert row is not None
                if lock is not None:
                    conn.execute(
                        delete(signin_locks).where(
                            signin_locks.c.name == clean, signin_locks.c.address == addr
                        )
                    )
                if _HASHER.check_needs_rehash(row["password_hash"]):
                    conn.execute(
                        update(accounts)
                        .where(accounts.c.name == clean)
                        .values(password_hash=_HASHER.hash(password))
                    )
                return Actor(clean, row["role"], "local")
            why = "unknown" if row is None else "locked" if locked else "wrong"
            if why == "wrong":
                failures = (lock["failures"] if lock is not None else 0) + 1
                until = None
                if failures >= FREE_FAILURES:
                    wait_s = min(LOCK_BASE_S * 2 ** (failures - FREE_FAILURES), LOCK_MAX_S)
                    until = t + timedelta(seconds=wait_s)
                values = {"failures": failures, "locked_until": until, "last_at": t}
                if lock is None:
                    conn.execute(insert(signin_locks).values(name=clean, address=addr, **values))
                else:
                    conn.execute(
                        update(signin_locks)
                        .where(signin_locks.c.name == clean, signin_locks.c.address == addr)
                        .values(**values)
                    )
                if until is not None:
                    record(
                        conn,
                        ANONYMOUS,
                        "account.lock",
                        "account",
                        clean,
                        before=str(failures),
                        after=f"{addr} {until:%H:%M:%S}",
                    )
            record(
                conn, ANONYMOUS, "account.signin_failed", "account", clean, before=why, after=addr
            )
        raise refused()

    def oidc_actor(self, email: str) -> Actor:
        """The actor of an OIDC sign-in: the role the admin gave the address, else viewer."""
        clean = email.strip().lower()
        with self._tx() as conn:
            role = conn.execute(
                select(accounts.c.role).where(accounts.c.name == clean, accounts.c.kind == "oidc")
            ).scalar()
        return Actor(clean, role or VIEWER, "oidc")


def _find(conn: Connection, name: str) -> dict | None:
    """The account a command names: the one of exactly ``name``; else, for an e-mail
    address, the OIDC account of its lower-cased form (OIDC addresses are stored so)."""
    clean = name.strip()
    q = select(accounts.c.name, accounts.c.role, accounts.c.kind)
    row = conn.execute(q.where(accounts.c.name == clean)).mappings().first()
    if row is None and "@" in clean:
        low = clean.lower()
        row = (
            conn.execute(q.where(accounts.c.name == low, accounts.c.kind == "oidc"))
            .mappings()
            .first()
        )
    return dict(row) if row is not None else None


def _verify(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False
