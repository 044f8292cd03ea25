"""The database access rules that need no database: connect arguments per timeout mode, the
secret's format, and which configurations cognito mode refuses at startup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jobtrack.platform.db import connect as db_connect
from jobtrack.platform.db import session as db
from jobtrack.platform.db.roles import api_role_sql
from jobtrack.platform.settings import BUNDLED_RDS_CA, Settings

REMOTE = "postgresql+psycopg2://track:pw@db.example.internal:5432/track"


def settings(**fields: Any) -> Settings:
    return Settings(**{"auth_mode": "cognito", "database_url": REMOTE, **fields})


def test_startup_mode_sends_the_timeouts_as_options() -> None:
    args = db_connect.connect_args(settings(db_timeouts="startup", db_ssl_mode="verify-full"))
    assert args["options"] == (
        "-c statement_timeout=10000 -c idle_in_transaction_session_timeout=10000"
        " -c lock_timeout=5000"
    )


@pytest.mark.parametrize("mode", ["role", "transaction"])
def test_proxy_modes_send_no_startup_options(mode: str) -> None:
    assert "options" not in db_connect.connect_args(settings(db_timeouts=mode))


def test_transaction_mode_sets_all_three_timeouts_in_one_statement() -> None:
    assert db_connect.set_local_sql(settings(db_lock_timeout_ms=750)) == (
        "SET LOCAL statement_timeout = 10000; SET LOCAL idle_in_transaction_session_timeout ="
        " 10000; SET LOCAL lock_timeout = 750"
    )


def test_verify_full_defaults_to_the_bundled_rds_ca() -> None:
    args = db_connect.connect_args(settings(db_ssl_mode="verify-full"))
    assert args["sslmode"] == "verify-full"
    assert args["sslrootcert"] == str(BUNDLED_RDS_CA)
    assert BUNDLED_RDS_CA.parent.name == "certs"


def test_cognito_mode_refuses_a_remote_database_without_verify_full() -> None:
    with pytest.raises(db_connect.InsecureDatabaseConnection, match="DB_SSL_MODE=verify-full"):
        db.build_engine(settings(db_ssl_mode="require"))
    with pytest.raises(db_connect.InsecureDatabaseConnection, match="it is unset"):
        db.build_engine(settings())


def test_cognito_mode_reads_sslmode_from_the_url_too(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    url = REMOTE + "?sslmode=verify-full"
    assert db_connect.tls_problem(settings(db_ssl_root_cert=str(bundle)), url) is None
    assert "it is require" in str(db_connect.tls_problem(settings(), REMOTE + "?sslmode=require"))


def test_a_url_asking_for_verify_full_gets_the_bundle_or_its_own_ca_file() -> None:
    url = REMOTE + "?sslmode=verify-full"
    assert db_connect.connect_args(settings(), url)["sslrootcert"] == str(BUNDLED_RDS_CA)
    own = db_connect.connect_args(settings(), url + "&sslrootcert=/etc/own-ca.pem")
    assert own["sslrootcert"] == "/etc/own-ca.pem"
    assert "sslrootcert" not in db_connect.connect_args(settings(), REMOTE + "?sslmode=require")


def test_cognito_mode_refuses_verify_full_without_the_bundle(tmp_path: Path) -> None:
    missing = tmp_path / "absent.pem"
    problem = db_connect.tls_problem(
        settings(db_ssl_mode="verify-full", db_ssl_root_cert=str(missing)), REMOTE
    )
    assert problem is not None
    assert f"DB_SSL_ROOT_CERT={missing} does not exist" in problem
    assert "make rds-ca-bundle" in problem


def test_a_secret_without_a_local_host_needs_verify_full() -> None:
    problem = db_connect.tls_problem(
        settings(database_url=None, database_secret_arn="arn:aws:secretsmanager:x"),
        db_connect.SECRET_ENGINE_URL,
    )
    assert problem is not None
    assert "DB_SSL_MODE=verify-full" in problem


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        ({"auth_mode": "dev"}, REMOTE),
        ({}, "postgresql+psycopg2://track:pw@127.0.0.1:5432/track"),
        ({}, "postgresql+psycopg2://track:pw@localhost/track"),
        ({}, "postgresql+psycopg2://postgres:@/postgres?host=/tmp/pg"),
    ],
)
def test_dev_mode_and_databases_on_this_machine_are_not_refused(
    fields: dict[str, Any], url: str
) -> None:
    assert db_connect.tls_problem(settings(**fields), url) is None


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg2://track:pw@localhost/track?host=db.example.com",
        "postgresql+psycopg2://track:pw@localhost/track?hostaddr=203.0.113.7",
        "postgresql+psycopg2://track:pw@/track?host=/tmp/pg,db.example.com",
        "postgresql+psycopg2://track:pw@127.0.0.1/track?host=localhost&hostaddr=203.0.113.7",
    ],
)
def test_a_local_looking_url_that_routes_elsewhere_still_needs_verify_full(url: str) -> None:
    # libpq connects to `hostaddr` (and to every `host` in a list): the exemption for a
    # database on this machine must hold for each address, or TLS could be skipped remotely.
    problem = db_connect.tls_problem(settings(), url)
    assert problem is not None
    assert "DB_SSL_MODE=verify-full" in problem


def test_a_secret_replaces_the_url_and_settings_name_the_proxy_endpoint() -> None:
    configured = settings(
        database_secret_arn="arn:aws:secretsmanager:us-east-1:1:secret:x", db_host="proxy.local"
    )
    assert db_connect.engine_url(configured) == "postgresql+psycopg2://"
    creds = db_connect.parse_secret(
        json.dumps(
            {
                "username": "track_api",
                "password": "pw",
                "host": "instance.rds",
                "port": 5432,
                "dbname": "track",
                "engine": "postgres",
            }
        ),
        "x",
    )
    params = db_connect._connect_params(creds, configured)
    assert params == {
        "user": "track_api",
        "password": "pw",
        "host": "proxy.local",
        "port": 5432,
        "dbname": "track",
    }


@pytest.mark.parametrize(
    ("secret", "message"),
    [("not json", "is not JSON"), ('{"username": "u"}', "has no password")],
)
def test_a_secret_in_another_shape_is_named_with_what_it_lacks(secret: str, message: str) -> None:
    with pytest.raises(db_connect.SecretFormatError, match=message):
        db_connect.parse_secret(secret, "arn:x")


def test_empty_parameters_from_serverless_mean_unset() -> None:
    configured = Settings(database_secret_arn="", db_host="", db_port="", db_ssl_mode="")
    assert configured.database_secret_arn is None
    assert configured.db_host is None
    assert configured.db_port is None
    assert configured.db_ssl_mode is None


def test_authentication_failures_are_told_from_other_connect_errors() -> None:
    assert db_connect.is_authentication_failure(
        Exception('FATAL:  password authentication failed for user "track_api"')
    )
    assert not db_connect.is_authentication_failure(Exception("could not connect to server"))


def test_the_api_role_sql_grants_rows_only_and_rejects_odd_names() -> None:
    statements = api_role_sql("track_api", "track", Settings())
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "track_api"' in (
        statements
    )
    assert not any("CREATE ON SCHEMA" in s or "ALL PRIVILEGES" in s for s in statements)
    assert (
        'ALTER ROLE "track_api" IN DATABASE "track" SET statement_timeout = \'10000ms\''
        in statements
    )
    # Idle environments' connections are closed by the server after ten minutes.
    assert (
        'ALTER ROLE "track_api" IN DATABASE "track" SET idle_session_timeout = \'600000ms\''
        in statements
    )
    with pytest.raises(ValueError, match="plain lower-case"):
        api_role_sql('x"; DROP TABLE job_tracking; --', "track", Settings())


def test_the_bundled_ca_file_loads_and_trusts_rds_and_rds_proxy() -> None:
    import ssl

    context = ssl.create_default_context(cafile=str(BUNDLED_RDS_CA))
    assert context.cert_store_stats()["x509_ca"] >= 90
    text = BUNDLED_RDS_CA.read_text()
    assert "CN=Amazon Root CA 1," in text, "RDS Proxy's ACM certificates chain to it"
    assert "CN=Amazon RDS us-east-1 Root CA RSA2048 G1," in text


def test_the_lambda_handler_refuses_to_start_without_verified_tls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib
    import sys

    from jobtrack.platform import settings as settings_module

    monkeypatch.setenv("AUTH_MODE", "cognito")
    monkeypatch.setenv("DATABASE_URL", REMOTE + "?sslmode=require")
    monkeypatch.setenv("COGNITO_USER_POOL_ID", "us-east-1_test")
    monkeypatch.setenv("COGNITO_CLIENT_ID", "client")
    settings_module.get_settings.cache_clear()
    monkeypatch.delitem(sys.modules, "jobtrack.lambda_handler", raising=False)
    try:
        with pytest.raises(db_connect.InsecureDatabaseConnection, match="DB_SSL_MODE"):
            importlib.import_module("jobtrack.lambda_handler")
    finally:
        settings_module.get_settings.cache_clear()
