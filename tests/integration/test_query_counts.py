"""SQL statements per request, counted on the engine (savepoints of the test harness excluded)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.interfaces import DBAPICursor

from tests.conftest import MOTO_BUCKET, add_event, make_job

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


@contextmanager
def count_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Connection, _cursor: DBAPICursor, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _seed(client: TestClient, headers: dict[str, str], jobs: int) -> list[dict[str, Any]]:
    made = []
    for i in range(jobs):
        job = make_job(client, headers, company=f"C{i}")
        add_event(client, headers, job["id"], "applied")
        made.append(add_event(client, headers, job["id"], "interview"))
    return made


@pytest.mark.parametrize("jobs", [1, 200])
def test_list_is_two_statements_whatever_the_size(
    client: TestClient, alice: dict[str, str], engine: Engine, jobs: int
) -> None:
    _seed(client, alice, jobs)
    with count_statements(engine) as statements:
        response = client.get("/api/tracked", params={"limit": 500}, headers=alice)
    assert len(response.json()["items"]) == jobs
    assert len(statements) == 2, statements


def test_get_is_two_statements(client: TestClient, alice: dict[str, str], engine: Engine) -> None:
    job = _seed(client, alice, 1)[0]
    with count_statements(engine) as statements:
        assert client.get(f"/api/tracked/{job['id']}", headers=alice).status_code == 200
    assert len(statements) == 2


def test_create_event_is_three_including_the_lock(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    job = _seed(client, alice, 1)[0]
    with count_statements(engine) as statements:
        add_event(client, alice, job["id"], "interview")
    # The lock, the events, then the event's INSERT and the stage's UPDATE as one statement.
    assert len(statements) == 3, statements
    assert "FOR UPDATE" in statements[0]


def test_delete_event_is_three_including_the_lock(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    job = _seed(client, alice, 1)[0]
    latest = job["events"][-1]["id"]
    with count_statements(engine) as statements:
        response = client.delete(f"/api/tracked/{job['id']}/events/{latest}", headers=alice)
    assert response.status_code == 200
    assert len(statements) == 3, statements
    assert "FOR UPDATE" in statements[0]


def test_patch_metadata_is_at_most_two(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    job = _seed(client, alice, 1)[0]
    with count_statements(engine) as statements:
        response = client.patch(
            f"/api/tracked/{job['id']}", json={"notes": {"salary": "1"}}, headers=alice
        )
    assert response.status_code == 200
    assert len(statements) <= 2, statements


def test_create_job_is_two_statements_the_quota_lock_and_the_insert(
    client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    # The jobs quota (jobtrack.limits) takes the user's lock in its own statement: a count in
    # the INSERT that follows sees every job committed before the lock, so two creates at the
    # limit cannot both pass. The count itself rides inside the INSERT.
    with count_statements(engine) as statements:
        make_job(client, alice)
    assert len(statements) == 2, statements


def test_relationships_never_lazy_load() -> None:
    from jobtrack.tracking.models import TrackedJob, TrackingEvent

    for model in (TrackedJob, TrackingEvent):
        for relationship in model.__mapper__.relationships:
            assert relationship.lazy == "raise", relationship


def test_presign_upload_is_two_statements_the_job_and_the_hourly_rate(
    client: TestClient, alice: dict[str, str], engine: Engine, moto_storage: S3Client
) -> None:
    job = _seed(client, alice, 1)[0]
    with count_statements(engine) as statements:
        response = client.get(
            f"/api/tracked/{job['id']}/resume/upload-url",
            params={"filename": "cv.pdf", "size": 1000},
            headers=alice,
        )
    assert response.status_code == 200, response.text
    # The upload rate (30 an hour) is counted, pruned and recorded in one statement.
    assert len(statements) == 2, statements


def test_presign_download_is_one_statement(
    client: TestClient, alice: dict[str, str], engine: Engine, moto_storage: S3Client
) -> None:
    job = _seed(client, alice, 1)[0]
    upload = client.get(
        f"/api/tracked/{job['id']}/resume/upload-url",
        params={"filename": "cv.pdf", "size": 9},
        headers=alice,
    ).json()
    moto_storage.put_object(Bucket=MOTO_BUCKET, Key=upload["key"], Body=b"%PDF-1.7\n")
    confirmed = client.post(
        f"/api/tracked/{job['id']}/resume/confirm",
        json={"key": upload["key"], "filename": "cv.pdf"},
        headers=alice,
    )
    assert confirmed.status_code == 200, confirmed.text
    with count_statements(engine) as statements:
        response = client.get(f"/api/tracked/{job['id']}/resume/url", headers=alice)
    assert response.status_code == 200
    assert len(statements) == 1, statements
