"""Note models: strict on write, permissive on read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jobtrack.tracking.notes import (
    NOTE_MODELS,
    AppliedNote,
    InterviewNote,
    read_note,
)
from jobtrack.tracking.read_fast import JOB_NOTES_READER
from jobtrack.tracking.stages import EventType


def test_every_event_type_has_a_note_model() -> None:
    assert set(NOTE_MODELS) == set(EventType)


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
    assert read_note(EventType.interview, stored) == {
        "note": None,
        "type": "video",
        "round": None,
        "interviewers": "Ann",
    }


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
