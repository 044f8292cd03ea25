"""The migrate function as the stack runs it: the owner's credentials from the RDS-managed
secret (MIGRATE_SECRET_ARN, MIGRATE_DB_HOST, DB_NAME; no URL in the environment), then the
API's role created from its own secret, or its password set when it exists, and granted.

A PostgreSQL that checks SCRAM passwords (`fake_rds_proxy.PasswordServer`) with an owner
that has CREATEROLE but is no superuser, as RDS's master user; moto for Secrets Manager.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from sqlalchemy import Engine, create_engine, event, pool, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from jobtrack import migrate_handler
from jobtrack.platform.db import connect as db_connect
from jobtrack.platform.db.roles import ApiRoleTooPowerful
from jobtrack.platform.settings import get_settings
from tests.integration.fake_rds_proxy import PasswordServer
from tests.integration.test_migrate_on_deploy import (
    CloudFormationStandIn,
    _Context,
    _event,
)

OWNER, OWNER_PASSWORD = "track_owner", "owner-pw-1"
API = "track_api"
REGION = "us-east-1"
_databases = itertools.count()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PasswordServer]:
    server = PasswordServer(tmp_path_factory.mktemp("pgmig"), superuser_password="postgres-pw")
    admin = create_engine(server.admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # As RDS's master user: may create roles and databases, is no superuser.
        conn.execute(text(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'"))
    admin.dispose()
    yield server
    server.stop()


def _admin(server: PasswordServer, sql: str) -> None:
    admin = create_engine(server.admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(sql))
    admin.dispose()


@pytest.fixture
def database(server: PasswordServer) -> Iterator[str]:
    """A fresh database the owner owns, as Aurora creates it, and no API role yet."""
    name = f"track_{next(_databases)}"
    _admin(server, f"CREATE DATABASE {name} OWNER {OWNER}")
    yield name
    _admin(server, f"DROP DATABASE {name} WITH (FORCE)")
    for role in (API, "track_api_super"):
        _admin(server, f"DROP ROLE IF EXISTS {role}")


class Secrets:
    def __init__(self, client: Any) -> None:
        self.client = client
        # RDS-managed master secrets hold the username and password only.
        self.owner = self.put("track/owner", {"username": OWNER, "password": OWNER_PASSWORD})
        self.api = self.put("track/api", {"username": API, "password": "api-pw-first"})

    def put(self, name: str, value: dict[str, str]) -> str:
        return str(self.client.create_secret(Name=name, SecretString=json.dumps(value))["ARN"])

    def rotate_api(self, password: str, username: str = API) -> None:
        value = json.dumps({"username": username, "password": password})
        self.client.put_secret_value(SecretId=self.api, SecretString=value)


@pytest.fixture
def secrets() -> Iterator[Secrets]:
    db_connect.forget_credentials()
    with mock_aws():
        yield Secrets(boto3.client("secretsmanager", region_name=REGION))
    db_connect.forget_credentials()


@pytest.fixture
def stack_environment(
    monkeypatch: pytest.MonkeyPatch, server: PasswordServer, database: str, secrets: Secrets
) -> Iterator[None]:
    """The migrate function's environment as the stack sets it: secrets, host and name only."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in {
        "AUTH_MODE": "cognito",
        "AWS_REGION": REGION,
        "MIGRATE_SECRET_ARN": secrets.owner,
        "MIGRATE_DB_HOST": str(server.socket_dir),
        "DB_NAME": database,
        "DATABASE_SECRET_ARN": secrets.api,
        "DB_TIMEOUTS": "role",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _login(server: PasswordServer, database: str, password: str, user: str = API) -> Engine:
    return create_engine(server.url(user, password, database), poolclass=pool.NullPool)


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every statement any engine sent while the test ran (psycopg2 binds on the client, so
    this is the text the server receives, and could log)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append(f"{statement} {parameters!r}")

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


