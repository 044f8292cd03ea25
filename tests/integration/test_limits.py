"""Per-user quotas (jobs, events per job) answer 409 naming the limit; upload URLs past the
hourly rate answer 429 with `Retry-After`; health reuses its database check for a few seconds.

The limits are settings: each test lowers them on its own app so it needs a handful of rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from jobtrack.health.router import DatabaseCheck
from jobtrack.main import create_app
from jobtrack.platform.settings import Settings
from tests.conftest import ALICE, add_event, app_in_test_transaction, make_job
from tests.integration.test_query_counts import count_statements
from tests.quota_race import release_together

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


def limited(settings: Settings, connection: Any, **limits: Any) -> Iterator[TestClient]:
    app = app_in_test_transaction(settings.model_copy(update=limits), connection)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def three_jobs(settings: Settings, connection: Any) -> Iterator[TestClient]:
    yield from limited(settings, connection, max_jobs_per_user=3)


@pytest.fixture
def three_events(settings: Settings, connection: Any) -> Iterator[TestClient]:
    yield from limited(settings, connection, max_events_per_job=3)


def _document(*companies: str, events: int = 0) -> dict[str, Any]:
    history = [{"event_type": "applied", "event_date": "2026-02-03"}] + [
        {"event_type": "interview", "event_date": "2026-02-04"}
    ] * (events - 1)
    return {
        "format": "track-export",
        "version": 1,
        "jobs": [
            {"company": c, "title": "Engineer", "events": history[:events]} for c in companies
        ],
    }


def _count_jobs(client: TestClient, headers: dict[str, str]) -> int:
    return len(client.get("/api/tracked", params={"limit": 500}, headers=headers).json()["items"])


# ---- jobs per user -----------------------------------------------------------------------


def test_the_job_past_the_quota_is_409_naming_the_limit(
    three_jobs: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    for company in ("A", "B", "C"):
        make_job(three_jobs, alice, company=company)
    response = three_jobs.post("/api/tracked", json={"company": "D", "title": "T"}, headers=alice)
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == (
        "You track 3 jobs, the most one account may keep (3); "
        "delete jobs you no longer need to track new ones."
    )
    assert _count_jobs(three_jobs, alice) == 3
    make_job(three_jobs, bob)  # the quota is per user


def test_deleting_a_job_makes_room_again(three_jobs: TestClient, alice: dict[str, str]) -> None:
    jobs = [make_job(three_jobs, alice, company=c) for c in ("A", "B", "C")]
    assert three_jobs.delete(f"/api/tracked/{jobs[0]['id']}", headers=alice).status_code == 204
    make_job(three_jobs, alice, company="D")


def test_a_create_within_the_quota_is_two_statements_the_lock_and_a_guarded_insert(
    three_jobs: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    with count_statements(engine) as statements:
        make_job(three_jobs, alice)
    assert len(statements) == 2, statements
    # The user's lock row, not an advisory lock (which pins sessions behind RDS Proxy).
    assert statements[0].startswith("INSERT INTO user_locks")
    assert "ON CONFLICT (user_id, scope) DO UPDATE" in statements[0]
    assert not any("advisory" in statement for statement in statements)
    assert statements[1].lstrip().upper().startswith("INSERT")
    assert "count(" in statements[1]


def test_the_import_that_would_pass_the_quota_writes_nothing_and_the_dry_run_says_so(
    three_jobs: TestClient, alice: dict[str, str]
) -> None:
    make_job(three_jobs, alice, company="A", title="Engineer")
    # A duplicate of the existing job is skipped, so it does not count against the quota.
    fits = _document("A", "B", "C")
    assert three_jobs.post("/api/import?dry_run=true", json=fits, headers=alice).json() == {
        "created": 2,
        "skipped_duplicates": 1,
        "job_ids": [],
        "contacts_created": 0,
        "possible_duplicates": [],
    }
    too_many = _document("B", "C", "D")
    for dry_run in ("true", "false"):
        response = three_jobs.post(f"/api/import?dry_run={dry_run}", json=too_many, headers=alice)
        assert response.status_code == 409, response.text
        assert response.json()["detail"] == (
            "This would make 4 tracked jobs, over the limit of 3 per account (you have 1); "
            "nothing was imported. Delete jobs or import fewer."
        )
    assert _count_jobs(three_jobs, alice) == 1
    assert three_jobs.post("/api/import", json=fits, headers=alice).status_code == 201
    assert _count_jobs(three_jobs, alice) == 3


@pytest.fixture
def live_three_jobs(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"max_jobs_per_user": 3}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE job_tracking, tracking_events RESTART IDENTITY CASCADE"))


def test_concurrent_creates_at_the_last_free_place_make_exactly_one_job(
    live_three_jobs: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    """Both requests are made to wait at the user's lock, then released together: the count
    each one makes after the lock sees the other's job."""
    for company in ("A", "B"):
        make_job(live_three_jobs, alice, company=company)
    statuses: list[int] = []

    def create(company: str) -> None:
        body = {"company": company, "title": "T"}
        statuses.append(live_three_jobs.post("/api/tracked", json=body, headers=alice).status_code)

    release_together(engine, ALICE, "jobs", [lambda: create("C"), lambda: create("D")])
    assert sorted(statuses) == [201, 409]
    assert _count_jobs(live_three_jobs, alice) == 3


# ---- events per job ----------------------------------------------------------------------


