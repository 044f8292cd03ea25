"""The import's plan (stage and round rules, duplicates), problem paths and CSV cells, without
a database."""

from __future__ import annotations

from typing import Any

import pytest

from jobtrack.portability import exceptions, replay
from jobtrack.portability.exceptions import Problem
from jobtrack.portability.export import safe_cell
from jobtrack.portability.schemas import ImportDocument
from jobtrack.tracking.stages import EventType, Stage


def doc(*jobs: dict[str, Any]) -> ImportDocument:
    return ImportDocument.model_validate({"format": "track-export", "version": 1, "jobs": jobs})


def events(*types: str, **note: Any) -> list[dict[str, Any]]:
    return [{"event_type": t, "event_date": "2026-01-01", "note": dict(note)} for t in types]


def test_a_valid_history_is_planned_with_its_stage_and_rounds() -> None:
    planned, problems = replay.plan(
        doc({"company": "A", "title": "T", "events": events("applied", "interview", "interview")})
    )
    assert problems == []
    [job] = planned
    assert job.stage is Stage.interview
    assert [e.note.get("round") for e in job.events] == [None, 1, 2]
    assert job.events[0].note == {"type": "online"}  # defaults kept, nulls left out


def test_the_first_refused_event_of_each_job_is_a_problem() -> None:
    _, problems = replay.plan(
        doc(
            {"company": "A", "title": "T", "events": events("offer", "screening", "applied")},
            {"company": "B", "title": "T", "events": events("applied")},
            {"company": "C", "title": "T", "events": events("rejected", "rejected")},
        )
    )
    assert [(p.loc, p.type) for p in problems] == [
        (("jobs", 0, "events", 1, "event_type"), "stage_rule"),
        (("jobs", 2, "events", 1, "event_type"), "stage_rule"),
    ]
    assert problems[1].msg.startswith("This job is rejected")


def test_a_taken_round_is_a_problem_at_the_round() -> None:
    _, [problem] = replay.plan(
        doc({"company": "A", "title": "T", "events": events("interview", "interview", round=4)})
    )
    assert problem.loc == ("jobs", 0, "events", 1, "note", "round")
    assert "round 4" in problem.msg


def test_resume_filename_is_dropped_from_notes() -> None:
    [job], _ = replay.plan(
        doc({"company": "A", "title": "T", "notes": {"salary": "1", "resume_filename": "cv.pdf"}})
    )
    assert job.notes == {"salary": "1"}
    assert job.stage is Stage.saved


def test_duplicates_match_trimmed_and_case_folded() -> None:
    assert replay.duplicate_key(" Straße ", "ENG", None) == replay.duplicate_key(
        "STRASSE", "eng ", ""
    )
    planned, _ = replay.plan(
        doc(
            {"company": "A", "title": "T", "job_url": "https://x.example/1"},
            {"company": "a", "title": "t", "job_url": "HTTPS://X.EXAMPLE/1"},
            {"company": "B", "title": "T"},
            {"company": "C", "title": "T"},
        )
    )
    fresh, skipped = replay.without_duplicates(planned, [("c", "t", "")])
    assert [j.company for j in fresh] == ["A", "B"]
    assert skipped == 2  # the second A (same document) and C (already there)


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("jobs", 3, "events", 2, "note", "round"), "jobs[3].events[2].note.round"),
        (("jobs", 0, "company"), "jobs[0].company"),
        (("version",), "version"),
        ((), ""),
    ],
)
def test_problem_paths_read_like_the_document(loc: exceptions.Loc, path: str) -> None:
    assert exceptions.document_path(loc) == path


def test_validation_errors_lose_the_event_type_level() -> None:
    errors = [
        {
            "loc": ("body", "jobs", 1, "events", 0, "interview", "note", "round"),
            "msg": "m",
            "type": "greater_than_equal",
        },
        {"loc": ("body", "jobs", 1, "events", 2), "msg": "tag", "type": "union_tag_invalid"},
        {"loc": ("body", "jobs", 0, "interview"), "msg": "keep", "type": "missing"},
    ]
    assert exceptions.from_validation(errors) == [
        Problem(("jobs", 1, "events", 0, "note", "round"), "m", "greater_than_equal"),
        Problem(("jobs", 1, "events", 2, "event_type"), "tag", "union_tag_invalid"),
        Problem(("jobs", 0, "interview"), "keep", "missing"),  # not under events: kept
    ]
    assert exceptions.from_validation([{"loc": ("header", "x"), "msg": "m", "type": "t"}]) is None
    assert (
        exceptions.from_validation([{"loc": ("body", 3), "msg": "m", "type": "json_invalid"}])
        is None
    )


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5k", "'-5k"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme", "Acme"),
        ("a=b", "a=b"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_cells_a_spreadsheet_would_run_start_with_an_apostrophe(value: str, cell: str) -> None:
    assert safe_cell(value) == cell


def test_event_types_cover_the_csv_date_columns() -> None:
    from jobtrack.portability.schemas import CSV_COLUMNS

    assert {f"{e.value}_date" for e in EventType} <= set(CSV_COLUMNS)
