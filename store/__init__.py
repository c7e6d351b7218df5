"""Saved scenarios in a real database (SQLAlchemy 2): SQLite by default, PostgreSQL by URL.

The URL comes from the environment variable ``DATABASE_URL`` (SQLAlchemy form, e.g.
``postgresql+psycopg://user:pw@host:5432/whatif``); unset, a SQLite file in the project
folder (``data/scenarios.sqlite3``, gitignored), created on first use.

A saved scenario is a unique name, the scenario's query string, the data vintage it was
saved against, an optional note and author, and created/updated times. Deleting is soft: a
deleted scenario keeps its row (``deleted_at``) and can be restored; saving its name again
takes the record over.

The schema is versioned (table ``schema_version``): :data:`MIGRATIONS` are applied in order,
each in its own transaction, when a store is opened, so a schema change never loses saved
scenarios (tested by opening a version-1 database). SQL goes through SQLAlchemy Core with
bound parameters only. Never imports streamlit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from model.messages import Problem
from model.messages import text as said

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "data" / "scenarios.sqlite3"
URL_ENV = "DATABASE_URL"
NAME_MAX = 60
NOTE_MAX = 500

metadata = MetaData()
scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(NAME_MAX), nullable=False, unique=True),
    Column("query", Text, nullable=False),
    Column("vintage", String(40), nullable=False),
    Column("note", Text, nullable=True),
    Column("author", String(60), nullable=True),
    Column("data_id", String(40), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
)
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
#: Uploaded datasets (kind ``data``: a filled template) and history files (kind ``hist``),
#: stored by id (a hash of their normalised values) as their canonical text.
datasets = Table(
    "datasets",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("label", String(120), nullable=False),
    Column("period", String(8), nullable=True),
    Column("year", Integer, nullable=True),
    Column("filename", String(200), nullable=True),
    Column("content", Text, nullable=False),
    Column("is_default", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
KINDS = ("data", "hist")


class StoreError(Exception):
    """The store cannot be reached or used; the message is one line, the password masked."""


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


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def check_name(name: str) -> str:
    """``name`` stripped, or ``ValueError``: 1–60 characters, no control characters, no ``=``
    or ``&`` (a name can stand in a link as ``s=NAME``)."""
    clean = name.strip()
    if not clean:
        raise Problem("name_empty")
    if len(clean) > NAME_MAX:
        raise Problem("name_long", limit=NAME_MAX, length=len(clean))
    if _CONTROL.search(clean):
        raise Problem("name_control")
    if "=" in clean or "&" in clean:
        raise Problem("name_chars")
    return clean


def _check_text(value: str | None, what: str, limit: int) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > limit:
        raise Problem("text_long", what=what, limit=limit, length=len(value))
    if _CONTROL.search(value.replace("\n", "")):
        raise Problem("text_control", what=what)
    return value.strip()


def database_url() -> str:
    """The database URL: ``DATABASE_URL``, else the default SQLite file."""
    return os.environ.get(URL_ENV, "").strip() or f"sqlite:///{DEFAULT_SQLITE}"


def masked(url: str) -> str:
    """``url`` with its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


# --- migrations: version n brings the schema from n − 1 to n --------------------------------
def _v1(conn: Connection) -> None:
    key = "SERIAL PRIMARY KEY" if conn.dialect.name == "postgresql" else "INTEGER PRIMARY KEY"
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS scenarios ("
            f" id {key},"
            " name VARCHAR(60) NOT NULL UNIQUE,"
            " query TEXT NOT NULL,"
            " vintage VARCHAR(40) NOT NULL,"
            " note TEXT,"
            " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            " updated_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            " deleted_at TIMESTAMP WITH TIME ZONE)"
        )
    )


def _v2(conn: Connection) -> None:
    """Version 2 adds the author of a scenario (existing rows keep theirs empty)."""
    conn.execute(text("ALTER TABLE scenarios ADD COLUMN author VARCHAR(60)"))


def _v3(conn: Connection) -> None:
    """Version 3 stores uploaded datasets and history files, and the data id a scenario was
    saved against (existing rows: unknown)."""
    conn.execute(text("ALTER TABLE scenarios ADD COLUMN data_id VARCHAR(40)"))
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS datasets ("
            " id VARCHAR(40) NOT NULL,"
            " kind VARCHAR(8) NOT NULL,"
            " label VARCHAR(120) NOT NULL,"
            " period VARCHAR(8),"
            " year INTEGER,"
            " filename VARCHAR(200),"
            " content TEXT NOT NULL,"
            " is_default INTEGER NOT NULL,"
            " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            " PRIMARY KEY (id, kind))"
        )
    )


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> datetime:
    return datetime.now(UTC)


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


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind: '{kind}' is not one of {', '.join(KINDS)}")
    return kind


