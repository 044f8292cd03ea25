"""Database access as production has it: through a proxy that refuses startup options, with a
password that rotates, over TLS that verifies, as a role that may only touch rows.

A PostgreSQL of the module's own checks passwords (`fake_rds_proxy.PasswordServer`); a
stand-in for RDS Proxy in front of it speaks TLS under a CA made here and refuses libpq
`options` with RDS Proxy's own error. Secrets Manager is moto, in process.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from moto import mock_aws
from sqlalchemy import Engine, create_engine, pool, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from jobtrack.main import create_app
from jobtrack.platform.db import connect as db_connect
from jobtrack.platform.db import session as db
from jobtrack.platform.db.roles import grant_api_role
from jobtrack.platform.settings import Settings
from tests.conftest import TEST_SECRET, auth, run_alembic
from tests.integration.fake_rds_proxy import (
    RDS_PROXY_OPTIONS_ERROR,
    CertificateFiles,
    FakeRdsProxy,
    PasswordServer,
    make_certificates,
)

OWNER, OWNER_PASSWORD = "track_owner", "owner-password-1"
API, API_PASSWORD = "track_api", "api-password-1"
DATABASE = "track"
REGION = "us-east-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PasswordServer]:
    server = PasswordServer(tmp_path_factory.mktemp("pgpw"), superuser_password="postgres-pw")
    admin = create_engine(server.admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'"))
        conn.execute(text(f"CREATE DATABASE {DATABASE} OWNER {OWNER}"))
    admin.dispose()
    owner_url = server.url(OWNER, OWNER_PASSWORD, DATABASE)
    run_alembic(owner_url, "upgrade", "head")
    # The one-time step of docs/deploy.md: the owner creates the API role and grants it.
    owner = create_engine(owner_url, poolclass=pool.NullPool)
    with owner.begin() as conn:
        conn.execute(text(f"CREATE ROLE {API} LOGIN PASSWORD '{API_PASSWORD}'"))
        grant_api_role(conn, role=API, settings=Settings())
    owner.dispose()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def proxy(server: PasswordServer, certificates: CertificateFiles) -> Iterator[FakeRdsProxy]:
    proxy = FakeRdsProxy(server.socket_path, certificates)
    yield proxy
    proxy.close()


def proxy_settings(proxy: FakeRdsProxy, certificates: CertificateFiles, **fields: Any) -> Settings:
    """How the API runs behind RDS Proxy: role timeouts, verified TLS, cognito mode."""
    values: dict[str, Any] = {
        "auth_mode": "cognito",
        "database_url": (
            f"postgresql+psycopg2://{API}:{API_PASSWORD}@localhost:{proxy.port}/{DATABASE}"
        ),
        "db_timeouts": "role",
        "db_ssl_mode": "verify-full",
        "db_ssl_root_cert": str(certificates.ca_file),
        "db_pool_size": 1,
        "db_max_overflow": 0,
    }
    return Settings(**{**values, **fields})


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    made: list[Engine] = []
    yield made
    for engine in made:
        engine.dispose()


def build(engines: list[Engine], settings: Settings) -> Engine:
    engine = db.build_engine(settings)
    engines.append(engine)
    return engine


def app_on(engine: Engine, settings: Settings) -> FastAPI:
    """The real app whose request sessions come from `engine`."""
    app = create_app(
        settings.model_copy(update={"auth_mode": "dev", "dev_jwt_secret": TEST_SECRET})
    )
    makers = sessionmaker(engine, expire_on_commit=False)

    async def session() -> AsyncIterator[Session]:
        async with db.unit_of_work(makers()) as db_session:
            yield db_session

    app.dependency_overrides[db.get_session] = session
    return app


# ---- 1. timeouts without startup options -------------------------------------------------


def test_the_proxy_refuses_startup_options_as_rds_proxy_does(
    proxy: FakeRdsProxy, certificates: CertificateFiles, engines: list[Engine]
) -> None:
    engine = build(engines, proxy_settings(proxy, certificates, db_timeouts="startup"))
    with pytest.raises(OperationalError, match="command-line options"):
        engine.connect()
    assert RDS_PROXY_OPTIONS_ERROR.startswith("Feature not supported")


def test_role_timeouts_reach_a_session_through_the_proxy_with_no_options(
    proxy: FakeRdsProxy, certificates: CertificateFiles, engines: list[Engine]
) -> None:
    engine = build(engines, proxy_settings(proxy, certificates))
    with engine.connect() as conn:
        assert conn.in_transaction() is False
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "10s"
        assert conn.execute(text("SHOW lock_timeout")).scalar_one() == "5s"
        assert conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar_one() == "10s"
        assert conn.execute(text("SHOW idle_session_timeout")).scalar_one() == "10min"
    assert "options" not in proxy.startups[-1]


def test_a_statement_past_the_role_timeout_is_cancelled_and_answered_503(
    server: PasswordServer,
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
) -> None:
    # A role of its own with a short timeout, set the way the grant script sets it.
    owner = create_engine(server.url(OWNER, OWNER_PASSWORD, DATABASE), poolclass=pool.NullPool)
    with owner.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS track_api_quick"))
        conn.execute(text("CREATE ROLE track_api_quick LOGIN PASSWORD 'quick-pw'"))
        grant_api_role(conn, role="track_api_quick", settings=Settings(db_statement_timeout_ms=200))
    owner.dispose()
    url = f"postgresql+psycopg2://track_api_quick:quick-pw@localhost:{proxy.port}/{DATABASE}"
    settings = proxy_settings(proxy, certificates, database_url=url)
    engine = build(engines, settings)
    app = app_on(engine, settings)

    @app.get("/api/_slow")
    def slow(db_session: db.SessionDep) -> dict[str, str]:
        db_session.execute(text("SELECT pg_sleep(2)"))
        return {"status": "finished"}

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/_slow", headers=auth("alice"))
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"


def test_role_mode_says_so_when_the_role_carries_no_timeouts(
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"postgresql+psycopg2://{OWNER}:{OWNER_PASSWORD}@localhost:{proxy.port}/{DATABASE}"
    engine = build(engines, proxy_settings(proxy, certificates, database_url=url))
    with caplog.at_level(logging.WARNING, logger="jobtrack"), engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
    assert "run scripts/grant_api_role.py" in caplog.text


def test_transaction_mode_sets_the_timeouts_locally_in_every_transaction(
    server: PasswordServer,
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
) -> None:
    # The owner role carries no timeouts: what the session sees comes from SET LOCAL.
    url = f"postgresql+psycopg2://{OWNER}:{OWNER_PASSWORD}@localhost:{proxy.port}/{DATABASE}"
    settings = proxy_settings(
        proxy,
        certificates,
        database_url=url,
        db_timeouts="transaction",
        db_statement_timeout_ms=300,
    )
    engine = build(engines, settings)
    with engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "300ms"
        conn.commit()
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()  # outside SQLAlchemy's transaction: the SET was local
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",)
        cursor.close()
        raw.rollback()
        with pytest.raises(OperationalError) as failure:
            conn.execute(text("SELECT pg_sleep(2)"))
        assert getattr(failure.value.orig, "pgcode", None) == "57014"
    assert "options" not in proxy.startups[-1]


# ---- 2. credentials from Secrets Manager, rotated ----------------------------------------


@pytest.fixture
def secrets_manager() -> Iterator[Any]:
    db_connect.forget_credentials()
    with mock_aws():
        yield boto3.client("secretsmanager", region_name=REGION)
    db_connect.forget_credentials()


@pytest.fixture
def secret_reads(secrets_manager: Any) -> Iterator[list[str]]:
    """Every GetSecretValue call a Secrets Manager client made while the test ran, counted by
    botocore's event hooks on boto3's default session (clients the app builds copy them)."""
    reads: list[str] = []

    def count(params: dict[str, Any], **_: Any) -> None:
        reads.append(str(params.get("SecretId")))

    events = boto3._get_default_session().events
    event = "before-call.secrets-manager.GetSecretValue"
    events.register(event, count)
    yield reads
    events.unregister(event, count)


def put_secret(client: Any, password: str, proxy: FakeRdsProxy, arn: str | None = None) -> str:
    value = json.dumps(
        {
            "username": API,
            "password": password,
            "engine": "postgres",
            "host": "localhost",
            "port": proxy.port,
            "dbname": DATABASE,
        }
    )
    if arn is None:
        return str(client.create_secret(Name="track/test/api", SecretString=value)["ARN"])
    client.put_secret_value(SecretId=arn, SecretString=value)
    return arn


def set_api_password(server: PasswordServer, password: str) -> None:
    owner = create_engine(server.url(OWNER, OWNER_PASSWORD, DATABASE), poolclass=pool.NullPool)
    with owner.begin() as conn:
        conn.execute(text(f"ALTER ROLE {API} PASSWORD '{password}'"))
    owner.dispose()


def test_a_rotated_password_reaches_the_next_connection_with_no_deploy(
    server: PasswordServer,
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
    secrets_manager: Any,
    secret_reads: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    arn = put_secret(secrets_manager, API_PASSWORD, proxy)
    settings = proxy_settings(
        proxy, certificates, database_url=None, database_secret_arn=arn, db_host="localhost"
    )
    engine = build(engines, settings)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == API
        fetched = len(secret_reads)

        # Rotation as RDS does it: the password changes in the database and in the secret.
        set_api_password(server, "api-password-2")
        put_secret(secrets_manager, "api-password-2", proxy, arn)
        engine.dispose()  # the next request needs a new connection
        with caplog.at_level(logging.WARNING, logger="jobtrack"), engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == API
        assert len(secret_reads) == fetched + 1, "one fresh read, then a retry"
        assert "reading the secret again" in caplog.text
        assert "api-password" not in caplog.text

        # A password the secret does not know yet: one re-read, one retry, then a clean error.
        set_api_password(server, "api-password-3")
        engine.dispose()
        with pytest.raises(OperationalError, match="password authentication failed") as failure:
            engine.connect()
        assert "api-password" not in str(failure.value)
        assert len(secret_reads) == fetched + 2
    finally:
        set_api_password(server, API_PASSWORD)


def test_a_snapstart_restore_reads_the_secret_again(
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
    secrets_manager: Any,
    secret_reads: list[str],
) -> None:
    arn = put_secret(secrets_manager, API_PASSWORD, proxy)
    settings = proxy_settings(proxy, certificates, database_url=None, database_secret_arn=arn)
    engine = build(engines, settings)
    with engine.connect():
        pass
    fetched = len(secret_reads)
    with engine.connect():  # pooled: no read
        pass
    assert len(secret_reads) == fetched

    db.discard_pooled_connections()  # what the SnapStart after-restore hook calls
    engine.dispose(close=False)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
    assert len(secret_reads) == fetched + 1


def test_a_secret_that_cannot_be_read_is_a_database_outage_answered_503(
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
    secrets_manager: Any,
) -> None:
    missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:track/none-AbCdEf"
    settings = proxy_settings(proxy, certificates, database_url=None, database_secret_arn=missing)
    engine = build(engines, settings)
    with pytest.raises(OperationalError, match=r"cannot read the database secret"):
        engine.connect()
    with TestClient(app_on(engine, settings), raise_server_exceptions=False) as client:
        response = client.get("/api/tracked", headers=auth("alice"))
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "2"


# ---- 3. TLS that verifies ----------------------------------------------------------------


def test_verify_full_connects_over_tls_to_a_server_the_ca_signed(
    proxy: FakeRdsProxy, certificates: CertificateFiles, engines: list[Engine]
) -> None:
    before = proxy.tls_sessions
    engine = build(engines, proxy_settings(proxy, certificates))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
    assert proxy.tls_sessions == before + 1


def test_verify_full_refuses_a_server_another_ca_signed(
    proxy: FakeRdsProxy, engines: list[Engine], tmp_path: Path
) -> None:
    stranger = make_certificates(tmp_path / "other")
    engine = build(engines, proxy_settings(proxy, stranger))
    with pytest.raises(OperationalError, match="certificate verify failed"):
        engine.connect()


def test_verify_full_refuses_a_host_name_the_certificate_does_not_name(
    proxy: FakeRdsProxy, certificates: CertificateFiles, engines: list[Engine]
) -> None:
    url = f"postgresql+psycopg2://{API}:{API_PASSWORD}@127.0.0.1:{proxy.port}/{DATABASE}"
    engine = build(engines, proxy_settings(proxy, certificates, database_url=url))
    with pytest.raises(OperationalError, match="does not match host name"):
        engine.connect()


# ---- 4. the API role: rows, never the schema ---------------------------------------------


def test_the_api_role_reads_and_writes_rows_through_the_app(
    proxy: FakeRdsProxy, certificates: CertificateFiles, engines: list[Engine]
) -> None:
    settings = proxy_settings(proxy, certificates)
    engine = build(engines, settings)
    app = app_on(engine, settings)
    headers = auth("role-test-user")
    with TestClient(app, raise_server_exceptions=False) as client:
        created = client.post(
            "/api/tracked", json={"company": "Acme", "title": "Engineer"}, headers=headers
        )
        assert created.status_code == 201, created.text
        job_id = created.json()["id"]
        event = client.post(
            f"/api/tracked/{job_id}/events",
            json={"event_type": "interview", "event_date": "2026-02-03"},
            headers=headers,
        )
        assert event.status_code == 201, event.text
        assert client.get(f"/api/tracked/{job_id}", headers=headers).status_code == 200
        assert client.delete(f"/api/tracked/{job_id}", headers=headers).status_code == 204


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TABLE job_tracking",
        "ALTER TABLE job_tracking ADD COLUMN sneaky text",
        "TRUNCATE idempotency_keys",
        "CREATE TABLE sneaky (id int)",
        "UPDATE alembic_version SET version_num = version_num",
    ],
)
def test_the_api_role_cannot_change_the_schema(
    statement: str, proxy: FakeRdsProxy, certificates: CertificateFiles, engines: list[Engine]
) -> None:
    engine = build(engines, proxy_settings(proxy, certificates))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        with pytest.raises(ProgrammingError) as failure:
            conn.execute(text(statement))
        assert getattr(failure.value.orig, "pgcode", None) == "42501"  # insufficient_privilege


def test_an_unanswering_secrets_manager_is_a_503_well_inside_the_function_timeout(
    proxy: FakeRdsProxy,
    certificates: CertificateFiles,
    engines: list[Engine],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A Secrets Manager endpoint that accepts connections and never answers (no VPC endpoint
    # and a security group that drops): the client's own timeouts end the read, not Lambda's.
    blackhole = socket.socket()
    blackhole.bind(("127.0.0.1", 0))
    blackhole.listen(16)
    monkeypatch.setenv(
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", f"http://127.0.0.1:{blackhole.getsockname()[1]}"
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    db_connect.forget_credentials()
    secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:track/api-AbCdEf"
    settings = proxy_settings(proxy, certificates, database_url=None, database_secret_arn=secret)
    try:
        started = time.monotonic()
        with TestClient(app_on(build(engines, settings), settings)) as client:
            response = client.get("/api/tracked", headers=auth("alice"))
        elapsed = time.monotonic() - started
    finally:
        db_connect.forget_credentials()
        blackhole.close()
    assert response.status_code == 503, response.text
    # Each read gives up after two attempts of 3 s without an answer (about 10 s here, with
    # the pool's second connect); botocore's defaults (60 s, five attempts) would outlive the
    # API function's 20 s timeout and the request would die as a Lambda timeout.
    assert elapsed < 15, elapsed
