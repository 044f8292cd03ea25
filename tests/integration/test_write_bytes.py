"""The writes answer with bytes built from the rows (tracking/write_service.py, resumes/service.py);
those bytes must be exactly what the models serialise the same data to: the TrackedJob read
back through the ORM path after every event write and patch, legacy and odd data included,
and ResumeUploadRead for an upload URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from jobtrack.resumes.schemas import ResumeUploadRead
from jobtrack.tracking import queries, serialize
from jobtrack.tracking.schemas import TrackedJobRead
from tests.conftest import ALICE, make_job
from tests.model_reads import validated_job_read

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


def _read_back(connection: Connection, job_id: int) -> bytes:
    """The job as the ORM path reads it, serialised by the model; both ways of filling the
    model (validating, as the list's test does); the serialiser given the ORM objects (as the
    create and resume-confirm routes give it) must write the same bytes."""
    with Session(bind=connection) as session:
        job = queries.owned_job(db_session=session, user_id=ALICE, job_id=job_id)
        validated = validated_job_read(job)
        from_orm = serialize.job_json(job, job.events).body
    serialise = TrackedJobRead.__pydantic_serializer__.to_json
    assert from_orm == serialise(validated)
    return serialise(validated)


def _same_as_read_back(
    response: Response, connection: Connection, job_id: int, status: int = 200
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.content == _read_back(connection, job_id)
    body: dict[str, Any] = response.json()
    return body


def _add(
    client: TestClient,
    headers: dict[str, str],
    connection: Connection,
    job_id: int,
    event_type: str,
    **fields: Any,
) -> dict[str, Any]:
    body = {"event_type": event_type, "event_date": "2026-02-03", **fields}
    response = client.post(f"/api/tracked/{job_id}/events", json=body, headers=headers)
    return _same_as_read_back(response, connection, job_id, 201)


def _delete_latest(
    client: TestClient, headers: dict[str, str], connection: Connection, job: dict[str, Any]
) -> dict[str, Any]:
    latest = job["events"][-1]["id"]
    response = client.delete(f"/api/tracked/{job['id']}/events/{latest}", headers=headers)
    return _same_as_read_back(response, connection, job["id"])


def test_every_event_write_answers_the_job_as_read_back(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(
        client,
        alice,
        company="Zürich Ünïcødé 😀",
        title='Back "end" </script>',
        job_url="https://example.com/a?b=c&d=é",
        notes={"salary": "€150k", "location": "Remote\u2028EU", "general_note": "x" * 500},
    )
    jid = job["id"]
    # Every event type, each from a stage it may follow, with and without notes and times.
    _add(client, alice, connection, jid, "applied", note={"type": "referral", "referrer_name": "S"})
    _add(client, alice, connection, jid, "screening", event_time="09:05:59", location="Phone")
    _add(client, alice, connection, jid, "interview", note={"type": "panel", "interviewers": "A"})
    _add(client, alice, connection, jid, "interview")  # the next round, numbered by the write
    _add(client, alice, connection, jid, "interview", note={"round": 7}, event_time="00:00")
    _add(client, alice, connection, jid, "reference", note={"contacts_provided": "Two"})
    _add(client, alice, connection, jid, "offer", note={"amount": "1", "deadline": "2026-03-01"})
    job = _add(client, alice, connection, jid, "accepted", note={"start_date": "2026-04-01"})
    job = _delete_latest(client, alice, connection, job)
    assert job["stage"] == "offer"
    job = _add(client, alice, connection, jid, "declined", location="x" * 200)
    job = _delete_latest(client, alice, connection, job)
    job = _add(client, alice, connection, jid, "rejected", note={"reason": "no"})
    assert job["stage"] == "rejected"
    # Undo down to nothing: every delete, to the empty job at `saved`.
    while job["events"]:
        job = _delete_latest(client, alice, connection, job)
    assert job["stage"] == "saved"
    assert job["events"] == []


def test_event_writes_read_legacy_notes_as_the_model_does(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(client, alice, company="Legacy")
    jid = job["id"]
    _add(client, alice, connection, jid, "applied")
    _add(client, alice, connection, jid, "interview")
    # Stored data the write path would refuse: read back with what fits and defaults.
    connection.execute(
        text(
            "UPDATE job_tracking SET notes = '\"old text\"'::jsonb, resume_key = 'k' WHERE id = :i"
        ),
        {"i": jid},
    )
    connection.execute(
        text(
            "UPDATE tracking_events SET note = jsonb_build_object("
            "'type', 'carrier-pigeon', 'referrer_name', 5, 'note', repeat('n', 20000),"
            "'unknown', true), event_time = '10:15:30.5' WHERE job_id = :i AND event_type = 'applied'"
        ),
        {"i": jid},
    )
    connection.execute(
        text(
            "UPDATE tracking_events SET note = '[1, 2]'::jsonb "
            "WHERE job_id = :i AND event_type = 'interview'"
        ),
        {"i": jid},
    )
    job = _add(client, alice, connection, jid, "interview")
    # The legacy interview has no readable round, so the new one is round 1.
    assert job["events"][-1]["note"]["round"] == 1
    assert job["events"][0]["event_time"] == "10:15"
    assert job["has_resume"] is True
    job = _delete_latest(client, alice, connection, job)
    interview = job["events"][-1]["id"]
    # An edit of the legacy event rewrites only what it names.
    response = client.patch(
        f"/api/tracked/{jid}/events/{interview}", json={"location": "Here"}, headers=alice
    )
    job = _same_as_read_back(response, connection, jid)
    assert job["events"][-1]["note"]["round"] is None
    stored = connection.execute(
        text("SELECT note FROM tracking_events WHERE id = :i"), {"i": interview}
    ).scalar_one()
    assert stored == [1, 2]
    response = client.patch(f"/api/tracked/{jid}", json={"title": "Patched"}, headers=alice)
    job = _same_as_read_back(response, connection, jid)
    assert job["notes"]["general_note"] is None
    response = client.patch(f"/api/tracked/{jid}", json={"notes": {"salary": "1"}}, headers=alice)
    job = _same_as_read_back(response, connection, jid)
    assert job["notes"]["salary"] == "1"


def test_event_edits_and_patches_answer_the_job_as_read_back(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(client, alice, notes={"salary": "100k", "location": "Berlin"})
    jid = job["id"]
    _add(client, alice, connection, jid, "applied")
    job = _add(client, alice, connection, jid, "interview", note={"type": "video"})
    applied, interview = (e["id"] for e in job["events"])
    edits: list[tuple[int, dict[str, Any]]] = [
        (applied, {"event_date": "2026-01-31"}),
        (applied, {"event_time": "08:07:06", "location": "Café"}),
        (applied, {"event_time": None, "location": None}),
        (applied, {"note": {"type": "recruiter", "note": "Ünïcødé"}}),
        (interview, {"note": {"type": "onsite"}}),  # keeps its round
        (interview, {"note": {"round": 4, "interviewers": "A, B"}}),
        (interview, {}),
    ]
    for event_id, edit in edits:
        response = client.patch(f"/api/tracked/{jid}/events/{event_id}", json=edit, headers=alice)
        job = _same_as_read_back(response, connection, jid)
    assert job["events"][1]["note"]["round"] == 4
    patches: list[dict[str, Any]] = [
        {"title": "Staff", "company": "Other"},
        {"job_url": "https://example.com/x"},
        {"job_url": ""},
        {"notes": {"salary": None, "general_note": "é" * 100}},
        {},
    ]
    for patch in patches:
        response = client.patch(f"/api/tracked/{jid}", json=patch, headers=alice)
        job = _same_as_read_back(response, connection, jid)
    assert job["company"] == "Other"
    assert job["job_url"] is None
    assert job["notes"]["salary"] is None


def test_an_idempotent_event_create_answers_and_replays_the_job(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    jid = make_job(client, alice)["id"]
    headers = {**alice, "Idempotency-Key": "write-bytes-1"}
    body = {"event_type": "applied", "event_date": "2026-02-03"}
    first = client.post(f"/api/tracked/{jid}/events", json=body, headers=headers)
    job = _same_as_read_back(first, connection, jid, 201)
    stored = connection.execute(
        text("SELECT response FROM idempotency_keys WHERE key = 'write-bytes-1'")
    ).scalar_one()
    assert stored == {"job_id": jid}
    again = client.post(f"/api/tracked/{jid}/events", json=body, headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == job
    assert len(again.json()["events"]) == 1


def test_upload_url_bytes_equal_the_model_serialisation(
    client: TestClient, alice: dict[str, str], moto_storage: S3Client
) -> None:
    jid = make_job(client, alice)["id"]
    response = client.get(
        f"/api/tracked/{jid}/resume/upload-url",
        params={"filename": "cv.pdf", "size": 1234},
        headers=alice,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    model = ResumeUploadRead.model_validate_json(response.content)
    assert ResumeUploadRead.__pydantic_serializer__.to_json(model) == response.content
    assert list(response.json()) == list(ResumeUploadRead.model_fields)
