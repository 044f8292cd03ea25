"""Which calendar items a feed holds: every step, or the appointments only (pure, no I/O).

A phone's calendar filled with an all-day event for every "Applied" and "Rejected" step is
noise. The appointments are what a person must be somewhere or decide by: the events that
are meetings (screenings, interviews, reference checks), and every item that is not an event
but a date of one (an offer's deadline, an accepted offer's start date, a posting's apply-by
date). The rule is by kind, so a new dated kind is an appointment without an edit here.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobtrack.calendar.read import CalendarItem
from jobtrack.calendar.schemas import FeedSteps
from jobtrack.tracking.stages import EventType

APPOINTMENT_EVENTS: frozenset[EventType] = frozenset(
    {EventType.screening, EventType.interview, EventType.reference}
)
"""The events that are meetings; other events (applied, offer, rejected...) are steps taken."""


def read_steps(stored: str) -> FeedSteps:
    """A stored choice, read permissively: a value this code does not know holds every item."""
    return "appointments" if stored == "appointments" else "all"


def is_appointment(item: CalendarItem) -> bool:
    """A meeting, or a date an event or a posting names (deadline, start date, apply by)."""
    return item.kind != "event" or item.event_type in APPOINTMENT_EVENTS


def feed_items(items: Iterable[CalendarItem], steps: FeedSteps) -> list[CalendarItem]:
    """The items a feed with that `steps` choice holds, in their order."""
    if steps == "all":
        return list(items)
    return [item for item in items if is_appointment(item)]
