"""Calendar items from event rows, pure: the dated note fields of `tracking.notes` and the
stages of `tracking.stages` decide which items an event gives and which are still ahead."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from jobtrack.calendar.read import EVENTS_IN_RANGE, CalendarItem, event_label, row_items, upcoming
from jobtrack.tracking.models import TrackingEvent
from jobtrack.tracking.notes import DATED_NOTE_FIELDS, DatedNoteField
from jobtrack.tracking.stages import (
    ENDED_STAGES,
    ROUND_EVENT,
    STAGE_LABELS,
    EventType,
    Stage,
)

DAY = dt.date(2026, 12, 3)
NOTE_DAY = dt.date(2026, 12, 10)
AT = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
IDS = [f"{d.event_type}.{d.field}" for d in DATED_NOTE_FIELDS]


def _event(event_type: EventType, **note_dates: Any) -> Any:
    columns: dict[str, Any] = dict.fromkeys(EVENTS_IN_RANGE.selected_columns.keys())
    columns.update(
        event_id=7,
        job_id=1,
        event_type=event_type,
        event_date=DAY,
        event_updated_at=AT,
        **note_dates,
    )
    return SimpleNamespace(**columns)


def _job(stage: Stage) -> Any:
    return SimpleNamespace(
        company="Acme", title="Engineer", job_url=None, stage=stage, job_updated_at=AT
    )


@pytest.mark.parametrize("dated", DATED_NOTE_FIELDS, ids=IDS)
def test_a_dated_note_field_gives_an_item_of_its_kind_after_the_event(
    dated: DatedNoteField,
) -> None:
    event = _event(dated.event_type, **{dated.kind: NOTE_DAY.isoformat()})
    items = row_items(event, _job(Stage(dated.event_type.value)))
    assert [(i.kind, i.date, i.label) for i in items] == [
        ("event", DAY, STAGE_LABELS[Stage(dated.event_type.value)]),
        (dated.kind, NOTE_DAY, dated.label),
    ]
    assert all(i.event_id == 7 and i.time is None for i in items[1:])


@pytest.mark.parametrize("dated", DATED_NOTE_FIELDS, ids=IDS)
@pytest.mark.parametrize("raw", [None, "", "2026-02-30", "12/10/2026", 20261210])
def test_a_note_date_that_is_not_a_real_date_gives_no_item(
    dated: DatedNoteField, raw: object
) -> None:
    event = _event(dated.event_type, **{dated.kind: raw})
    assert [i.kind for i in row_items(event, _job(Stage.offer))] == ["event"]


@pytest.mark.parametrize("dated", DATED_NOTE_FIELDS, ids=IDS)
def test_only_the_named_event_type_gives_a_note_dates_item(dated: DatedNoteField) -> None:
    for event_type in EventType:
        if event_type is dated.event_type:
            continue
        event = _event(event_type, **{dated.kind: NOTE_DAY.isoformat()})
        assert [i.kind for i in row_items(event, _job(Stage.offer))] == ["event"]


def _item(kind: str, stage: Stage) -> CalendarItem:
    return CalendarItem(
        kind=kind,  # type: ignore[arg-type]
        date=DAY,
        time=None,
        job_id=1,
        company="Acme",
        title="Engineer",
        job_url=None,
        stage=stage,
        event_id=7,
        event_type=EventType.offer,
        label="x",
        location=None,
        revised_at=AT,
    )


@pytest.mark.parametrize("stage", list(Stage))
def test_upcoming_keeps_what_still_concerns_the_job(stage: Stage) -> None:
    ended = stage in ENDED_STAGES
    assert bool(upcoming([_item("event", stage)])) is not ended
    for dated in DATED_NOTE_FIELDS:
        open_ = not ended and dated.open_while in (None, stage)
        assert bool(upcoming([_item(dated.kind, stage)])) is open_, (dated.kind, stage)


def test_a_numbered_event_is_labelled_with_its_round() -> None:
    label = STAGE_LABELS[Stage(ROUND_EVENT.value)]
    assert event_label(ROUND_EVENT, 2) == f"{label} round 2"
    assert event_label(ROUND_EVENT, None) == label
    assert event_label(ROUND_EVENT, "two") == label
    assert event_label(EventType.offer, 2) == STAGE_LABELS[Stage.offer]


@pytest.mark.parametrize("dated", DATED_NOTE_FIELDS, ids=IDS)
def test_each_dated_note_field_has_the_partial_index_its_calendar_arm_needs(
    dated: DatedNoteField,
) -> None:
    """A note date added to the table needs a migration with an index like these (0008's)."""
    matching = [
        index
        for index in TrackingEvent.metadata.tables[TrackingEvent.__tablename__].indexes
        if f"(note ->> '{dated.field}')" in [str(e) for e in index.expressions]
        and str(index.dialect_options["postgresql"]["where"])
        == f"event_type = '{dated.event_type.value}'"
    ]
    assert len(matching) == 1, f"no partial index on {dated.event_type}.{dated.field}"
