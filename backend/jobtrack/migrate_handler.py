"""The `migrate` Lambda: `alembic upgrade head` as the schema owner, then the API's role
created (or its password set) from its secret and granted, as a deploy step.

The owner's credentials are read at run time from MIGRATE_SECRET_ARN (the RDS-managed
master secret: username and password), to connect to MIGRATE_DB_HOST (the cluster's writer,
not RDS Proxy) and DB_NAME; only this function's role may read that secret, and no
function's environment holds a password. DATABASE_URL (the owner's URL) still works where
no secret is set: a laptop, the tests. With DATABASE_SECRET_ARN (the API role's secret) set,
every run ends by making the role that secret names match it (`roles.ensure_api_role`).

CloudFormation calls it through the `MigrateOnDeploy` custom resource (infra/migrate.yml)
before it updates the API's code, so the new code never serves an old schema and a failed
migration fails the deploy (the stack rolls back; the previous API keeps serving).
Invoked directly (`make migrate-remote`, any event without a ResponseURL) it migrates and
returns the result. Migrations never run in the API's cold start. The zip keeps the
repository layout, so the migration scripts sit next to the package (`backend/alembic`)
and `alembic.ini` two levels up, exactly as in a checkout.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util import CommandError
from sqlalchemy import URL, Connection

from jobtrack.notifications import vapid
from jobtrack.platform.db.connect import credentials, owner_engine
from jobtrack.platform.db.migration_lock import migration_lock
from jobtrack.platform.db.roles import ensure_api_role
from jobtrack.platform.settings import Settings, get_settings

logger = logging.getLogger("jobtrack.migrate")

PACKAGE_DIR = Path(__file__).resolve().parent
SCRIPT_LOCATION = PACKAGE_DIR.parent / "alembic"
ALEMBIC_INI = PACKAGE_DIR.parent.parent / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    """The repository's alembic.ini, with the script location pinned to this tree.

    Its logging section is not applied: `fileConfig` would replace the Lambda runtime's log
    handler (request ids, the log format the stack sets). Alembic's progress lines go through
    Lambda's handler instead, at INFO.
    """
    config = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.is_file() else Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    logging.getLogger("alembic").setLevel(logging.INFO)
    return config


class OwnerNotConfigured(RuntimeError):
    """Neither the owner's secret (with its host and database) nor DATABASE_URL is set."""


def owner_url(settings: Settings) -> str:
    """The schema owner's URL: from MIGRATE_SECRET_ARN, read now (RDS rotates it), with
    MIGRATE_DB_HOST and DB_NAME when the secret does not name them; else DATABASE_URL."""
    if settings.migrate_secret_arn:
        owner = credentials(settings.migrate_secret_arn, settings.aws_region, refresh=True)
        host = settings.migrate_db_host or owner.host
        database = settings.db_name or owner.dbname
        if not host or not database:
            raise OwnerNotConfigured(
                "MIGRATE_SECRET_ARN is set, but the database's host and name are not: set "
                "MIGRATE_DB_HOST (the cluster's writer endpoint) and DB_NAME"
            )
        # A Unix socket's directory (a local database) goes in the query, as libpq takes it.
        socket = host.startswith("/")
        url = URL.create(
            "postgresql+psycopg2",
            username=owner.username,
            password=owner.password,
            host=None if socket else host,
            port=settings.db_port or owner.port or (None if socket else 5432),
            database=database,
            query={"host": host} if socket else {},
        )
        return url.render_as_string(hide_password=False)
    if settings.database_url:
        return settings.database_url
    raise OwnerNotConfigured(
        "no owner credentials: set MIGRATE_SECRET_ARN, MIGRATE_DB_HOST and DB_NAME "
        "(the stack does), or DATABASE_URL"
    )


def ensure_api_role_from_secret(connection: Connection, settings: Settings) -> str | None:
    """Create or update the role DATABASE_SECRET_ARN names, with its password, and grant it;
    answer "created" or "updated" (None without the secret)."""
    if not settings.database_secret_arn:
        return None
    api = credentials(settings.database_secret_arn, settings.aws_region, refresh=True)
    with connection.begin():
        done = ensure_api_role(
            connection, role=api.username, password=api.password, settings=settings
        )
    logger.info("database role %s %s and granted", done["role"], done["login"])
    return done["login"]


def ensure_vapid_key(settings: Settings) -> None:
    """Fill the stack's empty VAPID secret once (CloudFormation cannot make an EC key pair);
    a secret that holds a pair keeps it (notifications/vapid.py)."""
    if not settings.vapid_secret_arn:
        return
    import boto3

    client = boto3.client("secretsmanager", region_name=settings.aws_region)
    if vapid.ensure_secret(client, settings.vapid_secret_arn):
        logger.info("VAPID key pair generated into its secret")


