"""The API reports the schema version it was built with, so a page left open across a deploy
can tell it was built from another one: the `X-Schema-Version` header on every /api response
and `schema_version` in `GET /api/health`."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from jobtrack.health import router as health
from jobtrack.platform.errors import DatabaseNotConfigured
from jobtrack.schema_version import SCHEMA_VERSION
from tests.conftest import make_job

GENERATED = Path(__file__).resolve().parents[2] / "frontend" / "src" / "generated"
HEADER = "X-Schema-Version"


def test_the_version_is_the_one_the_page_is_built_with() -> None:
    module = (GENERATED / "trackingSchema.js").read_text(encoding="utf-8")
    match = re.search(r'^export const SCHEMA_VERSION = "([0-9a-f]+)";$', module, re.MULTILINE)
    assert match is not None
    assert match.group(1) == SCHEMA_VERSION
    data = json.loads((GENERATED / "trackingSchema.json").read_text(encoding="utf-8"))
    compact = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    assert hashlib.sha256(compact).hexdigest()[:16] == SCHEMA_VERSION


def test_every_api_response_carries_the_version(client: TestClient, alice: dict[str, str]) -> None:
    job = make_job(client, alice)
    responses: dict[str, httpx.Response] = {
        "health": client.get("/api/health"),
        "list": client.get("/api/tracked", headers=alice),
        "create": client.post("/api/tracked", json={"company": "B", "title": "C"}, headers=alice),
        "read": client.get(f"/api/tracked/{job['id']}", headers=alice),
        "delete": client.delete(f"/api/tracked/{job['id']}", headers=alice),
        "not found": client.get("/api/tracked/999999", headers=alice),
        "no such route": client.get("/api/no-such-route", headers=alice),
        "no token": client.get("/api/tracked"),
        "invalid body": client.post("/api/tracked", json={"title": "x"}, headers=alice),
        "not JSON": client.post("/api/tracked", content=b"{", headers=alice),
        # The guard's own answers, sent before any route runs.
        "NUL": client.get("/api/tracked?stage=%00", headers=alice),
        "too large": client.post("/api/tracked", content=b"x" * (1024 * 1024), headers=alice),
        "CORS preflight": client.options(
            "/api/tracked",
            headers={
                "Origin": "http://127.0.0.1:5173",
                "Access-Control-Request-Method": "POST",
            },
        ),
    }
    statuses = {name: r.status_code for name, r in responses.items()}
    assert statuses == {
        "health": 200,
        "list": 200,
        "create": 201,
        "read": 200,
        "delete": 204,
        "not found": 404,
        "no such route": 404,
        "no token": 401,
        "invalid body": 422,
        "not JSON": 422,
        "NUL": 422,
        "too large": 413,
        "CORS preflight": 200,
    }
    for name, response in responses.items():
        assert response.headers.get(HEADER) == SCHEMA_VERSION, name
        assert response.headers.get_list(HEADER) == [SCHEMA_VERSION], name
        assert response.headers["cache-control"] == "no-store", name


def test_responses_outside_the_api_do_not_carry_it(client: TestClient) -> None:
    response = client.get("/")
    assert HEADER not in response.headers


def test_health_reports_the_version_beside_its_keys(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "schema_version": SCHEMA_VERSION,
    }


def test_health_reports_the_version_while_the_database_is_down(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_database() -> None:
        raise DatabaseNotConfigured

    monkeypatch.setattr(health, "get_engine", no_database)
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "unavailable",
        "schema_version": SCHEMA_VERSION,
    }
    assert response.headers[HEADER] == SCHEMA_VERSION


def test_a_page_on_another_origin_may_read_the_version_and_retry_hints(
    client: TestClient, alice: dict[str, str]
) -> None:
    origin = {"Origin": "http://127.0.0.1:5173"}
    response = client.get("/api/tracked", headers={**alice, **origin})
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"x-schema-version", "retry-after", "idempotent-replayed"} <= exposed
