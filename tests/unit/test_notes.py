"""Note models: strict on write, permissive on read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jobtrack.tracking.notes import (
    NOTE_MODELS,
    AppliedNote,
    EventForm,
    InterviewNote,
    NoteBase,
    RejectedNote,
    read_note,
)
from jobtrack.tracking.read_fast import JOB_NOTES_READER
from jobtrack.tracking.stages import EventType


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
