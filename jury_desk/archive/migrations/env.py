"""Alembic's entry point for the archive: always given a connection by ``archive.db``.

The connection is already in a transaction that holds the migration lock (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so two secretaries opening an old
archive at once migrate it once.
"""

from __future__ import annotations

from alembic import context

from jury_desk.archive.models import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
    transaction_per_migration=False,
)
context.run_migrations()
