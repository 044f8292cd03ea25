"""Alembic environment: the URL comes from DATABASE_URL (via Settings), never from alembic.ini."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text

from jobtrack.calendar import models as calendar_models  # noqa: F401  (tables)
from jobtrack.idempotency import models as idempotency_models  # noqa: F401  (tables)
from jobtrack.limits import models as limits_models  # noqa: F401  (tables)
from jobtrack.notifications import models as notifications_models  # noqa: F401  (tables)
from jobtrack.platform.aws import deletions as deletion_models  # noqa: F401  (tables)
from jobtrack.platform.db.connect import owner_engine
from jobtrack.platform.db.migration_lock import migration_lock
from jobtrack.platform.db.session import Base
from jobtrack.platform.settings import Settings
from jobtrack.tracking import models  # noqa: F401  (registers the tables)

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or Settings().database_url
    if not url:
        raise SystemExit("DATABASE_URL is not set: point it at the PostgreSQL to migrate.")
    return str(url)


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        with migration_lock(connectable):  # re-entrant: the caller may hold it already
            _run(connectable)
        return
    engine = owner_engine(Settings(), _url())
    with engine.connect() as connection, migration_lock(connection):
        _run(connection)


# How long a migration's DDL waits for a table's lock before failing (and the deploy with
# it): a waiting ALTER TABLE queues every later query of that table behind it, so it must not
# wait for long behind a slow transaction. Set for the session, so every migration has it.
DDL_LOCK_TIMEOUT = "5s"


def _run(connection: Connection) -> None:
    connection.execute(text(f"SET lock_timeout = '{DDL_LOCK_TIMEOUT}'"))
    connection.commit()
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