def _stored(row) -> StoredData:  # noqa: ANN001 - a SQLAlchemy RowMapping
    return StoredData(
        id=row["id"],
        kind=row["kind"],
        label=row["label"],
        period=row["period"],
        year=row["year"],
        filename=row["filename"],
        content=row["content"],
        is_default=bool(row["is_default"]),
        created_at=row["created_at"],
    )


class _DataMixin:
    """Stored datasets and history files (the methods of :class:`Store` for them)."""

    def put_data(
        self: Store,
        kind: str,
        data_id: str,
        content: str,
        *,
        label: str,
        period: str | None = None,
        year: int | None = None,
        filename: str | None = None,
    ) -> StoredData:
        """Store ``content`` under ``data_id`` (its hash, so storing it again changes nothing
        and returns the record already there)."""
        _check_kind(kind)
        label = _check_text(label, "label", 120) or data_id
        filename = _check_text(filename, "file name", 200)
        try:
            with self._tx() as conn:
                there = conn.execute(
                    select(datasets.c.id).where(datasets.c.id == data_id, datasets.c.kind == kind)
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
                            created_at=_now(),
                        )
                    )
        except IntegrityError:  # stored at the same moment by another session: same content
            pass
        got = self.get_data(kind, data_id)
        assert got is not None
        return got

    def get_data(self: Store, kind: str, data_id: str) -> StoredData | None:
        """The stored ``kind`` with ``data_id`` (None if unknown)."""
        _check_kind(kind)
        with self._tx() as conn:
            row = (
                conn.execute(
                    select(datasets).where(datasets.c.id == data_id, datasets.c.kind == kind)
                )
                .mappings()
                .first()
            )
        return None if row is None else _stored(row)

    def list_data(self: Store, kind: str) -> list[StoredData]:
        """Every stored ``kind``, newest first."""
        _check_kind(kind)
        with self._tx() as conn:
            q = (
                select(datasets)
                .where(datasets.c.kind == kind)
                .order_by(datasets.c.created_at.desc(), datasets.c.id)
            )
            return [_stored(r) for r in conn.execute(q).mappings()]

    def default_data(self: Store, kind: str) -> StoredData | None:
        """The stored ``kind`` made the default (None: the shipped file is the default)."""
        _check_kind(kind)
        with self._tx() as conn:
            row = (
                conn.execute(
                    select(datasets).where(datasets.c.kind == kind, datasets.c.is_default == 1)
                )
                .mappings()
                .first()
            )
        return None if row is None else _stored(row)

    def set_default_data(self: Store, kind: str, data_id: str | None) -> None:
        """Make the stored ``data_id`` the default ``kind`` for every new session (None: the
        shipped file again); ``ValueError`` if it is not stored."""
        _check_kind(kind)
        with self._tx() as conn:
            if data_id is not None:
                there = conn.execute(
                    select(datasets.c.id).where(datasets.c.id == data_id, datasets.c.kind == kind)
                ).first()
                if there is None:
                    raise Problem("data_unknown", kind=kind, id=data_id)
            conn.execute(update(datasets).where(datasets.c.kind == kind).values(is_default=0))
            if data_id is not None:
                conn.execute(
                    update(datasets)
                    .where(datasets.c.id == data_id, datasets.c.kind == kind)
                    .values(is_default=1)
                )


