"""The migrate function keeps Lambda's log handler: alembic.ini's logging section would
replace the root logger's handlers (and with them the request id and the JSON format)."""

from __future__ import annotations

import logging

from alembic import command

from jobtrack.migrate_handler import alembic_config


def test_migrating_leaves_the_root_handlers_alone(database_url: str) -> None:
    root = logging.getLogger()
    lambda_handler = logging.StreamHandler()  # stands in for the runtime's handler
    root.addHandler(lambda_handler)
    try:
        before = list(root.handlers)
        command.upgrade(alembic_config(database_url), "head")
        assert root.handlers == before
        assert logging.getLogger("alembic").getEffectiveLevel() == logging.INFO
    finally:
        root.removeHandler(lambda_handler)
