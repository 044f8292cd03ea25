"""`GET /api/account` and `DELETE /api/account`: what a user keeps, and deleting all of it —
rows in one unit of work, stored files after the commit, and the hourly cleanup finishing
what a failed or crashed deletion left. The API in process, files in a real s3rver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.orm import Session

from jobtrack.account import service
from jobtrack.account.service import USER_TABLES
from jobtrack.idempotency import cleanup
from jobtrack.notifications.models import PushSubscription
from jobtrack.platform.aws import deletions
from jobtrack.platform.aws.deletions import ObjectDeletion
from jobtrack.platform.aws.object_store import ObjectStore, get_object_store
from jobtrack.platform.db.session import Base
from jobtrack.tracking.models import Document
from tests.conftest import ALICE, BOB, add_event, make_job
from tests.integration import test_documents as library
from tests.integration import test_resumes as resume_flow

s3_endpoint = resume_flow.s3_endpoint
storage = resume_flow.storage
api = resume_flow.api

PHRASE = {"confirm": "delete my data"}
# Tables keyed by the owner only as a copy, whose rows go with their job (ON DELETE CASCADE).
CASCADED = {"job_postings"}


def fill(client: TestClient, headers: dict[str, str], company: str) -> dict[str, Any]:
    """One of everything a user can keep: jobs with steps and a posting, a contact on a job,
    a resume, a library document attached to a job, a feed, digest settings, a push
    subscription (written directly), an idempotent write's record, an upload grant."""
    job = make_job(
        client,
        headers,
        company=company,
        posting={"description_html": "<p>Build things</p>", "remote": True},
    )
    add_event(client, headers, job["id"], "applied")
    add_event(client, headers, job["id"], "screening")
    other = make_job(client, headers, company=f"{company} Two", title="Designer")
    contact = client.post(
        "/api/contacts", json={"name": f"Recruiter at {company}"}, headers=headers
    )
    assert contact.status_code == 201, contact.text
    put = client.put(
        f"/api/tracked/{job['id']}/contacts",
        json={"contact_ids": [contact.json()["id"]]},
        headers=headers,
    )
    assert put.status_code == 200, put.text
    resume_flow.attach(client, headers, other["id"], resume_flow.PDF)
    letter = library.keep(
        client, headers, library.TEXT, filename="letter.txt", content_type="text/plain"
    )
    attached = client.put(
        f"/api/tracked/{job['id']}/documents",
        json={"document_ids": [letter["id"]]},
        headers=headers,
    )
    assert attached.status_code == 200, attached.text
    feed = client.post("/api/calendar/feed", json={"timezone": "UTC"}, headers=headers)
    assert feed.status_code == 201, feed.text
    settings = client.put(
        "/api/notifications/settings",
        json={
            "email": f"{company.lower()}@example.com",
            "digest": True,
            "digest_hour": 8,
            "timezone": "UTC",
            "follow_up_days": 14,
        },
        headers=headers,
    )
    assert settings.status_code == 200, settings.text
    keyed = client.post(
        "/api/tracked",
        json={"company": f"{company} Keyed", "title": "Engineer"},
        headers={**headers, "Idempotency-Key": f"fill-{company}"},
    )
    assert keyed.status_code == 201, keyed.text
    return {"feed": feed.json()["url"], "jobs": 3, "letter": letter}


def subscribe(connection: Connection, user_id: str) -> None:
    connection.execute(
        insert(PushSubscription).values(
            user_id=user_id,
            endpoint=f"https://push.example.test/{user_id}",
            p256dh="B" * 87,
            auth="A" * 22,
        )
    )


def rows_of(connection: Connection, user_id: str) -> dict[str, int | None]:
    """Rows naming the user in every table that has a `user_id` column."""
    counts: dict[str, int | None] = {}
    for table in Base.metadata.sorted_tables:
        if "user_id" in table.c:
            counts[table.name] = connection.scalar(
                select(func.count()).select_from(table).where(table.c.user_id == user_id)
            )
    return counts


def keys_of(connection: Connection, user_id: str) -> list[str]:
    return list(connection.scalars(select(Document.key).where(Document.user_id == user_id)))


@contextmanager
def in_test_transaction(connection: Connection) -> Iterator[Session]:
    """A session inside the test's transaction, as the app's are (commits are savepoints)."""
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        yield session


