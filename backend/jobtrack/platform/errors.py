"""Errors a user can act on, and the handlers that turn every failure into a clear 4xx/503.

No handler ever puts a stack trace or SQL in a response body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from jobtrack.platform.db.connect import database_error_report

logger = logging.getLogger("jobtrack")

DB_BUSY = "The job is busy with another change; nothing was changed. Try again."
DB_UNAVAILABLE = "The database is unavailable right now; nothing was changed. Try again shortly."
BODY_NOT_JSON = "The request body is not valid JSON: send UTF-8 text, not nested too deeply."


class AppError(Exception):
    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class Unauthorized(AppError):
    status_code = 401


class RateLimited(AppError):
    """429: too many requests of one kind; `Retry-After` says when one is allowed again."""

    status_code = 429

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class ServiceUnavailable(AppError):
    status_code = 503


class FieldError(AppError):
    """A 422 that names the field at fault, in FastAPI's validation-error shape."""

    status_code = 422

    def __init__(self, loc: tuple[str | int, ...], msg: str, type_: str = "value_error") -> None:
        super().__init__(msg)
        self.errors = [{"loc": list(loc), "msg": msg, "type": type_}]


class DatabaseNotConfigured(AppError):
    status_code = 503

    def __init__(self) -> None:
        super().__init__("DATABASE_URL is not set; the service has no database.")


# A refusal lists at most this many problems: a body of 10,000 unknown keys (a 256 KiB create
# may hold that many) must not answer with 10,000 errors.
MAX_ERRORS = 20


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep loc, msg and type; drop `input`/`ctx`/`url` (they can echo huge or hostile input);
    the first `MAX_ERRORS` only."""
    return [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors[:MAX_ERRORS]
    ]


def summarise(errors: list[dict[str, Any]]) -> str:
    first = errors[0]
    # ("body", "tags", 2) -> "tags[2]": a list item by its index, as the import names them.
    field = ""
    for part in first["loc"]:
        if part in ("body", "query", "path"):
            continue
        field += f"[{part}]" if isinstance(part, int) else f".{part}" if field else str(part)
    return f"{field}: {first['msg']}" if field else str(first["msg"])


def error_body(detail: Any, message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail}
    if message:
        body["message"] = message
    return body


def _is_database_outage(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError)
    return isinstance(exc, sa_exc.TimeoutError)  # pool exhausted while the database hangs


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        if isinstance(exc, FieldError):
            return JSONResponse(
                error_body(exc.errors, summarise(exc.errors)), status_code=exc.status_code
            )
        if isinstance(exc, DatabaseNotConfigured):
            return JSONResponse(error_body(DB_UNAVAILABLE), status_code=503)
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after_s)}
        return JSONResponse(error_body(exc.detail), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(list(exc.errors()))
        return JSONResponse(
            jsonable_encoder(error_body(errors, summarise(errors))), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI's only 400: a body its JSON parser cannot read (not UTF-8, nested too
            # deeply). That is invalid input like any other malformed JSON: a documented 422.
            errors = [{"loc": ["body"], "msg": BODY_NOT_JSON, "type": "json_invalid"}]
            return JSONResponse(error_body(errors, BODY_NOT_JSON), status_code=422)
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed."
        return JSONResponse(
            error_body(detail), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(sa_exc.SQLAlchemyError)
    async def _database_error(_: Request, exc: sa_exc.SQLAlchemyError) -> JSONResponse:
        if _is_busy(exc):
            return JSONResponse(error_body(DB_BUSY), status_code=503, headers={"Retry-After": "1"})
        if _is_database_outage(exc):
            logger.warning("database unavailable: %s", type(exc).__name__)
            return JSONResponse(
                error_body(DB_UNAVAILABLE), status_code=503, headers={"Retry-After": "2"}
            )
        # Not exc_info: PostgreSQL's and psycopg2's messages quote bound values (notes, ids).
        logger.error("database error: %s", database_error_report(exc))
        return JSONResponse(error_body("Internal error; nothing was changed."), status_code=500)


def _is_busy(exc: BaseException) -> bool:
    """Lock or statement timeout, deadlock, serialisation failure: worth an immediate retry."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "pgcode", None) in {"55P03", "57014", "40P01", "40001"}
