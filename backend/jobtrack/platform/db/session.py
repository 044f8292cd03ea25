"""Engine, session dependency and declarative base.

The engine is built on first use, never at import, so importing the Lambda handler
connects to nothing.

The transaction rule: each request is one unit of work. Services only flush; the request's
session (`SessionDep`) commits once when the route returns and rolls back when it raises.
Work that must follow the commit (deleting an object the database no longer references) is
registered with `after_commit`; cleanup for a transaction that does not commit, with
`after_rollback`. See docs/decisions/ for why.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine, MetaData, create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from jobtrack.platform.blocking import run_blocking
from jobtrack.platform.db import connect as db_connect
from jobtrack.platform.db import connection_check
from jobtrack.platform.errors import DatabaseNotConfigured
from jobtrack.platform.settings import Settings, get_settings

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
    """An engine tuned for short requests: liveness checks, recycling, server-side timeouts.

    The timeouts make sure a request killed mid-transaction cannot hold a job's row lock
    for long (idle_in_transaction_session_timeout) and no statement runs away.
    """
    database_url = url or db_connect.engine_url(settings)
    if not database_url:
        raise DatabaseNotConfigured()
    db_connect.require_verified_tls(settings, database_url)
    engine = create_engine(
        database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        # No pool_pre_ping (a round trip per request): connection_check.install checks a connection
        # only when its socket says the server closed it or it sat idle long enough to be.
        # Errors and logs never carry bound values (user ids, notes).
        hide_parameters=True,
        pool_recycle=settings.db_pool_recycle_s,
        pool_timeout=settings.db_connect_timeout_s,
        # Timeouts (startup options, role or SET LOCAL), TLS, and credentials read from
        # Secrets Manager per new connection: jobtrack.platform.db.connect.
        connect_args=db_connect.connect_args(settings, database_url),
    )
    db_connect.attach(engine, settings)
    return connection_check.install(engine)


class EngineHolder:
    """The process's engine and its sessionmaker, built on first use by `get_engine`. Tests put
    their own engine here (tests/hooks.py)."""

    engine: Engine | None = None
    sessionmaker: sessionmaker[Session] | None = None


holder = EngineHolder()


def get_engine() -> Engine:
    if holder.engine is None:
        holder.engine = build_engine(get_settings())
        holder.sessionmaker = sessionmaker(holder.engine, expire_on_commit=False)
    return holder.engine


def get_sessionmaker() -> sessionmaker[Session]:
    get_engine()
    assert holder.sessionmaker is not None
    return holder.sessionmaker


def discard_pooled_connections() -> None:
    """Forget pooled connections without closing them (they belong to a snapshot or a parent),
    and the cached database secret (a snapshot can be older than the last rotation)."""
    if holder.engine is not None:
        holder.engine.dispose(close=False)
    db_connect.forget_credentials()


# ---- the unit of work ---------------------------------------------------------------------

_AFTER_COMMIT = "jobtrack.after_commit"
_AFTER_ROLLBACK = "jobtrack.after_rollback"

Action = Callable[[], None]


def after_commit(db_session: Session, action: Action) -> None:
    """Run `action` once this request's transaction has committed (never if it does not)."""
    db_session.info.setdefault(_AFTER_COMMIT, []).append(action)


def after_rollback(db_session: Session, action: Action) -> None:
    """Run `action` if this request's transaction does not commit (the route raised, or the
    commit itself failed): cleanup for what was done outside the database."""
    db_session.info.setdefault(_AFTER_ROLLBACK, []).append(action)


async def _run_actions(db_session: Session, name: str) -> None:
    # Actions may do network I/O (S3), so they run in a worker thread; each one logs its own
    # failures (ObjectStore.discard), so one cannot stop the next.
    actions: list[Action] = db_session.info.pop(name, [])
    db_session.info.pop(_AFTER_COMMIT if name == _AFTER_ROLLBACK else _AFTER_ROLLBACK, None)
    for action in actions:
        await run_in_threadpool(action)


async def _close(session: Session) -> None:
    """Close the session; only one still inside a transaction does I/O (a ROLLBACK)."""
    try:
        if session.in_transaction():
            await run_blocking(session.close)
        else:
            session.close()
    except SQLAlchemyError:
        # The connection died (terminated, or the database went away): PostgreSQL has dropped
        # its transaction already. Discard the connection; the request's outcome is decided.
        session.invalidate()


@asynccontextmanager
async def unit_of_work(session: Session) -> AsyncIterator[Session]:
    """One request's transaction: commit once when the body returns, roll back when it raises.

    A failed commit raises (the error handlers answer 503 for a database that went away), so a
    response never claims a write that did not happen.
    """
    try:
        yield session
        if session.in_transaction():
            await run_blocking(session.commit)
    except BaseException:
        await _close(session)
        await _run_actions(session, _AFTER_ROLLBACK)
        raise
    await _close(session)
    await _run_actions(session, _AFTER_COMMIT)


async def get_session() -> AsyncIterator[Session]:
    """The request's session, as its unit of work (`unit_of_work`).

    Async so that opening it costs no threadpool hop; it ends when the route's response is
    built and before it is sent (scope "function"), so the commit decides the status code.
    """
    async with unit_of_work(get_sessionmaker()()) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
