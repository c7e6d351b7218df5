"""Saved scenarios: a unique name, the scenario's query string, the data vintage and data id
it was saved against, a note and author. Every write (save, replace, rename, delete,
restore, revert) needs an editor, keeps the new state as a numbered version beside all the
earlier ones (nothing is lost: saving onto a deleted scenario's name makes a new version of
it, the deleted state stays one to bring back) and leaves an audit row."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, RowMapping, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from model.limits import control_char, normal_name
from model.messages import Problem
from store.audit import record
from store.engine import StoreBase, inserted_id, now
from store.roles import EDITOR, Actor, require
from store.schema import NAME_MAX, NOTE_MAX, scenario_versions, scenarios


@dataclass(frozen=True)
class Saved:
    """One saved scenario."""

    name: str
    query: str
    vintage: str
    note: str | None
    author: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    data_id: str | None = None  # the data the scenario was saved against (None before v3)

    @property
    def deleted(self) -> bool:
        """Whether the scenario is (soft-)deleted."""
        return self.deleted_at is not None


@dataclass(frozen=True)
class Version:
    """One state of a saved scenario: what it was, who made it so, when, by which action."""

    version: int
    name: str
    query: str
    vintage: str
    note: str | None
    data_id: str | None
    deleted: bool
    action: str
    actor: str | None
    at: datetime


def check_name(name: str) -> str:
    """``name`` stripped in Unicode NFKC form, or ``ValueError``: 1–60 characters, no control
    or invisible format characters (two names that look the same are the same name), no ``=``
    or ``&`` (a name can stand in a link as ``s=NAME``)."""
    clean = normal_name(name)
    if not clean:
        raise Problem("name_empty")
    if len(clean) > NAME_MAX:
        raise Problem("name_long", limit=NAME_MAX, length=len(clean))
    if control_char(clean):
        raise Problem("name_control")
    if "=" in clean or "&" in clean:
        raise Problem("name_chars")
    return clean


def check_text(value: str | None, what: str, limit: int) -> str | None:
    """``value`` stripped (None when empty), or ``ValueError`` (too long, control chars)."""
    if value is None or not value.strip():
        return None
    if len(value) > limit:
        raise Problem("text_long", what=what, limit=limit, length=len(value))
    if control_char(value, multiline=True):  # the one rule: bidi controls too
        raise Problem("text_control", what=what)
    return value.strip()


def _saved(row: RowMapping) -> Saved:
    return Saved(
        name=row["name"],
        query=row["query"],
        vintage=row["vintage"],
        note=row["note"],
        author=row.get("author"),
        data_id=row.get("data_id"),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
    )


def _snapshot(conn: Connection, sid: int, action: str, actor: Actor) -> tuple[int, int]:
    """Keep the scenario's state as its next version; (previous version, new version)."""
    row = conn.execute(select(scenarios).where(scenarios.c.id == sid)).mappings().one()
    last = (
        conn.execute(
            select(func.max(scenario_versions.c.version)).where(
                scenario_versions.c.scenario_id == sid
            )
        ).scalar()
        or 0
    )
    conn.execute(
        insert(scenario_versions).values(
            scenario_id=sid,
            version=last + 1,
            name=row["name"],
            query=row["query"],
            vintage=row["vintage"],
            note=row["note"],
            data_id=row["data_id"],
            deleted=int(row["deleted_at"] is not None),
            action=action,
            actor=actor.name[:200],
            at=now(),
        )
    )
    return last, last + 1


def _write(conn: Connection, sid: int, action: str, actor: Actor, name: str) -> None:
    before, after = _snapshot(conn, sid, action, actor)
    record(
        conn,
        actor,
        f"scenario.{action}",
        "scenario",
        name,
        before=f"v{before}" if before else None,
        after=f"v{after}",
    )


