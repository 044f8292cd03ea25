"""The API's database role: data rights only, and the timeouts it runs under.

Migrations run as the role that owns the schema; the API connects as another role that may
read and write rows but cannot create, alter or drop anything. The migrate function creates
the role (or sets its password) from the API role's secret and grants it after every
migration (`ensure_api_role`); `scripts/grant_api_role.py` does the grants by hand for a
database the stack does not migrate. The owning role must be allowed to create and alter
roles (CREATEROLE, which RDS's master user has). Default privileges make every table a
later migration creates readable and writable by the API role without running it again.

Not an Alembic revision: roles and passwords differ per stage and are created outside the
schema's history (a revision would run once, before or after the role exists, and its
downgrade could not restore anyone's grants).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from sqlalchemy import Connection

from jobtrack.platform.db.connect import timeout_values
from jobtrack.platform.settings import Settings

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
DATA_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"


def api_role_sql(role: str, database: str, settings: Settings) -> list[str]:
    """The statements that give `role` data rights in `database` and its session timeouts."""
    for name, value in (("role", role), ("database", database)):
        if not ROLE_NAME.match(value):
            raise ValueError(f"{name} {value!r}: use a plain lower-case PostgreSQL name")
    statements = [
        f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"',
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT {DATA_RIGHTS} ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        # Tables and sequences the owner creates later (the next migrations) get the same.
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {DATA_RIGHTS} ON TABLES TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "{role}"',
        # The schema's revision is the migrations' business: the API may only read it.
        f'REVOKE INSERT, UPDATE, DELETE ON TABLE alembic_version FROM "{role}"',
    ]
    # The timeouts ride on the role (DB_TIMEOUTS=role): no startup options, which RDS Proxy
    # refuses, and no SET per transaction, which costs a round trip and may pin the proxy.
    # idle_session_timeout only here: it bounds a session between transactions, which only
    # a role setting can (closing idle connections of environments that stopped serving).
    role_timeouts = {
        **timeout_values(settings),
        "idle_session_timeout": settings.db_idle_session_timeout_ms,
    }
    statements += [
        f'ALTER ROLE "{role}" IN DATABASE "{database}" SET {name} = \'{int(value)}ms\''
        for name, value in role_timeouts.items()
    ]
    return statements


def grant_api_role(connection: Connection, *, role: str, settings: Settings) -> list[str]:
    """Apply `api_role_sql` in the connection's database; answer what ran."""
    from sqlalchemy import text

    database = str(connection.execute(text("SELECT current_database()")).scalar_one())
    statements = api_role_sql(role, database, settings)
    for statement in statements:
        connection.exec_driver_sql(statement)
    return statements


# ---- the role's login, from its secret ----------------------------------------------------

SCRAM_ITERATIONS = 4096  # PostgreSQL's own default (scram_iterations)
SCRAM_VERIFIER = re.compile(
    r"^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$"
)


def scram_verifier(password: str, *, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677).

    Sent instead of the password, as psql's \\password does: the server stores it as it is,
    and the plain password never appears in a statement the server could log (psycopg2
    binds on the client, so a bound password would be a literal in the statement's text).
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, SCRAM_ITERATIONS)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(value: bytes) -> str:
        return base64.b64encode(value).decode()

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def login_sql(role: str, verifier: str, *, exists: bool) -> str:
    """CREATE the role with LOGIN (and PostgreSQL's defaults: no other attribute), or ALTER
    it to LOGIN with this password."""
    if not ROLE_NAME.match(role):
        raise ValueError(f"role {role!r}: use a plain lower-case PostgreSQL name")
    if not SCRAM_VERIFIER.match(verifier):
        raise ValueError("not a SCRAM-SHA-256 verifier")
    verb = "ALTER" if exists else "CREATE"
    return f"{verb} ROLE \"{role}\" WITH LOGIN PASSWORD '{verifier}'"


class ApiRoleTooPowerful(RuntimeError):
    """The API's role exists with more than data rights; migrate refuses to use it."""


# Attributes the API's role must not have. Only a superuser may remove SUPERUSER,
# REPLICATION or BYPASSRLS (RDS's master user is not one), so migrate cannot fix them: it
# stops the deploy instead of letting the API run with them.
_ROLE_ATTRIBUTES = (
    "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls"
    " FROM pg_roles WHERE rolname = :role"
)


def ensure_api_role(
    connection: Connection, *, role: str, password: str, settings: Settings
) -> dict[str, str]:
    """Create the API role (or set its password when it exists), then `grant_api_role`.

    Safe to run on every deploy: the password is the secret's current one, the grants and
    timeouts are set again to what this code says. Answers what it did, without secrets.
    """
    from sqlalchemy import text

    found = (
        connection.execute(
            text(_ROLE_ATTRIBUTES),
            {"role": role},
        )
        .mappings()
        .first()
    )
    if found is not None and any(found.values()):
        extra = ", ".join(name.removeprefix("rol") for name, on in found.items() if on)
        raise ApiRoleTooPowerful(
            f"database role {role} exists with {extra}: the API's role must have data rights "
            f"only; remove them (ALTER ROLE {role} NO...) as a superuser, or name another role "
            f"in the API role's secret"
        )
    exists = found is not None
    connection.exec_driver_sql(login_sql(role, scram_verifier(password), exists=exists))
    grants = grant_api_role(connection, role=role, settings=settings)
    return {"role": role, "login": "updated" if exists else "created", "grants": str(len(grants))}
