"""API Gateway HTTP API (payload format 2.0) events, as Lambda receives them through the
`ANY /api/{proxy+}` route that serverless.yml declares."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from mangum.types import LambdaCognitoIdentity, LambdaMobileClientContext

ROUTE_KEY = "ANY /api/{proxy+}"


def http_api_event(
    method: str,
    path: str,
    *,
    query: dict[str, str] | str | None = None,
    headers: dict[str, str] | None = None,
    json_body: Any = None,
    body: bytes | str | None = None,
    base64_body: bool = False,
    token: str | None = None,
) -> dict[str, Any]:
    """One v2 event. `json_body` is serialised; `base64_body` encodes the body the way API
    Gateway does for binary media (the handler must decode it)."""
    raw_query = query if isinstance(query, str) else urlencode(query or {})
    all_headers = {
        "host": "abc123.execute-api.us-east-1.amazonaws.com",
        "user-agent": "apigw-event-builder",
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-proto": "https",
        "x-forwarded-port": "443",
    }
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    if json_body is not None:
        body = json.dumps(json_body)
        all_headers["content-type"] = "application/json"
    all_headers.update({k.lower(): v for k, v in (headers or {}).items()})

    encoded: str | None = None
    if body is not None:
        raw = body.encode() if isinstance(body, str) else body
        encoded = base64.b64encode(raw).decode() if base64_body else raw.decode()
        all_headers.setdefault("content-length", str(len(raw)))

    return {
        "version": "2.0",
        "routeKey": ROUTE_KEY,
        "rawPath": path,
        "rawQueryString": raw_query,
        "headers": all_headers,
        "queryStringParameters": _query_parameters(raw_query),
        "pathParameters": {"proxy": path.removeprefix("/api/")},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": all_headers["host"],
            "domainPrefix": "abc123",
            "http": {
                "method": method.upper(),
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": all_headers["user-agent"],
            },
            "requestId": "req-1",
            "routeKey": ROUTE_KEY,
            "stage": "$default",
            "time": "25/Nov/2026:12:00:00 +0000",
            "timeEpoch": 1795608000000,
        },
        "body": encoded,
        "isBase64Encoded": base64_body and body is not None,
    }


def _query_parameters(raw_query: str) -> dict[str, str] | None:
    # API Gateway joins repeated keys with commas here; Mangum reads rawQueryString anyway.
    if not raw_query:
        return None
    params: dict[str, str] = {}
    for pair in raw_query.split("&"):
        key, _, value = pair.partition("=")
        params[key] = f"{params[key]},{value}" if key in params else value
    return params


def response_json(response: dict[str, Any]) -> Any:
    """The JSON body of a Lambda proxy response (decoding base64 if Mangum used it)."""
    body = response.get("body") or ""
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    return json.loads(body) if body else None


class LambdaContext:
    """The Lambda context object's attributes (mangum.types.LambdaContext), with test values."""

    function_name = "track-test-api"
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    aws_request_id = "req-1"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:track-test-api"
    log_group_name = "/aws/lambda/track-test-api"
    log_stream_name = "2026/01/01/[$LATEST]0123456789abcdef"
    identity: LambdaCognitoIdentity | None = None
    client_context: LambdaMobileClientContext | None = None

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 20_000
