"""Path parameters for tracked-job routes, bounded so no id can overflow the database type."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ID = 2**31 - 1

JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="The tracked job's id.")]
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="The event's id.")]