def test_the_event_past_the_limit_is_409_naming_the_limit(
    three_events: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(three_events, alice)
    for event_type in ("applied", "interview", "interview"):
        add_event(three_events, alice, job["id"], event_type)
    body = {"event_type": "interview", "event_date": "2026-02-05"}
    response = three_events.post(f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == (
        "This job already has 3 events, the most one job may keep; "
        "delete events you no longer need first."
    )
    latest = three_events.get(f"/api/tracked/{job['id']}", headers=alice).json()["events"][-1]
    three_events.delete(f"/api/tracked/{job['id']}/events/{latest['id']}", headers=alice)
    add_event(three_events, alice, job["id"], "offer")


def test_an_imported_job_with_more_events_than_the_limit_is_422_at_its_path(
    three_events: TestClient, alice: dict[str, str]
) -> None:
    response = three_events.post("/api/import", json=_document("A", "B", events=4), headers=alice)
    assert response.status_code == 422, response.text
    assert response.json()["message"] == "jobs[0].events: at most 3 events per job"
    assert len(response.json()["detail"]) == 2
    assert three_events.post("/api/import", json=_document("A", events=3), headers=alice).is_success


# ---- upload URLs per hour ----------------------------------------------------------------


@pytest.fixture
def two_uploads(
    settings: Settings, connection: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, S3Client]]:
    import boto3
    from moto import mock_aws

    from jobtrack.platform.aws.object_store import ObjectStore, get_object_store

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    app: FastAPI = app_in_test_transaction(
        settings.model_copy(update={"max_upload_urls_per_hour": 2}), connection
    )
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="limits")
        app.dependency_overrides[get_object_store] = lambda: ObjectStore(
            bucket="limits", client=lambda: s3
        )
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, s3


def _upload_url(client: TestClient, headers: dict[str, str], job_id: int) -> Any:
    return client.get(
        f"/api/tracked/{job_id}/resume/upload-url",
        params={"filename": "cv.pdf", "size": 1000},
        headers=headers,
    )


def test_upload_urls_past_the_hourly_rate_are_429_with_retry_after(
    two_uploads: tuple[TestClient, S3Client],
    alice: dict[str, str],
    bob: dict[str, str],
    connection: Any,
) -> None:
    client, _ = two_uploads
    job = make_job(client, alice)
    assert _upload_url(client, alice, 999_999).status_code == 404  # costs no grant
    for _ in range(2):
        assert _upload_url(client, alice, job["id"]).status_code == 200
    refused = _upload_url(client, alice, job["id"])
    assert refused.status_code == 429, refused.text
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert refused.json()["detail"] == (
        "Too many upload URLs: at most 2 an hour per account. Try again in 60 minutes."
    )
    assert _upload_url(client, bob, make_job(client, bob)["id"]).status_code == 200

    # An hour later the oldest grant has left the window: one more URL, and the stale rows go.
    connection.execute(
        text("UPDATE upload_url_grants SET granted_at = granted_at - interval '61 minutes'")
    )
    assert _upload_url(client, alice, job["id"]).status_code == 200
    kept = connection.scalar(
        text("SELECT count(*) FROM upload_url_grants WHERE user_id = :u"), {"u": ALICE}
    )
    assert kept == 1


def test_retry_after_counts_down_to_when_the_oldest_grant_leaves_the_window(
    two_uploads: tuple[TestClient, S3Client], alice: dict[str, str], connection: Any
) -> None:
    client, _ = two_uploads
    job = make_job(client, alice)
    for _ in range(2):
        assert _upload_url(client, alice, job["id"]).status_code == 200
    connection.execute(
        text("UPDATE upload_url_grants SET granted_at = granted_at - interval '59 minutes'")
    )
    refused = _upload_url(client, alice, job["id"])
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["detail"].endswith("Try again in 1 minute.")


# ---- health ------------------------------------------------------------------------------


def _health_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if s.strip().upper() == "SELECT 1"]


def test_health_calls_within_the_window_make_one_database_round_trip(
    client: TestClient, engine: Engine
) -> None:
    with count_statements(engine) as statements:
        answers = [client.get("/api/health") for _ in range(20)]
    assert {a.status_code for a in answers} == {200}
    assert answers[-1].json()["database"] == "ok"
    assert len(_health_statements(statements)) == 1, statements


@pytest.fixture
def no_health_cache(settings: Settings, connection: Any) -> Iterator[TestClient]:
    yield from limited(settings, connection, health_cache_s=0)


def test_health_with_no_window_asks_the_database_every_time(
    no_health_cache: TestClient, engine: Engine
) -> None:
    with count_statements(engine) as statements:
        for _ in range(3):
            assert no_health_cache.get("/api/health").status_code == 200
    assert len(_health_statements(statements)) == 3


def test_the_check_is_asked_again_once_the_window_has_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobtrack.health import router as health

    now = [100.0]
    answers = iter([True, False])
    calls: list[float] = []

    def ping() -> bool:
        calls.append(now[0])
        return next(answers)

    monkeypatch.setattr(health, "_ping", ping)
    check = DatabaseCheck(5.0, clock=lambda: now[0])
    assert check.reachable() is True
    now[0] = 104.9
    assert check.reachable() is True  # cached
    now[0] = 105.0
    assert check.reachable() is False  # asked again, and the failure is reported
    assert calls == [100.0, 105.0]
