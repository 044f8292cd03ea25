"""Notification requests and responses (Pydantic only): the settings, the digest, the dev run."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

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
    push: StrictBool | None = Field(
        None,
        description="Whether the digest's one-line summary is also pushed to the browsers "
        "subscribed (`/api/notifications/push/subscriptions`); left out: unchanged.",
    )


class NotificationSettings(BaseModel):
    email: str | None
    digest: bool
    digest_hour: int
    timezone: str
    follow_up_days: int
    push: bool = Field(
        description="Whether the digest's one-line summary is also pushed to the subscribed "
        "browsers, at the digest's hour."
    )
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
    push=False,
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


# ---- Web Push ---------------------------------------------------------------------------------

ENDPOINT_MAX_CHARS = 2_000
P256DH_BYTES = 65  # an uncompressed P-256 point (RFC 8291)
AUTH_BYTES = 16  # the browser's authentication secret (RFC 8291)
_B64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def _b64url_key(size: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        raw = None
        if _B64URL.fullmatch(value):
            try:
                raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            except ValueError:
                raw = None
        if raw is None or len(raw) != size or (size == P256DH_BYTES and raw[0] != 4):
            raise PydanticCustomError("push_key", f"{what} must be {size} bytes, base64url")
        return value.rstrip("=")

    return AfterValidator(check)


def _https_endpoint(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise PydanticCustomError("push_endpoint", "endpoint must be an https URL")
    return value


Endpoint = Annotated[
    str,
    StringConstraints(min_length=9, max_length=ENDPOINT_MAX_CHARS),
    AfterValidator(_https_endpoint),
]


class PushKeys(StrictModel):
    p256dh: Annotated[
        str, StringConstraints(max_length=100), _b64url_key(P256DH_BYTES, "p256dh")
    ] = Field(description="The browser's P-256 public key (65 bytes, base64url).")
    auth: Annotated[str, StringConstraints(max_length=30), _b64url_key(AUTH_BYTES, "auth")] = Field(
        description="The browser's authentication secret (16 bytes, base64url)."
    )


class PushSubscriptionIn(StrictModel):
    """A browser's `PushSubscription` as its `toJSON()` gives it."""

    endpoint: Endpoint = Field(description="The push service's URL for this browser (https).")
    expirationTime: StrictInt | None = Field(
        None, description="Ignored (the browser's own field); the push service decides."
    )
    keys: PushKeys


class PushEndpointIn(StrictModel):
    endpoint: Endpoint


class PushSubscriptionRead(BaseModel):
    endpoint: str
    created_at: dt.datetime


class PushKey(BaseModel):
    public_key: str = Field(
        description="The server's VAPID public key: the browser's `applicationServerKey` "
        "(an uncompressed P-256 point, base64url)."
    )
