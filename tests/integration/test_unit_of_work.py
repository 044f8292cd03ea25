"""The transaction rule: services flush, the request's unit of work commits once or rolls back.

These tests use real connections (no outer test transaction), so what they find in the
database is what a later request would find.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session

from jobtrack.platform.db import session as db
from jobtrack.tracking import serialize, service
from jobtrack.tracking.models import TrackedJob
from jobtrack.tracking.schemas import JobCreate
from tests.conftest import ALICE, make_job


def count_jobs(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM job_tracking")).scalar_one())


@pytest.fixture
def clean(engine: Engine) -> Any:
    yield
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE job_tracking, idempotency_keys RESTART IDENTITY CASCADE"))


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_the_unit_of_work_commits_what_services_flushed(engine: Engine, clean: None) -> None:
    async def request() -> None:
        async with db.unit_of_work(db.get_sessionmaker()()) as session:
            service.create_job(
                db_session=session, user_id=ALICE, job_in=JobCreate(company="A", title="B")
            )

    run(request())
    assert count_jobs(engine) == 1


def test_a_failure_after_a_flush_writes_nothing(engine: Engine, clean: None) -> None:
    async def request() -> None:
        async with db.unit_of_work(db.get_sessionmaker()()) as session:
            service.create_job(
                db_session=session, user_id=ALICE, job_in=JobCreate(company="A", title="B")
            )
            # The row is in the database, visible to this transaction only.
            assert session.scalar(select(func.count()).select_from(TrackedJob)) == 1
            raise RuntimeError("the route failed after the service flushed")

    with pytest.raises(RuntimeError):
        run(request())
    assert count_jobs(engine) == 0


def test_after_commit_runs_only_after_a_commit_and_after_rollback_only_without(
    engine: Engine, clean: None
) -> None:
    ran: list[str] = []

    async def request(*, fail: bool) -> None:
        async with db.unit_of_work(db.get_sessionmaker()()) as session:
            db.after_commit(session, lambda: ran.append("after commit"))
            db.after_rollback(session, lambda: ran.append("after rollback"))
            if fail:
                raise RuntimeError("no commit")

    run(request(fail=False))
    assert ran == ["after commit"]
    ran.clear()
    with pytest.raises(RuntimeError):
        run(request(fail=True))
    assert ran == ["after rollback"]


def test_a_failed_commit_raises_and_runs_the_rollback_actions(
    engine: Engine, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def broken_commit(self: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    async def request() -> None:
        session = db.get_sessionmaker()()
        monkeypatch.setattr(Session, "commit", broken_commit)
        async with db.unit_of_work(session):
            service.create_job(
                db_session=session, user_id=ALICE, job_in=JobCreate(company="A", title="B")
            )
            db.after_commit(session, lambda: ran.append("after commit"))
            db.after_rollback(session, lambda: ran.append("after rollback"))

    with pytest.raises(OperationalError):
        run(request())
    monkeypatch.undo()
    assert ran == ["after rollback"]
    assert count_jobs(engine) == 0


def test_a_route_that_fails_after_the_service_flushed_leaves_no_row(
    live_client: TestClient, alice: dict[str, str], engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over HTTP: the service has flushed the new job, then building the response fails."""

    def broken_read(job: TrackedJob, events: Any) -> Any:
        raise RuntimeError("serialisation failed")

    monkeypatch.setattr(serialize, "job_json", broken_read)
    response = live_client.post("/api/tracked", json={"company": "A", "title": "B"}, headers=alice)
    assert response.status_code == 500
    # A bug answers in JSON a person can read, with the API's headers, not a plain-text page.
    assert "nothing was saved" in response.json()["detail"]
    assert response.headers["cache-control"] == "no-store"
    assert "x-schema-version" in response.headers
    monkeypatch.undo()
    assert count_jobs(engine) == 0
    assert live_client.get("/api/tracked", headers=alice).json()["items"] == []


def test_an_idempotent_create_stores_its_response_in_the_same_commit(
    live_client: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    headers = {**alice, "Idempotency-Key": "uow-1"}
    first = live_client.post("/api/tracked", json={"company": "A", "title": "B"}, headers=headers)
    again = live_client.post("/api/tracked", json={"company": "A", "title": "B"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert count_jobs(engine) == 1
    make_job(live_client, alice)
    assert count_jobs(engine) == 2


def test_database_errors_never_carry_bound_values(engine: Engine) -> None:
    """User ids and notes are bound parameters; an error's text (and so the logs) leaves them out."""
    with engine.connect() as conn, pytest.raises(DataError) as caught:
        conn.execute(text("SELECT CAST(:value AS text), 1 / 0"), {"value": "secret-note-4711"})
    assert "division by zero" in str(caught.value)
    assert "secret-note-4711" not in str(caught.value)
