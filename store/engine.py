"""Settings and engine: the database URL, its masked form, the one-line store error, UTC
timestamps identical in form on SQLite and PostgreSQL, and the engine with SQLite's
write-lock-at-start transactions. Never imports streamlit."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, CursorResult, DateTime, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from model.messages import text as said
from store.roles import ANONYMOUS, Actor

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "data" / "scenarios.sqlite3"
URL_ENV = "DATABASE_URL"
#: PostgreSQL's deadlock and serialization failures: the transaction is tried once more.
RETRY_STATES = frozenset({"40P01", "40001"})
T = TypeVar("T")


class StoreError(Exception):
    """The store cannot be reached or used; the message is one line, the password masked."""


def database_url() -> str:
    """The database URL: ``DATABASE_URL``, else the default SQLite file."""
    return os.environ.get(URL_ENV, "").strip() or f"sqlite:///{DEFAULT_SQLITE}"


def masked(url: str) -> str:
    """``url`` with its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def now() -> datetime:
    """The current time, UTC, tz-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back tz-aware in UTC: SQLite keeps no zone
    (its naive values are the UTC ones written), PostgreSQL returns the session's zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        if value is None or not isinstance(value, datetime):
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value, dialect):  # noqa: ANN001, ANN201
        if value is None or not isinstance(value, datetime):
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def first_line(exc: BaseException) -> str:
    """The first line of a driver's message (at most 200 characters)."""
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (msg[0] if msg else type(exc).__name__)[:200]


def retryable(exc: BaseException) -> bool:
    """Whether ``exc`` is a deadlock or serialization failure (worth one more try)."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in RETRY_STATES


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


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite: the folder is created, WAL, write lock at BEGIN;
    PostgreSQL: a short connect timeout so an unreachable server answers within seconds)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    sqlite = url.startswith("sqlite")
    engine = create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"timeout": 30} if sqlite else {"connect_timeout": 5},
    )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an ``INSERT`` made."""
    key = result.inserted_primary_key
    assert key is not None, "not an INSERT of one row"
    return int(key[0])


class StoreBase:
    """The engine of one database URL and its transactions (each method of the store runs in
    its own ``engine.begin()``). Opening migrates the schema (Alembic, :mod:`store.migrate`).
    The store's parts (scenarios, datasets, accounts, audit) derive from it, so what they use
    of it (``_tx``, ``_actor``) is typed."""

    #: The actor making every write not given its own (``Store.acting_as``).
    bound: Actor | None = None

    def __init__(self, url: str | None = None) -> None:
        from store.migrate import upgrade

        self.url = url or database_url()
        try:
            self.engine: Engine = make_engine(self.url)
            #: Whether opening migrated the schema (a migrated store reports what needs a
            #: person's eye, e.g. scenario names that collide once normalised).
            self.migrated = upgrade(self.engine)
        except ArgumentError as exc:
            raise StoreError(said("store_url", url=masked(self.url))) from exc
        except ModuleNotFoundError as exc:
            raise StoreError(said("store_driver", url=masked(self.url), driver=exc.name)) from exc
        except SQLAlchemyError as exc:
            raise StoreError(
                said("store_unreachable", url=masked(self.url), error=first_line(exc))
            ) from exc
        except OSError as exc:  # e.g. a SQLite path whose folder cannot be made
            raise StoreError(
                said("store_unreachable", url=masked(self.url), error=exc.strerror or str(exc))
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
                said("store_unusable", url=masked(self.url), error=first_line(exc))
            ) from exc

    def _atomic(self, work: Callable[[Connection], T]) -> T:
        """``work(conn)`` in one transaction, its result returned; a deadlock or
        serialization failure (PostgreSQL) is tried once more, then :class:`StoreError`
        ``store_busy`` (one line). ``ValueError`` and ``IntegrityError`` pass through."""
        busy: DBAPIError | None = None
        for _ in range(2):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except (IntegrityError, ValueError):
                raise
            except DBAPIError as exc:
                if not retryable(exc):
                    raise StoreError(
                        said("store_unusable", url=masked(self.url), error=first_line(exc))
                    ) from exc
                busy = exc
            except SQLAlchemyError as exc:
                raise StoreError(
                    said("store_unusable", url=masked(self.url), error=first_line(exc))
                ) from exc
        raise StoreError(said("store_busy", url=masked(self.url))) from busy

    def _actor(self, actor: Actor | None) -> Actor:
        return actor if actor is not None else (self.bound or ANONYMOUS)

    def ping(self) -> None:
        """Nothing, when the database answers; else :class:`StoreError` (one line)."""
        from sqlalchemy import text

        with self._tx() as conn:
            conn.execute(text("SELECT 1"))

    def version(self) -> int:
        """The schema version of the database (the number of its Alembic revision)."""
        from store.migrate import current_revision

        with self._tx() as conn:
            rev = current_revision(conn)
        return int(rev) if rev else 0
