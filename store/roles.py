"""Roles: a viewer (anyone with a link) reads; an editor changes scenarios, datasets, the
default and history files; an admin also manages accounts. Every write of the store takes an
:class:`Actor` and checks its role with :func:`require`; an actor that came from a sign-in
(``kind`` local or oidc) is looked up again inside the write's own transaction (the audit
row's :func:`store.audit.record` does it), so a removed or demoted account cannot write from
a tab opened before, and no write is credited to an account that no longer exists."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, column, select, table

#: The columns of the accounts table (store.schema) that a role check reads: a lightweight
#: clause, so that this bottom module imports neither the schema nor the engine.
accounts = table("accounts", column("name"), column("role"), column("kind"))

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES = (VIEWER, EDITOR, ADMIN)
_RANK = {VIEWER: 0, EDITOR: 1, ADMIN: 2}


class AccessDenied(ValueError):
    """A write by someone without the role it needs (one line)."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a name (account, e-mail, ``cli:<OS user>`` or ``anonymous``) and a role."""

    name: str
    role: str = VIEWER
    #: ``local`` or ``oidc`` when the actor came from a sign-in (its account is looked up at
    #: every write); empty for the operator's command line and code that acts by itself.
    kind: str = field(default="", compare=False)
    #: The hash of the server-side session a local sign-in came from (``store.sessions``):
    #: every write checks that session is still open (not signed out, expired or revoked).
    session: str = field(default="", compare=False, repr=False)

    def can(self, role: str) -> bool:
        """Whether this actor has ``role`` or a higher one."""
        return _RANK.get(self.role, -1) >= _RANK[role]


ANONYMOUS = Actor("anonymous", VIEWER)


def require(actor: Actor | None, role: str, what: str, conn: Connection | None = None) -> Actor:
    """``actor`` when it has ``role``; else :class:`AccessDenied` naming what was refused.
    With ``conn`` (inside a write's transaction) a signed-in actor's account is read again
    (locked against a concurrent removal on PostgreSQL) and its role now is the one checked
    and returned: a removed account is refused, a demoted one has its new role."""
    who = actor if isinstance(actor, Actor) else ANONYMOUS
    if not who.can(role):
        raise AccessDenied(
            f"{what}: refused, the {role} role is needed ({who.name} is a {who.role}); sign in"
        )
    if conn is None or who.kind not in ("local", "oidc"):
        return who
    now_role = conn.execute(
        select(accounts.c.role)
        .where(accounts.c.name == who.name, accounts.c.kind == who.kind)
        .with_for_update(read=True)
    ).scalar()
    if now_role is None:
        raise AccessDenied(f"{what}: refused, the account {who.name} no longer exists; sign in")
    fresh = Actor(who.name, now_role, who.kind, who.session)
    if not fresh.can(role):
        raise AccessDenied(
            f"{what}: refused, the {role} role is needed ({who.name} is now a {now_role}); sign in"
        )
    return fresh
