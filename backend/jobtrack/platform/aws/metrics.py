"""Request metrics as CloudWatch Embedded Metric Format (EMF): one JSON line per request on
stdout, which Lambda ships to CloudWatch Logs and CloudWatch turns into metrics. No client, no
network call, no dependency: AWS Lambda Powertools' Metrics writes the same document, but
importing Powertools cost about 17 ms of cold start here (docs/operations.md), so this module
writes it with the standard library.

Per route template (`POST /api/tracked/{job_id}/events`, never the raw path, so the number of
metrics stays bounded): `Requests`, `ClientErrors` (4xx), `Errors` (5xx) and `Latency` (ms).
The line also carries the status and Lambda's request id, so a metric leads to its log lines.
It carries nothing from the request itself (no token, no body, no query).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_METRICS = [
    {"Name": "Requests", "Unit": "Count"},
    {"Name": "ClientErrors", "Unit": "Count"},
    {"Name": "Errors", "Unit": "Count"},
    {"Name": "Latency", "Unit": "Milliseconds"},
]


def route_name(scope: Scope) -> str:
    """`METHOD /path/{template}` of the route that answered, or `unmatched`."""
    route = scope.get("route")
    # path_format: the template as documented ("{document_id}", not "{document_id:int}").
    path = getattr(route, "path_format", None)
    return f"{scope['method']} {path}" if isinstance(path, str) else "unmatched"


def emf_document(
    *,
    namespace: str,
    route: str,
    status: int,
    latency_ms: float,
    request_id: str | None,
    timestamp_ms: int,
) -> dict[str, Any]:
    return {
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [
                {"Namespace": namespace, "Dimensions": [["Route"]], "Metrics": _METRICS}
            ],
        },
        "Route": route,
        "Requests": 1,
        "ClientErrors": int(400 <= status < 500),
        "Errors": int(status >= 500),
        "Latency": round(latency_ms, 2),
        "status": status,
        "requestId": request_id,
    }


class RequestMetricsMiddleware:
    """Writes one EMF line per HTTP request once its response has started (status known)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        namespace: str,
        stream: Callable[[], TextIO] = lambda: sys.stdout,
    ) -> None:
        self.app = app
        self.namespace = namespace
        self.stream = stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # if the app raises before answering, the server answers 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            context = scope.get("aws.context")
            document = emf_document(
                namespace=self.namespace,
                route=route_name(scope),
                status=status,
                latency_ms=(time.perf_counter() - started) * 1000,
                request_id=getattr(context, "aws_request_id", None),
                timestamp_ms=int(time.time() * 1000),
            )
            out = self.stream()
            out.write(json.dumps(document, separators=(",", ":")) + "\n")
            out.flush()
