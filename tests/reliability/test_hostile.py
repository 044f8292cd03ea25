"""Hostile input and configuration: the OWASP API Security Top 10 (2023) items that apply.

- API1 object-level authorization: tests/integration/test_ownership.py walks every route with
  an id as another user (and the state machine in test_model.py does it after every kind of
  change); not repeated here.
- API2 authentication: the token table is tests/integration/test_auth.py; here, hostile
  Authorization headers (huge, binary, other schemes) are 401, never a 500.
- API3 object property level authorization (mass assignment): server-owned fields in any
  body are a 422 naming the field, and nothing changes.
- API4 unrestricted resource consumption: page size, body size, deep or huge JSON, long
  strings, huge ids and query strings are refused with a 4xx, cheaply, without echoing.
- API8 security misconfiguration: CORS answers only configured origins; no stack trace or SQL
  in any error body; 405 on wrong methods; docs and OpenAPI off in cognito mode; security
  headers on every response.
- API7 SSRF does not apply: job_url is stored and shown, never fetched by the server.

Every response any test here gets goes through `Probe`, which fails on a 5xx, on a leak in the
body, and on a missing security header.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jobtrack.main import create_app
from jobtrack.platform.settings import Settings
from tests.conftest import TEST_SECRET, add_event, make_job
from tests.reliability.conftest import leaks

ALLOWED_ORIGIN = "http://127.0.0.1:5173"  # tests/conftest.py settings.cors_origins
EVIL_ORIGIN = "https://evil.example"
SERVER_OWNED = {
    "user_id": "mallory",
    "stage": "offer",
    "resume_filename": "evil.pdf",
    "resume_key": "resumes/x.pdf",
    "has_resume": True,
    "id": 999,
    "created_at": "2020-01-01T00:00:00Z",
    "updated_at": "2020-01-01T00:00:00Z",
    "events": [],
}


class Probe:
    """Sends through a TestClient and checks every answer; counts what it sent."""

    def __init__(self, client: TestClient, figures: Counter[str]) -> None:
        self.client, self.figures = client, figures

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.client.request(method, path, **kwargs)
        self.figures["cases"] += 1
        sent = json.dumps(kwargs.get("json", "")) + str(kwargs.get("content", ""))[:100_000]
        found = leaks(response.text, sent)
        if response.status_code >= 500 or found:
            self.figures["violations"] += 1
        assert response.status_code < 500, f"{method} {path}: {response.text[:500]}"
        assert not found, f"{method} {path} leaked {found}: {response.text[:500]}"
        if path.startswith("/api"):
            assert response.headers.get("cache-control") == "no-store"
            assert response.headers.get("x-content-type-options") == "nosniff"
        return response


@pytest.fixture
def probe(client: TestClient, figures: Counter[str]) -> Probe:
    return Probe(client, figures)


def field_of(response: Any) -> str:
    return ".".join(str(p) for p in response.json()["detail"][0]["loc"])


# ---- API3: mass assignment ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SERVER_OWNED))
def test_server_owned_fields_in_a_create_are_422_and_create_nothing(
    probe: Probe, alice: dict[str, str], name: str
) -> None:
    before = probe("GET", "/api/tracked", headers=alice).json()["items"]
    body = {"company": "Acme", "title": "Engineer", name: SERVER_OWNED[name]}
    response = probe("POST", "/api/tracked", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert name in field_of(response)
    assert probe("GET", "/api/tracked", headers=alice).json()["items"] == before


@pytest.mark.parametrize("name", sorted(SERVER_OWNED))
def test_server_owned_fields_in_a_patch_are_422_and_change_nothing(
    probe: Probe, alice: dict[str, str], name: str
) -> None:
    job = make_job(probe.client, alice)
    response = probe("PATCH", f"/api/tracked/{job['id']}", json={name: SERVER_OWNED[name]},
                     headers=alice)  # fmt: skip
    assert response.status_code == 422, response.text
    assert name in field_of(response)
    assert probe("GET", f"/api/tracked/{job['id']}", headers=alice).json() == job


@pytest.mark.parametrize("where", ["create", "patch"])
def test_resume_filename_inside_notes_is_server_only(
    probe: Probe, alice: dict[str, str], where: str
) -> None:
    notes = {"resume_filename": "evil.pdf", "salary": "1"}
    if where == "create":
        response = probe("POST", "/api/tracked", json={"company": "A", "title": "B",
                         "notes": notes}, headers=alice)  # fmt: skip
    else:
        job = make_job(probe.client, alice)
        response = probe("PATCH", f"/api/tracked/{job['id']}", json={"notes": notes},
                         headers=alice)  # fmt: skip
        assert probe("GET", f"/api/tracked/{job['id']}", headers=alice).json() == job
    assert response.status_code == 422, response.text
    assert field_of(response).endswith("resume_filename")


@pytest.mark.parametrize("name", ["user_id", "stage", "id", "job_id", "created_at", "round_"])
def test_server_owned_fields_in_an_event_are_422_and_add_nothing(
    probe: Probe, alice: dict[str, str], name: str
) -> None:
    job = make_job(probe.client, alice)
    body = {"event_type": "applied", "event_date": "2026-02-03", name: "x"}
    response = probe("POST", f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    assert response.status_code == 422, response.text
    noted = {"event_type": "applied", "event_date": "2026-02-03", "note": {name: "x"}}
    in_note = probe("POST", f"/api/tracked/{job['id']}/events", json=noted, headers=alice)
    assert in_note.status_code == 422, in_note.text
    assert probe("GET", f"/api/tracked/{job['id']}", headers=alice).json() == job


@pytest.mark.parametrize(
    "body",
    [
        {"event_type": "offer"},
        {"id": 1},
        {"job_id": 2},
        {"user_id": "mallory"},
        {"created_at": "2020-01-01T00:00:00Z"},
        {"note": {"user_id": "mallory"}},
    ],
)
def test_server_owned_fields_in_an_event_patch_are_422(
    probe: Probe, alice: dict[str, str], body: dict[str, Any]
) -> None:
    job = make_job(probe.client, alice)
    job = add_event(probe.client, alice, job["id"], "applied")
    path = f"/api/tracked/{job['id']}/events/{job['events'][0]['id']}"
    response = probe("PATCH", path, json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert probe("GET", f"/api/tracked/{job['id']}", headers=alice).json() == job


# ---- API4: resource limits ---------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "-1", "501", "100000", "99999999999999999999", "1e3"])
def test_page_size_is_bounded(probe: Probe, alice: dict[str, str], limit: str) -> None:
    response = probe("GET", "/api/tracked", params={"limit": limit}, headers=alice)
    assert response.status_code == 422, response.text


def test_the_largest_page_is_allowed(probe: Probe, alice: dict[str, str]) -> None:
    assert probe("GET", "/api/tracked", params={"limit": 500}, headers=alice).status_code == 200


BODY_ROUTES = [
    ("POST", "/api/tracked"),
    ("PATCH", "/api/tracked/{job}"),
    ("POST", "/api/tracked/{job}/events"),
    ("PATCH", "/api/tracked/{job}/events/{event}"),
    ("POST", "/api/tracked/{job}/resume/confirm"),
    ("POST", "/api/auth/dev-token"),
    ("POST", "/api/calendar/feed"),
    ("PUT", "/api/notifications/settings"),
    ("POST", "/api/dev/notifications/run"),
]


@pytest.fixture
def ids(probe: Probe, alice: dict[str, str]) -> dict[str, int]:
    job = add_event(probe.client, alice, make_job(probe.client, alice)["id"], "applied")
    return {"job": job["id"], "event": job["events"][0]["id"]}


def hostile_bodies() -> dict[str, bytes]:
    deep = b"[" * 10_000 + b"]" * 10_000
    return {
        "nested 10,000 deep": deep,
        "nested 10,000 deep in a field": b'{"company": ' + deep + b', "title": "x"}',
        "nested deep with a \\u0000 escape": b'["\\u0000", ' + deep + b"]",
        "nested objects 5,000 deep": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        "huge array": b'{"company": [' + b"0," * 30_000 + b'0], "title": "x"}',
        "many keys": json.dumps({f"k{i}": i for i in range(5_000)}).encode(),
        "long string": json.dumps({"company": "x" * 60_000, "title": "x"}).encode(),
        "not UTF-8": b'{"company": "\xff\xfe\xfa", "title": "x"}',
        "UTF-16": json.dumps({"company": "a", "title": "b"}).encode("utf-16"),
        "truncated": b'{"company": "a", "title": ',
        "number too big": b'{"company": "a", "title": "b", "x": 1' + b"0" * 5_000 + b"}",
        "lone surrogate": b'{"company": "\\ud800", "title": "x"}',
        "not JSON": b"company=a&title=b",
    }


@pytest.mark.parametrize(("method", "route"), BODY_ROUTES)
@pytest.mark.parametrize("kind", sorted(hostile_bodies()))
def test_hostile_bodies_are_refused_with_a_4xx(
    probe: Probe, alice: dict[str, str], ids: dict[str, int], method: str, route: str, kind: str
) -> None:
    body = hostile_bodies()[kind]
    response = probe(
        method,
        route.format(**ids),
        content=body,
        headers={**alice, "Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.status_code in {413, 422}, response.status_code  # both documented
    assert len(response.content) < 4_096  # the refusal never echoes the input


@pytest.mark.parametrize(("method", "route"), BODY_ROUTES)
def test_a_body_over_its_cap_is_413_before_it_is_parsed(
    probe: Probe, alice: dict[str, str], ids: dict[str, int], method: str, route: str
) -> None:
    # A job's create and patch take 256 KiB (a posting's description); the rest 64 KiB.
    cap = 256 if route in ("/api/tracked", "/api/tracked/{job}") else 64
    body = json.dumps({"company": "x" * (cap * 1024), "title": "x"}).encode()
    response = probe(method, route.format(**ids), content=body,
                     headers={**alice, "Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 413, response.text


@pytest.mark.parametrize(
    ("field", "length"),
    [("company", 201), ("title", 201), ("job_url", 2_001)],
)
def test_long_strings_are_422_naming_the_field(
    probe: Probe, alice: dict[str, str], field: str, length: int
) -> None:
    body = {"company": "A", "title": "B", field: "https://x.example/" + "a" * length}
    response = probe("POST", "/api/tracked", json=body, headers=alice)
    assert response.status_code == 422, response.text
    assert field_of(response).endswith(field)


@pytest.mark.parametrize(
    "path",
    [
        "/api/tracked/99999999999999999999999999",
        "/api/tracked/-1",
        "/api/tracked/1e9",
        "/api/tracked/1/events/99999999999999999999",
        "/api/tracked/" + "9" * 5_000,
    ],
)
def test_huge_or_odd_ids_are_422(probe: Probe, alice: dict[str, str], path: str) -> None:
    assert (
        probe("GET" if "events" not in path else "DELETE", path, headers=alice).status_code == 422
    )


def test_huge_query_strings_are_refused(probe: Probe, alice: dict[str, str]) -> None:
    response = probe("GET", "/api/tracked", params={"cursor": "A" * 10_000}, headers=alice)
    assert response.status_code == 422
    response = probe("GET", "/api/tracked", params={f"p{i}": i for i in range(2_000)},
                     headers=alice)  # fmt: skip
    assert response.status_code == 200  # unknown parameters are ignored, cheaply


# ---- API2: hostile credentials -----------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer " + "a" * 30_000,
        "Bearer " + "a.b.c" * 1_000,
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.",  # alg=none
        "Basic YWxpY2U6c2VjcmV0",
        "Bearer",
        "Bearer \u00e9\u00e8",
    ],
)
def test_hostile_tokens_are_401(probe: Probe, authorization: str) -> None:
    raw = authorization.encode("latin-1")  # header bytes as sent, non-ASCII included
    response = probe("GET", "/api/tracked", headers={"Authorization": raw})
    assert response.status_code == 401, response.text


# ---- API8: configuration -----------------------------------------------------------------


def test_cors_preflight_answers_the_configured_origin(probe: Probe) -> None:
    headers = {
        "Origin": ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
    }
    response = probe("OPTIONS", "/api/tracked", headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    "origin", [EVIL_ORIGIN, "null", "http://127.0.0.1:5173.evil.example", "http://127.0.0.1"]
)
def test_cors_answers_no_other_origin(probe: Probe, alice: dict[str, str], origin: str) -> None:
    preflight = probe("OPTIONS", "/api/tracked",
                      headers={"Origin": origin, "Access-Control-Request-Method": "GET"})  # fmt: skip
    assert "access-control-allow-origin" not in preflight.headers
    simple = probe("GET", "/api/tracked", headers={**alice, "Origin": origin})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers
    assert "access-control-allow-credentials" not in simple.headers


def test_the_allowed_origin_gets_cors_headers_on_real_requests(
    probe: Probe, alice: dict[str, str]
) -> None:
    response = probe("GET", "/api/tracked", headers={**alice, "Origin": ALLOWED_ORIGIN})
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert response.headers.get("vary", "").lower().find("origin") >= 0


WRONG_METHODS = [
    ("PUT", "/api/tracked"),
    ("DELETE", "/api/tracked"),
    ("PATCH", "/api/tracked"),
    ("PUT", "/api/tracked/{job}"),
    ("POST", "/api/tracked/{job}"),
    ("GET", "/api/tracked/{job}/events"),
    ("DELETE", "/api/tracked/{job}/events"),
    ("PUT", "/api/tracked/{job}/events/{event}"),
    ("GET", "/api/tracked/{job}/events/{event}"),
    ("POST", "/api/tracked/{job}/resume/upload-url"),
    ("GET", "/api/tracked/{job}/resume/confirm"),
    ("DELETE", "/api/tracked/{job}/resume/url"),
    ("POST", "/api/health"),
    ("GET", "/api/auth/dev-token"),
]


@pytest.mark.parametrize(("method", "route"), WRONG_METHODS)
def test_wrong_methods_are_405_with_allow(
    probe: Probe, alice: dict[str, str], ids: dict[str, int], method: str, route: str
) -> None:
    response = probe(method, route.format(**ids), headers=alice)
    assert response.status_code == 405, response.text
    assert method not in response.headers["allow"]


@pytest.fixture
def cognito_probe(figures: Counter[str], tmp_path: Path, engine: Engine) -> Iterator[Probe]:
    """A cognito-mode app on the session's database (`engine` makes it the app's engine)."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**json.loads(RSAAlgorithm.to_jwk(key)), "kid": "k1"}]}))
    settings = Settings(
        auth_mode="cognito",
        cognito_user_pool_id="us-east-1_Example",
        cognito_client_id=["client"],
        cognito_jwks_url=jwks.as_uri(),  # a pool's key set, served without a network
        cors_origins=[ALLOWED_ORIGIN],
    )
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Probe(client, figures)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/openapi.json"),
        ("GET", "/api/docs"),
        ("GET", "/api/redoc"),
        ("GET", "/openapi.json"),
        ("GET", "/docs"),
        ("POST", "/api/auth/dev-token"),
    ],
)
def test_cognito_mode_serves_no_docs_schema_or_dev_tokens(
    cognito_probe: Probe, method: str, path: str
) -> None:
    body = {"sub": "alice"} if method == "POST" else None
    response = cognito_probe(method, path, json=body)
    assert response.status_code == 404, response.text
    assert "openapi" not in response.text.lower()


