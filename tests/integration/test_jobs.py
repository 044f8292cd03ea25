"""Tracked jobs over HTTP: create, read, list (keyset, filter), patch (notes merge), delete."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from jobtrack.schema_version import SCHEMA_VERSION
from jobtrack.tracking.notes import JobNotesRead
from tests.conftest import add_event, make_job


def test_create_returns_whole_shape(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post(
        "/api/tracked",
        json={
            "company": "  Acme ",
            "title": "Backend Engineer",
            "job_url": "https://acme.example/jobs/1",
            "notes": {"salary": "150k", "location": "Remote"},
        },
        headers=alice,
    )
    assert response.status_code == 201
    job = response.json()
    assert set(job) == {
        "id", "company", "title", "job_url", "stage", "notes", "priority", "tags",
        "has_resume", "has_posting", "events", "created_at", "updated_at", "posting", "contacts",
        "documents",
    }  # fmt: skip
    assert job["contacts"] == []
    assert (job["posting"], job["has_posting"]) == (None, False)
    assert job["company"] == "Acme"
    assert job["stage"] == "saved"
    assert job["events"] == []
    assert job["has_resume"] is False
    assert job["notes"] == {
        **JobNotesRead().model_dump(mode="json"), "salary": "150k", "location": "Remote"
    }  # fmt: skip
    assert (job["notes"]["general_note"], job["notes"]["resume_filename"]) == (None, None)
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


def test_every_api_response_is_no_store(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    for response in (
        client.get("/api/health"),
        client.get("/api/tracked", headers=alice),
        client.get(f"/api/tracked/{job['id']}", headers=alice),
        client.get("/api/tracked/999999", headers=alice),
        client.get("/api/tracked"),
        client.post("/api/tracked", content=b"{", headers=alice),
    ):
        assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x"}, "company"),
        ({"company": "", "title": "x"}, "company"),
        ({"company": "   ", "title": "x"}, "company"),
        ({"company": "x" * 201, "title": "x"}, "company"),
        ({"company": "x", "title": "x" * 201}, "title"),
        ({"company": "x", "title": "x", "job_url": "ftp://x.example"}, "job_url"),
        ({"company": "x", "title": "x", "job_url": "not a url"}, "job_url"),
        ({"company": "x", "title": "x", "job_url": "https://x.example/" + "a" * 2000}, "job_url"),
        ({"company": "x", "title": "x", "notes": {"salary": "x" * 101}}, "salary"),
        ({"company": "x", "title": "x", "notes": {"location": "x" * 201}}, "location"),
        ({"company": "x", "title": "x", "notes": {"general_note": "x" * 10_001}}, "general_note"),
        ({"company": "x", "title": "x", "notes": {"resume_filename": "a.pdf"}}, "resume_filename"),
        ({"company": "x", "title": "x", "user_id": "bob"}, "user_id"),
        ({"company": "x", "title": "x", "stage": "offer"}, "stage"),
        ({"company": 5, "title": "x"}, "company"),
    ],
)
def test_create_rejects_bad_input_naming_the_field(
    client: TestClient, alice: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = client.post("/api/tracked", json=body, headers=alice)
    assert response.status_code == 422, response.text
    payload = response.json()
    assert field in payload["message"]
    assert any(field in map(str, err["loc"]) for err in payload["detail"])
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_limits_are_inclusive(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(
        client,
        alice,
        company="c" * 200,
        title="t" * 200,
        job_url="https://x.example/" + "a" * (2000 - len("https://x.example/")),
        notes={"salary": "s" * 100, "location": "l" * 200, "general_note": "g" * 10_000},
    )
    assert len(job["company"]) == 200
    assert len(job["notes"]["general_note"]) == 10_000


def test_blank_url_means_none(client: TestClient, alice: dict[str, str]) -> None:
    assert make_job(client, alice, job_url="")["job_url"] is None


def test_malformed_json_is_422(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post(
        "/api/tracked",
        content=b'{"company": ',
        headers={**alice, "content-type": "application/json"},
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        b'{"company": "Ac\\u0000me", "title": "x"}',
        b'{"company": "Acme", "title": "x", "notes": {"general_note": "a\\u0000"}}',
        b'{"company\\u0000": "Acme", "title": "x"}',
        b'{"company": "Acme\x00", "title": "x"}',
    ],
)
def test_nul_anywhere_is_422(client: TestClient, alice: dict[str, str], body: bytes) -> None:
    response = client.post(
        "/api/tracked", content=body, headers={**alice, "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "NUL" in response.json()["message"]
    assert client.get("/api/tracked", headers=alice).json()["items"] == []


def test_escaped_backslash_before_u0000_is_not_a_nul(
    client: TestClient, alice: dict[str, str]
) -> None:
    body = b'{"company": "C:\\\\u0000dir", "title": "x"}'
    response = client.post(
        "/api/tracked", content=body, headers={**alice, "content-type": "application/json"}
    )
    assert response.status_code == 201
    assert response.json()["company"] == "C:\\u0000dir"


def test_nul_in_query_is_422(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get("/api/tracked?cursor=a%00b", headers=alice).status_code == 422


def test_body_over_64_kib_is_413(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    body = {"event_type": "applied", "event_date": "2026-02-03", "note": {"note": "x" * 65536}}
    response = client.post(f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    assert response.status_code == 413
    assert "64 KiB" in response.json()["detail"]


def test_a_jobs_create_and_patch_take_256_kib_for_its_posting(
    client: TestClient, alice: dict[str, str]
) -> None:
    body = {"company": "x", "title": "x", "notes": {"general_note": "x" * (64 * 1024)}}
    response = client.post("/api/tracked", json=body, headers=alice)
    assert response.status_code == 422  # past the body cap, the note's own limit answers
    body["notes"] = {"general_note": "x" * (256 * 1024)}
    response = client.post("/api/tracked", json=body, headers=alice)
    assert response.status_code == 413
    assert "256 KiB" in response.json()["detail"]


def test_body_over_the_cap_without_content_length_is_413(
    client: TestClient, alice: dict[str, str]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"company": "x", "title": "x", "pad": "'
        for _ in range(260):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(
        "/api/tracked", content=chunks(), headers={**alice, "content-type": "application/json"}
    )
    assert response.status_code == 413


def test_wrong_method_is_405(client: TestClient, alice: dict[str, str]) -> None:
    assert client.put("/api/tracked", headers=alice).status_code == 405


def test_huge_or_bad_ids_are_422_not_500(client: TestClient, alice: dict[str, str]) -> None:
    for path in ("/api/tracked/99999999999999", "/api/tracked/0", "/api/tracked/abc"):
        assert client.get(path, headers=alice).status_code == 422


def test_missing_job_is_404(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/api/tracked/424242", headers=alice)
    assert response.status_code == 404
    assert response.json() == {"detail": "Tracked job not found."}


def test_patch_merges_notes_key_by_key(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice, notes={"salary": "100k", "location": "Berlin"})
    response = client.patch(
        f"/api/tracked/{job['id']}",
        json={"notes": {"location": None, "general_note": "Great team"}},
        headers=alice,
    )
    assert response.status_code == 200
    assert response.json()["notes"] == {
        "salary": "100k", "location": None, "general_note": "Great team", "resume_filename": None
    }  # fmt: skip
    response = client.patch(
        f"/api/tracked/{job['id']}", json={"title": "Staff Engineer"}, headers=alice
    )
    assert response.json()["title"] == "Staff Engineer"
    assert response.json()["notes"]["salary"] == "100k"
    assert response.json()["updated_at"] > job["updated_at"]


@pytest.mark.parametrize(
    "body",
    [
        {"company": None},
        {"title": ""},
        {"stage": "offer"},
        {"notes": {"resume_filename": "x.pdf"}},
        {"notes": {"salary": "x" * 101}},
        {"events": []},
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(
    client: TestClient, alice: dict[str, str], body: dict[str, Any]
) -> None:
    job = make_job(client, alice, notes={"salary": "1"})
    response = client.patch(f"/api/tracked/{job['id']}", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).json() == job


def test_patch_can_clear_url(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice, job_url="https://x.example")
    response = client.patch(f"/api/tracked/{job['id']}", json={"job_url": None}, headers=alice)
    assert response.json()["job_url"] is None


def test_delete_removes_job_and_events(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(client, alice)
    add_event(client, alice, job["id"], "applied")
    assert client.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 204
    assert client.get(f"/api/tracked/{job['id']}", headers=alice).status_code == 404
    count = connection.execute(
        text("SELECT count(*) FROM tracking_events WHERE job_id = :id"), {"id": job["id"]}
    ).scalar()
    assert count == 0
    assert client.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 404


def _ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]


def test_list_newest_update_first_with_keyset_pages(
    client: TestClient, alice: dict[str, str]
) -> None:
    jobs = [make_job(client, alice, company=f"C{i}") for i in range(7)]
    add_event(client, alice, jobs[2]["id"], "applied")  # touches job 2: it becomes the newest
    expected = [jobs[2]["id"]] + [j["id"] for j in reversed(jobs) if j is not jobs[2]]

    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/tracked", params=params, headers=alice).json()
        seen += _ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert client.get("/api/tracked", headers=alice).json()["next_cursor"] is None


def test_list_filters_by_stage(client: TestClient, alice: dict[str, str]) -> None:
    applied = make_job(client, alice)
    add_event(client, alice, applied["id"], "applied")
    saved = make_job(client, alice)
    page = client.get("/api/tracked", params={"stage": "applied"}, headers=alice).json()
    assert _ids(page) == [applied["id"]]
    page = client.get("/api/tracked", params={"stage": "saved"}, headers=alice).json()
    assert _ids(page) == [saved["id"]]
    assert client.get("/api/tracked?stage=bogus", headers=alice).status_code == 422


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "limit=x", "cursor=%%%", "cursor=e30"])
def test_list_rejects_bad_paging(client: TestClient, alice: dict[str, str], query: str) -> None:
    response = client.get(f"/api/tracked?{query}", headers=alice)
    assert response.status_code == 422
    assert response.json()["message"]


def test_list_is_per_user(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> None:
    make_job(client, alice)
    assert client.get("/api/tracked", headers=bob).json() == {"items": [], "next_cursor": None}


def test_list_needs_a_token(client: TestClient) -> None:
    response = client.get("/api/tracked")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_stored_notes_that_no_longer_fit_read_back_with_defaults(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    job = make_job(client, alice)
    connection.execute(
        text("UPDATE job_tracking SET notes = :n WHERE id = :id"),
        {"n": '{"salary": 5, "location": ["x"], "general_note": "kept", "junk": true}',
         "id": job["id"]},
    )  # fmt: skip
    got = client.get(f"/api/tracked/{job['id']}", headers=alice)
    assert got.status_code == 200
    assert got.json()["notes"] == {
        "salary": None, "location": None, "general_note": "kept", "resume_filename": None
    }  # fmt: skip
    connection.execute(
        text("UPDATE job_tracking SET notes = '\"a string\"'::jsonb WHERE id = :id"),
        {"id": job["id"]},
    )
    assert client.get("/api/tracked", headers=alice).status_code == 200
    patched = client.patch(
        f"/api/tracked/{job['id']}", json={"notes": {"salary": "fixed"}}, headers=alice
    )
    assert patched.status_code == 200
    assert patched.json()["notes"]["salary"] == "fixed"


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json() == {
        "status": "ok",
        "database": "ok",
        "schema_version": SCHEMA_VERSION,
    }


def test_openapi_lists_error_codes(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    create_event = spec["paths"]["/api/tracked/{job_id}/events"]["post"]["responses"]
    assert {"201", "401", "404", "409", "413", "422", "503"} <= set(create_event)
    assert client.get("/api/docs").status_code == 200


def test_the_length_limit_counts_the_text_as_sent(
    client: TestClient, alice: dict[str, str]
) -> None:
    """The documented maxLength (200) is what is checked: whitespace that trimming would remove
    still counts, so a 201-character company is refused even when its first character is a tab."""
    refused = client.post(
        "/api/tracked", json={"company": "\t" + "a" * 200, "title": "T"}, headers=alice
    )
    assert refused.status_code == 422
    assert "company" in refused.json()["message"]
    kept = make_job(client, alice, company="\t" + "a" * 199)
    assert kept["company"] == "a" * 199
    blank = client.post("/api/tracked", json={"company": " \t ", "title": "T"}, headers=alice)
    assert blank.status_code == 422
    assert "blank" in blank.json()["message"]
