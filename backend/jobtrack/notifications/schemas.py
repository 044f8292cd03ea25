"""Notification requests and responses (Pydantic only): the settings, the digest, the dev run."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_serializer,
)
from pydantic_core import PydanticCustomError

from jobtrack.calendar.schemas import TimeZoneName
from jobtrack.notifications.models import EMAIL_MAX_CHARS
from jobtrack.tracking.schemas import StrictModel, hh_mm

DEFAULT_HOUR = 7
DEFAULT_TIMEZONE = "UTC"
DEFAULT_FOLLOW_UP_DAYS = 14
FOLLOW_UP_DAYS_MIN, FOLLOW_UP_DAYS_MAX = 3, 60
NO_EMAIL_MESSAGE = "digest needs an email address to send to"

# One address as a mail header carries it: a local part and a domain with a dot, and nothing
# that could end a header or start another address (whitespace, brackets, commas, quotes).
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]\\]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def _check_email(value: str) -> str:
    if _EMAIL.fullmatch(value) is None:
        raise PydanticCustomError("email", "email must be an address such as name@example.com")
    return value


Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=EMAIL_MAX_CHARS),
    AfterValidator(_check_email),
]

PausedReason = Literal["unsubscribed", "bounce", "complaint"]


class NotificationSettingsIn(StrictModel):
    """The whole settings object (a PUT replaces it)."""

    email: Email | None = Field(description="Where the digest goes; null for none.")
    digest: StrictBool = Field(description="Whether the morning digest is sent.")
    digest_hour: Annotated[StrictInt, Field(ge=0, le=23)] = Field(
        description="The local hour (0..23) the digest is sent in."
    )
    timezone: TimeZoneName = Field(description="The IANA time zone of `digest_hour` and dates.")
    follow_up_days: Annotated[StrictInt, Field(ge=FOLLOW_UP_DAYS_MIN, le=FOLLOW_UP_DAYS_MAX)] = (
        Field(description="Days of silence after which a job is listed to follow up.")
    )


class NotificationSettings(BaseModel):
    email: str | None
    digest: bool
    digest_hour: int
    timezone: str
    follow_up_days: int
    digest_paused_reason: PausedReason | None = Field(
        None,
        description="Read only: why the digest was turned off other than by these settings "
        "(`unsubscribed`: the mail's link; `bounce` or `complaint`: the address refused "
        "mail); null otherwise. Turning the digest on again clears it.",
    )


DEFAULT_SETTINGS = NotificationSettings(
    email=None,
    digest=False,
    digest_hour=DEFAULT_HOUR,
    timezone=DEFAULT_TIMEZONE,
    follow_up_days=DEFAULT_FOLLOW_UP_DAYS,
)

SectionKind = Literal["today", "next_days", "follow_up"]


class DigestItem(BaseModel):
    job_id: int
    company: str
    title: str
    label: str = Field(
        description="The calendar item's label, or `No reply for N days` for a follow-up."
    )
    date: dt.date = Field(description="The item's date; a follow-up's latest event's date.")
    time: dt.time | None = Field(description="`HH:MM` for a timed event; null otherwise.")
    location: str | None

    @field_serializer("time")
    def _hh_mm(self, value: dt.time | None) -> str | None:
        return hh_mm(value)


class DigestSection(BaseModel):
    kind: SectionKind = Field(
        description="`today`: that day's items; `next_days`: the three days after; "
        "`follow_up`: jobs gone quiet."
    )
    items: list[DigestItem]


class Digest(BaseModel):
    date: dt.date = Field(description="The local date the digest is for.")
    subject: str
    sections: list[DigestSection] = Field(
        description="`today`, `next_days`, `follow_up`, in this order; an empty one is left out."
    )


def _iso_text_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("an ISO-8601 date-time with an offset, as text")
    return value


class DevRunIn(StrictModel):
    now: Annotated[AwareDatetime, BeforeValidator(_iso_text_only)] = Field(
        description="The instant to run the sender as of (with offset)."
    )


class SentMail(BaseModel):
    to: str
    subject: str


class DevRunResult(BaseModel):
    sent: list[SentMail]
