"""Alembic environment: always run programmatically by :func:`store.migrate.upgrade`, on the
connection (and transaction) it passes in ``config.attributes["connection"]``."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
