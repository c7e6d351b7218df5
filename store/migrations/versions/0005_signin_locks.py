"""Version 5: failed sign-ins counted per account AND client address (``signin_locks``), so
that a stranger's failures lock only the stranger's address out, never the owner. The old
per-account counters (``accounts.failures``/``locked_until``) are cleared, not carried over.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "signin_locks",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", TS),
        sa.Column("last_at", TS, nullable=False),
    )
    op.execute(sa.text("UPDATE accounts SET failures = 0, locked_until = NULL"))


def downgrade() -> None:
    op.drop_table("signin_locks")
