"""Calendar requests and responses (Pydantic only), and the rule for a time zone name."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    field_serializer,
)
from pydantic_core import PydanticCustomError

from jobtrack.calendar.models import TIMEZONE_MAX_CHARS
from jobtrack.tracking.schemas import StrictModel, hh_mm
from jobtrack.tracking.stages import EventType, Stage

ItemKind = Literal["event", "offer_deadline", "start_date"]


# Names zoneinfo can load that are no place's time: the machine's own zone, and tzdata's
# placeholder for "not set".
_NOT_PLACES = frozenset({"localtime", "Factory"})


@functools.cache
def timezone_names() -> frozenset[str]:
    """The IANA names zoneinfo knows (the pinned tzdata package, plus the system's)."""
    return frozenset(zoneinfo.available_timezones()) - _NOT_PLACES


def check_timezone(name: str) -> str:
    if name not in timezone_names():
        raise PydanticCustomError(
            "timezone",
            "timezone must be an IANA time zone name, such as Europe/Berlin or UTC",
        )
    return name


TimeZoneName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TIMEZONE_MAX_CHARS),
    AfterValidator(check_timezone),
]


class CalendarItemRead(BaseModel):
    kind: ItemKind = Field(
        description="`event`: the event itself; `offer_deadline`: an offer's decision deadline; "
        "`start_date`: an accepted offer's start date."
    )
    date: dt.date
    time: dt.time | None = Field(description="`HH:MM` for a timed event; null otherwise.")
    job_id: int
    company: str
    title: str
    stage: Stage = Field(description="The job's current stage.")
    event_id: int = Field(description="The event the item comes from.")
    event_type: EventType
    label: str = Field(
        description="`Interview round N` for interviews, `Offer deadline`, `Start date`, "
        "otherwise the stage's label."
    )
    location: str | None

    @field_serializer("time")
    def _hh_mm(self, value: dt.time | None) -> str | None:
        return hh_mm(value)


class CalendarRead(BaseModel):
    items: list[CalendarItemRead]


FeedSteps = Literal["all", "appointments"]
_STEPS_DESCRIPTION = (
    "`all`: every item; `appointments`: screenings, interviews, reference checks, offer "
    "deadlines, start dates and apply-by dates only (no applied, offer, rejected... steps)."
)


class FeedCreate(StrictModel):
    timezone: TimeZoneName = Field(
        description="The IANA time zone the feed writes event times in, such as Europe/Berlin."
    )
    steps: FeedSteps = Field("all", description=_STEPS_DESCRIPTION)


class FeedCreated(BaseModel):
    url: str = Field(
        description="The feed's address. Shown only now: the server keeps only a hash of it."
    )
    timezone: str
    steps: FeedSteps = Field(description=_STEPS_DESCRIPTION)
    created_at: dt.datetime


class FeedStatus(BaseModel):
    active: bool
    timezone: str | None = Field(None, description="Present when the feed is active.")
    steps: FeedSteps | None = Field(
        None, description=f"Present when the feed is active. {_STEPS_DESCRIPTION}"
    )
    created_at: dt.datetime | None = Field(None, description="Present when the feed is active.")
