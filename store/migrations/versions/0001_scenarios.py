"""Version 1: saved scenarios (the schema of the first store, kept exactly).

Revision ID: 0001
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    key = (
        "SERIAL PRIMARY KEY"
        if op.get_bind().dialect.name == "postgresql"
        else "INTEGER PRIMARY KEY"
    )
    op.execute(
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
