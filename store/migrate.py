"""Schema migrations by Alembic, run programmatically when a store is opened (no ``alembic``
command needed). The revisions are ``store/migrations/versions/0001…``: 0001–0003 are the
three versions of the first store (table ``schema_version``); a database made by it is
stamped at its version and upgraded in place. On PostgreSQL an advisory lock lets one
process migrate at a time."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

SCRIPTS = Path(__file__).resolve().parent / "migrations"
LOCK_ID = 424242


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    """The newest revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    return ScriptDirectory.from_config(cfg).get_current_head() or ""


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at (None: not under Alembic yet)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the database to the newest revision, in one transaction; whether it migrated."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # one migrator at a time
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_ID})
        rev = current_revision(conn)
        if rev == head():
            return False
        if rev is None and inspect(conn).has_table("schema_version"):
            legacy = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar()
            if legacy:  # a database of the first store: at that version already
                command.stamp(_config(conn), f"{int(legacy):04d}")
        command.upgrade(_config(conn), "head")
    return True
