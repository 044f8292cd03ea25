"""`GET /api/health`: a real round trip to the database, and the schema version the API was
built with (the page compares its own with it).

The round trip's answer is reused for `HEALTH_CACHE_S` seconds (5 by default) per container,
so calling health in a loop costs the database at most one `SELECT 1` per container per
window; the gateway's throttling bounds the containers (docs/operations.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import get_engine
from jobtrack.platform.errors import DatabaseNotConfigured
from jobtrack.schema_version import SCHEMA_VERSION

router = APIRouter(prefix="/api", tags=["service"], route_class=BlockingRoute)


def _ping() -> bool:
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, DatabaseNotConfigured):
        return False
    return True


class DatabaseCheck:
    """The database's last answer, reused for `ttl_s` seconds (0: ask every time)."""

    def __init__(self, ttl_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()  # concurrent callers (uvicorn) wait for one check
        self._checked_at: float | None = None
        self._reachable = False

    def reachable(self) -> bool:
        with self._lock:
            if self._checked_at is None or self._clock() - self._checked_at >= self._ttl_s:
                self._reachable = _ping()
                self._checked_at = self._clock()
            return self._reachable


def _database_check(request: Request) -> DatabaseCheck:
    """The app's check, made on first use (one per app, so one per container)."""
    state = request.app.state
    check: DatabaseCheck | None = getattr(state, "database_check", None)
    if check is None:
        check = state.database_check = DatabaseCheck(state.settings.health_cache_s)
    return check


class Health(BaseModel):
    status: str
    database: str
    schema_version: str = Field(
        description="The version of the page's tracking schema this API was built with."
    )


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database is unavailable."}},
)
def health(request: Request) -> Health | JSONResponse:
    """Liveness and database reachability (checked at most every few seconds)."""
    if not _database_check(request).reachable():
        body = Health(status="degraded", database="unavailable", schema_version=SCHEMA_VERSION)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database="ok", schema_version=SCHEMA_VERSION)
