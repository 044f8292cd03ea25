"""The API's database role: data rights only, and the timeouts it runs under.

Migrations run as the role that owns the schema; the API connects as another role that may
read and write rows but cannot create, alter or drop anything. Run once per database, as
the owning role (it must also be allowed to alter the API role: CREATEROLE, which RDS's
master user has), with `scripts/grant_api_role.py`. Default privileges make every table a
later migration creates readable and writable by the API role without running it again.

Not an Alembic revision: roles and passwords differ per stage and are created outside the
schema's history (a revision would run once, before or after the role exists, and its
downgrade could not restore anyone's grants).
"""

from __future__ import annotations

import re

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
