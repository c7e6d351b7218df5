"""Saved scenarios: a unique name, the scenario's query string, the data vintage and data id
it was saved against, a note and author. Every write (save, replace, rename, delete,
restore, revert) needs an editor, keeps the new state as a numbered version beside all the
earlier ones (nothing is lost: saving onto a deleted scenario's name makes a new version of
it, the deleted state stays one to bring back) and leaves an audit row."""

from __future__ import annotations

import builtins
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, RowMapping, func, insert, or_, select, text, update
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


def lookup_names(name: str) -> list[str]:
    """The names a lookup of ``name`` tries, in order: the exact stored form (stripped)
    first, then its NFKC form as :func:`check_name` makes it on save (a name saved before
    normalisation, or typed with full-width characters, is found either way)."""
    exact = name.strip()
    try:
        clean = normal_name(name)
    except ValueError:  # an invisible character: only the exact form can be stored
        return [exact]
    return [exact] if clean == exact else [exact, clean]


def _lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for a scenario name."""
    digest = hashlib.sha256(("scenario\x00" + name).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_names(conn: Connection, names: list[str]) -> None:
    """Lock every name a write touches, in one fixed order, before reading any row: on
    PostgreSQL a transaction-scoped advisory lock per name (it holds for a name not stored
    yet, which a row lock cannot) taken in ascending key order, then the stored rows of those
    names ``FOR UPDATE`` in name order. Two writes sharing a name wait for each other; none
    can hold one name while waiting for another that the other holds, so rename × save,
    replace and delete cannot deadlock. SQLite's write lock at BEGIN serialises all writes."""
    if conn.dialect.name != "postgresql":
        return
    for key in sorted({_lock_key(n) for n in names}):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    conn.execute(
        select(scenarios.c.id)
        .where(scenarios.c.name.in_(sorted(set(names))))
        .order_by(scenarios.c.name)
        .with_for_update()
    ).all()


def _find(conn: Connection, names: list[str], deleted: bool | None = None):  # noqa: ANN202
    """The row (id, name, deleted_at) of the first of ``names`` stored (``deleted``: only a
    deleted one, or only a live one; None: either), or None."""
    for candidate in names:
        q = select(scenarios.c.id, scenarios.c.name, scenarios.c.deleted_at).where(
            scenarios.c.name == candidate
        )
        if deleted is True:
            q = q.where(scenarios.c.deleted_at.is_not(None))
        elif deleted is False:
            q = q.where(scenarios.c.deleted_at.is_(None))
        row = conn.execute(q).first()
        if row is not None:
            return row
    return None


def _row(conn: Connection, sid: int) -> Saved:
    """The scenario ``sid`` as written (read inside the write's own transaction)."""
    return _saved(conn.execute(select(scenarios).where(scenarios.c.id == sid)).mappings().one())


def _search(q, query: str | None):  # noqa: ANN001, ANN202 - a Select
    """``q`` narrowed to names or notes containing ``query`` (NFKC, any case)."""
    words = unicodedata.normalize("NFKC", query or "").strip()
    if not words:
        return q
    like = "%" + re.sub(r"([\\%_])", r"\\\1", words) + "%"
    return q.where(
        or_(
            scenarios.c.name.ilike(like, escape="\\"),
            scenarios.c.note.ilike(like, escape="\\"),
        )
    )


