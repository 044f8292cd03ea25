"""iCalendar (RFC 5545) files from calendar items, written by the icalendar library.

What goes into a VEVENT is decided here, once, for both writers: this module's (the library's
objects, used for one event's file and as the reference) and `ics_fast` (the feed, thousands
of items). Only the job's company, title and URL, the item's label, date, time and the
event's location are written: never note content (amounts, referrers, reasons, free notes),
because a feed URL leaks easily.

icalendar is imported inside the functions that use it, never at module level: the Lambda
cold start does not pay for it (tests/integration/test_cold_import.py).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from jobtrack.calendar.read import CalendarItem
from jobtrack.tracking.stages import ENDED_STAGES

if TYPE_CHECKING:
    from icalendar import Calendar, Event, Timezone

PRODID = "-//Track//Track calendar//EN"
CALENDAR_NAME = "Track"
UID_DOMAIN = "track.jobtrack"
# How often a subscribed client should fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=1)
TIMED_LENGTH = dt.timedelta(hours=1)
UNTIMED_LENGTH = dt.timedelta(days=1)
# The feed's window, around today.
FEED_DAYS_BEFORE = 180
FEED_DAYS_AFTER = 365

# RFC 5545 allows no control character in TEXT but tab; line breaks are escaped as \n.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The range a VTIMEZONE can be worked out for (the library looks 64 days past its end).
_ZONE_SPAN_LIMIT = (dt.date(1, 1, 2), dt.date(9999, 9, 1))


# ---- what a VEVENT says ------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Text a strict parser accepts: control characters other than tab and line breaks go."""
    return _CONTROL.sub("", value)


def uid(item: CalendarItem) -> str:
    """Stable across fetches and distinct per item: the kind and the event it comes from (the
    job, for an apply-by date, which is one per job)."""
    kind = item.kind.replace("_", "-")
    source = item.job_id if item.event_id is None else item.event_id
    return f"{kind}-{source}@{UID_DOMAIN}"


def summary(item: CalendarItem) -> str:
    return clean_text(f"{item.label} · {item.company}")


def description(item: CalendarItem) -> str:
    """The job's title and its posting URL."""
    lines = [item.title, item.job_url] if item.job_url else [item.title]
    return clean_text("\n".join(lines))


def location(item: CalendarItem) -> str | None:
    return clean_text(item.location) if item.location else None


def is_cancelled(item: CalendarItem, today: dt.date) -> bool:
    """Still ahead, but the job was rejected or declined since."""
    return item.stage in ENDED_STAGES and item.date >= today


def stamp(item: CalendarItem) -> dt.datetime:
    """DTSTAMP: when the item's event or job last changed (so an unchanged feed keeps its bytes)."""
    return item.revised_at.astimezone(dt.UTC).replace(microsecond=0)


def feed_window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=FEED_DAYS_BEFORE), today + dt.timedelta(days=FEED_DAYS_AFTER)


def zone_span(dates: Iterable[dt.date]) -> tuple[dt.date, dt.date]:
    """The dates a VTIMEZONE must cover for items on `dates` (a day either side)."""
    days = list(dates)
    low, high = _ZONE_SPAN_LIMIT
    first = min(max(min(days), low), high) - dt.timedelta(days=1)
    last = max(min(max(days), high), low) + dt.timedelta(days=1)
    return first, last


