"""The `migrate` Lambda: `alembic upgrade head` against DATABASE_URL, as a deploy step.

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

from jobtrack.platform.db.connect import owner_engine
from jobtrack.platform.db.migration_lock import migration_lock
from jobtrack.platform.errors import DatabaseNotConfigured
from jobtrack.platform.settings import get_settings

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


def migrate() -> dict[str, Any]:
    """Upgrade to head; answer the revision before and after, and the scripts' head."""
    settings = get_settings()
    database_url = settings.database_url
    if not database_url:
        raise DatabaseNotConfigured()
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
                }
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            after = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    logger.info("migrated %s -> %s (head %s)", before, after, head)
    return {"previous": before, "current": after, "head": head, "upgraded": before != after}


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
