"""Guards every /api request before routing: body size (413), NUL characters (422), and
`Cache-Control: no-store` plus `X-Content-Type-Options: nosniff` on every response. Pure ASGI,
so the body is read once."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

NUL_MESSAGE = "NUL characters (\\u0000) are not allowed in any input."
# Every /api response: never cached (it is per user), and never sniffed into another type.
SECURITY_HEADERS = [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def body_has_nul(body: bytes) -> bool:
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body:
        return False
    try:  # the escape may be an escaped backslash followed by "u0000": look at the real strings
        return _contains_nul(json.loads(body))
    except (ValueError, RecursionError):
        return False  # not JSON (or nested too deeply to parse): the route's own parsing answers


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
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class ApiGuardMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, prefix: str = "/api") -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        too_large = f"The request body is larger than {self.max_body_bytes // 1024} KiB."
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
                if declared > self.max_body_bytes:
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
            if size > self.max_body_bytes:
                await _send_json(send, 413, too_large)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body and body_has_nul(body):
            await _send_json(
                send,
                422,
                [{"loc": ["body"], "msg": NUL_MESSAGE, "type": "value_error"}],
                NUL_MESSAGE,
            )
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                ours = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k not in ours]
                headers.extend(SECURITY_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, replay, send_secured)