def migrate() -> dict[str, Any]:
    """Upgrade to head, then the API's role; answer the revision before and after, the
    scripts' head and what was done to the API's role. First the VAPID key, if missing."""
    settings = get_settings()
    ensure_vapid_key(settings)
    database_url = owner_url(settings)
    config = alembic_config(database_url)
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    engine = owner_engine(settings, database_url)
    try:
        # Under the lock, so "previous" is what this run found, not what a concurrent
        # migrate was about to change.
        with engine.connect() as connection, migration_lock(connection):
            before = MigrationContext.configure(connection).get_current_revision()
            connection.commit()
            if _unknown(scripts, before):
                # Older code than the schema: a rolled-back deploy (or `osls rollback`). The
                # schema stays; expand/contract migrations keep the older code working on it.
                logger.info("database at %s is ahead of this code's head %s", before, head)
                return {
                    "previous": before,
                    "current": before,
                    "head": head,
                    "upgraded": False,
                    "ahead": True,
                    "api_role": ensure_api_role_from_secret(connection, settings),
                }
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            after = MigrationContext.configure(connection).get_current_revision()
            connection.commit()
            # After the tables exist, so the grants cover them; under the same lock, so two
            # runs never race on CREATE ROLE.
            api_role = ensure_api_role_from_secret(connection, settings)
    finally:
        engine.dispose()
    logger.info("migrated %s -> %s (head %s)", before, after, head)
    return {
        "previous": before,
        "current": after,
        "head": head,
        "upgraded": before != after,
        "api_role": api_role,
    }


def _unknown(scripts: ScriptDirectory, revision: str | None) -> bool:
    """Whether the database's revision is one this code's migration scripts do not have."""
    if revision is None:
        return False
    try:
        return scripts.get_revision(revision) is None
    except (CommandError, ResolutionError):
        return True


def handler(event: Any, context: Any) -> dict[str, Any]:
    """A CloudFormation custom-resource request, or a direct invoke (`make migrate-remote`)."""
    if isinstance(event, dict) and "ResponseURL" in event:
        return on_custom_resource(event, context)
    return migrate()


# CloudFormation reads at most 4 KB of response; Alembic's errors can be longer.
REASON_LIMIT = 1500
# Answer FAILED this long before Lambda's timeout: a killed function would leave
# CloudFormation waiting for an answer (up to the resource's ServiceTimeout).
TIMEOUT_MARGIN_S = 10.0


def on_custom_resource(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Migrate on Create and Update, do nothing on Delete, and always answer CloudFormation
    once: SUCCESS, or FAILED with the error as the reason.

    A rollback is told by the migration revision, not by clocks: the rolled-back (older) code
    finds the database at a revision its scripts do not have, and leaves it as it is. A
    rollback after a failed migration finds the database at its own head: nothing to do.
    """
    answered = threading.Lock()

    def answer(status: str, reason: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        body = {
            "Status": status,
            "Reason": reason[:REASON_LIMIT],
            # Fixed: an Update never looks like a replacement, so no Delete follows it.
            "PhysicalResourceId": event.get("PhysicalResourceId") or "migrate",
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
            "Data": {k: str(v) for k, v in (data or {}).items()},
        }
        if answered.acquire(blocking=False):
            put_response(event["ResponseURL"], body)
        return body

    remaining_ms = getattr(context, "get_remaining_time_in_millis", lambda: 0)()
    watchdog = None
    if remaining_ms:
        deadline = max(remaining_ms / 1000 - TIMEOUT_MARGIN_S, 1.0)
        watchdog = threading.Timer(
            deadline, answer, ("FAILED", f"migrate did not finish within {deadline:.0f} s")
        )
        watchdog.daemon = True
        watchdog.start()
    try:
        request = event.get("RequestType")
        if request == "Delete":
            return answer("SUCCESS", "nothing to undo: migrations are never reverted by a deploy")
        result = migrate()
        if result.get("ahead"):
            return answer(
                "SUCCESS",
                f"rollback: the database (at {result['current']}) is ahead of this code "
                f"(head {result['head']}) and is left as it is (docs/deploy.md)",
                result,
            )
        return answer("SUCCESS", f"at {result['current']}", result)
    except Exception as error:  # any failure must reach CloudFormation
        logger.exception("migration failed")
        return answer("FAILED", f"migration failed: {type(error).__name__}: {error}")
    finally:
        if watchdog is not None:
            watchdog.cancel()


def put_response(url: str, body: dict[str, Any]) -> None:
    """PUT the answer to the presigned S3 URL CloudFormation gave (no content type: the
    signature covers none)."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"ResponseURL is not an HTTP(S) URL: {url[:40]!r}")
    data = json.dumps(body).encode()
    headers = {"Content-Type": "", "Content-Length": str(len(data))}
    request = urllib.request.Request(url, data=data, method="PUT", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (scheme checked)
        logger.info("answered CloudFormation %s: HTTP %s", body["Status"], response.status)