def filename(item: CalendarItem) -> str:
    """A safe ASCII file name: `acme-interview-round-2-2026-02-03.ics`."""

    def slug(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")

    parts = [part for part in (slug(item.company), slug(item.label)) if part]
    return "-".join([*parts, item.date.isoformat()]) + ".ics"


# ---- the library's writer ------------------------------------------------------------------


def calendar_head(*, zone: str, feed: bool, span: tuple[dt.date, dt.date] | None) -> Calendar:
    """The VCALENDAR's properties, and the zone's VTIMEZONE over `span` when given.

    A feed is named and tells clients how often to refresh; a one-event file is a PUBLISH.
    """
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    if feed:
        calendar.add("x-wr-calname", CALENDAR_NAME)
        calendar.add("x-wr-timezone", zone)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    else:
        calendar.add("method", "PUBLISH")
    if span is not None:
        first, last = span
        timezone = Timezone.from_tzinfo(ZoneInfo(zone), tzid=zone, first_date=first, last_date=last)
        calendar.add_component(one_onset_per_observance(timezone))
    return calendar


def one_onset_per_observance(timezone: Timezone) -> Timezone:
    """The same VTIMEZONE with each onset in an observance of its own, none with RDATE.

    The library lists a zone's later changes as RDATEs of one observance; ical.js (so
    Thunderbird) and libical then skip that observance's own DTSTART, and read a summer's
    times an hour off (tests/unit/test_ics.py shows it). One DTSTART per observance is read
    alike by every parser.
    """
    observances = []
    for observance in timezone.subcomponents:
        rdates = observance.pop("RDATE", None)
        observances.append(observance)
        for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            for onset in rdate.dts:
                copy = type(observance)()
                for name in observance:
                    if name != "DTSTART":
                        copy[name] = observance[name]
                copy.add("dtstart", onset.dt)
                observances.append(copy)
    observances.sort(key=lambda observance: observance.decoded("DTSTART"))
    timezone.subcomponents = observances
    return timezone


def event_component(item: CalendarItem, *, tz: ZoneInfo, today: dt.date) -> Event:
    """One item as a VEVENT: timed items last an hour in the feed's zone, others a day."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid(item))
    event.add("dtstamp", stamp(item))
    if item.time is not None:
        # The event's time is a wall time in the calendar's zone.
        event.add("dtstart", dt.datetime.combine(item.date, item.time, tzinfo=tz))
        event.add("duration", TIMED_LENGTH)
    else:
        event.add("dtstart", item.date)
        event.add("duration", UNTIMED_LENGTH)
        event.add("transp", "TRANSPARENT")  # a deadline does not make you busy all day
    event.add("summary", summary(item))
    event.add("description", description(item))
    if (place := location(item)) is not None:
        event.add("location", place)
    if is_cancelled(item, today):
        event.add("status", "CANCELLED")
    return event


_PROBE = dt.datetime(2000, 1, 1)
_PROBE_TEXT = "20000101T000000"


def dtstart_form(zone: str) -> tuple[str, str]:
    """What the library writes around a timed DTSTART's digits in `zone`: the property and its
    TZID parameter before them, and after them the `Z` of UTC. The library writes UTC and its
    aliases (Etc/UTC, GMT, ...) in UTC form, `DTSTART:20260203T143000Z`, which takes no TZID."""
    from icalendar import Event

    probe = Event()
    probe.add("dtstart", _PROBE.replace(tzinfo=ZoneInfo(zone)))
    line = probe.to_ical().decode().split("\r\n")[1]
    before, _, after = line.partition(_PROBE_TEXT)
    return before, after


def writes_tzid(zone: str) -> bool:
    """Whether timed items name the zone (TZID) and so need its VTIMEZONE."""
    return "TZID=" in dtstart_form(zone)[0]


def event_file(items: Sequence[CalendarItem], *, zone: str, today: dt.date) -> bytes:
    """One event's items (the event, and its deadline or start date) as a file to import."""
    timed = any(item.time is not None for item in items)
    span = zone_span(item.date for item in items) if timed and writes_tzid(zone) else None
    calendar = calendar_head(zone=zone, feed=False, span=span)
    tz = ZoneInfo(zone)
    for item in items:
        calendar.add_component(event_component(item, tz=tz, today=today))
    body: bytes = calendar.to_ical()
    return body


def feed_zone_span(today: dt.date) -> tuple[dt.date, dt.date]:
    """A feed always carries its zone's VTIMEZONE over its window: an RFC 5545 calendar needs
    one component even when it has no event."""
    return zone_span(feed_window(today))
