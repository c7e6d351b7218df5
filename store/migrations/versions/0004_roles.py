"""Version 4: accounts and roles, the audit trail, scenario versions, soft-deleted datasets
and the default's history. Existing scenarios get their state as version 1; an existing
default becomes the first row of the default's history.

Revision ID: 0004
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.Integer, nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("vintage", sa.String(40), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("data_id", sa.String(40)),
        sa.Column("deleted", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200)),
        sa.Column("at", TS, nullable=False),
        sa.UniqueConstraint("scenario_id", "version", name="uq_scenario_version"),
    )
    op.create_table(
        "default_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("data_id", sa.String(40)),
        sa.Column("actor", sa.String(200)),
        sa.Column("at", TS, nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(200)),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target_kind", sa.String(20), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("before", sa.String(80)),
        sa.Column("after", sa.String(80)),
    )
    op.add_column("datasets", sa.Column("created_by", sa.String(200), nullable=True))
    op.add_column("datasets", sa.Column("deleted_at", TS, nullable=True))
    conn = op.get_bind()
    now = datetime.now(UTC)
    conn.execute(
        sa.text(
            "INSERT INTO scenario_versions (scenario_id, version, name, query, vintage, note,"
            " data_id, deleted, action, actor, at)"
            " SELECT id, 1, name, query, vintage, note, data_id,"
            " CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, 'migrated', author, updated_at"
            " FROM scenarios"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO default_history (kind, data_id, actor, at)"
            " SELECT kind, id, NULL, :now FROM datasets WHERE is_default = 1"
        ),
        {"now": now},
    )
