"""One migration at a time per database: a deploy's migrate, a retried one, a manual
`make migrate-remote` and a laptop's `alembic upgrade` queue on one session-level
PostgreSQL advisory lock instead of racing (backend/alembic/env.py takes it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

# Fixed and arbitrary (b"TrackMig" as a big-endian int64); nothing else takes it.
MIGRATION_LOCK_KEY = 0x547261636B4D6967


@contextmanager
def migration_lock(connection: Connection) -> Iterator[None]:
    """Hold the lock on this connection's session, waiting for any other holder.

    A session lock survives the migrations' own commits; it is re-entrant, so a caller that
    holds it may run Alembic, whose env.py takes it again on the same connection. Closing
    the connection (or the process dying) releases it too.
    """
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    connection.commit()  # Alembic must begin its own transactions after this one
    try:
        yield
    finally:
        connection.rollback()  # a failed migration leaves its transaction aborted
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()
