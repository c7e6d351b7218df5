"""The tables as SQLAlchemy Core objects (the schema the newest Alembic revision makes).
Every timestamp is :class:`store.engine.UTCDateTime`."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, UniqueConstraint

from store.engine import UTCDateTime

NAME_MAX = 60
NOTE_MAX = 500
ACTOR_MAX = 200
ADDRESS_MAX = 64
KINDS = ("data", "hist")

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
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
)
#: Every state a scenario has had (version 1 = as first saved, or as found by the migration):
#: what it was, who made it so, when and by which action.
scenario_versions = Table(
    "scenario_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario_id", Integer, nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Column("query", Text, nullable=False),
    Column("vintage", String(40), nullable=False),
    Column("note", Text, nullable=True),
    Column("data_id", String(40), nullable=True),
    Column("deleted", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("actor", String(ACTOR_MAX), nullable=True),
    Column("at", UTCDateTime, nullable=False),
    UniqueConstraint("scenario_id", "version", name="uq_scenario_version"),
)
#: Uploaded datasets (kind ``data``: a filled template) and history files (kind ``hist``),
#: stored by id (a hash of their normalised values) as their canonical text. Deleting is
#: soft (``deleted_at``): a link naming a deleted one still opens it, marked withdrawn.
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
    Column("is_default", Integer, nullable=False),  # before revision 4; now default_history
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(ACTOR_MAX), nullable=True),
    Column("deleted_at", UTCDateTime, nullable=True),
)
#: Every change of the default (the newest row is the default; data_id NULL: the shipped file).
default_history = Table(
    "default_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("data_id", String(40), nullable=True),
    Column("actor", String(ACTOR_MAX), nullable=True),
    Column("at", UTCDateTime, nullable=False),
)
#: Accounts: local ones (an argon2 hash) and OIDC e-mail addresses given a role.
accounts = Table(
    "accounts",
    metadata,
    Column("name", String(ACTOR_MAX), primary_key=True),
    Column("role", String(10), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(ACTOR_MAX), nullable=True),
)
#: Failed sign-ins in a row of one account from one client address, and its lock (if any).
signin_locks = Table(
    "signin_locks",
    metadata,
    Column("name", String(ACTOR_MAX), primary_key=True),
    Column("address", String(ADDRESS_MAX), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("last_at", UTCDateTime, nullable=False),
)
#: Server-side sessions of the local sign-in (store.sessions): the SHA-256 of the random id the
#: signed cookie carries (never the id), its account, and when it began, was last seen, ends
#: when idle (``idle_until``, moved on while in use), ends at the latest and was revoked.
signin_sessions = Table(
    "signin_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("account", String(ACTOR_MAX), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("idle_until", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)
#: Secrets the app generated once and keeps (the sign-in cookie's signing key).
app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
#: One row per write: who, when, what, on what, the ids before and after.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(ACTOR_MAX), nullable=False),
    Column("role", String(10), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target_kind", String(20), nullable=False),
    Column("target", String(ACTOR_MAX), nullable=False),
    Column("before", String(80), nullable=True),
    Column("after", String(80), nullable=True),
)
