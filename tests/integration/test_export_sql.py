"""The export's events built by PostgreSQL read exactly as the API reads them in Python.

`StoredReader.sql` is the SQL twin of `StoredReader.read`'s fast path: for every stored note it
must say "fits" exactly when Python's checks do, and then build the same object; the notes it
does not build reach Python raw. Checked on odd notes of every event type written straight to
the table (as old releases or a hand edit could have left them), through the real export.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text
from sqlalchemy import event as sa_event

from jobtrack.portability import export_sql
from jobtrack.tracking.models import TrackingEvent
from jobtrack.tracking.schemas import hh_mm
from jobtrack.tracking.stages import EventType
from jobtrack.tracking.stored_notes import NOTE_READERS, StoredReader
from tests.conftest import make_job
from tests.quota_fill import fill

# Values for any field: what fits some field somewhere, and what fits none.
ODD_VALUES: list[Any] = [
    None,
    "",
    "plain",
    'quote " backslash \\ newline \n tab \t bell \x07 emoji 😀 line sep \u2028',
    "x" * 200,
    "x" * 201,
    "x" * 5000,
    "x" * 20_000,
    0,
    1,
    7,
    1000,
    1001,
    -3,
    10**20,
    2.5,
    3.0,
    True,
    [],
    {},
    ["a"],
    {"a": 1},
    "2026-02-28",
    "2026-02-29",
    "2024-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2026-1-01",
    "2026-01-01 ",
    "2026-01-01T10:00",
    "abcd-ef-gh",
    "\uff12\uff10\uff12\uff16-01-01",  # fullwidth digits
]


def _notes_for(event_type: EventType) -> list[Any]:
    """Notes of this type: each field alone with each odd value, all fields at once with
    their defaults, extra keys, and notes that are no object at all."""
    reader = NOTE_READERS[event_type]
    names = list(reader.model.model_fields)
    notes: list[Any] = [{}, {"unknown": 1}, [], "text", 3, None]
    notes += [{name: value} for name in names for value in ODD_VALUES]
    # Each rule's own edges: the longest text it takes and one more, its bounds and one past.
    for name, _, rule in reader.rules:
        if rule.max_length is not None:
            notes += [{name: "é" * rule.max_length}, {name: "é" * (rule.max_length + 1)}]
        for bound, step in ((rule.ge, -1), (rule.le, 1)):
            if bound is not None:
                notes += [{name: bound}, {name: bound + step}]
    notes.append({name: reader.model.model_fields[name].default for name in names})
    notes.append({**{name: None for name in names}, "extra": "kept out"})
    # Values that fit each kind of field, together.
    options = {name: sorted(rule.options) for name, _, rule in reader.rules if rule.options}
    fitting = {
        **{name: choices[0] for name, choices in options.items()},
        "round": 2,
        "deadline": "2026-03-01",
        "start_date": "2026-04-01",
    }
    notes.append({name: fitting.get(name, "fits") for name in names})
    return notes


def _python_fits(reader: StoredReader, note: Any) -> bool:
    """Whether `read` takes its fast path for `note` (every stored field passes its check)."""
    if reader.fields is None or type(note) is not dict:
        return False
    return all(check(note[name]) for name, _, check in reader.fields if name in note)


def test_every_note_model_has_a_sql_twin() -> None:
    for event_type in EventType:
        assert NOTE_READERS[event_type].fields is not None, event_type


@pytest.mark.parametrize("event_type", list(EventType))
def test_the_sql_twin_fits_and_builds_exactly_as_python_reads(
    client: TestClient, alice: dict[str, str], connection: Connection, event_type: EventType
) -> None:
    job = make_job(client, alice)
    notes = _notes_for(event_type)
    for index, note in enumerate(notes):
        connection.execute(
            text(
                "INSERT INTO tracking_events "
                "(job_id, user_id, event_type, event_date, event_time, location, note) "
                "VALUES (:job, 'alice', CAST(:type AS tracking_event_type), :day, :time, "
                ":location, CAST(:note AS jsonb))"
            ),
            {
                "job": job["id"],
                "type": event_type.value,
                "day": dt.date(2026, 1, 1) + dt.timedelta(days=index),
                "time": dt.time(9, 5) if index % 2 else None,
                "location": None if index % 3 else f"Room {index} «ü»",
                "note": json.dumps(note),
            },
        )
    rows = connection.execute(
        select(TrackingEvent.note, export_sql.NOTE_FITS.label("fits"))
        .where(TrackingEvent.job_id == job["id"])
        .order_by(TrackingEvent.id)
    ).all()
    reader = NOTE_READERS[event_type]
    fits = [(row.note, row.fits) for row in rows]
    assert [f for _, f in fits] == [_python_fits(reader, note) for note, _ in fits]
    assert any(f for _, f in fits), "the SQL path must be taken for some notes"
    assert not all(f for _, f in fits), "and not for others"

    [exported] = client.get("/api/export", headers=alice).json()["jobs"]
    stored = connection.execute(
        select(
            TrackingEvent.event_type,
            TrackingEvent.event_date,
            TrackingEvent.event_time,
            TrackingEvent.location,
            TrackingEvent.note,
            TrackingEvent.inferred,
        )
        .where(TrackingEvent.job_id == job["id"])
        .order_by(TrackingEvent.id)
    ).all()
    expected = [
        {
            "event_type": event.event_type.value,
            "event_date": event.event_date.isoformat(),
            "event_time": hh_mm(event.event_time),
            "location": event.location,
            "note": reader.read(event.note),
            "inferred": event.inferred,
        }
        for event in stored
    ]
    assert exported["events"] == expected


def test_a_job_without_events_and_jobs_all_built_export_as_before(
    client: TestClient, alice: dict[str, str]
) -> None:
    empty = make_job(client, alice, company="Empty")
    busy = make_job(client, alice, company="Busy", notes={"salary": "90k", "location": "Köln"})
    for event in (
        {"event_type": "applied", "event_date": "2026-01-02", "note": {"type": "referral"}},
        {"event_type": "interview", "event_date": "2026-01-05", "event_time": "14:30"},
        {"event_type": "offer", "event_date": "2026-01-09", "note": {"deadline": "2026-01-20"}},
    ):
        created = client.post(f"/api/tracked/{busy['id']}/events", json=event, headers=alice)
        assert created.status_code == 201, created.text
    jobs = {job["company"]: job for job in client.get("/api/export", headers=alice).json()["jobs"]}
    assert jobs["Empty"]["events"] == []
    assert list(jobs["Busy"]) == [
        "company",
        "title",
        "job_url",
        "notes",
        "priority",
        "tags",
        "created_at",
        "events",
        "contacts",
        "posting",
    ]
    assert jobs["Busy"]["notes"]["location"] == "Köln"
    events = jobs["Busy"]["events"]
    assert [e["event_type"] for e in events] == ["applied", "interview", "offer"]
    assert events[0]["note"]["type"] == "referral"
    assert events[1]["event_time"] == "14:30"
    assert events[2]["note"]["deadline"] == "2026-01-20"
    assert list(events[2]) == [
        "event_type",
        "event_date",
        "event_time",
        "location",
        "note",
        "inferred",
    ]
    assert empty["id"] != busy["id"]


def _top_plans(connection: Connection, statement: Any) -> list[str]:
    """The node types from the plan's top down to its first join, as the driver runs it."""
    ran: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        ran.append((sql, parameters))

    sa_event.listen(connection, "before_cursor_execute", record)
    try:
        connection.execute(statement, {"user_id": "bulk"}).all()
    finally:
        sa_event.remove(connection, "before_cursor_execute", record)
    sql, parameters = ran[-1]
    [[explained]] = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", parameters).all()
    node, types = explained[0]["Plan"], []
    while True:
        types.append(node["Node Type"])
        if node["Node Type"] in {"Nested Loop", "Hash Join", "Merge Join"} or not node.get("Plans"):
            return types
        node = node["Plans"][0]


@pytest.mark.parametrize("statement", ["JOBS_WITH_EVENTS", "JOBS_FOR_CSV"])
def test_the_export_streams_jobs_in_order_without_sorting_what_it_built(
    connection: Connection, statement: str
) -> None:
    """No sort above the per-job reads, with statistics stale or analysed: a sort there builds
    every job's events before the first row is sent (at the quota, over the statement
    timeout); in order from below, each fetch builds only the jobs it sends."""
    fill(connection, "bulk", jobs=300, events=20, first_date=dt.date(2026, 1, 1))
    built = getattr(export_sql, statement)
    for analysed in (False, True):
        if analysed:
            connection.execute(text("ANALYZE job_tracking, tracking_events"))
        assert _top_plans(connection, built)[0] == "Nested Loop", analysed
    rows = connection.execute(built, {"user_id": "bulk"}).all()
    assert [row.company for row in rows[:3]] == ["Company 1", "Company 2", "Company 3"]
    assert len(rows) == 300
