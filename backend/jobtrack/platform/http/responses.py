"""OpenAPI error responses, so the document lists every status code a route can return."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    detail: Any = Field(description="A message, or a list of {loc, msg, type} for 422.")
    message: str | None = Field(None, description="One line naming the field at fault (422).")


_DESCRIPTIONS = {
    401: "Missing, invalid or expired access token.",
    404: "No such object for this user (another user's object is answered the same).",
    409: "The stage rules or the rejection lock forbid this change.",
    413: "The request body is larger than 64 KiB.",
    429: "Too many requests of this kind; `Retry-After` gives the seconds to wait.",
    422: "Invalid input; `detail` names the field at fault.",
    503: "The database is unavailable or busy; nothing was changed.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Error responses for a route; 422 and 503 apply to every route."""
    wanted = sorted({*codes, 422, 503})
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in wanted}


def header(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A response header for a route's `responses=`: OpenAPI requires a header object to
    carry a `schema` (or `content`), so every header we document goes through here."""
    if not schema:
        raise ValueError(f"the header {description!r} needs a schema (OpenAPI 3.1, 4.8.21)")
    return {"description": description, "schema": schema}


def refusal(code: int, description: str) -> dict[int | str, dict[str, Any]]:
    """One error response described for its route (a quota's 409); a 429 documents
    `Retry-After`. Merge it after `errors(...)` so it replaces the generic description."""
    response: dict[str, Any] = {"model": ErrorBody, "description": description}
    if code == 429:
        response["headers"] = {
            "Retry-After": header(
                "Seconds until the next request of this kind is allowed.",
                {"type": "integer", "minimum": 1},
            )
        }
    return {code: response}
