"""Which items a feed holds: every step, or the appointments only (`calendar/steps.py`)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jobtrack.calendar import ics_fast, steps
from jobtrack.calendar.read import CalendarItem
from jobtrack.tracking.notes import DATED_NOTE_FIELDS
from jobtrack.tracking.stages import EventType, Stage
from tests.unit.test_ics import feed_with_library, item

APPOINTMENTS = {EventType.screening, EventType.interview, EventType.reference}


def event_item(event_type: EventType, event_id: int = 1) -> CalendarItem:
    return dataclasses.replace(item(event_id=event_id), event_type=event_type)


@pytest.mark.parametrize("event_type", list(EventType))
def test_an_event_is_an_appointment_only_when_it_is_a_meeting(event_type: EventType) -> None:
    assert steps.is_appointment(event_item(event_type)) is (event_type in APPOINTMENTS)


@pytest.mark.parametrize("kind", [dated.kind for dated in DATED_NOTE_FIELDS])
def test_every_date_an_event_names_is_an_appointment(kind: str) -> None:
    dated = dataclasses.replace(item(kind=kind, time=None), event_type=EventType.offer)
    assert steps.is_appointment(dated)


def test_a_dated_kind_with_no_event_such_as_apply_by_is_an_appointment() -> None:
    # A posting's apply-by date has no event: the rule is by kind, so it needs no entry.
    apply_by = dataclasses.replace(
        item(kind="apply_by", time=None, label="Apply by", stage=Stage.saved),
        event_type=None,  # type: ignore[arg-type]  # the other branch makes it optional
    )
    assert steps.is_appointment(apply_by)


def test_all_keeps_every_item_and_appointments_keeps_their_order() -> None:
    items = [event_item(event_type, event_id=n) for n, event_type in enumerate(EventType, 1)]
    assert steps.feed_items(items, "all") == items
    kept = steps.feed_items(items, "appointments")
    assert [i.event_type for i in kept] == [t for t in EventType if t in APPOINTMENTS]


@pytest.mark.parametrize(
    ("stored", "read"), [("all", "all"), ("appointments", "appointments"), ("later", "all")]
)
def test_a_stored_choice_reads_permissively(stored: str, read: str) -> None:
    assert steps.read_steps(stored) == read


def test_an_appointments_feed_is_the_same_bytes_both_ways() -> None:
    items = [event_item(event_type, event_id=n) for n, event_type in enumerate(EventType, 1)] + [
        dataclasses.replace(item(kind="offer_deadline", time=None, event_id=99))
    ]
    today = dt.date(2026, 6, 15)
    chosen = steps.feed_items(items, "appointments")
    assert len(chosen) == 4
    fast = ics_fast.feed(chosen, zone="Europe/Berlin", today=today)
    assert fast == feed_with_library(chosen, zone="Europe/Berlin", today=today)
