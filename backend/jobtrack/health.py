"""`GET /api/health`: a real round trip to the database, and the schema version the API was
built with (the page compares its own with it)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from jobtrack.db import get_engine
from jobtrack.errors import DatabaseNotConfigured
from jobtrack.schema_version import SCHEMA_VERSION

router = APIRouter(prefix="/api", tags=["service"])


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
def health() -> Health | JSONResponse:
    """Liveness and database reachability."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, DatabaseNotConfigured):
        body = Health(status="degraded", database="unavailable", schema_version=SCHEMA_VERSION)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database="ok", schema_version=SCHEMA_VERSION)
