"""Stage-specific note models and the job metadata model.

These are the single source of the forms on the Track page: the code generator reads
their JSON Schema (titles, limits, defaults, `showIf`) and the page renders from it.
Writes are strict (unknown field, wrong type, over-long value: 422). Reads are
permissive: `lenient_parse` keeps the fields that fit and defaults the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from jobtrack.tracking.stages import EventType

SHORT_TEXT = 2_000
LONG_TEXT = 10_000


def show_if(field: str, equals: str) -> dict[str, Any]:
    """Declare that a field is only relevant when another field has a given value."""
    return {"showIf": {"field": field, "equals": equals}}


class NoteBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(
        None, max_length=LONG_TEXT, title="Notes", description="Anything worth remembering."
    )


class AppliedNote(NoteBase):
    type: Literal["online", "referral", "recruiter", "email", "in_person", "other"] = Field(
        "online", title="How you applied"
    )
    referrer_name: str | None = Field(
        None, max_length=SHORT_TEXT, title="Referrer", json_schema_extra=show_if("type", "referral")
    )
    referrer_content: str | None = Field(
        None,
        max_length=SHORT_TEXT,
        title="What the referrer said",
        description="Their contact details or the message they sent on your behalf.",
        json_schema_extra={**show_if("type", "referral"), "widget": "textarea"},
    )


class ScreeningNote(NoteBase):
    type: Literal["phone", "video", "in_person", "email", "other"] = Field("phone", title="Format")
    with_person: str | None = Field(None, max_length=SHORT_TEXT, title="With")


class InterviewNote(NoteBase):
    type: Literal["phone", "video", "onsite", "take_home", "panel", "other"] = Field(
        "video", title="Format"
    )
    round: StrictInt | None = Field(
        None,
        ge=1,
        le=1_000,
        title="Round",
        description="Filled in with the next round when left empty.",
    )
    interviewers: str | None = Field(None, max_length=SHORT_TEXT, title="Interviewers")


class ReferenceNote(NoteBase):
    contacts_provided: str | None = Field(
        None,
        max_length=SHORT_TEXT,
        title="Contacts provided",
        json_schema_extra={"widget": "textarea"},
    )


class OfferNote(NoteBase):
    amount: str | None = Field(None, max_length=SHORT_TEXT, title="Amount")
    deadline: dt.date | None = Field(None, title="Decision deadline")


class AcceptedNote(NoteBase):
    start_date: dt.date | None = Field(None, title="Start date")


class DeclinedNote(NoteBase):
    reason: str | None = Field(None, max_length=SHORT_TEXT, title="Reason")


class RejectedNote(NoteBase):
    reason: str | None = Field(None, max_length=SHORT_TEXT, title="Reason")


NOTE_MODELS: dict[EventType, type[NoteBase]] = {
    EventType.applied: AppliedNote,
    EventType.screening: ScreeningNote,
    EventType.interview: InterviewNote,
    EventType.reference: ReferenceNote,
    EventType.offer: OfferNote,
    EventType.accepted: AcceptedNote,
    EventType.declined: DeclinedNote,
    EventType.rejected: RejectedNote,
}


class JobNotesIn(BaseModel):
    """Job metadata a user may write; merged key by key, null clears a key."""

    model_config = ConfigDict(extra="forbid")

    salary: str | None = Field(None, max_length=100, title="Salary")
    location: str | None = Field(None, max_length=200, title="Location")
    general_note: str | None = Field(
        None, max_length=LONG_TEXT, title="General note", json_schema_extra={"widget": "textarea"}
    )


class JobNotesRead(BaseModel):
    """Job metadata as stored. No length limits here: text migrated from the old TEXT column
    may be longer than new writes allow, and reads must never hide it."""

    salary: str | None = None
    location: str | None = None
    general_note: str | None = None
    resume_filename: str | None = None


M = TypeVar("M", bound=BaseModel)


def lenient_parse(model: type[M], data: Any) -> M:
    """Build `model` from stored data, keeping what fits and defaulting the rest; never raises."""
    if not isinstance(data, dict):
        return model.model_validate({})
    try:
        return model.model_validate({k: v for k, v in data.items() if k in model.model_fields})
    except ValidationError as exc:
        bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        kept = {k: v for k, v in data.items() if k in model.model_fields and k not in bad}
        try:
            return model.model_validate(kept)
        except ValidationError:
            return model.model_validate({})


def read_note(event_type: EventType, data: Any) -> dict[str, Any]:
    """A stored note as the API returns it: every field of its model, JSON-ready."""
    return lenient_parse(NOTE_MODELS[event_type], data).model_dump(mode="json")