def test_a_dev_token_is_worthless_in_cognito_mode(cognito_probe: Probe) -> None:
    from jobtrack.auth.tokens import issue_dev_token

    token = issue_dev_token(sub="alice", settings=Settings(dev_jwt_secret=TEST_SECRET))
    response = cognito_probe("GET", "/api/tracked", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_error_bodies_across_the_api_carry_no_trace_or_sql(
    probe: Probe, alice: dict[str, str], bob: dict[str, str], ids: dict[str, int]
) -> None:
    """One of each error the API gives, collected and checked (Probe checks each one too)."""
    job, event = ids["job"], ids["event"]
    calls: list[tuple[str, str, dict[str, Any], dict[str, str]]] = [
        ("GET", "/api/tracked/999999", {}, alice),
        ("GET", f"/api/tracked/{job}", {}, bob),
        ("POST", f"/api/tracked/{job}/events",
         {"json": {"event_type": "accepted", "event_date": "2026-02-03"}}, alice),
        ("DELETE", f"/api/tracked/{job}/events/{event + 100}", {}, alice),
        ("PATCH", f"/api/tracked/{job}", {"json": {"company": None}}, alice),
        ("PATCH", f"/api/tracked/{job}", {"json": {"notes": {"salary": 5}}}, alice),
        ("GET", "/api/tracked", {"params": {"cursor": "'; DROP TABLE job_tracking; --"}}, alice),
        ("GET", "/api/tracked", {"params": {"stage": "' OR 1=1 --"}}, alice),
        ("GET", "/api/tracked", {}, {}),
        ("POST", "/api/tracked", {"content": b"{", "headers": {"Content-Type": "application/json"}},
         alice),
        ("GET", f"/api/tracked/{job}/resume/url", {}, alice),
        ("POST", f"/api/tracked/{job}/resume/confirm",
         {"json": {"key": "../../etc/passwd", "filename": "a.pdf"}}, alice),
        ("GET", f"/api/tracked/{job}/resume/upload-url",
         {"params": {"filename": "a.exe", "size": 0}}, alice),
        ("GET", "/api/nope", {}, alice),
    ]  # fmt: skip
    statuses: Counter[int] = Counter()
    for method, path, kwargs, headers in calls:
        extra = kwargs.pop("headers", {})
        response = probe(method, path, headers={**headers, **extra}, **kwargs)
        statuses[response.status_code] += 1
        assert response.status_code >= 400
        assert response.headers["content-type"].startswith("application/json")
    assert set(statuses) >= {401, 404, 409, 422}, statuses
