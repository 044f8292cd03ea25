"""Every route family through the Lambda entry point's adapter (Mangum, `lifespan="off"`)
with API Gateway HTTP API v2 events: query strings, base64-encoded bodies, and errors mapped
to the status codes docs/api.md names. The app is the shared per-test-transaction one;
S3 is moto in process (the resume family presigns, heads, copies and deletes)."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from fastapi import FastAPI
from mangum import Mangum
from moto import mock_aws

from jobtrack.platform.aws.object_store import ObjectStore, get_object_store
from jobtrack.platform.blocking import one_request_at_a_time
from jobtrack.schema_version import SCHEMA_VERSION
from tests.apigw_events import LambdaContext, http_api_event, response_json

Invoke = Callable[..., dict[str, Any]]
BUCKET = "track-mangum-test"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def s3_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def invoke(app: FastAPI, s3_client: Any) -> Invoke:
    """Call the Lambda handler the way the runtime does: one v2 event, one context."""
    app.dependency_overrides[get_object_store] = lambda: ObjectStore(
        bucket=BUCKET, client=lambda: s3_client
    )
    handler = Mangum(app, lifespan="off")

    def call(method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        with one_request_at_a_time():  # as lambda_handler.handler runs each invocation
            return dict(handler(http_api_event(method, path, **kwargs), LambdaContext()))

    return call


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def create(invoke: Invoke, token: str, **fields: Any) -> dict[str, Any]:
    body = {"company": "Acme", "title": "Backend Engineer", **fields}
    response = invoke("POST", "/api/tracked", token=token, json_body=body, base64_body=True)
    assert response["statusCode"] == 201, response
    return dict(response_json(response))


def add_event(invoke: Invoke, token: str, job_id: Any, event_type: str, **fields: Any) -> Any:
    body = {"event_type": event_type, "event_date": "2026-02-03", **fields}
    return invoke(
        "POST", f"/api/tracked/{job_id}/events", token=token, json_body=body, base64_body=True
    )


# ---- service and auth ------------------------------------------------------------------------


def test_health_and_no_store(invoke: Invoke) -> None:
    response = invoke("GET", "/api/health")
    assert response["statusCode"] == 200
    assert response_json(response) == {
        "status": "ok",
        "database": "ok",
        "schema_version": SCHEMA_VERSION,
    }
    assert response["headers"]["cache-control"] == "no-store"
    assert response["isBase64Encoded"] is False


def test_dev_token_from_a_base64_body_signs_in(invoke: Invoke) -> None:
    issued = invoke("POST", "/api/auth/dev-token", json_body={"sub": "carol"}, base64_body=True)
    assert issued["statusCode"] == 200, issued
    token = response_json(issued)["access_token"]
    listed = invoke("GET", "/api/tracked", token=token)
    assert listed["statusCode"] == 200
    assert response_json(listed) == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("token", [None, "not-a-jwt"])
def test_missing_or_bad_token_is_401(invoke: Invoke, token: str | None) -> None:
    response = invoke("GET", "/api/tracked", token=token)
    assert response["statusCode"] == 401
    assert response["headers"]["www-authenticate"] == "Bearer"


# ---- tracked jobs ------------------------------------------------------------------------------


def test_job_crud_with_base64_bodies(invoke: Invoke, alice: dict[str, str]) -> None:
    token = token_of(alice)
    job = create(invoke, token, notes={"salary": "150k", "location": "Remote"})
    assert (job["stage"], job["events"], job["has_resume"]) == ("saved", [], False)

    path = f"/api/tracked/{job['id']}"
    fetched = invoke("GET", path, token=token)
    assert response_json(fetched) == job

    patched = invoke(
        "PATCH", path, token=token, json_body={"notes": {"salary": None}}, base64_body=True
    )
    assert patched["statusCode"] == 200
    notes = response_json(patched)["notes"]
    assert (notes["salary"], notes["location"]) == (None, "Remote")

    deleted = invoke("DELETE", path, token=token)
    assert deleted["statusCode"] == 204
    assert deleted["body"] == ""
    assert invoke("GET", path, token=token)["statusCode"] == 404


def test_query_strings_filter_and_page(invoke: Invoke, alice: dict[str, str]) -> None:
    token = token_of(alice)
    first, second, third = (create(invoke, token, company=f"Co {n}") for n in range(3))
    assert add_event(invoke, token, second["id"], "applied")["statusCode"] == 201

    applied = invoke("GET", "/api/tracked", token=token, query={"stage": "applied"})
    assert [j["id"] for j in response_json(applied)["items"]] == [second["id"]]

    seen: list[Any] = []
    query: dict[str, str] = {"limit": "2"}
    while True:
        page = response_json(invoke("GET", "/api/tracked", token=token, query=query))
        seen += [j["id"] for j in page["items"]]
        if page["next_cursor"] is None:
            break
        query = {"limit": "2", "cursor": page["next_cursor"]}
    assert sorted(seen) == sorted([first["id"], second["id"], third["id"]])
    assert seen[0] == second["id"], "newest update first"

    # The raw query string reaches the app as sent, percent-encoding included.
    raw = invoke("GET", "/api/tracked", token=token, query="stage=saved&limit=%31")
    assert len(response_json(raw)["items"]) == 1


@pytest.mark.parametrize(
    "query", [{"limit": "0"}, {"limit": "501"}, {"limit": "ten"}, {"stage": "hired"}]
)
def test_bad_query_values_are_422_naming_the_field(
    invoke: Invoke, alice: dict[str, str], query: dict[str, str]
) -> None:
    response = invoke("GET", "/api/tracked", token=token_of(alice), query=query)
    assert response["statusCode"] == 422
    assert next(iter(query)) in response_json(response)["message"]


# ---- events ------------------------------------------------------------------------------------


def test_event_family_and_the_stage_rules(invoke: Invoke, alice: dict[str, str]) -> None:
    token = token_of(alice)
    job = create(invoke, token)
    created = add_event(invoke, token, job["id"], "interview", note={"type": "onsite"})
    assert created["statusCode"] == 201, created
    after = response_json(created)
    assert after["stage"] == "interview"
    assert after["events"][-1]["note"]["round"] == 1
    event_id = after["events"][-1]["id"]

    event_path = f"/api/tracked/{job['id']}/events/{event_id}"
    edited = invoke(
        "PATCH", event_path, token=token, json_body={"location": "Zoom"}, base64_body=True
    )
    assert edited["statusCode"] == 200
    assert response_json(edited)["events"][-1]["location"] == "Zoom"

    backwards = add_event(invoke, token, job["id"], "applied")
    assert backwards["statusCode"] == 409

    rejected = add_event(invoke, token, job["id"], "rejected")
    assert rejected["statusCode"] == 201
    locked = invoke(
        "PATCH",
        f"/api/tracked/{job['id']}",
        token=token,
        json_body={"title": "Staff Engineer"},
        base64_body=True,
    )
    assert locked["statusCode"] == 409
    assert "rejected" in response_json(locked)["detail"]

    undo_id = response_json(rejected)["events"][-1]["id"]
    undone = invoke("DELETE", f"/api/tracked/{job['id']}/events/{undo_id}", token=token)
    assert undone["statusCode"] == 200
    assert response_json(undone)["stage"] == "interview"


# ---- resumes -----------------------------------------------------------------------------------


def test_resume_family(invoke: Invoke, alice: dict[str, str], s3_client: Any) -> None:
    token = token_of(alice)
    job = create(invoke, token)
    base = f"/api/tracked/{job['id']}/resume"

    assert invoke("GET", f"{base}/url", token=token)["statusCode"] == 404
    refused = invoke(
        "GET", f"{base}/upload-url", token=token, query={"filename": "cv.docx", "size": "10"}
    )
    assert refused["statusCode"] == 422

    issued = invoke(
        "GET",
        f"{base}/upload-url",
        token=token,
        query={"filename": "cv.pdf", "size": str(len(PDF))},
    )
    assert issued["statusCode"] == 200, issued
    upload = response_json(issued)
    assert upload["method"] == "PUT"
    assert upload["key"].startswith("pending/")
    s3_client.put_object(Bucket=BUCKET, Key=upload["key"], Body=PDF, ContentType="application/pdf")

    confirmed = invoke(
        "POST",
        f"{base}/confirm",
        token=token,
        json_body={"key": upload["key"], "filename": "cv.pdf"},
        base64_body=True,
    )
    assert confirmed["statusCode"] == 200, confirmed
    assert response_json(confirmed)["has_resume"] is True
    assert response_json(confirmed)["notes"]["resume_filename"] == "cv.pdf"

    link = invoke("GET", f"{base}/url", token=token, query={"disposition": "attachment"})
    assert link["statusCode"] == 200
    assert response_json(link)["filename"] == "cv.pdf"


# ---- errors ------------------------------------------------------------------------------------


def test_another_users_job_is_404_like_a_missing_one(
    invoke: Invoke, alice: dict[str, str], bob: dict[str, str]
) -> None:
    job = create(invoke, token_of(alice))
    theirs = invoke("GET", f"/api/tracked/{job['id']}", token=token_of(bob))
    missing = invoke("GET", "/api/tracked/999999999", token=token_of(bob))
    assert theirs["statusCode"] == missing["statusCode"] == 404
    assert theirs["body"] == missing["body"]


def test_write_errors_map_to_status_codes(invoke: Invoke, alice: dict[str, str]) -> None:
    token = token_of(alice)
    unknown_field = invoke(
        "POST",
        "/api/tracked",
        token=token,
        json_body={"company": "Acme", "title": "Dev", "colour": "blue"},
        base64_body=True,
    )
    assert unknown_field["statusCode"] == 422
    assert "colour" in response_json(unknown_field)["message"]

    not_json = invoke(
        "POST",
        "/api/tracked",
        token=token,
        body=b"{not json",
        headers={"content-type": "application/json"},
        base64_body=True,
    )
    assert not_json["statusCode"] == 422

    oversized = invoke(
        "POST",
        "/api/tracked",
        token=token,
        json_body={"company": "Acme", "title": "Dev", "notes": {"general_note": "x" * 270_000}},
        base64_body=True,
    )
    assert oversized["statusCode"] == 413

    nul = invoke("GET", "/api/tracked", token=token, query="stage=saved%00")
    assert nul["statusCode"] == 422
    nul_body = invoke(
        "POST",
        "/api/tracked",
        token=token,
        json_body={"company": "Ac\u0000me", "title": "Dev"},
        base64_body=True,
    )
    assert nul_body["statusCode"] == 422

    assert invoke("PUT", "/api/tracked", token=token)["statusCode"] == 405
    assert invoke("GET", "/api/nothing-here", token=token)["statusCode"] == 404


def test_error_bodies_are_json_without_internals(invoke: Invoke) -> None:
    response = invoke("GET", "/api/tracked/1")
    assert response["headers"]["content-type"] == "application/json"
    body = json.loads(response["body"])
    assert set(body) <= {"detail", "message"}
    assert "Traceback" not in response["body"]


def test_a_large_response_is_gzipped_and_base64_encoded_for_api_gateway(
    invoke: Invoke, alice: dict[str, str]
) -> None:
    token = token_of(alice)
    for i in range(12):
        create(invoke, token, company=f"Company {i}", notes={"general_note": "n" * 200})
    plain = invoke("GET", "/api/tracked", token=token)
    assert "content-encoding" not in plain["headers"]
    expected = response_json(plain)
    zipped = invoke("GET", "/api/tracked", token=token, headers={"accept-encoding": "gzip"})
    assert zipped["statusCode"] == 200
    assert zipped["headers"]["content-encoding"] == "gzip"
    assert zipped["isBase64Encoded"] is True
    body = gzip.decompress(base64.b64decode(zipped["body"]))
    assert json.loads(body) == expected
    assert len(body) > 5 * len(base64.b64decode(zipped["body"]))  # notes compress well
    small = invoke("GET", "/api/health", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small["headers"]  # under 1 KiB: sent as it is
