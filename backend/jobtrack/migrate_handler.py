"""The `migrate` Lambda: `alembic upgrade head` against DATABASE_URL, as a deploy step.

`make deploy` invokes it after each deploy; migrations never run in the API's cold start.
The zip keeps the repository layout, so the migration scripts sit next to the package
(`backend/alembic`) and `alembic.ini` two levels up, exactly as in a checkout.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool

from jobtrack.errors import DatabaseNotConfigured
from jobtrack.settings import get_settings

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


def current_revision(database_url: str) -> str | None:
    """The revision the database is at now."""
    engine = create_engine(database_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def handler(event: Any, context: Any) -> dict[str, Any]:
    """Upgrade to head; answer the revision before and after, and the scripts' head."""
    database_url = get_settings().database_url
    if not database_url:
        raise DatabaseNotConfigured()
    config = alembic_config(database_url)
    head = ScriptDirectory.from_config(config).get_current_head()
    before = current_revision(database_url)
    command.upgrade(config, "head")
    after = current_revision(database_url)
    logger.info("migrated %s -> %s (head %s)", before, after, head)
    return {"previous": before, "current": after, "head": head, "upgraded": before != after}
