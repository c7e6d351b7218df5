"""The audit trail: one row per write (scenario, dataset, default, history file, account) —
who, when, the action, its target and the ids before and after — written in the same
transaction as the write itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from store.engine import StoreBase, now
from store.roles import ADMIN, EDITOR, Actor, require
from store.schema import audit
from store.sessions import check_open


@dataclass(frozen=True)
class AuditRow:
    """One write."""

    id: int
    at: datetime
    actor: str
    role: str
    action: str
    target_kind: str
    target: str
    before: str | None
    after: str | None


def record(
    conn: Connection,
    actor: Actor,
    action: str,
    target_kind: str,
    target: str,
    *,
    before: str | None = None,
    after: str | None = None,
) -> None:
    """Write the audit row of one write (inside the write's own transaction). A signed-in
    actor's role is checked again against its account here (:func:`store.roles.require` with
    the connection), and the sign-in session it came from must still be open
    (:func:`store.sessions.check_open`): refused, the whole write rolls back; the row records
    the role it has now. Account actions need an admin, every other write an editor."""
    needed = ADMIN if action.startswith(("user.", "account.")) else EDITOR
    actor = require(actor, needed, action, conn) if actor.kind else actor
    check_open(conn, actor, action)  # a signed-out or expired sign-in session writes nothing
    conn.execute(
        insert(audit).values(
            at=now(),
            actor=actor.name[:200],
            role=actor.role,
            action=action,
            target_kind=target_kind,
            target=target[:200],
            before=None if before is None else str(before)[:80],
            after=None if after is None else str(after)[:80],
        )
    )


class AuditMixin(StoreBase):
    """Reading the audit trail (editors and admins)."""

    def audit_log(
        self, *, actor: Actor | None = None, limit: int = 500, target: str | None = None
    ) -> list[AuditRow]:
        """The newest ``limit`` audit rows, newest first (of ``target`` only, if given)."""
        require(self._actor(actor), EDITOR, "audit")
        q = select(audit).order_by(audit.c.id.desc()).limit(max(1, int(limit)))
        if target is not None:
            q = q.where(audit.c.target == target)
        with self._tx() as conn:
            return [AuditRow(**dict(r)) for r in conn.execute(q).mappings()]
