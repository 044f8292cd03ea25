"""Idempotent retries for writes (`POST /api/tracked`, `POST .../events`, `POST /api/import`,
and the PATCHes of a job and of an event).

The key is claimed with an INSERT in the same transaction as the write it guards, and what
the retry needs is stored in it too (the request's unit of work commits both, or neither).
What is stored stays small and holds no copy of user data where a reference will do: a route
that answers with a job keeps only the job's id and a retry reads the job again (`recall`), so
a deleted job leaves nothing behind in this table.
A concurrent retry with the same key waits on the key's unique index until the first
request finishes, then replays its response. Keys are per user and expire after a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Header
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from jobtrack.idempotency.models import IdempotencyKey
from jobtrack.platform.errors import FieldError

R = TypeVar("R")

KEY_TTL = dt.timedelta(hours=24)
REPLAY_HEADER = "Idempotent-Replayed"

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Retry-safe key: a retry with the same key and body returns the first "
        "response and creates nothing. Keys are per user and expire after 24 hours.",
    ),
]


def fingerprint(scope: str, body: BaseModel, *, partial: bool = False) -> str:
    """What the key promises: the same route, the same object, the same validated body.
    `partial` for a PATCH body, where a field left out and a field sent as null differ."""
    return hashlib.sha256(
        f"{scope}\n{body.model_dump_json(exclude_unset=partial)}".encode()
    ).hexdigest()


def _model_json(result: Any) -> Any:
    """The default `remember`: a model result, whole, as JSON."""
    if not isinstance(result, BaseModel):
        raise TypeError("pass `remember` for a result that is not a Pydantic model")
    return result.model_dump(mode="json")


def run_idempotent(
    *,
    db_session: Session,
    user_id: str,
    key: str | None,
    request_fingerprint: str,
    status_code: int,
    write: Callable[[], R],
    remember: Callable[[R], Any] = _model_json,
    recall: Callable[[Any], BaseModel | bytes] | None = None,
) -> Any:
    """Run `write` once per key, in the request's transaction.

    `remember` turns its result into what is stored (JSON; by default the whole response, so
    keep that for small responses); a retry answers `recall(stored)`, or the stored JSON as
    it is when there is no `recall`.
    """
    if key is None:
        return write()

    now = dt.datetime.now(dt.UTC)
    db_session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at < now - KEY_TTL,
        )
    )
    claimed = db_session.execute(
        insert(IdempotencyKey)
        .values(user_id=user_id, key=key, fingerprint=request_fingerprint, created_at=now)
        .on_conflict_do_nothing()
        .returning(IdempotencyKey.key)
    ).first()
    if claimed is None:
        stored = db_session.execute(
            select(
                IdempotencyKey.fingerprint, IdempotencyKey.status_code, IdempotencyKey.response
            ).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
        ).one()
        if stored.fingerprint != request_fingerprint:
            raise FieldError(
                ("header", "Idempotency-Key"),
                "this Idempotency-Key was already used with a different request; "
                "use a new key for a new request",
            )
        replayed = stored.response if recall is None else recall(stored.response)
        if isinstance(replayed, bytes):  # already the response's JSON
            return Response(
                replayed,
                status_code=stored.status_code or status_code,
                headers={REPLAY_HEADER: "true"},
                media_type="application/json",
            )
        return JSONResponse(
            replayed.model_dump(mode="json") if isinstance(replayed, BaseModel) else replayed,
            status_code=stored.status_code or status_code,
            headers={REPLAY_HEADER: "true"},
        )

    result = write()
    db_session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
        .values(status_code=status_code, response=remember(result))
    )
    return result
