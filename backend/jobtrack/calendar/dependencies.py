"""The date ranges the calendar routes take, checked before the route runs (no I/O: async)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from jobtrack.platform.errors import FieldError
from jobtrack.tracking.schemas import QueryDate

MAX_RANGE_DAYS = 366
MAX_UPCOMING_DAYS = 90
DEFAULT_UPCOMING_DAYS = 14


@dataclass(frozen=True)
class DateRange:
    """Both ends included."""

    start: dt.date
    end: dt.date


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


async def calendar_range(
    from_: Annotated[QueryDate, Query(alias="from", description="First day, included.")],
    to: Annotated[
        QueryDate,
        Query(description=f"Last day, included; at most {MAX_RANGE_DAYS} days after `from`."),
    ],
) -> DateRange:
    if to < from_:
        raise FieldError(("query", "to"), "to must be on or after from")
    if (to - from_).days > MAX_RANGE_DAYS:
        raise FieldError(
            ("query", "to"), f"to must be at most {MAX_RANGE_DAYS} days after from; ask in parts"
        )
    return DateRange(from_, to)


async def upcoming_range(
    from_: Annotated[
        QueryDate | None,
        Query(alias="from", description="First day, included; default today (UTC)."),
    ] = None,
    days: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_UPCOMING_DAYS,
            description="How many days from `from` (so `from + days` is excluded).",
        ),
    ] = DEFAULT_UPCOMING_DAYS,
) -> DateRange:
    start = from_ or utc_today()
    # Up to the last date there is (9999-12-31).
    return DateRange(start, start + dt.timedelta(days=min(days - 1, (dt.date.max - start).days)))


CalendarRange = Annotated[DateRange, Depends(calendar_range)]
UpcomingRange = Annotated[DateRange, Depends(upcoming_range)]
