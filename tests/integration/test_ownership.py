"""Ownership (docs/api.md): another user's job is answered exactly like a missing one.

Bob walks every route that takes an id against alice's job: each answer must be a 404 whose
body is identical to the same route's answer for an id that does not exist, and alice's job
must read back exactly as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import insert

from jobtrack.main import create_app
from jobtrack.platform.settings import Settings
from jobtrack.tracking.models import Document
from tests.conftest import add_event, make_job

MISSING_ID = 2**31 - 1  # a valid id that no row has


def api_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) the app serves from FastAPI routes, included ones too."""
    iter_contexts = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = list(iter_contexts(app.routes)) if iter_contexts else list(app.routes)
    found: set[tuple[str, str]] = set()
    for route in routes:
        original = getattr(route, "original_route", route)
        if not isinstance(original, APIRoute):
            continue
        # The APIRoute itself, or a RouteContext (newer FastAPI) with the included path.
        served: Any = route
        # As documented: "{document_id:int}" (a convertor, so /api/documents/upload-url never
        # matches it) is "{document_id}".
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", served.path)
        found.update((method, path) for method in served.methods - {"HEAD", "OPTIONS"})
    return found


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    json: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def send(self, client: TestClient, headers: dict[str, str], **ids: Any) -> Any:
        kwargs: dict[str, Any] = {"headers": headers, "params": self.params}
        if self.json is not None:
            kwargs["json"] = {
                k: v.format(**ids) if isinstance(v, str) else v for k, v in self.json.items()
            }
        return client.request(self.method, self.path.format(**ids), **kwargs)


RESUME_CALLS = [
    Call(
        "GET", "/api/tracked/{job_id}/resume/upload-url", params={"filename": "a.pdf", "size": 10}
    ),
    Call(
        "POST",
        "/api/tracked/{job_id}/resume/confirm",
        json={"key": "{resume_key}", "filename": "a.pdf"},
    ),
    Call("GET", "/api/tracked/{job_id}/resume/url"),
]

# Every route with an id in its path. Bodies are valid, so only ownership can refuse them.
ID_CALLS = [
    Call("GET", "/api/tracked/{job_id}"),
    Call(
        "PATCH",
        "/api/tracked/{job_id}",
        json={"company": "Bob Corp", "notes": {"general_note": "bob was here"}},
    ),
    Call("DELETE", "/api/tracked/{job_id}"),
    # Alice's job is at interview, so an offer would be allowed for its owner.
    Call(
        "POST",
        "/api/tracked/{job_id}/events",
        json={"event_type": "offer", "event_date": "2026-02-10"},
    ),
    Call("PATCH", "/api/tracked/{job_id}/events/{event_id}", json={"location": "Bob's office"}),
    # event_id is alice's latest event, so the owner could delete it.
    Call("DELETE", "/api/tracked/{job_id}/events/{event_id}"),
    Call("GET", "/api/tracked/{job_id}/events/{event_id}/ics"),
    Call("PUT", "/api/tracked/{job_id}/contacts", json={"contact_ids": []}),
    Call("PATCH", "/api/contacts/{contact_id}", json={"name": "Bob's now", "note": "bob was here"}),
    Call("DELETE", "/api/contacts/{contact_id}"),
    Call("PUT", "/api/tracked/{job_id}/documents", json={"document_ids": []}),
    Call("PATCH", "/api/documents/{document_id}", json={"name": "Bob's now"}),
    Call("DELETE", "/api/documents/{document_id}"),
    Call("GET", "/api/documents/{document_id}/url"),
    *RESUME_CALLS,
]


def _alice_job(client: TestClient, alice: dict[str, str]) -> tuple[dict[str, Any], int]:
    job = make_job(
        client,
        alice,
        company="Alice Industries",
        job_url="https://example.com/jobs/1",
        notes={"salary": "150k", "location": "Remote", "general_note": "alice's private note"},
    )
    add_event(
        client, alice, job["id"], "applied", note={"type": "referral", "referrer_name": "Carol"}
    )
    add_event(client, alice, job["id"], "screening", location="Phone")
    job = add_event(
        client,
        alice,
        job["id"],
        "interview",
        event_time="14:30",
        note={"interviewers": "Dan, Erin"},
    )
    contact = client.post(
        "/api/contacts", json={"name": "Carol", "email": "carol@example.com"}, headers=alice
    ).json()
    job = client.put(
        f"/api/tracked/{job['id']}/contacts", json={"contact_ids": [contact["id"]]}, headers=alice
    ).json()
    return job, job["events"][-1]["id"]


def _alice_document_id(
    client: TestClient, connection: Any, alice: dict[str, str], job_id: int
) -> int:
    """A library document of alice's (a row: the upload itself is tested against a real S3 in
    test_documents.py), attached to her job."""
    document_id = int(
        connection.execute(
            insert(Document)
            .values(
                user_id="alice",
                kind="cover_letter",
                name="Letter to Alice Industries",
                filename="letter.txt",
                content_type="text/plain",
                size=5,
                key="documents/alice-test/letter.txt",
            )
            .returning(Document.id)
        ).scalar_one()
    )
    attached = client.put(
        f"/api/tracked/{job_id}/documents", json={"document_ids": [document_id]}, headers=alice
    )
    assert attached.status_code == 200, attached.text
    return document_id


def _alice_contact_id(client: TestClient, alice: dict[str, str]) -> int:
    return int(client.get("/api/contacts", headers=alice).json()["items"][0]["id"])


