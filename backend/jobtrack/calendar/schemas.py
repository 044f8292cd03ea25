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

ItemKind = Literal["event", "offer_deadline", "start_date", "apply_by"]


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
        "`start_date`: an accepted offer's start date; `apply_by`: the date a saved job's "
        "posting closes (`posting.valid_through`), while the job is at `saved`."
    )
    date: dt.date
    time: dt.time | None = Field(description="`HH:MM` for a timed event; null otherwise.")
    job_id: int
    company: str
    title: str
    stage: Stage = Field(description="The job's current stage.")
    event_id: int | None = Field(
        description="The event the item comes from; null for `apply_by` (from the posting)."
    )
    event_type: EventType | None = Field(description="Its event's type; null for `apply_by`.")
    label: str = Field(
        description="`Interview round N` for interviews, `Offer deadline`, `Start date`, "
        "`Apply by`, otherwise the stage's label."
    )
    location: str | None

    @field_serializer("time")
    def _hh_mm(self, value: dt.time | None) -> str | None:
        return hh_mm(value)


# The calendar and upcoming read at most this many events of a range, the earliest; the feed
# as many, those nearest its day. Each event gives one or two items (an offer's deadline, a
# start date): well under Lambda's 6 MB response limit at any quota.
MAX_EVENTS = 2000


class CalendarRead(BaseModel):
    items: list[CalendarItemRead]
    truncated: bool = Field(
        description=f"true when the range held more than {MAX_EVENTS:,} events: the items are "
        f"those of the {MAX_EVENTS:,} dated earliest (with their deadlines and start dates); ask again from a "
        "later `from` for the rest. false otherwise."
    )


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