def _version(r) -> Version:  # noqa: ANN001 - a RowMapping
    return Version(
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
    """Saved scenarios (the methods of :class:`store.Store` for them). A name is looked up
    as stored first, then in its NFKC form (:func:`lookup_names`). Every write locks the
    names it touches in one fixed order (:func:`_lock_names`), is tried once more after a
    deadlock (:meth:`store.engine.StoreBase._atomic`) and returns the row it wrote, read
    inside its own transaction."""

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
        version of it; the deleted state stays in its history (:meth:`revert`). A name stored
        exactly as typed is the one saved onto (on a database from before names were
        normalised, ``replace`` never overwrites another, deleted scenario whose name only
        normalises alike)."""
        who = require(self._actor(actor), EDITOR, "save")
        clean = check_name(name)
        note = check_text(note, "note", NOTE_MAX)
        author = check_text(author, "author", 60) or who.name[:60]
        names = lookup_names(name)
        if clean not in names:  # normal_name and check_name agree; kept for safety
            names.append(clean)

        def work(conn: Connection) -> Saved:
            _lock_names(conn, names)
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
            row = _find(conn, names, deleted=False) or _find(conn, names, deleted=True)
            if row is None:
                sid = inserted_id(
                    conn.execute(insert(scenarios).values(name=clean, created_at=t, **values))
                )
                _write(conn, sid, "save", who, clean)
                return _row(conn, sid)
            if row.deleted_at is None and not replace:
                raise Problem("name_taken", name=row.name)
            conn.execute(update(scenarios).where(scenarios.c.id == row.id).values(**values))
            _write(conn, row.id, "replace", who, row.name)
            return _row(conn, row.id)

        try:
            return self._atomic(work)
        except IntegrityError as exc:  # a concurrent first save of the name (not on PostgreSQL)
            if not replace:
                raise Problem("name_taken", name=clean) from exc
            return self._atomic(work)

    def get(self, name: str, *, include_deleted: bool = False) -> Saved | None:
        """The scenario saved as ``name`` (None if there is none, or it is deleted); the
        exact stored name first, then the NFKC form."""
        with self._tx() as conn:
            row = _find(conn, lookup_names(name), deleted=None if include_deleted else False)
            return None if row is None else _row(conn, row.id)

    def list(
        self,
        *,
        include_deleted: bool = False,
        only_deleted: bool = False,
        query: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Saved]:
        """Saved scenarios by name: the live ones (and the deleted ones with
        ``include_deleted``; only those with ``only_deleted``), whose name or note contains
        ``query`` (NFKC, any case), ``limit`` of them from ``offset``."""
        q = _search(self._which(select(scenarios), include_deleted, only_deleted), query)
        q = q.order_by(scenarios.c.name, scenarios.c.id).offset(max(0, int(offset)))
        if limit is not None:
            q = q.limit(max(0, int(limit)))
        with self._tx() as conn:
            return [_saved(r) for r in conn.execute(q).mappings()]

    def count(
        self,
        *,
        include_deleted: bool = False,
        only_deleted: bool = False,
        query: str | None = None,
    ) -> int:
        """How many scenarios :meth:`list` would give without ``offset`` and ``limit``."""
        q = select(func.count()).select_from(scenarios)
        q = _search(self._which(q, include_deleted, only_deleted), query)
        with self._tx() as conn:
            return int(conn.execute(q).scalar() or 0)

    @staticmethod
    def _which(q, include_deleted: bool, only_deleted: bool):  # noqa: ANN001, ANN205
        if only_deleted:
            return q.where(scenarios.c.deleted_at.is_not(None))
        if not include_deleted:
            return q.where(scenarios.c.deleted_at.is_(None))
        return q

    def name_collisions(self) -> builtins.list[builtins.list[str]]:
        """Stored names (deleted ones too) that are one name once NFKC-normalised, e.g. a
        full-width and a plain one saved before names were normalised: each group sorted,
        groups by their normal form. Reported (``python -m model scenarios collisions``),
        never merged: each stays its own scenario, reached by its exact stored name."""
        with self._tx() as conn:
            stored = conn.execute(select(scenarios.c.name)).scalars().all()
        groups: dict[str, list[str]] = {}
        for n in stored:
            try:
                key = normal_name(n)
            except ValueError:
                key = n
            groups.setdefault(key, []).append(n)
        return [sorted(g) for _, g in sorted(groups.items()) if len(g) > 1]

    def rename(self, old: str, new: str, *, actor: Actor | None = None) -> Saved:
        """Rename scenario ``old`` to ``new`` (editors); ``ValueError`` if ``old`` is unknown
        or ``new`` is taken (a deleted scenario's name too: it stays restorable)."""
        who = require(self._actor(actor), EDITOR, "rename")
        clean = check_name(new)
        olds = lookup_names(old)

        def work(conn: Connection) -> Saved:
            _lock_names(conn, [*olds, clean])
            row = _find(conn, olds, deleted=False)
            if row is None:
                raise Problem("name_unknown", name=old.strip())
            if clean != row.name and _find(conn, [clean]) is not None:
                raise Problem("name_taken_rename", name=clean)
            conn.execute(
                update(scenarios)
                .where(scenarios.c.id == row.id)
                .values(name=clean, updated_at=now())
            )
            _write(conn, row.id, "rename", who, f"{row.name} → {clean}")
            return _row(conn, row.id)

        try:
            return self._atomic(work)
        except IntegrityError as exc:
            raise Problem("name_taken_rename", name=clean) from exc

    def delete(self, name: str, *, actor: Actor | None = None) -> None:
        """Soft-delete scenario ``name`` (editors; restorable); ``ValueError`` if unknown."""
        who = require(self._actor(actor), EDITOR, "delete")
        names = lookup_names(name)

        def work(conn: Connection) -> None:
            _lock_names(conn, names)
            row = _find(conn, names, deleted=False)
            if row is None:
                raise Problem("name_unknown", name=name.strip())
            conn.execute(update(scenarios).where(scenarios.c.id == row.id).values(deleted_at=now()))
            _write(conn, row.id, "delete", who, row.name)

        self._atomic(work)

    def restore(self, name: str, *, actor: Actor | None = None) -> Saved:
        """Bring a deleted scenario back (editors); ``ValueError`` if there is no deleted one."""
        who = require(self._actor(actor), EDITOR, "restore")
        names = lookup_names(name)

        def work(conn: Connection) -> Saved:
            _lock_names(conn, names)
            row = _find(conn, names, deleted=True)
            if row is None:
                raise Problem("name_not_deleted", name=name.strip())
            conn.execute(
                update(scenarios)
                .where(scenarios.c.id == row.id)
                .values(deleted_at=None, updated_at=now())
            )
            _write(conn, row.id, "restore", who, row.name)
            return _row(conn, row.id)

        return self._atomic(work)

    def history(self, name: str, *, limit: int | None = None) -> builtins.list[Version]:
        """The versions of the scenario now named ``name`` (deleted or not), oldest first:
        every one, or the newest ``limit``; ``ValueError`` if there is none."""
        with self._tx() as conn:
            row = _find(conn, lookup_names(name))
            if row is None:
                raise Problem("name_unknown", name=name.strip())
            q = (
                select(scenario_versions)
                .where(scenario_versions.c.scenario_id == row.id)
                .order_by(scenario_versions.c.version.desc())
            )
            if limit is not None:
                q = q.limit(max(1, int(limit)))
            return [_version(r) for r in reversed(conn.execute(q).mappings().all())]

    def version_count(self, name: str) -> int:
        """How many versions the scenario now named ``name`` has (0 if there is none)."""
        with self._tx() as conn:
            row = _find(conn, lookup_names(name))
            if row is None:
                return 0
            return int(
                conn.execute(
                    select(func.count()).where(scenario_versions.c.scenario_id == row.id)
                ).scalar()
                or 0
            )

    def revert(self, name: str, version: int, *, actor: Actor | None = None) -> Saved:
        """Bring version ``version`` of scenario ``name`` back (its query, note, vintage and
        data id; live, under its present name) as a new version (editors)."""
        who = require(self._actor(actor), EDITOR, "revert")
        names = lookup_names(name)

        def work(conn: Connection) -> Saved:
            _lock_names(conn, names)
            row = _find(conn, names)
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
                raise Problem("version_unknown", name=name.strip(), version=version)
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
            _write(conn, row.id, "revert", who, row.name)
            return _row(conn, row.id)

        return self._atomic(work)