def _resume_key_for(client: TestClient, headers: dict[str, str], job_id: int) -> str:
    """A key issued for alice's job when the resume routes can issue one, else a likely one."""
    response = client.get(
        f"/api/tracked/{job_id}/resume/upload-url",
        params={"filename": "a.pdf", "size": 10},
        headers=headers,
    )
    if response.status_code == 200 and isinstance(response.json().get("key"), str):
        return str(response.json()["key"])
    return f"resumes/alice/{job_id}/a.pdf"


@pytest.mark.parametrize("call", ID_CALLS, ids=lambda c: f"{c.method} {c.path}")
def test_another_users_job_is_answered_as_missing(
    client: TestClient, connection: Any, alice: dict[str, str], bob: dict[str, str], call: Call
) -> None:
    job, event_id = _alice_job(client, alice)
    resume_key = _resume_key_for(client, alice, job["id"])
    contact_id = _alice_contact_id(client, alice)
    document_id = _alice_document_id(client, connection, alice, job["id"])
    documents_before = client.get("/api/documents", headers=alice).json()
    before = client.get(f"/api/tracked/{job['id']}", headers=alice)
    assert before.status_code == 200
    contacts_before = client.get("/api/contacts", headers=alice).json()

    as_bob = call.send(
        client,
        bob,
        job_id=job["id"],
        event_id=event_id,
        resume_key=resume_key,
        contact_id=contact_id,
        document_id=document_id,
    )
    missing = call.send(
        client,
        bob,
        job_id=MISSING_ID,
        event_id=event_id,
        resume_key=resume_key,
        contact_id=MISSING_ID,
        document_id=MISSING_ID,
    )

    assert missing.status_code == 404, missing.text
    assert as_bob.status_code == 404, as_bob.text
    assert as_bob.json() == missing.json()
    assert as_bob.headers["content-type"] == missing.headers["content-type"]
    assert "alice" not in as_bob.text.lower()

    after = client.get(f"/api/tracked/{job['id']}", headers=alice)
    assert after.status_code == 200
    assert after.json() == before.json()
    # Alice's list still has exactly her job, as it was (list items leave out the people and the posting), and
    # her contact too.
    listed = {
        key: value
        for key, value in before.json().items()
        if key not in ("contacts", "documents", "posting")
    }
    assert client.get("/api/tracked", headers=alice).json()["items"] == [listed]
    assert client.get("/api/contacts", headers=alice).json() == contacts_before
    assert client.get("/api/documents", headers=alice).json() == documents_before


def test_every_route_with_an_id_is_walked(settings: Settings) -> None:
    served = api_routes(create_app(settings))
    assert ("GET", "/api/tracked") in served, "the route walk found nothing; fix api_routes"
    # The feed has no owner in its path: its secret is the credential (test_calendar_feed.py).
    with_ids = {(method, path) for method, path in served if "{" in path and "{secret}" not in path}
    walked = {(call.method, call.path) for call in ID_CALLS}
    assert with_ids - walked == set(), "a route takes an id but the ownership walk skips it"
    # Everything walked exists, except resume routes that may not be mounted yet.
    pending = {(call.method, call.path) for call in RESUME_CALLS}
    assert walked - with_ids <= pending


def test_lists_only_show_the_callers_jobs(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    alice_job, _ = _alice_job(client, alice)
    bob_job = make_job(client, bob, company="Bob Corp")
    add_event(client, bob, bob_job["id"], "applied")
    bob_job = add_event(client, bob, bob_job["id"], "interview")

    bob_items = client.get("/api/tracked", headers=bob).json()["items"]
    assert [job["id"] for job in bob_items] == [bob_job["id"]]
    alice_items = client.get("/api/tracked", headers=alice).json()["items"]
    assert [job["id"] for job in alice_items] == [alice_job["id"]]
    # The stage filter does not leak either: both jobs are at interview.
    bob_interviews = client.get("/api/tracked", params={"stage": "interview"}, headers=bob)
    assert [job["id"] for job in bob_interviews.json()["items"]] == [bob_job["id"]]


@pytest.mark.parametrize(
    "call",
    [
        Call("PATCH", "/api/tracked/{job_id}/events/{event_id}", json={"location": "Bob's"}),
        Call("DELETE", "/api/tracked/{job_id}/events/{event_id}"),
    ],
    ids=["PATCH", "DELETE"],
)
def test_alices_event_id_under_bobs_job_is_missing(
    client: TestClient, alice: dict[str, str], bob: dict[str, str], call: Call
) -> None:
    alice_job, alice_event_id = _alice_job(client, alice)
    bob_job = make_job(client, bob, company="Bob Corp")
    bob_job = add_event(client, bob, bob_job["id"], "applied")
    bob_before = client.get(f"/api/tracked/{bob_job['id']}", headers=bob).json()

    borrowed = call.send(client, bob, job_id=bob_job["id"], event_id=alice_event_id)
    missing = call.send(client, bob, job_id=bob_job["id"], event_id=MISSING_ID)
    assert borrowed.status_code == 404, borrowed.text
    assert missing.status_code == 404
    assert borrowed.json() == missing.json()

    assert client.get(f"/api/tracked/{alice_job['id']}", headers=alice).json() == alice_job
    assert client.get(f"/api/tracked/{bob_job['id']}", headers=bob).json() == bob_before
