"""Accounts and roles. A viewer (anyone with a link) reads; an editor changes scenarios,
datasets, the default and history files; an admin also manages accounts. Local accounts keep
an argon2 hash (argon2-cffi), with failed sign-ins throttled per account; an OIDC user (an
e-mail address signed in by ``st.login``) has the role an admin gave that address, else is a
viewer. Every write of the store takes an :class:`Actor` and checks its role here."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from model.limits import control_char
from store.audit import record
from store.engine import StoreBase, now
from store.roles import ADMIN, ANONYMOUS, EDITOR, ROLES, VIEWER, Actor, require
from store.schema import ACTOR_MAX, accounts

PASSWORD_MIN = 8
#: Failed sign-ins allowed before an account is locked; each further failure doubles the
#: wait (30 s, 60 s, … at most 15 minutes). Counted per account, not per address (behind
#: the reverse proxy every client has the proxy's address).
FREE_FAILURES = 5
LOCK_BASE_S = 30
LOCK_MAX_S = 900
_HASHER = PasswordHasher()


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
        raise ValueError("users: the name must not be empty")
    if len(clean) > ACTOR_MAX:
        raise ValueError(f"users: the name is at most {ACTOR_MAX} characters")
    if control_char(clean) or " " in clean:
        raise ValueError("users: the name must not contain spaces or control characters")
    if clean.startswith("cli:") or clean == ANONYMOUS.name:
        raise ValueError(f"users: '{clean}' is reserved")
    if oidc and "@" not in clean:
        raise ValueError("users: an OIDC user is named by an e-mail address")
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
        """Add a local account (``password``, at least 8 characters) or an OIDC address with
        ``role``; admins only; ``ValueError`` if the name exists."""
        who = require(self._actor(actor), ADMIN, "users add")
        if role not in ROLES:
            raise ValueError(f"users: role '{role}' is not one of {', '.join(ROLES)}")
        clean = check_account_name(name, oidc=oidc)
        digest = None
        if not oidc:
            if password is None or len(password) < PASSWORD_MIN:
                raise ValueError(f"users: the password needs at least {PASSWORD_MIN} characters")
            digest = _HASHER.hash(password)
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
            raise ValueError(f"users: '{clean}' already exists") from exc
        return next(a for a in self.list_users() if a.name == clean)

    def remove_user(self, name: str, *, actor: Actor | None = None) -> None:
        """Remove an account (admins only); ``ValueError`` if unknown."""
        who = require(self._actor(actor), ADMIN, "users remove")
        clean = name.strip()
        with self._tx() as conn:
            role = conn.execute(
                select(accounts.c.role).where(accounts.c.name.in_([clean, clean.lower()]))
            ).scalar()
            if role is None:
                raise ValueError(f"users: no account '{clean}'")
            conn.execute(delete(accounts).where(accounts.c.name.in_([clean, clean.lower()])))
            record(conn, who, "user.remove", "account", clean, before=role)

    def list_users(self) -> list[Account]:
        """Every account, by name (no hashes)."""
        with self._tx() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.name)).mappings().all()
        return [
            Account(
                name=r["name"],
                role=r["role"],
                kind=r["kind"],
                created_at=r["created_at"],
                created_by=r["created_by"],
                locked_until=r["locked_until"],
            )
            for r in rows
        ]

    def has_editor(self) -> bool:
        """Whether any account can edit (else the app says how to create the first one)."""
        with self._tx() as conn:
            q = select(accounts.c.name).where(accounts.c.role.in_([EDITOR, ADMIN])).limit(1)
            return conn.execute(q).first() is not None

    def sign_in(self, name: str, password: str) -> Actor:
        """The actor of a local account whose password matches; else ``ValueError`` (the
        same words for an unknown name and a wrong password). After 5 failures in a row the
        account waits 30 s, doubling per further failure (at most 15 min)."""
        clean = name.strip()
        wrong = "sign-in: wrong name or password"
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
            if row is None:
                _verify(_dummy(), password)  # the same time as a real check
                raise ValueError(wrong)
            t = now()
            if row["locked_until"] is not None and row["locked_until"] > t:
                wait = int((row["locked_until"] - t).total_seconds()) + 1
                raise ValueError(f"sign-in: too many failed attempts; try again in {wait} s")
            ok = _verify(row["password_hash"], password)
            failures = 0 if ok else row["failures"] + 1
            locked = None
            if failures >= FREE_FAILURES:
                wait_s = min(LOCK_BASE_S * 2 ** (failures - FREE_FAILURES), LOCK_MAX_S)
                locked = t + timedelta(seconds=wait_s)
            values: dict = {"failures": failures, "locked_until": locked}
            if ok and _HASHER.check_needs_rehash(row["password_hash"]):
                values["password_hash"] = _HASHER.hash(password)
            conn.execute(update(accounts).where(accounts.c.name == clean).values(**values))
        if not ok:
            raise ValueError(wrong)
        return Actor(clean, row["role"])

    def oidc_actor(self, email: str) -> Actor:
        """The actor of an OIDC sign-in: the role the admin gave the address, else viewer."""
        clean = email.strip().lower()
        with self._tx() as conn:
            role = conn.execute(
                select(accounts.c.role).where(accounts.c.name == clean, accounts.c.kind == "oidc")
            ).scalar()
        return Actor(clean, role or VIEWER)


def _verify(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False
