"""The import's 422: every problem named by its path in the document, such as
`jobs[3].events[2].note.round: ...`, so a user can find it in a file of hundreds of jobs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse

from jobtrack.platform.errors import error_body, summarise
from jobtrack.tracking.stages import EventType

MAX_PROBLEMS = 20  # in `detail` (a refusal stays small); the message names the first
Loc = tuple[str | int, ...]
_EVENT_TAGS = frozenset(e.value for e in EventType)
# Pydantic's errors for an event whose `event_type` is missing or unknown point at the event.
_TAG_ERRORS = frozenset({"union_tag_invalid", "union_tag_not_found"})


@dataclass(frozen=True)
class Problem:
    loc: Loc  # from the document's root: ("jobs", 3, "events", 2, "note", "round")
    msg: str
    type: str


class ImportInvalid(Exception):
    """The document cannot be imported; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems[0].msg if problems else "invalid import")
        self.problems = list(problems)


def document_path(loc: Loc) -> str:
    """("jobs", 3, "events", 2, "note", "round") -> "jobs[3].events[2].note.round"."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else part
    return path


def from_validation(errors: Sequence[Any]) -> list[Problem] | None:
    """The body's validation errors as problems in the document, or None when any error is
    not about the body (a header or the query: the API's usual 422 answers those)."""
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        if not loc or loc[0] != "body" or error["type"] == "json_invalid":
            return None  # (for invalid JSON, the loc's number is a position in the text)
        parts: list[str | int] = []
        for part in loc[1:]:
            # Each event type has its own schema, and Pydantic puts the type in the path
            # (events.2.interview.note.round); the document has no such level.
            if parts[-2:-1] == ["events"] and isinstance(parts[-1], int) and part in _EVENT_TAGS:
                continue
            parts.append(part)
        if error["type"] in _TAG_ERRORS:
            parts.append("event_type")
        problems.append(Problem(tuple(parts), str(error["msg"]), str(error["type"])))
    return problems


def invalid_response(problems: Sequence[Problem]) -> JSONResponse:
    """422 in the API's shape: `detail` lists the problems (loc from `body`), `message` names
    the first by its path."""
    detail = [
        {"loc": ["body", *p.loc], "msg": p.msg, "type": p.type} for p in problems[:MAX_PROBLEMS]
    ]
    first = problems[0]
    message = f"{document_path(first.loc)}: {first.msg}" if first.loc else summarise(detail)
    return JSONResponse(error_body(detail, message), status_code=422)
