"""The digest's rules by hand: which items fall in which section, labels, order, subject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobtrack.calendar.read import CalendarItem
from jobtrack.insights.schemas import FollowUpRead
from jobtrack.notifications import digest
from jobtrack.tracking.stages import EventType, Stage

D = dt.date(2026, 3, 10)
REVISED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def item(
    day: dt.date,
    *,
    job_id: int = 1,
    event_id: int = 1,
    stage: Stage = Stage.interview,
    kind: str = "event",
    time: dt.time | None = None,
    label: str = "Interview",
    **extra: Any,
) -> CalendarItem:
    return CalendarItem(
        kind=kind,  # type: ignore[arg-type]
        date=day,
        time=time,
        job_id=job_id,
        company=extra.get("company", f"Company {job_id}"),
        title="Engineer",
        job_url="https://example.com/secret-referrer-note",
        stage=stage,
        event_id=event_id,
        event_type=EventType(extra.get("event_type", "interview")),
        label=label,
        location=extra.get("location"),
        revised_at=REVISED,
    )


def follow(job_id: int, last: dt.date) -> FollowUpRead:
    return FollowUpRead(
        job_id=job_id,
        company=f"Quiet {job_id}",
        title="Engineer",
        stage=Stage.applied,
        last_event_date=last,
        days_since=(D - last).days,
    )


def kinds(result: Any) -> list[str]:
    return [section.kind for section in result.sections]


def test_a_quiet_history_gives_an_empty_digest() -> None:
    result = digest.build(on=D, items=[], follow_ups=[])
    assert result.sections == []
    assert digest.is_empty(result)
    assert result.subject == "Track: nothing due"


def test_items_of_the_day_and_the_three_days_after() -> None:
    items = [
        item(D - dt.timedelta(days=1), job_id=9),  # yesterday: nowhere
        item(D, job_id=1, time=dt.time(9, 30), location="Zoom", label="Interview round 2"),
        item(D + dt.timedelta(days=1), job_id=2),
        item(D + dt.timedelta(days=3), job_id=3),
        item(D + dt.timedelta(days=4), job_id=4),  # too far
    ]
    result = digest.build(on=D, items=items, follow_ups=[])
    assert kinds(result) == ["today", "next_days"]
    today, next_days = result.sections
    assert [(i.job_id, i.label, i.time, i.location) for i in today.items] == [
        (1, "Interview round 2", dt.time(9, 30), "Zoom")
    ]
    assert [i.job_id for i in next_days.items] == [2, 3]
    assert result.subject == "Track: 1 today, 2 in the next 3 days"


def test_ended_jobs_leave_today_and_the_next_days() -> None:
    items = [
        item(D, job_id=1, stage=Stage.rejected),
        item(D, job_id=2, stage=Stage.declined),
        item(D, job_id=3, stage=Stage.withdrawn),
        item(D, job_id=4, stage=Stage.offer),
        item(D + dt.timedelta(days=1), job_id=5, stage=Stage.rejected),
    ]
    result = digest.build(on=D, items=items, follow_ups=[])
    assert kinds(result) == ["today"]
    assert [i.job_id for i in result.sections[0].items] == [4]


def test_an_offer_deadline_ahead_counts_only_while_the_job_is_at_offer() -> None:
    deadline: dict[str, Any] = {
        "kind": "offer_deadline",
        "label": "Offer deadline",
        "event_type": "offer",
    }
    items = [
        item(D + dt.timedelta(days=2), job_id=1, stage=Stage.offer, **deadline),
        item(D + dt.timedelta(days=2), job_id=2, stage=Stage.accepted, **deadline),
    ]
    result = digest.build(on=D, items=items, follow_ups=[])
    assert [(i.job_id, i.label) for i in result.sections[0].items] == [(1, "Offer deadline")]


def test_follow_ups_are_labelled_with_their_silence_and_dated_by_the_last_event() -> None:
    result = digest.build(
        on=D,
        items=[],
        follow_ups=[follow(7, D - dt.timedelta(days=30)), follow(8, D - dt.timedelta(days=1))],
    )
    assert kinds(result) == ["follow_up"]
    first, second = result.sections[0].items
    assert (first.label, first.date, first.time, first.location) == (
        "No reply for 30 days",
        D - dt.timedelta(days=30),
        None,
        None,
    )
    assert second.label == "No reply for 1 day"
    assert result.subject == "Track: 2 jobs to follow up"


def test_all_three_sections_in_order_and_the_subject_counts_each() -> None:
    result = digest.build(
        on=D,
        items=[item(D), item(D + dt.timedelta(days=2), job_id=2)],
        follow_ups=[follow(3, D - dt.timedelta(days=20))],
    )
    assert kinds(result) == ["today", "next_days", "follow_up"]
    assert result.subject == "Track: 1 today, 1 in the next 3 days, 1 job to follow up"


def test_no_job_url_or_note_reaches_the_digest() -> None:
    result = digest.build(on=D, items=[item(D)], follow_ups=[])
    dumped = result.model_dump_json()
    assert "secret-referrer-note" not in dumped
    assert set(result.sections[0].items[0].model_dump()) == {
        "job_id", "company", "title", "label", "date", "time", "location",
    }  # fmt: skip


def test_the_last_date_there_is_has_no_next_days() -> None:
    last = dt.date.max
    result = digest.build(on=last, items=[item(last)], follow_ups=[])
    assert kinds(result) == ["today"]
