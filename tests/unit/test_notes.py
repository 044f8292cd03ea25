"""Note models: strict on write, permissive on read."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import StrictInt, ValidationError

from jobtrack.calendar.schemas import ItemKind
from jobtrack.tracking import stages
from jobtrack.tracking.notes import (
    DATED_NOTE_FIELDS,
    NOTE_MODELS,
    AppliedNote,
    DatedNoteField,
    EventForm,
    InterviewNote,
    NoteBase,
    RejectedNote,
)
from jobtrack.tracking.stages import EventType
from jobtrack.tracking.stored_notes import JOB_NOTES_READER
from tests.model_reads import read_note


def test_every_event_type_has_a_note_model() -> None:
    assert set(NOTE_MODELS) == set(EventType)


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_note_lists_its_own_fields_first_and_the_free_text_note_last(
    event_type: EventType,
) -> None:
    model = NOTE_MODELS[event_type]
    fields = list(model.model_fields)
    assert fields[-1] == "note", f"{model.__name__}: declare `note: NoteText = None` last"
    assert fields.count("note") == 1
    assert model.model_fields["note"].title == "Notes"
    assert model.model_fields["note"].metadata == AppliedNote.model_fields["note"].metadata


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_note_model_declares_its_form(event_type: EventType) -> None:
    model = NOTE_MODELS[event_type]
    assert issubclass(model, NoteBase)
    assert isinstance(model.form, EventForm), f"{model.__name__}: declare `form = EventForm(...)`"
    assert "form" not in model.model_fields  # a ClassVar, never part of a note


def test_only_screenings_and_interviews_offer_a_time_and_place() -> None:
    with_time = {e for e, m in NOTE_MODELS.items() if m.form.event_time}
    with_location = {e for e, m in NOTE_MODELS.items() if m.form.location}
    assert with_time == with_location == {EventType.screening, EventType.interview}


@pytest.mark.parametrize("category", ["no_response", "position_filled", "after_interview", "other"])
def test_a_rejection_takes_each_reason_category(category: str) -> None:
    note = RejectedNote.model_validate({"reason_category": category, "reason": "ghosted"})
    assert (note.reason_category, note.reason) == (category, "ghosted")


@pytest.mark.parametrize("bad", ["ghosted", "No response / ghosted", "", 1])
def test_a_rejection_refuses_another_reason_category_naming_it(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        RejectedNote.model_validate({"reason_category": bad})
    assert {err["loc"] for err in info.value.errors()} == {("reason_category",)}


def test_a_rejection_reason_category_is_optional_and_read_leniently() -> None:
    assert RejectedNote().reason_category is None
    assert read_note(EventType.rejected, {"reason_category": "bored", "reason": "x"}) == {
        **RejectedNote().model_dump(mode="json"),  # every field at its default ...
        "reason": "x",  # ... but the one that fits
    }


def test_write_rejects_unknown_field() -> None:
    with pytest.raises(ValidationError) as info:
        AppliedNote.model_validate({"type": "online", "colour": "blue"})
    assert info.value.errors()[0]["loc"] == ("colour",)


def test_write_rejects_wrong_type_and_length() -> None:
    with pytest.raises(ValidationError):
        InterviewNote.model_validate({"round": "2"})
    with pytest.raises(ValidationError):
        InterviewNote.model_validate({"round": 0})
    with pytest.raises(ValidationError):
        AppliedNote.model_validate({"referrer_name": "x" * 2001})
    with pytest.raises(ValidationError):
        AppliedNote.model_validate({"note": "x" * 10_001})
    assert AppliedNote.model_validate({"note": "x" * 10_000}).note


def test_defaults() -> None:
    assert AppliedNote().type == "online"
    assert InterviewNote().type == "video"
    assert NOTE_MODELS[EventType.screening]().type == "phone"  # type: ignore[attr-defined]


def test_read_keeps_what_fits_and_defaults_the_rest() -> None:
    stored = {"type": "carrier-pigeon", "round": "three", "interviewers": "Ann", "extra": 1}
    read = read_note(EventType.interview, stored)
    assert read == {**InterviewNote().model_dump(mode="json"), "interviewers": "Ann"}
    assert (read["type"], read["round"]) == ("video", None)  # the defaults, not what was stored
    assert "extra" not in read


@pytest.mark.parametrize("stored", [None, [], "text", 42, {"note": 5}])
def test_read_never_raises(stored: object) -> None:
    note = read_note(EventType.offer, stored)
    assert note["note"] is None
    assert note["deadline"] is None


def test_job_notes_are_read_permissively() -> None:
    notes = JOB_NOTES_READER.read(
        {"salary": 150000, "location": "Remote", "resume_filename": "cv.pdf"}
    )
    assert notes["salary"] is None
    assert notes["location"] == "Remote"
    assert notes["resume_filename"] == "cv.pdf"
    assert JOB_NOTES_READER.read("legacy text")["general_note"] is None


@pytest.mark.parametrize("dated", DATED_NOTE_FIELDS, ids=lambda d: f"{d.event_type}.{d.field}")
def test_a_dated_note_field_is_an_optional_date_of_its_event_types_note(
    dated: DatedNoteField,
) -> None:
    info = NOTE_MODELS[dated.event_type].model_fields[dated.field]
    assert info.annotation == dt.date | None
    assert info.default is None
    # The item lasts while the job is at a stage its own event can bring it to, or has not ended.
    assert dated.open_while in (None, stages.Stage(dated.event_type.value))


def test_dated_note_fields_are_the_calendars_item_kinds_besides_the_event_and_apply_by() -> None:
    kinds = [dated.kind for dated in DATED_NOTE_FIELDS]
    assert len(set(kinds)) == len(kinds)
    # `apply_by` comes from a job's posting, not from a note.
    assert ["event", *kinds, "apply_by"] == list(typing.get_args(ItemKind))


def test_the_round_field_is_a_bounded_integer_starting_at_the_first_round() -> None:
    info = NOTE_MODELS[stages.ROUND_EVENT].model_fields[stages.ROUND_FIELD]
    assert info.annotation == StrictInt | None
    assert info.default is None
    low = [m.ge for m in info.metadata if getattr(m, "ge", None) is not None]
    assert low == [stages.FIRST_ROUND]
    assert stages.ROUND_EVENT in stages.REPEATABLE_EVENTS
