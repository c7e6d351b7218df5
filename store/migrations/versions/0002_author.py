"""Version 2: the author of a scenario (existing rows keep theirs empty).

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scenarios", sa.Column("author", sa.String(60), nullable=True))
