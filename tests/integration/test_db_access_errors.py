"""A database error never carries the values bound to its statement (user ids, notes): not in
the exception's text, not in the log, not in the response."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from jobtrack.platform.db import session as db
from tests.conftest import auth

PRIVATE = "note: salary 123456 for user private-sub-42"


def test_a_failed_statement_hides_its_bound_values(engine: Engine) -> None:
    with engine.connect() as conn, pytest.raises(DBAPIError) as failure:
        conn.execute(text("SELECT CAST(:note AS integer)"), {"note": PRIVATE})
    # SQLAlchemy prints no parameters; the driver's own message still quotes the value
    # (PostgreSQL echoes a bad input, psycopg2 binds on the client), so nothing logs it.
    assert "SQL parameters hidden" in str(failure.value)
    assert "[parameters:" not in str(failure.value)
    assert failure.value.hide_parameters


def test_a_database_error_in_a_request_logs_and_answers_no_bound_values(
    live_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    @live_app.get("/api/_broken")
    def broken(db_session: db.SessionDep) -> dict[str, str]:
        db_session.execute(text("SELECT CAST(:note AS integer)"), {"note": PRIVATE})
        return {"status": "unreachable"}

    with caplog.at_level(logging.DEBUG), TestClient(live_app, raise_server_exceptions=False) as c:
        response = c.get("/api/_broken", headers=auth("alice"))
    assert response.status_code == 500
    assert "database error" in caplog.text, "the failure is logged"
    assert "sqlstate=22P02" in caplog.text
    assert "CAST(%(note)s AS integer)" in caplog.text
    assert PRIVATE not in caplog.text
    assert "salary" not in caplog.text
    assert "salary" not in response.text
