"""`Idempotency-Key` on writes: a retry returns the first response and does nothing again."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from tests.conftest import make_job


def test_retry_of_create_job_replays_and_creates_nothing(
    client: TestClient, alice: dict[str, str]
) -> None:
    headers = {**alice, "Idempotency-Key": "job-1"}
    body = {"company": "Acme", "title": "Eng"}
    first = client.post("/api/tracked", json=body, headers=headers)
    again = client.post("/api/tracked", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(client.get("/api/tracked", headers=alice).json()["items"]) == 1


def test_same_key_different_body_is_422(client: TestClient, alice: dict[str, str]) -> None:
    headers = {**alice, "Idempotency-Key": "job-2"}
    client.post("/api/tracked", json={"company": "Acme", "title": "Eng"}, headers=headers)
    other = client.post("/api/tracked", json={"company": "Other", "title": "Eng"}, headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["message"]
    assert len(client.get("/api/tracked", headers=alice).json()["items"]) == 1


def test_keys_are_per_user(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> None:
    body = {"company": "Acme", "title": "Eng"}
    a = client.post("/api/tracked", json=body, headers={**alice, "Idempotency-Key": "k"})
    b = client.post("/api/tracked", json=body, headers={**bob, "Idempotency-Key": "k"})
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]
    assert len(client.get("/api/tracked", headers=bob).json()["items"]) == 1


def test_double_clicked_add_creates_one_event(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    url = f"/api/tracked/{job['id']}/events"
    body = {"event_type": "interview", "event_date": "2026-02-03"}
    headers = {**alice, "Idempotency-Key": "add-interview-1"}
    first = client.post(url, json=body, headers=headers)
    second = client.post(url, json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert len(client.get(f"/api/tracked/{job['id']}", headers=alice).json()["events"]) == 1
    # The same key on another job's URL is a different request.
    other = make_job(client, alice)
    clash = client.post(f"/api/tracked/{other['id']}/events", json=body, headers=headers)
    assert clash.status_code == 422


def test_a_failed_request_does_not_burn_the_key(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    url = f"/api/tracked/{job['id']}/events"
    headers = {**alice, "Idempotency-Key": "accept-1"}
    body = {"event_type": "accepted", "event_date": "2026-02-03"}
    assert client.post(url, json=body, headers=headers).status_code == 409
    client.post(url, json={"event_type": "offer", "event_date": "2026-02-03"}, headers=alice)
    assert client.post(url, json=body, headers=headers).status_code == 201


def test_keys_expire(client: TestClient, alice: dict[str, str], connection: Connection) -> None:
    headers = {**alice, "Idempotency-Key": "old"}
    body = {"company": "Acme", "title": "Eng"}
    client.post("/api/tracked", json=body, headers=headers)
    connection.execute(text("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'"))
    again = client.post("/api/tracked", json=body, headers=headers)
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert len(client.get("/api/tracked", headers=alice).json()["items"]) == 2


def test_bad_keys_are_422(client: TestClient, alice: dict[str, str]) -> None:
    body = {"company": "Acme", "title": "Eng"}
    for key in ("", "x" * 256, "has space"):
        response = client.post("/api/tracked", json=body, headers={**alice, "Idempotency-Key": key})
        assert response.status_code == 422, key


def test_concurrent_retries_create_one_event(
    live_client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(live_client, alice)
    url = f"/api/tracked/{job['id']}/events"
    body = {"event_type": "interview", "event_date": "2026-02-03"}
    headers = {**alice, "Idempotency-Key": "race"}
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _: live_client.post(url, json=body, headers=headers),
                                  range(12)))  # fmt: skip
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["events"][-1]["id"] for r in responses}) == 1
    assert len(live_client.get(f"/api/tracked/{job['id']}", headers=alice).json()["events"]) == 1


def test_a_key_keeps_a_reference_not_a_copy_of_the_job(
    client: TestClient, alice: dict[str, str], connection: Connection
) -> None:
    """The stored record stays small whatever the job holds (it grew 80x the request when it
    kept the whole response), and holds none of the job's text."""
    note = "n" * 9_000
    headers = {**alice, "Idempotency-Key": "small-1"}
    body = {"company": "Acme", "title": "Eng", "notes": {"general_note": note}}
    first = client.post("/api/tracked", json=body, headers=headers)
    stored = connection.execute(
        text("SELECT response::text FROM idempotency_keys WHERE key = 'small-1'")
    ).scalar_one()
    assert len(stored) < 50
    assert note not in stored
    assert "Acme" not in stored
    again = client.post("/api/tracked", json=body, headers=headers)
    assert again.json() == first.json()


