"""Version 6: server-side sessions of the local sign-in (``signin_sessions``: the hash of a
random id, never the id itself; its account; when it began, was last seen, ends when idle,
ends at the latest, and was revoked) and the app's generated secrets (``app_secrets``: the
key that signs the sign-in cookie, when no ``SESSION_SECRET`` is set).

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "signin_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("account", sa.String(200), nullable=False, index=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("idle_until", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS),
    )
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_secrets")
    op.drop_table("signin_sessions")
