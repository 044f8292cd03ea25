"""Where blocking work runs (`jobtrack.platform.blocking`) and when a pooled connection is checked
(`jobtrack.platform.db.connection_check`): no round trip for a connection that is fine, a fresh one for a dead one."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from mangum import Mangum
from sqlalchemy import Engine, create_engine, text

from jobtrack.platform.blocking import (
    BlockingRoute,
    one_request_at_a_time,
    run_blocking,
)
from jobtrack.platform.db import connection_check
from jobtrack.platform.db import session as db
from jobtrack.platform.settings import Settings
from tests.apigw_events import LambdaContext, http_api_event
from tests.hooks import runs_inline

# ---- inline on Lambda, threadpool elsewhere --------------------------------------------------


def _thread_app() -> FastAPI:
    router = APIRouter(route_class=BlockingRoute)

    @router.get("/where")
    def where() -> dict[str, Any]:
        return {"thread": threading.get_ident(), "inline": runs_inline()}

    @router.get("/loop")
    async def loop() -> dict[str, Any]:
        return {"thread": threading.get_ident()}

    app = FastAPI()
    app.include_router(router)
    return app


def test_a_plain_route_runs_in_the_threadpool_outside_the_lambda_handler() -> None:
    with TestClient(_thread_app()) as client:
        loop_thread = client.get("/loop").json()["thread"]
        answer = client.get("/where").json()
    assert answer["inline"] is False
    assert answer["thread"] != loop_thread


def test_a_plain_route_runs_on_the_event_loop_inside_the_lambda_handler() -> None:
    adapter = Mangum(_thread_app(), lifespan="off")
    caller = threading.get_ident()
    with one_request_at_a_time():
        response = adapter(http_api_event("GET", "/where"), LambdaContext())
    assert response["statusCode"] == 200, response
    body = response["body"]
    assert f'"thread":{caller}' in body.replace(" ", "")  # Mangum's loop runs in this thread
    assert '"inline":true' in body.replace(" ", "")
    assert runs_inline() is False, "the choice ends with the invocation"


def test_run_blocking_keeps_the_callers_result_and_errors() -> None:
    def fails() -> None:
        raise ValueError("kept")

    async def both() -> int:
        with pytest.raises(ValueError, match="kept"):
            await run_blocking(fails)
        return await run_blocking(sum, [1, 2])

    assert asyncio.run(both()) == 3
    with one_request_at_a_time():
        assert asyncio.run(both()) == 3


def test_routes_keep_their_parameters_and_names_when_wrapped() -> None:
    app = _thread_app()
    operation = app.openapi()["paths"]["/where"]["get"]
    assert operation["operationId"] == "where_where_get"


# ---- liveness: a ping only when the connection may be dead ----------------------------------


class _Pings:
    def __init__(self, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = engine.dialect.do_ping

        def counted(dbapi_connection: Any) -> bool:
            self.count += 1
            return real(dbapi_connection)

        monkeypatch.setattr(engine.dialect, "do_ping", counted)


@pytest.fixture
def small_engine(database_url: str) -> Iterator[Engine]:
    engine = db.build_engine(Settings(database_url=database_url, db_pool_size=1))
    yield engine
    engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_healthy_pooled_connection_is_reused_without_a_ping(
    small_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _Pings(small_engine, monkeypatch)
    first = _backend_pid(small_engine)
    for _ in range(5):
        assert _backend_pid(small_engine) == first
    assert pings.count == 0


def test_a_connection_idle_past_the_threshold_is_pinged(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    eager = connection_check.install(
        create_engine(database_url, pool_size=1, max_overflow=0), ping_after_idle_s=0.0
    )
    try:
        pings = _Pings(eager, monkeypatch)
        first = _backend_pid(eager)
        assert _backend_pid(eager) == first
        assert pings.count == 1
    finally:
        eager.dispose()


def test_a_terminated_connection_is_replaced_before_the_request_uses_it(
    small_engine: Engine, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _Pings(small_engine, monkeypatch)
    first = _backend_pid(small_engine)
    with engine.connect() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar()
        for _ in range(100):  # pg_terminate_backend signals; wait until the backend is gone
            gone = admin.execute(
                text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid"), {"pid": first}
            ).scalar()
            admin.rollback()  # pg_stat_activity is read once per transaction
            if gone:
                break
            time.sleep(0.02)
    # The server's goodbye is waiting on the idle socket: one ping, then a new connection.
    second = _backend_pid(small_engine)
    assert second != first
    assert pings.count == 1