def test_a_retry_after_the_job_was_deleted_returns_nothing_of_it(
    client: TestClient, alice: dict[str, str]
) -> None:
    headers = {**alice, "Idempotency-Key": "gone-1"}
    body = {"company": "Secret Corp", "title": "Eng"}
    job = client.post("/api/tracked", json=body, headers=headers).json()
    assert client.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 204
    again = client.post("/api/tracked", json=body, headers=headers)
    assert again.status_code == 409
    assert "deleted" in again.json()["detail"]
    assert "Secret Corp" not in again.text
    assert client.get("/api/tracked", headers=alice).json()["items"] == []  # not created again


def test_a_retried_event_answers_the_job_as_it_is_now(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    url = f"/api/tracked/{job['id']}/events"
    headers = {**alice, "Idempotency-Key": "now-1"}
    body = {"event_type": "applied", "event_date": "2026-02-03"}
    client.post(url, json=body, headers=headers)
    client.post(url, json={"event_type": "screening", "event_date": "2026-02-04"}, headers=alice)
    again = client.post(url, json=body, headers=headers)
    assert again.status_code == 201
    assert [e["event_type"] for e in again.json()["events"]] == ["applied", "screening"]


def test_a_retried_patch_is_not_applied_again_over_a_later_change(
    client: TestClient, alice: dict[str, str]
) -> None:
    """A phone's queued edit whose answer was lost, sent again after the laptop changed the same
    field: the retry answers the job as it is now and does not overwrite the later change."""
    job = make_job(client, alice)
    url = f"/api/tracked/{job['id']}"
    headers = {**alice, "Idempotency-Key": "phone-edit-1"}
    first = client.patch(url, json={"title": "From the phone"}, headers=headers)
    assert first.status_code == 200
    assert first.json()["title"] == "From the phone"
    client.patch(url, json={"title": "From the laptop"}, headers=alice)
    again = client.patch(url, json={"title": "From the phone"}, headers=headers)
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["title"] == "From the laptop"
    assert client.get(url, headers=alice).json()["title"] == "From the laptop"


def test_a_patch_key_tells_a_left_out_field_from_a_null_one(
    client: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(client, alice)
    url = f"/api/tracked/{job['id']}"
    headers = {**alice, "Idempotency-Key": "notes-1"}
    first = client.patch(url, json={"notes": {"salary": "90k"}}, headers=headers)
    assert first.status_code == 200
    # Clearing the salary is another request, not a retry of setting it.
    cleared = client.patch(url, json={"notes": {"salary": None}}, headers=headers)
    assert cleared.status_code == 422
    assert "Idempotency-Key" in cleared.json()["message"]
    left_out = client.patch(url, json={"notes": {}}, headers=headers)
    assert left_out.status_code == 422
    assert client.get(url, headers=alice).json()["notes"]["salary"] == "90k"


def test_a_retried_event_edit_replays(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    created = client.post(
        f"/api/tracked/{job['id']}/events",
        json={"event_type": "applied", "event_date": "2026-02-03"},
        headers=alice,
    ).json()
    event_url = f"/api/tracked/{job['id']}/events/{created['events'][0]['id']}"
    headers = {**alice, "Idempotency-Key": "edit-event-1"}
    first = client.patch(event_url, json={"location": "Berlin"}, headers=headers)
    client.patch(event_url, json={"location": "Hamburg"}, headers=alice)
    again = client.patch(event_url, json={"location": "Berlin"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["events"][0]["location"] == "Hamburg"
    # The same key on another route is a different request.
    clash = client.patch(f"/api/tracked/{job['id']}", json={"title": "X"}, headers=headers)
    assert clash.status_code == 422