def path_of(url: str) -> str:
    return "/api/calendar/feed/" + url.rsplit("/", 1)[1]


# ---- what is kept -------------------------------------------------------------------------


def test_the_account_says_what_the_caller_keeps(
    api: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    assert api.get("/api/account", headers=alice).json() == {
        "jobs": 0, "events": 0, "documents": 0, "stored_bytes": 0,
    }  # fmt: skip
    fill(api, alice, "Acme")
    fill(api, bob, "Globex")
    account = api.get("/api/account", headers=alice).json()
    # Three jobs; two steps; the resume and the letter, their bytes.
    assert account == {
        "jobs": 3,
        "events": 2,
        "documents": 2,
        "stored_bytes": len(resume_flow.PDF) + len(library.TEXT),
    }


# ---- the confirmation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"confirm": "Delete my data"},
        {"confirm": " delete my data"},
        {"confirm": "delete my data."},
        {"confirm": "yes"},
        {"confirm": True},
        {"confirm": "delete my data", "also": 1},
    ],
    ids=["missing", "capital", "space", "dot", "other", "not-text", "unknown-field"],
)
def test_anything_but_the_exact_phrase_is_a_422_and_deletes_nothing(
    api: TestClient, alice: dict[str, str], connection: Connection, body: dict[str, Any]
) -> None:
    fill(api, alice, "Acme")
    before = rows_of(connection, ALICE)
    response = api.request("DELETE", "/api/account", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert "confirm" in response.text or "also" in response.text
    assert rows_of(connection, ALICE) == before


# ---- deleting -----------------------------------------------------------------------------


def test_deleting_removes_every_row_and_file_of_the_caller_and_nothing_of_anyone_else(
    api: TestClient,
    alice: dict[str, str],
    bob: dict[str, str],
    connection: Connection,
    storage: ObjectStore,
) -> None:
    mine = fill(api, alice, "Acme")
    theirs = fill(api, bob, "Globex")
    subscribe(connection, ALICE)
    subscribe(connection, BOB)
    my_keys = keys_of(connection, ALICE)
    their_keys = keys_of(connection, BOB)
    assert len(my_keys) == 2
    assert all(storage.head(key) for key in my_keys)
    bob_before = rows_of(connection, BOB)
    bob_export = api.get("/api/export", headers=bob).json()["jobs"]

    response = api.request("DELETE", "/api/account", json=PHRASE, headers=alice)
    assert response.status_code == 204, response.text
    assert response.content == b""

    # Every table with a user_id holds nothing of Alice (job_postings went with the jobs).
    assert set(rows_of(connection, ALICE).values()) == {0}
    assert api.get("/api/tracked", headers=alice).json()["items"] == []
    assert api.get("/api/documents", headers=alice).json() == {"items": []}
    assert api.get("/api/export", headers=alice).json()["jobs"] == []
    assert api.get("/api/contacts", headers=alice).json()["items"] == []
    assert api.get(path_of(mine["feed"])).status_code == 404
    assert api.get("/api/account", headers=alice).json() == {
        "jobs": 0, "events": 0, "documents": 0, "stored_bytes": 0,
    }  # fmt: skip
    # Her files are gone from the bucket, and no deletion is left pending.
    assert [key for key in my_keys if storage.head(key)] == []
    assert connection.scalar(select(func.count()).select_from(ObjectDeletion)) == 0

    # Bob's rows, files, export and feed are exactly as before.
    assert rows_of(connection, BOB) == bob_before
    assert all(storage.head(key) for key in their_keys)
    assert api.get("/api/export", headers=bob).json()["jobs"] == bob_export
    assert api.get(path_of(theirs["feed"])).status_code == 200

    # Alice can start again from nothing.
    assert make_job(api, alice, company="Fresh start")["company"] == "Fresh start"


def test_every_table_keyed_by_a_user_is_deleted_or_goes_with_its_job() -> None:
    """A new table with a `user_id` must be added to `USER_TABLES` (or be a job's child)."""
    covered = {model.__table__.name for model in USER_TABLES} | CASCADED
    keyed = {table.name for table in Base.metadata.sorted_tables if "user_id" in table.c}
    assert keyed - covered == set()


class FailingDeletes(ObjectStore):
    """The real store, except that deleting fails (S3 down after the commit)."""

    def __init__(self, real: ObjectStore) -> None:
        super().__init__(bucket=real.bucket, client=lambda: real.client)

    def delete(self, key: str) -> None:
        raise RuntimeError("S3 is unreachable")


def test_files_a_failed_deletion_left_are_finished_by_the_cleanup_run(
    api: TestClient,
    app: FastAPI,
    alice: dict[str, str],
    connection: Connection,
    storage: ObjectStore,
) -> None:
    fill(api, alice, "Acme")
    my_keys = keys_of(connection, ALICE)
    app.dependency_overrides[get_object_store] = lambda: FailingDeletes(storage)
    response = api.request("DELETE", "/api/account", json=PHRASE, headers=alice)
    # The rows are gone whatever S3 does: the answer is the commit's.
    assert response.status_code == 204, response.text
    assert set(rows_of(connection, ALICE).values()) == {0}
    pending = connection.execute(
        select(ObjectDeletion.key, ObjectDeletion.attempts, ObjectDeletion.last_error)
    ).all()
    assert sorted(row.key for row in pending) == sorted(my_keys)
    assert all(row.attempts == 1 and "unreachable" in row.last_error for row in pending)
    assert all(storage.head(key) for key in my_keys)  # still in the bucket

    # Within the grace period a run leaves them to the request; a failing run keeps them.
    with in_test_transaction(connection) as session:
        assert deletions.finish_pending(session, storage) == (0, 0)
    later = dt.datetime.now(dt.UTC) + deletions.CLEANUP_GRACE + dt.timedelta(seconds=1)
    with in_test_transaction(connection) as session:
        assert deletions.finish_pending(session, FailingDeletes(storage), now=later) == (0, 2)
    attempts = connection.scalars(select(ObjectDeletion.attempts)).all()
    assert sorted(attempts) == [2, 2]
    # The next run with S3 back finishes it: files gone, records gone.
    with in_test_transaction(connection) as session:
        assert deletions.finish_pending(session, storage, now=later, batch=1) == (2, 0)
    assert [key for key in my_keys if storage.head(key)] == []
    assert connection.scalar(select(func.count()).select_from(ObjectDeletion)) == 0


def test_a_crash_before_the_files_were_deleted_leaves_records_the_cleanup_finishes(
    api: TestClient, alice: dict[str, str], connection: Connection, storage: ObjectStore
) -> None:
    """A crash between the commit and S3 (the after-commit step never ran): the records are
    committed with the deletion itself."""
    fill(api, alice, "Acme")
    my_keys = keys_of(connection, ALICE)
    with in_test_transaction(connection) as session:
        service.delete_account(db_session=session, store=storage, user_id=ALICE)
        # Outside a request nothing runs the after-commit step: as if the process died at
        # the commit.
        session.commit()
    assert sorted(connection.scalars(select(ObjectDeletion.key))) == sorted(my_keys)
    assert all(storage.head(key) for key in my_keys)
    later = dt.datetime.now(dt.UTC) + deletions.CLEANUP_GRACE + dt.timedelta(seconds=1)
    with in_test_transaction(connection) as session:
        assert deletions.finish_pending(session, storage, now=later) == (2, 0)
    assert [key for key in my_keys if storage.head(key)] == []


def test_the_account_routes_need_a_signed_in_caller(api: TestClient) -> None:
    assert api.get("/api/account").status_code == 401
    assert api.request("DELETE", "/api/account", json=PHRASE).status_code == 401


def test_the_hourly_cleanup_handler_finishes_object_deletions(
    engine: Engine, storage: ObjectStore
) -> None:
    """The handler's own engine and transactions (committed rows, as on Lambda)."""
    key = "documents/" + "0" * 32 + "/orphan.txt"
    httpx.put(
        storage.client.generate_presigned_url(
            "put_object", Params={"Bucket": storage.bucket, "Key": key}, HttpMethod="PUT"
        ),
        content=b"left behind",
    )
    assert storage.head(key) is not None
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with engine.begin() as connection:
        connection.execute(insert(ObjectDeletion).values(key=key, created_at=old))
    assert cleanup.finish_object_deletions(storage) == (1, 0)
    assert storage.head(key) is None
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM object_deletions")).scalar() == 0