class ScenarioMixin(StoreBase):
    """Saved scenarios (the methods of :class:`store.Store` for them)."""

    def _locked(self, conn: Connection, name: str) -> Row[Any, Any] | None:  # (id, deleted_at)
        return conn.execute(
            select(scenarios.c.id, scenarios.c.deleted_at)
            .where(scenarios.c.name == name)
            .with_for_update()
        ).first()

    def save(
        self,
        name: str,
        query: str,
        vintage: str,
        *,
        actor: Actor | None = None,
        note: str | None = None,
        author: str | None = None,
        data_id: str | None = None,
        replace: bool = False,
    ) -> Saved:
        """Save ``query`` under ``name`` (editors). ``ValueError`` for a bad name or note, or a
        name in use (unless ``replace``). Saving onto a deleted scenario's name makes a new
        version of it; the deleted state stays in its history (:meth:`revert`)."""
        who = require(self._actor(actor), EDITOR, "save")
        clean = check_name(name)
        note = check_text(note, "note", NOTE_MAX)
        author = check_text(author, "author", 60) or who.name[:60]
        t = now()
        values = {
            "query": query,
            "vintage": vintage,
            "note": note,
            "author": author,
            "data_id": data_id,
            "updated_at": t,
            "deleted_at": None,
        }
        try:
            with self._tx() as conn:
                row = self._locked(conn, clean)
                if row is None:
                    sid = inserted_id(
                        conn.execute(insert(scenarios).values(name=clean, created_at=t, **values))
                    )
                    _write(conn, sid, "save", who, clean)
                elif row.deleted_at is not None or replace:
                    conn.execute(update(scenarios).where(scenarios.c.id == row.id).values(**values))
                    _write(conn, row.id, "replace", who, clean)
                else:
                    raise Problem("name_taken", name=clean)
        except IntegrityError as exc:  # a concurrent save of the same name won the race
            if not replace:
                raise Problem("name_taken", name=clean) from exc
            return self.save(
                clean,
                query,
                vintage,
                actor=who,
                note=note,
                author=author,
                data_id=data_id,
                replace=True,
            )
        saved = self.get(clean, include_deleted=True)
        assert saved is not None
        return saved

    def get(self, name: str, *, include_deleted: bool = False) -> Saved | None:
        """The scenario saved as ``name`` (None if there is none, or it is deleted)."""
        with self._tx() as conn:
            q = select(scenarios).where(scenarios.c.name == name.strip())
            if not include_deleted:
                q = q.where(scenarios.c.deleted_at.is_(None))
            row = conn.execute(q).mappings().first()
        return None if row is None else _saved(row)

    def list(self, *, include_deleted: bool = False) -> list[Saved]:
        """Every saved scenario, by name."""
        with self._tx() as conn:
            q = select(scenarios).order_by(scenarios.c.name)
            if not include_deleted:
                q = q.where(scenarios.c.deleted_at.is_(None))
            return [_saved(r) for r in conn.execute(q).mappings()]

    def rename(self, old: str, new: str, *, actor: Actor | None = None) -> Saved:
        """Rename scenario ``old`` to ``new`` (editors); ``ValueError`` if ``old`` is unknown
        or ``new`` is taken (a deleted scenario's name too: it stays restorable)."""
        who = require(self._actor(actor), EDITOR, "rename")
        clean = check_name(new)
        try:
            with self._tx() as conn:
                row = self._locked(conn, old.strip())
                if row is None or row.deleted_at is not None:
                    raise Problem("name_unknown", name=old.strip())
                if clean != old.strip() and self._locked(conn, clean) is not None:
                    raise Problem("name_taken_rename", name=clean)
                conn.execute(
                    update(scenarios)
                    .where(scenarios.c.id == row.id)
                    .values(name=clean, updated_at=now())
                )
                _write(conn, row.id, "rename", who, f"{old.strip()} → {clean}")
        except IntegrityError as exc:
            raise Problem("name_taken_rename", name=clean) from exc
        saved = self.get(clean)
        assert saved is not None
        return saved

    def delete(self, name: str, *, actor: Actor | None = None) -> None:
        """Soft-delete scenario ``name`` (editors; restorable); ``ValueError`` if unknown."""
        who = require(self._actor(actor), EDITOR, "delete")
        with self._tx() as conn:
            row = self._locked(conn, name.strip())
            if row is None or row.deleted_at is not None:
                raise Problem("name_unknown", name=name.strip())
            conn.execute(update(scenarios).where(scenarios.c.id == row.id).values(deleted_at=now()))
            _write(conn, row.id, "delete", who, name.strip())

    def restore(self, name: str, *, actor: Actor | None = None) -> Saved:
        """Bring a deleted scenario back (editors); ``ValueError`` if there is no deleted one."""
        who = require(self._actor(actor), EDITOR, "restore")
        with self._tx() as conn:
            row = self._locked(conn, name.strip())
            if row is None or row.deleted_at is None:
                raise Problem("name_not_deleted", name=name.strip())
            conn.execute(
                update(scenarios)
                .where(scenarios.c.id == row.id)
                .values(deleted_at=None, updated_at=now())
            )
            _write(conn, row.id, "restore", who, name.strip())
        saved = self.get(name)
        assert saved is not None
        return saved

    def history(self, name: str) -> builtins.list[Version]:
        """Every version of the scenario now named ``name`` (deleted or not), oldest first;
        ``ValueError`` if there is none."""
        with self._tx() as conn:
            sid = conn.execute(
                select(scenarios.c.id).where(scenarios.c.name == name.strip())
            ).scalar()
            if sid is None:
                raise Problem("name_unknown", name=name.strip())
            rows = conn.execute(
                select(scenario_versions)
                .where(scenario_versions.c.scenario_id == sid)
                .order_by(scenario_versions.c.version)
            ).mappings()
            return [
                Version(
                    version=r["version"],
                    name=r["name"],
                    query=r["query"],
                    vintage=r["vintage"],
                    note=r["note"],
                    data_id=r["data_id"],
                    deleted=bool(r["deleted"]),
                    action=r["action"],
                    actor=r["actor"],
                    at=r["at"],
                )
                for r in rows
            ]

    def revert(self, name: str, version: int, *, actor: Actor | None = None) -> Saved:
        """Bring version ``version`` of scenario ``name`` back (its query, note, vintage and
        data id; live, under its present name) as a new version (editors)."""
        who = require(self._actor(actor), EDITOR, "revert")
        with self._tx() as conn:
            row = self._locked(conn, name.strip())
            if row is None:
                raise Problem("name_unknown", name=name.strip())
            old = (
                conn.execute(
                    select(scenario_versions).where(
                        scenario_versions.c.scenario_id == row.id,
                        scenario_versions.c.version == int(version),
                    )
                )
                .mappings()
                .first()
            )
            if old is None:
                raise ValueError(f"version: '{name.strip()}' has no version {version}")
            conn.execute(
                update(scenarios)
                .where(scenarios.c.id == row.id)
                .values(
                    query=old["query"],
                    vintage=old["vintage"],
                    note=old["note"],
                    data_id=old["data_id"],
                    updated_at=now(),
                    deleted_at=None,
                )
            )
            _write(conn, row.id, "revert", who, name.strip())
        saved = self.get(name)
        assert saved is not None
        return saved
