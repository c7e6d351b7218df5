"""Stored datasets (kind ``data``: a filled template) and history files (kind ``hist``), by
id (a hash of their normalised values). Storing, deleting and making the default need an
editor and leave an audit row. Deleting is soft: a link naming a deleted dataset still
opens it (``withdrawn``) but lists no longer offer it; the shipped data is not stored and
cannot be deleted. The default is the newest row of ``default_history`` (each change one
INSERT in one short transaction: concurrent clicks cannot deadlock), so its history is kept
and any earlier default can be made the default again. Making a dataset the default and
withdrawing it lock its row (``FOR UPDATE``), so they exclude each other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, RowMapping, insert, select, update
from sqlalchemy.exc import IntegrityError

from model.data import is_year_end
from model.messages import Problem
from store.audit import record
from store.engine import StoreBase, now
from store.roles import EDITOR, Actor, require
from store.scenarios import check_text
from store.schema import KINDS, datasets, default_history


@dataclass(frozen=True)
class StoredData:
    """One stored dataset (``kind`` data) or history file (``kind`` hist)."""

    id: str
    kind: str
    label: str
    period: str | None
    year: int | None
    filename: str | None
    content: str
    is_default: bool
    created_at: datetime
    created_by: str | None = None
    deleted_at: datetime | None = None

    @property
    def year_end(self) -> bool:
        """Whether this is a year-end table (period ``FY``: :func:`model.data.is_year_end`)."""
        return is_year_end(self)

    @property
    def withdrawn(self) -> bool:
        """Whether an editor deleted it (a link still opens it, marked withdrawn)."""
        return self.deleted_at is not None


@dataclass(frozen=True)
class DefaultChange:
    """One change of the default: the data made the default (None: the shipped file)."""

    data_id: str | None
    actor: str | None
    at: datetime


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise Problem("data_kind", kind=kind, kinds=", ".join(KINDS))
    return kind


def _stored(row: RowMapping, default: str | None) -> StoredData:
    return StoredData(
        id=row["id"],
        kind=row["kind"],
        label=row["label"],
        period=row["period"],
        year=row["year"],
        filename=row["filename"],
        content=row["content"],
        is_default=row["id"] == default,
        created_at=row["created_at"],
        created_by=row["created_by"],
        deleted_at=row["deleted_at"],
    )


def _default_id(conn: Connection, kind: str) -> str | None:
    return conn.execute(
        select(default_history.c.data_id)
        .where(default_history.c.kind == kind)
        .order_by(default_history.c.id.desc())
        .limit(1)
    ).scalar()


def _read(conn: Connection, kind: str, data_id: str) -> StoredData:
    """The stored ``kind`` ``data_id`` as it is inside this transaction."""
    row = (
        conn.execute(select(datasets).where(datasets.c.id == data_id, datasets.c.kind == kind))
        .mappings()
        .one()
    )
    return _stored(row, _default_id(conn, kind))


class DataMixin(StoreBase):
    """Stored datasets and history files (the methods of :class:`store.Store` for them)."""

    def put_data(
        self,
        kind: str,
        data_id: str,
        content: str,
        *,
        actor: Actor | None = None,
        label: str,
        period: str | None = None,
        year: int | None = None,
        filename: str | None = None,
    ) -> StoredData:
        """Store ``content`` under ``data_id`` (editors). Its id is its hash, so storing it
        again changes nothing (a deleted one is brought back) and returns the record."""
        _check_kind(kind)
        what = "store data" if kind == "data" else "store a history file"
        who = require(self._actor(actor), EDITOR, what)
        label = check_text(label, "label", 120) or data_id
        filename = check_text(filename, "file name", 200)

        def work(conn: Connection) -> StoredData:
            there = conn.execute(
                select(datasets.c.id, datasets.c.deleted_at)
                .where(datasets.c.id == data_id, datasets.c.kind == kind)
                .with_for_update()
            ).first()
            if there is None:
                conn.execute(
                    insert(datasets).values(
                        id=data_id,
                        kind=kind,
                        label=label,
                        period=period,
                        year=year,
                        filename=filename,
                        content=content,
                        is_default=0,
                        created_at=now(),
                        created_by=who.name[:200],
                    )
                )
                record(conn, who, f"{kind}.store", kind, data_id, after=data_id)
            elif there.deleted_at is not None:
                conn.execute(
                    update(datasets)
                    .where(datasets.c.id == data_id, datasets.c.kind == kind)
                    .values(deleted_at=None)
                )
                record(conn, who, f"{kind}.restore", kind, data_id, after=data_id)
            return _read(conn, kind, data_id)

        try:
            return self._atomic(work)
        except IntegrityError:  # stored at the same moment by another session: same content
            return self._atomic(lambda conn: _read(conn, kind, data_id))

    def get_data(self, kind: str, data_id: str) -> StoredData | None:
        """The stored ``kind`` with ``data_id``, withdrawn or not (None if unknown)."""
        _check_kind(kind)
        with self._tx() as conn:
            row = (
                conn.execute(
                    select(datasets).where(datasets.c.id == data_id, datasets.c.kind == kind)
                )
                .mappings()
                .first()
            )
            default = None if row is None else _default_id(conn, kind)
        return None if row is None else _stored(row, default)

    def data_status(self, kind: str, data_id: str) -> str | None:
        """``stored``, ``withdrawn`` or None (unknown here), without reading the content."""
        _check_kind(kind)
        with self._tx() as conn:
            row = conn.execute(
                select(datasets.c.deleted_at).where(
                    datasets.c.id == data_id, datasets.c.kind == kind
                )
            ).first()
        if row is None:
            return None
        return "stored" if row.deleted_at is None else "withdrawn"

    def list_data(self, kind: str, *, include_deleted: bool = False) -> list[StoredData]:
        """Every stored ``kind`` (not withdrawn, unless ``include_deleted``), newest first."""
        _check_kind(kind)
        with self._tx() as conn:
            q = (
                select(datasets)
                .where(datasets.c.kind == kind)
                .order_by(datasets.c.created_at.desc(), datasets.c.id)
            )
            if not include_deleted:
                q = q.where(datasets.c.deleted_at.is_(None))
            default = _default_id(conn, kind)
            return [_stored(r, default) for r in conn.execute(q).mappings()]

    def default_data(self, kind: str) -> StoredData | None:
        """The stored ``kind`` made the default (None: the shipped file is the default)."""
        _check_kind(kind)
        with self._tx() as conn:
            default = _default_id(conn, kind)
            if default is None:
                return None
            row = (
                conn.execute(
                    select(datasets).where(
                        datasets.c.id == default,
                        datasets.c.kind == kind,
                        datasets.c.deleted_at.is_(None),
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else _stored(row, default)

    def set_default_data(
        self, kind: str, data_id: str | None, *, actor: Actor | None = None
    ) -> None:
        """Make the stored ``data_id`` the default ``kind`` for every new session (None: the
        shipped file again); editors; ``ValueError`` if it is not stored or withdrawn. One
        short transaction of one INSERT (and its audit row)."""
        _check_kind(kind)
        who = require(self._actor(actor), EDITOR, "make default")

        def work(conn: Connection) -> None:
            if data_id is not None:
                # the dataset's row locked: a withdrawal of it waits for this change (and
                # then sees it is the default), or this waits for the withdrawal (and then
                # sees it withdrawn): the default is never a withdrawn dataset
                there = conn.execute(
                    select(datasets.c.id, datasets.c.period, datasets.c.year)
                    .where(
                        datasets.c.id == data_id,
                        datasets.c.kind == kind,
                        datasets.c.deleted_at.is_(None),
                    )
                    .with_for_update()
                ).first()
                if there is None:
                    raise Problem("data_unknown", kind=kind, id=data_id)
                if is_year_end(there):  # the year's outcome: reviewed, never the default
                    raise Problem("data_year_end", kind=kind, id=data_id, year=there.year)
            before = _default_id(conn, kind)
            conn.execute(
                insert(default_history).values(
                    kind=kind, data_id=data_id, actor=who.name[:200], at=now()
                )
            )
            record(
                conn,
                who,
                f"{kind}.default",
                kind,
                data_id or "shipped",
                before=before or "shipped",
                after=data_id or "shipped",
            )

        self._atomic(work)

    def default_history(self, kind: str) -> list[DefaultChange]:
        """Every change of the default ``kind``, newest first."""
        _check_kind(kind)
        with self._tx() as conn:
            rows = conn.execute(
                select(default_history)
                .where(default_history.c.kind == kind)
                .order_by(default_history.c.id.desc())
            ).mappings()
            return [DefaultChange(r["data_id"], r["actor"], r["at"]) for r in rows]

    def delete_data(self, kind: str, data_id: str, *, actor: Actor | None = None) -> None:
        """Withdraw the stored ``data_id`` (editors; soft: links to it still open it, marked
        withdrawn). ``ValueError`` if it is unknown, already withdrawn, or the default."""
        _check_kind(kind)
        who = require(self._actor(actor), EDITOR, "delete data")

        def work(conn: Connection) -> None:
            there = conn.execute(
                select(datasets.c.deleted_at)
                .where(datasets.c.id == data_id, datasets.c.kind == kind)
                .with_for_update()
            ).first()
            if there is None or there.deleted_at is not None:
                raise Problem("data_not_deletable", kind=kind, id=data_id)
            if _default_id(conn, kind) == data_id:  # read after the lock: a change committed
                raise Problem("data_is_default", kind=kind, id=data_id)
            conn.execute(
                update(datasets)
                .where(datasets.c.id == data_id, datasets.c.kind == kind)
                .values(deleted_at=now())
            )
            record(conn, who, f"{kind}.delete", kind, data_id, before=data_id)

        self._atomic(work)
