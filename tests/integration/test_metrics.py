"""One CloudWatch EMF line per request, named by the route's template, when the stack turns
metrics on (METRICS_NAMESPACE); nothing from the request itself in it."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobtrack.platform.aws.metrics import RequestMetricsMiddleware
from jobtrack.platform.settings import Settings
from tests.conftest import app_in_test_transaction, make_job


def _is_metrics(middleware: Any) -> bool:
    return bool(middleware.cls is RequestMetricsMiddleware)


@pytest.fixture
def emitted(settings: Settings, connection: Any) -> Iterator[tuple[TestClient, io.StringIO]]:
    app = app_in_test_transaction(
        settings.model_copy(update={"metrics_namespace": "Track/test"}), connection
    )
    out = io.StringIO()
    for middleware in app.user_middleware:
        if _is_metrics(middleware):
            middleware.kwargs["stream"] = lambda: out
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, out


def _lines(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_request_writes_one_emf_line_named_by_its_route(
    emitted: tuple[TestClient, io.StringIO], alice: dict[str, str]
) -> None:
    client, out = emitted
    job = make_job(client, alice, company="Secret Corp")
    body = {"event_type": "accepted", "event_date": "2026-02-03", "location": "lots"}
    client.post(f"/api/tracked/{job['id']}/events", json=body, headers=alice)
    client.get("/api/nowhere", headers=alice)
    lines = _lines(out)
    assert [(m["Route"], m["status"]) for m in lines] == [
        ("POST /api/tracked", 201),
        ("POST /api/tracked/{job_id}/events", 409),
        ("unmatched", 404),
    ]
    created, refused, _ = lines
    assert (created["Requests"], created["ClientErrors"], created["Errors"]) == (1, 0, 0)
    assert (refused["ClientErrors"], refused["Errors"]) == (1, 0)
    assert created["Latency"] > 0
    directive = created["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "Track/test"
    assert directive["Dimensions"] == [["Route"]]
    assert {m["Name"] for m in directive["Metrics"]} <= set(created)
    text = out.getvalue()
    for secret in ("Secret Corp", "lots", alice["Authorization"].split()[1]):
        assert secret not in text


def test_the_lambda_request_id_is_on_the_line() -> None:
    out = io.StringIO()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 503, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message: Any) -> None:
        return None

    async def receive() -> Any:
        return {"type": "http.request"}

    middleware = RequestMetricsMiddleware(app, namespace="Track/test", stream=lambda: out)
    scope = {"type": "http", "method": "GET", "aws.context": SimpleNamespace(aws_request_id="r-1")}
    asyncio.run(middleware(scope, receive, send))
    [line] = _lines(out)
    assert (line["requestId"], line["Errors"], line["Route"]) == ("r-1", 1, "unmatched")


def test_no_namespace_no_middleware(app: Any) -> None:
    assert not any(_is_metrics(m) for m in app.user_middleware)
