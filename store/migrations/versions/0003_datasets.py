"""Version 3: stored datasets and history files, and the data id a scenario was saved
against (existing rows: unknown).

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scenarios", sa.Column("data_id", sa.String(40), nullable=True))
    op.execute(
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