class Store(_DataMixin):
    """Saved scenarios, stored datasets and history files. ``Store(url)`` opens (and
    migrates) the database; every method runs in its own transaction (``engine.begin()``)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        try:
            if self.url.startswith("sqlite:///"):
                Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                self.url,
                pool_pre_ping=True,
                connect_args={"timeout": 30} if self.url.startswith("sqlite") else {},
            )
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
                event.listen(self.engine, "begin", _sqlite_begin)
            self._migrate()
        except ArgumentError as exc:
            raise StoreError(said("store_url", url=masked(self.url))) from exc
        except ModuleNotFoundError as exc:
            raise StoreError(said("store_driver", url=masked(self.url), driver=exc.name)) from exc
        except SQLAlchemyError as exc:
            raise StoreError(
                said("store_unreachable", url=masked(self.url), error=_first_line(exc))
            ) from exc

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except (IntegrityError, ValueError):
            raise
        except SQLAlchemyError as exc:
            raise StoreError(
                said("store_unusable", url=masked(self.url), error=_first_line(exc))
            ) from exc

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "postgresql":  # one migrator at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(424242)"))
            insp = inspect(conn)
            if not insp.has_table("schema_version"):
                conn.execute(
                    text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                )
            current = conn.execute(select(schema_version.c.version)).scalar()
            if current is None:
                current = 0
                conn.execute(insert(schema_version).values(version=0))
            for version in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version - 1](conn)
                conn.execute(update(schema_version).values(version=version))

    def version(self) -> int:
        """The schema version of the database."""
        with self._tx() as conn:
            return int(conn.execute(select(schema_version.c.version)).scalar_one())

    def save(
        self,
        name: str,
        query: str,
        vintage: str,
        *,
        note: str | None = None,
        author: str | None = None,
        data_id: str | None = None,
        replace: bool = False,
    ) -> Saved:
        """Save ``query`` under ``name``. ``ValueError`` for a bad name or note, or a name in
        use (unless ``replace``); a deleted scenario's name is taken over."""
        clean = check_name(name)
        note = _check_text(note, "note", NOTE_MAX)
        author = _check_text(author, "author", 60)
        now = _now()
        try:
            with self._tx() as conn:
                row = conn.execute(
                    select(scenarios.c.id, scenarios.c.deleted_at).where(scenarios.c.name == clean)
                ).first()
                values = {
                    "query": query,
                    "vintage": vintage,
                    "note": note,
                    "author": author,
                    "data_id": data_id,
                    "updated_at": now,
                    "deleted_at": None,
                }
                if row is None:
                    conn.execute(insert(scenarios).values(name=clean, created_at=now, **values))
                elif row.deleted_at is not None or replace:
                    conn.execute(update(scenarios).where(scenarios.c.id == row.id).values(**values))
                else:
                    raise Problem("name_taken", name=clean)
        except IntegrityError as exc:  # a concurrent save of the same name won the race
            if not replace:
                raise Problem("name_taken", name=clean) from exc
            return self.save(
                clean, query, vintage, note=note, author=author, data_id=data_id, replace=True
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

    def rename(self, old: str, new: str) -> Saved:
        """Rename scenario ``old`` to ``new``; ``ValueError`` if ``old`` is unknown or ``new``
        is taken."""
        clean = check_name(new)
        if self.get(old) is None:
            raise Problem("name_unknown", name=old.strip())
        if clean != old.strip() and self.get(clean, include_deleted=True) is not None:
            raise Problem("name_taken_rename", name=clean)
        try:
            with self._tx() as conn:
                conn.execute(
                    update(scenarios)
                    .where(scenarios.c.name == old.strip())
                    .values(name=clean, updated_at=_now())
                )
        except IntegrityError as exc:
            raise Problem("name_taken_rename", name=clean) from exc
        saved = self.get(clean)
        assert saved is not None
        return saved

    def delete(self, name: str) -> None:
        """Soft-delete scenario ``name`` (restorable); ``ValueError`` if unknown."""
        with self._tx() as conn:
            done = conn.execute(
                update(scenarios)
                .where(scenarios.c.name == name.strip(), scenarios.c.deleted_at.is_(None))
                .values(deleted_at=_now())
            ).rowcount
        if not done:
            raise Problem("name_unknown", name=name.strip())

    def restore(self, name: str) -> Saved:
        """Bring a deleted scenario back; ``ValueError`` if there is no deleted one."""
        with self._tx() as conn:
            done = conn.execute(
                update(scenarios)
                .where(scenarios.c.name == name.strip(), scenarios.c.deleted_at.is_not(None))
                .values(deleted_at=None, updated_at=_now())
            ).rowcount
        if not done:
            raise Problem("name_not_deleted", name=name.strip())
        saved = self.get(name)
        assert saved is not None
        return saved


def _saved(row) -> Saved:  # noqa: ANN001 - a SQLAlchemy RowMapping
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


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API connection
    """WAL and a 30 s busy timeout; the driver's own transaction handling off, so that
    :func:`_sqlite_begin` can take the write lock at the start (no 'database is locked'
    when two processes save at once)."""
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _first_line(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (msg[0] if msg else type(exc).__name__)[:200]


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url`` (default :func:`database_url`); :class:`StoreError` if it
    cannot be reached."""
    return Store(url)


__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "KINDS",
    "Saved",
    "Store",
    "StoredData",
    "StoreError",
    "check_name",
    "database_url",
    "masked",
    "open_store",
]
