"""How the API reaches PostgreSQL: timeouts, credentials and TLS that work through RDS Proxy.

Three concerns, each chosen by a setting and applied to the engine `db.build_engine` makes:

- **Timeouts** (`DB_TIMEOUTS`). `startup` sends them as libpq `options` when connecting: free,
  but RDS Proxy refuses any connection that carries options. `role` sends nothing: the API's
  database role carries them (`ALTER ROLE ... SET`, done once by `scripts/grant_api_role.py`),
  so every session starts with them at no cost per request. `transaction` sets them with
  `SET LOCAL` at the start of every transaction: one more round trip each time, and RDS Proxy
  may pin the connection for it. Lambda behind a proxy uses `role` (docs/deploy.md).
- **Credentials** (`DATABASE_SECRET_ARN`). Read from Secrets Manager when a connection is
  opened, cached, read again when the database refuses the password (rotation) and after a
  SnapStart restore, so a rotated password reaches the API without a deploy.
- **TLS** (`DB_SSL_MODE`, `DB_SSL_ROOT_CERT`). In cognito mode a database across a network
  must be reached with `verify-full` against a CA bundle that exists; otherwise startup stops
  with an error naming the setting.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from jobtrack.platform.settings import BUNDLED_RDS_CA, Settings

logger = logging.getLogger("jobtrack")

SECRET_ENGINE_URL = "postgresql+psycopg2://"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


# ---- timeouts ----------------------------------------------------------------------------


def timeout_values(settings: Settings) -> dict[str, int]:
    """The server-side bounds every API session runs under, in milliseconds."""
    return {
        "statement_timeout": settings.db_statement_timeout_ms,
        "idle_in_transaction_session_timeout": settings.db_idle_in_transaction_timeout_ms,
        "lock_timeout": settings.db_lock_timeout_ms,
    }


def startup_options(settings: Settings) -> str:
    return " ".join(f"-c {name}={value}" for name, value in timeout_values(settings).items())


def set_local_sql(settings: Settings) -> str:
    # One round trip for all three; the values are integers from our settings, never input.
    return "; ".join(
        f"SET LOCAL {name} = {int(value)}" for name, value in timeout_values(settings).items()
    )


def _set_local_timeouts(engine: Engine, settings: Settings) -> None:
    statement = set_local_sql(settings)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(statement)


def _check_role_timeouts(engine: Engine) -> None:
    """Say so once, at the engine's first connection, when the role carries no timeouts."""

    @event.listens_for(engine, "first_connect")
    def _first(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SHOW statement_timeout")
            row = cursor.fetchone()
        finally:
            cursor.close()
            dbapi_connection.rollback()
        if row is not None and row[0] == "0":
            logger.warning(
                "DB_TIMEOUTS=role, but this database role has no statement_timeout: run "
                "scripts/grant_api_role.py for it (docs/deploy.md), or set DB_TIMEOUTS"
            )


# ---- credentials from Secrets Manager ----------------------------------------------------


class SecretFormatError(RuntimeError):
    """The secret is not the JSON an RDS secret holds."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    host: str | None = None
    port: int | None = None
    dbname: str | None = None


def parse_secret(secret_string: str, secret_id: str) -> Credentials:
    """Read the JSON RDS secrets hold: username and password, and host/port/dbname when the
    secret carries them (RDS-managed master secrets do not; DB_HOST and DB_NAME then say)."""
    try:
        data = json.loads(secret_string)
    except ValueError as exc:
        raise SecretFormatError(
            f"DATABASE_SECRET_ARN {secret_id}: the secret is not JSON; store it as RDS does "
            '({"username": ..., "password": ..., "host": ..., "port": ..., "dbname": ...}).'
        ) from exc
    missing = [key for key in ("username", "password") if not data.get(key)]
    if not isinstance(data, dict) or missing:
        raise SecretFormatError(
            f"DATABASE_SECRET_ARN {secret_id}: the secret has no {' or '.join(missing)}."
        )
    port = data.get("port")
    return Credentials(
        username=str(data["username"]),
        password=str(data["password"]),
        host=str(data["host"]) if data.get("host") else None,
        port=int(port) if port else None,
        dbname=str(data["dbname"]) if data.get("dbname") else None,
    )


class SecretCache:
    """One cached copy per secret; the Secrets Manager client is built on first use."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, Credentials] = {}
        self.client: Any = None  # a boto3 Secrets Manager client


secret_cache = SecretCache()


# Bounds on one secret read, well inside the function's 20 s: two attempts of at most 2 s to
# connect and 3 s to answer, so an unreachable endpoint (no VPC endpoint, no route) is a 503
# from the app, not a Lambda timeout.
SECRETS_CONNECT_TIMEOUT_S = 2
SECRETS_READ_TIMEOUT_S = 3
SECRETS_MAX_ATTEMPTS = 2


def _client(region: str) -> Any:
    if secret_cache.client is None:
        import boto3  # imported lazily: most of the app never needs it
        from botocore.config import Config

        secret_cache.client = boto3.client(
            "secretsmanager",
            region_name=region,
            config=Config(
                connect_timeout=SECRETS_CONNECT_TIMEOUT_S,
                read_timeout=SECRETS_READ_TIMEOUT_S,
                retries={"max_attempts": SECRETS_MAX_ATTEMPTS, "mode": "standard"},
            ),
        )
    return secret_cache.client


def credentials(secret_id: str, region: str, *, refresh: bool = False) -> Credentials:
    """The secret's credentials: the cached copy, or a fresh read when `refresh` is set."""
    with secret_cache.lock:
        cached = secret_cache.values.get(secret_id)
        if cached is not None and not refresh:
            return cached
        response = _client(region).get_secret_value(SecretId=secret_id)
        fresh = parse_secret(response["SecretString"], secret_id)
        secret_cache.values[secret_id] = fresh
        return fresh


def forget_credentials() -> None:
    """Drop cached secrets and the client (after a SnapStart restore: the snapshot may be old,
    and the client's sockets belong to it)."""
    with secret_cache.lock:
        secret_cache.values.clear()
        secret_cache.client = None


def is_authentication_failure(exc: BaseException) -> bool:
    """The server refused the password (28P01 / 28000), as psycopg2 reports it at connect."""
    if getattr(exc, "pgcode", None) in {"28P01", "28000"}:
        return True
    return "password authentication failed" in str(exc)


def _connect_params(creds: Credentials, settings: Settings) -> dict[str, Any]:
    # Explicit settings win over the secret: behind RDS Proxy the secret names the database
    # instance, but the API must connect to the proxy's endpoint.
    params: dict[str, Any] = {"user": creds.username, "password": creds.password}
    host = settings.db_host or creds.host
    port = settings.db_port or creds.port
    dbname = settings.db_name or creds.dbname
    if host:
        params["host"] = host
    if port:
        params["port"] = port
    if dbname:
        params["dbname"] = dbname
    return params


def _use_secret(engine: Engine, settings: Settings) -> None:
    secret_id = settings.database_secret_arn
    assert secret_id is not None

    def read(dialect: Any, *, refresh: bool = False) -> Credentials:
        try:
            return credentials(secret_id, settings.aws_region, refresh=refresh)
        except Exception as exc:
            # No route to Secrets Manager, access denied, a malformed secret: the database is
            # unavailable to us, which the app answers with a 503 (never a 500).
            raise dialect.loaded_dbapi.OperationalError(
                f"cannot read the database secret (DATABASE_SECRET_ARN): {exc}"
            ) from exc

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        cparams.update(_connect_params(read(dialect), settings))
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            if not is_authentication_failure(exc):
                raise
            # Rotated since we cached it: read the secret again and retry once.
            logger.warning("database refused the cached password; reading the secret again")
            cparams.update(_connect_params(read(dialect, refresh=True), settings))
            return dialect.connect(*cargs, **cparams)


# ---- TLS ---------------------------------------------------------------------------------


def engine_url(settings: Settings) -> str | None:
    """With a secret the URL carries only the driver; each connection gets its parameters."""
    if settings.database_secret_arn:
        return SECRET_ENGINE_URL
    return settings.database_url


def _query(database_url: str, name: str) -> str | None:
    value = make_url(database_url).query.get(name)
    return value[0] if isinstance(value, tuple) else value


def _target(settings: Settings, database_url: str) -> tuple[str | None, str | None, str]:
    """The host the engine connects to, the sslmode it uses and the CA file it trusts."""
    url = make_url(database_url)
    host = settings.db_host if settings.database_secret_arn else url.host
    host = host or _query(database_url, "host")
    mode = settings.db_ssl_mode or _query(database_url, "sslmode")
    root = settings.db_ssl_root_cert or _query(database_url, "sslrootcert") or str(BUNDLED_RDS_CA)
    return host, mode, root


def _every_host(settings: Settings, database_url: str) -> list[str]:
    """Every address libpq may connect to: the URL's host, and its `host` and `hostaddr`
    query parameters (libpq connects to `hostaddr` whatever `host` says, and both may be
    comma-separated lists); with a secret, DB_HOST. Empty entries are libpq's defaults."""
    url = make_url(database_url)
    hosts = [settings.db_host or ""] if settings.database_secret_arn else [url.host or ""]
    for name in ("host", "hostaddr"):
        value = url.query.get(name)
        for item in value if isinstance(value, tuple) else [value] if value else []:
            hosts += item.split(",")
    return [host.strip() for host in hosts]


def _on_this_machine(host: str) -> bool:
    return host.startswith("/") or host in LOCAL_HOSTS


def tls_problem(settings: Settings, database_url: str) -> str | None:
    """Why this configuration may not run in cognito mode, or None.

    A database on this machine (a Unix socket, loopback) is exempt: no network to cross. Every
    address the URL names must be, so `?host=` or `?hostaddr=` cannot route a "local" URL to
    another machine without verified TLS.
    """
    if settings.auth_mode != "cognito":
        return None
    _, mode, root = _target(settings, database_url)
    named = [host for host in _every_host(settings, database_url) if host]
    secret_without_host = settings.database_secret_arn and not named
    if not secret_without_host and all(_on_this_machine(host) for host in named):
        return None
    if mode != "verify-full":
        return (
            f"AUTH_MODE=cognito needs DB_SSL_MODE=verify-full for a database across a network "
            f"(it is {mode or 'unset'}): set DB_SSL_MODE=verify-full (it trusts the bundled RDS "
            f"CAs unless DB_SSL_ROOT_CERT names another file)."
        )
    if not Path(root).is_file():
        return (
            f"DB_SSL_ROOT_CERT={root} does not exist: run `make rds-ca-bundle` before packaging, "
            f"or point DB_SSL_ROOT_CERT at the CA bundle that signed the database's certificate."
        )
    return None


class InsecureDatabaseConnection(RuntimeError):
    """Raised at startup: cognito mode with a database reached without verified TLS."""


def require_verified_tls(settings: Settings, database_url: str | None = None) -> None:
    url = database_url or engine_url(settings)
    if not url:
        return
    problem = tls_problem(settings, url)
    if problem:
        raise InsecureDatabaseConnection(problem)


# ---- the engine's connect arguments and hooks --------------------------------------------


def tls_args(settings: Settings, database_url: str | None = None) -> dict[str, Any]:
    """The TLS part of the connect arguments: DB_SSL_MODE, and the CA file to verify with."""
    args: dict[str, Any] = {}
    if settings.db_ssl_mode:
        args["sslmode"] = settings.db_ssl_mode
    _, mode, root = _target(settings, database_url or engine_url(settings) or "postgresql://")
    if mode in {"verify-ca", "verify-full"}:
        # The same CA file the startup check found (libpq's default, ~/.postgresql, is not
        # in the artifact).
        args["sslrootcert"] = root
    return args


def connect_args(settings: Settings, database_url: str | None = None) -> dict[str, Any]:
    """What every new connection is opened with (the credentials come at connect time)."""
    args: dict[str, Any] = {
        "connect_timeout": settings.db_connect_timeout_s,
        "application_name": "jobtrack",
    }
    if settings.db_timeouts == "startup":
        args["options"] = startup_options(settings)
    return args | tls_args(settings, database_url)


def owner_engine(settings: Settings, database_url: str) -> Engine:
    """An engine for the schema owner (migrations, the API role's grants): the same verified
    TLS rule as the API's (refused in cognito mode without verify-full across a network),
    none of the API's session timeouts (a migration may rightly run longer), no pool."""
    from sqlalchemy import create_engine, pool

    require_verified_tls(settings, database_url)
    args = {"connect_timeout": settings.db_connect_timeout_s, "application_name": "jobtrack-owner"}
    return create_engine(
        database_url,
        poolclass=pool.NullPool,
        connect_args=args | tls_args(settings, database_url),
    )


def attach(engine: Engine, settings: Settings) -> None:
    """Install the per-connection and per-transaction hooks the settings ask for."""
    if settings.database_secret_arn:
        _use_secret(engine, settings)
    if settings.db_timeouts == "transaction":
        _set_local_timeouts(engine, settings)
    if settings.db_timeouts == "role":
        _check_role_timeouts(engine)


# ---- what a database error may say in a log ----------------------------------------------


def database_error_report(exc: BaseException) -> str:
    """A database error for the log: its kinds, SQLSTATE, the table or constraint, the
    statement with its placeholders, and where it was raised.

    Never the message: `hide_parameters` keeps SQLAlchemy from printing bound values, but
    PostgreSQL's own message quotes a bad value and psycopg2 binds on the client, so its
    `LINE 1:` context shows the statement with the values in it (notes, user ids).
    """
    import traceback

    orig = getattr(exc, "orig", None)
    parts = [type(exc).__name__]
    if orig is not None:
        parts.append(type(orig).__name__)
    pgcode = getattr(orig, "pgcode", None)
    if pgcode:
        parts.append(f"sqlstate={pgcode}")
    diag = getattr(orig, "diag", None)
    for field in ("table_name", "constraint_name"):
        value = getattr(diag, field, None)
        if value:
            parts.append(f"{field}={value}")
    statement = getattr(exc, "statement", None)
    if statement:
        parts.append(f"statement={' '.join(str(statement).split())[:500]!r}")
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return " ".join(parts) + ("\n" + frames if frames else "")
