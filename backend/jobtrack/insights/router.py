"""Insights route: counts and follow-ups over the caller's jobs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.insights.schemas import InsightsRead
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.responses import errors
from jobtrack.tracking.schemas import QueryDate

router = APIRouter(prefix="/api/insights", tags=["insights"], route_class=BlockingRoute)

DEFAULT_STALE_DAYS = 14


@router.get("", response_model=InsightsRead, responses=errors(401))
def get_insights(
    db_session: SessionDep,
    user_id: CurrentUser,
    today: Annotated[
        QueryDate | None,
        Query(description="The caller's today (YYYY-MM-DD); defaults to the UTC date."),
    ] = None,
    stale_days: Annotated[
        int,
        Query(ge=1, le=365, description="A job needs a follow-up after this many quiet days."),
    ] = DEFAULT_STALE_DAYS,
) -> InsightsRead:
    """Stage counts, the funnel, response rate and time, sources, and jobs to follow up."""
    from jobtrack.insights import service  # loaded on first use: not a cold start's cost

    return service.get_insights(
        db_session=db_session,
        user_id=user_id,
        today=today or dt.datetime.now(dt.UTC).date(),
        stale_days=stale_days,
    )
