"""The list is serialised straight from the rows; its bytes must be exactly what the
TrackedJobPage model, filled the validating way, serialises to - legacy and odd data included."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session, selectinload

from jobtrack.tracking import queries, serialize
from jobtrack.tracking.models import TrackedJob, TrackingEvent
from jobtrack.tracking.schemas import TrackedJobPage
from tests.conftest import ALICE, add_event, make_job
from tests.model_reads import validated_job_read


def _reference_page(connection: Any, user_id: str, limit: int) -> bytes:
    """The list as the model path builds it: ORM objects, Pydantic validation, lenient notes."""
    with Session(bind=connection) as session:
        jobs = session.scalars(
            select(TrackedJob)
            .where(TrackedJob.user_id == user_id)
            .order_by(TrackedJob.updated_at.desc(), TrackedJob.id.desc())
            .limit(limit)
            .options(selectinload(TrackedJob.events))
        ).all()
        items = [validated_job_read(job) for job in jobs]
    page = TrackedJobPage(items=items, next_cursor=None)
    return TrackedJobPage.__pydantic_serializer__.to_json(page)


def test_list_bytes_equal_the_model_serialisation(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    plain = make_job(client, alice)
    unicode_job = make_job(
        client,
        alice,
        company="Zürich Ünïcødé 😀",
        title='Back "end" </script>',
        job_url="https://example.com/a?b=c&d=é",
        notes={"salary": "€150k", "location": "Remote\u2028EU", "general_note": "x" * 500},
    )
    events: list[tuple[str, dict[str, Any]]] = [
        ("applied", {"note": {"type": "referral", "referrer_name": "Sam"}}),
        ("screening", {"event_time": "09:05", "location": "Phone"}),
        ("interview", {"note": {"type": "panel", "interviewers": "A, B"}}),
        ("interview", {}),
        ("offer", {"note": {"amount": "1", "deadline": "2026-03-01"}}),
    ]
    for event_type, fields in events:
        add_event(client, alice, unicode_job["id"], event_type, **fields)
    legacy = make_job(client, alice, company="Legacy")
    add_event(client, alice, legacy["id"], "applied")
    add_event(client, alice, legacy["id"], "rejected", note={"reason": "no"})
    # Stored data the write path would refuse: read back with what fits and defaults.
    connection.execute(
        text(
            "UPDATE job_tracking SET notes = '\"old text\"'::jsonb, resume_key = 'k' WHERE id = :i"
        ),
        {"i": legacy["id"]},
    )
    connection.execute(
        text(
            "UPDATE tracking_events SET note = jsonb_build_object("
            "'type', 'carrier-pigeon', 'referrer_name', 5, 'note', repeat('n', 20000),"
            "'unknown', true) WHERE job_id = :i AND event_type = 'applied'"
        ),
        {"i": legacy["id"]},
    )
    connection.execute(
        text(
            "UPDATE tracking_events SET note = '[1, 2]'::jsonb "
            "WHERE job_id = :i AND event_type = 'rejected'"
        ),
        {"i": legacy["id"]},
    )
    connection.execute(
        text(
            'UPDATE job_tracking SET notes = \'{"salary": 150000, "location": null}\' WHERE id = :i'
        ),
        {"i": plain["id"]},
    )

    response = client.get("/api/tracked", headers=alice)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == _reference_page(connection, ALICE, 100)
    assert len(response.json()["items"]) == 3


def test_rows_are_read_by_column_name_not_position(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    """Reordering the selected columns changes nothing: every value is read by its name."""
    job = make_job(client, alice, company="Company", title="Title", job_url="https://a.example")
    add_event(client, alice, job["id"], "applied", location="Here", event_time="10:00")

    def page(job_columns: Any, event_columns: Any) -> bytes:
        jobs = connection.execute(select(*job_columns).where(TrackedJob.user_id == ALICE)).all()
        events = connection.execute(
            select(*event_columns).where(TrackingEvent.job_id == job["id"])
        ).all()
        page = serialize.BoundedPage(10**6)
        for one in jobs:
            page.add(one, [serialize.event_dict(e) for e in events if e.job_id == one.id])
        return page.body(None)

    forward = page(queries.JOB_COLUMNS, queries.EVENT_COLUMNS)
    backward = page(queries.JOB_COLUMNS[::-1], queries.EVENT_COLUMNS[::-1])
    assert forward == backward
    item = json.loads(forward)["items"][0]
    assert (item["company"], item["title"], item["job_url"]) == (
        "Company",
        "Title",
        "https://a.example",
    )
    assert (item["events"][0]["location"], item["events"][0]["event_time"]) == ("Here", "10:00")
