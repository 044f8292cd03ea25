"""Give the API's database role data rights only, and its timeouts (docs/deploy.md, "Two roles").

    DATABASE_URL=<the owner's URL> .venv/bin/python scripts/grant_api_role.py track_api
    .venv/bin/python scripts/grant_api_role.py track_api --print --database track   # SQL only

The stack's migrate function does this (and creates the role from its secret) on every
deploy; this is for a database the stack does not migrate. Run it as the role that owns the
schema (it also alters the API role, so it needs CREATEROLE, as RDS's master user has), after
creating the API role. It is safe to run again. The timeouts are today's
DB_STATEMENT_TIMEOUT_MS and friends from the environment.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

from jobtrack.platform.db.connect import owner_engine
from jobtrack.platform.db.roles import api_role_sql, grant_api_role
from jobtrack.platform.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("role", help="the API's login role, created beforehand")
    parser.add_argument("--print", action="store_true", help="print the SQL, connect to nothing")
    parser.add_argument("--database", help="the database name (with --print)")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.print:
        if not args.database:
            parser.error("--print needs --database")
        for statement in api_role_sql(args.role, args.database, settings):
            print(f"{statement};")
        return 0
    if not settings.database_url:
        parser.error("set DATABASE_URL to the schema owner's URL")
    engine = owner_engine(settings, settings.database_url)
    with engine.begin() as connection:
        for statement in grant_api_role(connection, role=args.role, settings=settings):
            print(f"{statement};")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
