"""Guards every /api request before routing: body size (413), NUL characters (422), and
`Cache-Control: no-store` plus `X-Content-Type-Options: nosniff` on every response, with the
`X-Schema-Version` the page checks itself against. Pure ASGI, so the body is read once."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobtrack.schema_version import SCHEMA_VERSION

logger = logging.getLogger("jobtrack")

NUL_MESSAGE = "NUL characters (\\u0000) are not allowed in any input."
INTERNAL_ERROR = (
    "Something went wrong on our side and nothing was saved. Try again in a moment; "
    "if it keeps happening, tell us."
)
# Every /api response: never cached (it is per user), and never sniffed into another type.
SECURITY_HEADERS = [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]
# ...and the schema version the API was built with: a page built from another one is stale.
API_HEADERS = [*SECURITY_HEADERS, (b"x-schema-version", SCHEMA_VERSION.encode())]


def _nul_path(value: Any) -> list[str | int] | None:
    """Where the first NUL sits in a parsed JSON value (`[]` for the value itself), else None.
    Walked with a stack, so a deeply nested body cannot exhaust Python's stack."""
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return path
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                if "\x00" in key:
                    return [*path, key]
                stack.append((child, [*path, key]))
        elif isinstance(item, list):
            stack.extend((child, [*path, i]) for i, child in reversed(list(enumerate(item))))
    return None


def nul_location(body: bytes) -> list[str | int] | None:
    """The `loc` of the field holding a NUL character (`["body", "html"]`), `["body"]` when the
    body is not JSON, or None when there is no NUL."""
    if b"\x00" not in body and b"\\u0000" not in body:
        return None
    try:  # the escape may be an escaped backslash followed by "u0000": look at the real strings
        path = _nul_path(json.loads(body, strict=False))
    except (ValueError, RecursionError):
        return ["body"] if b"\x00" in body else None
    if path is None:
        return ["body"] if b"\x00" in body else None
    return ["body", *path]


def _size_text(size: int) -> str:
    """64 KiB, 1 MiB: a limit as people read it."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    return f"{size // 1024} KiB"


def _query_has_nul(query_string: bytes) -> bool:
    lowered = query_string.lower()
    return b"%00" in lowered or b"\x00" in lowered


async def _send_json(send: Send, status: int, detail: Any, message: str | None = None) -> None:
    body: dict[str, Any] = {"detail": detail}
    if message:
        body["message"] = message
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *API_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class ApiGuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        body_limits: Mapping[str, int] | None = None,
        prefix: str = "/api",
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Paths with a cap of their own (the import takes a whole export), as route templates
        # (`/api/tracked/{job_id}`: `{...}` is one path segment); all others keep
        # `max_body_bytes`.
        self.body_limits = [
            (re.compile(re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(path))), limit)
            for path, limit in (body_limits or {}).items()
        ]
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        path = scope["path"]
        limit = next(
            (cap for template, cap in self.body_limits if template.fullmatch(path)),
            self.max_body_bytes,
        )
        too_large = f"The request body is larger than {_size_text(limit)}."
        if "\x00" in scope["path"] or _query_has_nul(scope.get("query_string", b"")):
            await _send_json(
                send,
                422,
                [{"loc": ["query"], "msg": NUL_MESSAGE, "type": "value_error"}],
                NUL_MESSAGE,
            )
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await _send_json(send, 413, too_large)
                    return

        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _send_json(send, 413, too_large)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        where = nul_location(body) if body else None
        if where is not None:
            field = ".".join(str(part) for part in where[1:]) or "body"
            await _send_json(
                send,
                422,
                [{"loc": where, "msg": NUL_MESSAGE, "type": "value_error"}],
                f"{field}: {NUL_MESSAGE}",
            )
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                ours = {name for name, _ in API_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k not in ours]
                headers.extend(API_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, replay, send_secured)
        except Exception:
            # A bug, not a state the handlers know: log it, and answer in JSON with the API's
            # headers instead of Starlette's plain-text page. The request's transaction was
            # rolled back by its unit of work, so nothing was saved.
            if started:
                raise
            # The route's template, never the raw path: the calendar feed's path is its secret.
            route = getattr(scope.get("route"), "path", "unmatched route")
            logger.exception("unhandled error: %s %s", scope.get("method"), route)
            await _send_json(send, 500, INTERNAL_ERROR)
