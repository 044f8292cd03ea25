"""What `GET /api/account` answers and what `DELETE /api/account` takes."""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import BaseModel, BeforeValidator, Field

from jobtrack.tracking.schemas import StrictModel

CONFIRM_PHRASE: Final = "delete my data"


def _exact_phrase(value: object) -> object:
    """Only the phrase itself, as typed: not trimmed, not case-folded (a slip must not delete)."""
    if value != CONFIRM_PHRASE:
        raise ValueError(f'type exactly "{CONFIRM_PHRASE}" to delete everything you keep here')
    return value


class AccountRead(BaseModel):
    jobs: int = Field(description="Tracked jobs.")
    events: int = Field(description="Steps recorded on them.")
    documents: int = Field(description="Files in the document library (resumes included).")
    stored_bytes: int = Field(description="The library's files' total size, in bytes.")


class AccountDelete(StrictModel):
    confirm: Annotated[Literal["delete my data"], BeforeValidator(_exact_phrase)] = Field(
        description=f'Exactly "{CONFIRM_PHRASE}"; anything else is a 422 and deletes nothing.'
    )
