"""Export and import routes: the caller's jobs out as JSON or CSV, and an export back in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse

from jobtrack.auth.dependencies import CurrentUser
from jobtrack.idempotency.service import IdempotencyKeyHeader, fingerprint, run_idempotent
from jobtrack.limits.rules import JOBS_REFUSAL, default_of
from jobtrack.platform.aws.object_store import PRESIGN_EXPIRES_S, ObjectStoreDep
from jobtrack.platform.blocking import BlockingRoute
from jobtrack.platform.db.session import SessionDep
from jobtrack.platform.http.dependencies import AppSettings
from jobtrack.platform.http.responses import ErrorBody, errors, header, refusal
from jobtrack.portability import exceptions, handover
from jobtrack.portability.schemas import (
    EXPORT_RESPONSE_MAX_BYTES,
    IMPORT_MAX_BYTES,
    ExportDocument,
    ImportDocument,
    ImportResult,
)

router = APIRouter(prefix="/api", tags=["export and import"], route_class=BlockingRoute)


@router.get(
    "/export",
    response_model=ExportDocument,
    responses={
        **errors(401),
        200: {
            "description": "The export document, or with `format=csv` one row per job.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        303: {
            "description": "The export would take more than "
            f"{EXPORT_RESPONSE_MAX_BYTES:,} bytes in a response (a Lambda response holds "
            "at most 6 MB): the same file was written to the file store, and `Location` is a "
            f"URL that downloads it (with the same type and file name) for {PRESIGN_EXPIRES_S} "
            "seconds. Fetch and browsers follow it.",
            "headers": {"Location": header("The file's download URL.", {"type": "string"})},
        },
    },
)
def export_jobs(
    db_session: SessionDep,
    user_id: CurrentUser,
    store: ObjectStoreDep,
    format_: Annotated[
        Literal["json", "csv"],
        Query(alias="format", description="`json` (the document import reads) or `csv`."),
    ] = "json",
) -> Response:
    """Every job of the caller with its events, oldest first, as a file to download; at the
    quotas through the file store (303)."""
    from jobtrack.portability import service  # loaded on first use: not a cold start's cost

    now = dt.datetime.now(dt.UTC)
    filename = f"track-export-{now.date().isoformat()}.{format_}"
    if format_ == "csv":
        body = "".join(service.export_csv(db_session=db_session, user_id=user_id)).encode()
        media_type = "text/csv; charset=utf-8"
    else:
        # Serialised straight from the rows; response_model documents the shape.
        body = b"".join(
            service.export_json(db_session=db_session, user_id=user_id, exported_at=now)
        )
        media_type = "application/json"
    if handover.too_large(body):
        url = handover.hand_over(
            store, user_id=user_id, body=body, media_type=media_type, filename=filename
        )
        return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


class ImportRoute(BlockingRoute):
    """Answers the import's 422s with each problem's path in the document
    (`jobs[3].events[2].note.round: ...`), both Pydantic's and the stage rules'."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                problems = exceptions.from_validation(exc.errors())
                if not problems:
                    raise  # a header or the query: the API's usual answer
                return exceptions.invalid_response(problems)
            except exceptions.ImportInvalid as exc:
                return exceptions.invalid_response(exc.problems)

        return route


import_router = APIRouter(route_class=ImportRoute)


@import_router.post(
    "/import",
    response_model=ImportResult,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": ImportResult, "description": "A dry run: what would be created."},
        **errors(401, 409, 413),
        **refusal(409, JOBS_REFUSAL.format(default_of("max_jobs_per_user"))),
        413: {
            "model": ErrorBody,
            "description": "The request body is larger than 1 MiB "
            f"({IMPORT_MAX_BYTES:,} bytes): send the jobs in several requests.",
        },
    },
)
def import_jobs(
    db_session: SessionDep,
    user_id: CurrentUser,
    settings: AppSettings,
    document: ImportDocument,
    response: Response,
    dry_run: Annotated[
        bool, Query(description="true: validate and count, write nothing (answers 200).")
    ] = False,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    """Create the document's jobs (at most 500), all or nothing; duplicates of the caller's
    jobs are skipped."""
    from jobtrack.portability import service  # loaded on first use: not a cold start's cost

    quotas = {"max_jobs": settings.max_jobs_per_user, "max_events": settings.max_events_per_job}
    if dry_run:
        # Writes nothing, so there is no response to keep for an Idempotency-Key either.
        response.status_code = status.HTTP_200_OK
        return service.import_jobs(
            db_session=db_session, user_id=user_id, document=document, dry_run=True, **quotas
        )
    return run_idempotent(
        db_session=db_session,
        user_id=user_id,
        key=idempotency_key,
        request_fingerprint=fingerprint("POST /api/import", document),
        status_code=status.HTTP_201_CREATED,
        write=lambda: service.import_jobs(
            db_session=db_session, user_id=user_id, document=document, dry_run=False, **quotas
        ),
    )


router.include_router(import_router)