@pytest.mark.usefixtures("stack_environment")
def test_migrate_reads_the_owner_secret_migrates_and_creates_the_api_role(
    server: PasswordServer, database: str, statements: list[str]
) -> None:
    result = migrate_handler.migrate()

    assert result["previous"] is None
    assert result["current"] == result["head"] is not None
    assert result["api_role"] == "created"
    api = _login(server, database, "api-pw-first")
    with api.begin() as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == API
        # Rows: read and write, as the app does.
        conn.execute(text("INSERT INTO user_locks (user_id, scope) VALUES ('alice', 'jobs')"))
        assert conn.execute(text("SELECT count(*) FROM user_locks")).scalar_one() == 1
        conn.execute(text("DELETE FROM user_locks"))
        # And the timeouts the role carries (DB_TIMEOUTS=role).
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "10s"
    # Never the schema: no table, no schema revision.
    with pytest.raises(ProgrammingError, match="permission denied"), api.begin() as conn:
        conn.execute(text("CREATE TABLE api_made (id int)"))
    with pytest.raises(ProgrammingError, match="permission denied"), api.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'x'"))
    api.dispose()
    # The passwords never travel in a statement: the role's is sent as a SCRAM verifier.
    assert not [s for s in statements if "api-pw-first" in s or OWNER_PASSWORD in s]
    assert any("PASSWORD 'SCRAM-SHA-256$4096:" in s for s in statements)


@pytest.mark.usefixtures("stack_environment")
def test_every_deploy_sets_the_secrets_password_on_the_existing_role(
    server: PasswordServer, database: str, secrets: Secrets
) -> None:
    migrate_handler.migrate()
    secrets.rotate_api("api-pw-second")

    again = migrate_handler.migrate()

    assert again["upgraded"] is False
    assert again["api_role"] == "updated"
    with pytest.raises(OperationalError, match="password authentication failed"):
        _login(server, database, "api-pw-first").connect()
    api = _login(server, database, "api-pw-second")
    with api.begin() as conn:
        conn.execute(text("INSERT INTO user_locks (user_id, scope) VALUES ('bob', 'jobs')"))
        conn.execute(text("DELETE FROM user_locks"))
    api.dispose()
    # Idempotent: a third run with nothing new changes nothing the API sees.
    assert migrate_handler.migrate()["api_role"] == "updated"
    api = _login(server, database, "api-pw-second")
    with api.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM user_locks")).scalar_one() == 0
    api.dispose()


@pytest.mark.usefixtures("stack_environment")
def test_a_role_with_more_than_data_rights_stops_the_deploy(
    server: PasswordServer, secrets: Secrets
) -> None:
    _admin(server, "CREATE ROLE track_api_super LOGIN CREATEDB PASSWORD 'x'")
    secrets.rotate_api("pw", username="track_api_super")

    with pytest.raises(ApiRoleTooPowerful, match="track_api_super exists with createdb"):
        migrate_handler.migrate()


@pytest.mark.usefixtures("stack_environment")
def test_the_owner_secret_without_a_host_is_refused_naming_the_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MIGRATE_DB_HOST")
    get_settings.cache_clear()

    with pytest.raises(migrate_handler.OwnerNotConfigured, match="MIGRATE_DB_HOST"):
        migrate_handler.migrate()


def test_without_any_owner_credentials_migrate_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("DATABASE_URL", "MIGRATE_SECRET_ARN"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(migrate_handler.OwnerNotConfigured, match="MIGRATE_SECRET_ARN"):
            migrate_handler.migrate()
    finally:
        get_settings.cache_clear()


@pytest.fixture
def cloudformation() -> Iterator[CloudFormationStandIn]:
    server = CloudFormationStandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("stack_environment")
def test_the_custom_resource_answers_what_it_did_to_the_role_and_no_secret(
    cloudformation: CloudFormationStandIn,
) -> None:
    create = _event("Create", cloudformation.url)
    migrate_handler.handler(create, _Context())
    update = _event("Update", cloudformation.url, PhysicalResourceId="migrate")
    migrate_handler.handler(update, _Context())

    first, second = cloudformation.responses
    assert (first["Status"], second["Status"]) == ("SUCCESS", "SUCCESS")
    assert (first["Data"]["api_role"], second["Data"]["api_role"]) == ("created", "updated")
    # CloudFormation shows and keeps these answers: no password, no verifier.
    for answer in (first, second):
        text = json.dumps(answer)
        assert "api-pw-first" not in text
        assert OWNER_PASSWORD not in text
        assert "SCRAM" not in text
