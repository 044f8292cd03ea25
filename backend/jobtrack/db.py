"""Engine, session dependency and declarative base.

The engine is built on first use, never at import, so importing the Lambda handler
connects to nothing. Each request is one transaction: services commit explicitly,
and closing the session rolls back anything left uncommitted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine, MetaData, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from jobtrack.errors import DatabaseNotConfigured
from jobtrack.settings import Settings, get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def build_engine(settings: Settings, *, url: str | None = None) -> Engine:
    """An engine tuned for short requests: pre-ping, recycling, and server-side timeouts.

    The timeouts make sure a request killed mid-transaction cannot hold a job's row lock
    for long (idle_in_transaction_session_timeout) and no statement runs away.
    """
    database_url = url or settings.database_url
    if not database_url:
        raise DatabaseNotConfigured()
    options = " ".join(
        [
            f"-c statement_timeout={settings.db_statement_timeout_ms}",
            f"-c idle_in_transaction_session_timeout={settings.db_idle_in_transaction_timeout_ms}",
            f"-c lock_timeout={settings.db_lock_timeout_ms}",
        ]
    )
    return create_engine(
        database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=True,
        pool_recycle=settings.db_pool_recycle_s,
        pool_timeout=settings.db_connect_timeout_s,
        connect_args={
            "connect_timeout": settings.db_connect_timeout_s,
            "options": options,
            "application_name": "jobtrack",
        },
    )


class _EngineHolder:
    engine: Engine | None = None
    sessionmaker: sessionmaker[Session] | None = None


_holder = _EngineHolder()


def get_engine() -> Engine:
    if _holder.engine is None:
        _holder.engine = build_engine(get_settings())
        _holder.sessionmaker = sessionmaker(_holder.engine, expire_on_commit=False)
    return _holder.engine


def get_sessionmaker() -> sessionmaker[Session]:
    get_engine()
    assert _holder.sessionmaker is not None
    return _holder.sessionmaker


def set_engine(engine: Engine | None) -> None:
    """Replace the process engine (tests; the SnapStart after-restore hook passes None)."""
    if _holder.engine is not None and _holder.engine is not engine:
        _holder.engine.dispose(close=False)
    _holder.engine = engine
    _holder.sessionmaker = (
        sessionmaker(engine, expire_on_commit=False) if engine is not None else None
    )


def discard_pooled_connections() -> None:
    """Forget pooled connections without closing them (they belong to a snapshot or a parent)."""
    if _holder.engine is not None:
        _holder.engine.dispose(close=False)


async def get_session() -> AsyncIterator[Session]:
    """A session per request. Services commit explicitly; anything uncommitted is rolled back.

    Async so that opening it (no I/O) and closing it after a commit (no I/O either: psycopg2
    sends nothing to roll back outside a transaction) cost no threadpool hop; only a session
    left inside a transaction (a read) is closed in a worker thread, since that is a ROLLBACK.
    """
    session = get_sessionmaker()()
    try:
        yield session
    finally:
        try:
            if session.in_transaction():
                await run_in_threadpool(session.close)
            else:
                session.close()
        except SQLAlchemyError:
            # The connection died after the request's work was done (terminated, or the
            # database went away): PostgreSQL has dropped its transaction already. Discard the
            # connection rather than fail a response that is decided and may be half sent.
            session.invalidate()


SessionDep = Annotated[Session, Depends(get_session)]
