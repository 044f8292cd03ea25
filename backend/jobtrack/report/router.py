"""Activity report route: the caller's applications in a date range, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.calendar.dependencies import CalendarRange
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.responses import errors
from jobtrack.report.schemas import ReportRead

router = APIRouter(prefix="/api/report", tags=["report"], route_class=BlockingRoute)


@router.get(
    "",
    response_model=ReportRead,
    responses={
        **errors(401),
        200: {
            "description": "The report, or with `format=csv` one row per application.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
    },
)
def get_report(
    db_session: SessionDep,
    user_id: CurrentUser,
    dates: CalendarRange,
    format_: Annotated[
        Literal["json", "csv"],
        Query(alias="format", description="`json` or `csv` (a file to download)."),
    ] = "json",
) -> Response | ReportRead:
    """The applications made from `from` to `to` (both included, at most 366 days apart): one
    row per job whose first applied event is dated in the range, for a job centre."""
    from jobtrack.report import rows, service  # loaded on first use: not a cold start's cost

    found = service.report_rows(
        db_session=db_session, user_id=user_id, start=dates.start, end=dates.end
    )
    if format_ == "csv":
        name = f"track-report-{dates.start.isoformat()}-to-{dates.end.isoformat()}.csv"
        return Response(
            rows.csv_text(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return ReportRead(from_=dates.start, to=dates.end, rows=found)
