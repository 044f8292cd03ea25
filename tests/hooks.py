"""Test-only hooks into process state the app keeps for itself: the engine, the remembered token
checks, where blocking work runs. Product code never calls these;
tests (and the benches, which import this module) do."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from jobtrack.auth import tokens
from jobtrack.platform import blocking
from jobtrack.platform.db import session as db


def use_engine(engine: Engine | None) -> None:
    """Make `engine` the process's engine (None: build one from the settings on next use); the
    engine it replaces forgets its pooled connections without closing them."""
    holder = db.holder
    if holder.engine is not None and holder.engine is not engine:
        holder.engine.dispose(close=False)
    holder.engine = engine
    holder.sessionmaker = (
        sessionmaker(engine, expire_on_commit=False) if engine is not None else None
    )


def forget_verified_tokens() -> None:
    """Drop every remembered token verification."""
    with tokens.VERIFIED_LOCK:
        tokens.VERIFIED.clear()


def runs_inline() -> bool:
    """True while blocking work runs inline (inside `blocking.one_request_at_a_time()`)."""
    return blocking.INLINE.get()
