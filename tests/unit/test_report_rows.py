"""The report's pure parts: each stage's outcome, and the CSV's cells."""

from __future__ import annotations

import datetime as dt
from typing import get_args

from jobtrack.report.rows import OUTCOMES, csv_text
from jobtrack.report.schemas import Outcome, ReportRow
from jobtrack.tracking.stages import Stage


def test_every_stage_has_an_outcome_and_every_outcome_a_stage() -> None:
    assert set(OUTCOMES) == set(Stage)
    assert set(OUTCOMES.values()) == set(get_args(Outcome))


def test_the_outcomes_are_the_job_centres_words_for_each_stage() -> None:
    assert {
        stage.value: outcome for stage, outcome in OUTCOMES.items() if stage != Stage.saved
    } == {
        "applied": "waiting",
        "screening": "interviewing",
        "interview": "interviewing",
        "reference": "interviewing",
        "offer": "offer",
        "accepted": "accepted",
        "declined": "declined",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
    }


def test_csv_cells_are_empty_for_null_and_guarded_against_formulas() -> None:
    row = ReportRow(
        applied_date=dt.date(2026, 1, 5),
        company="\tTabbed",
        title='Line "one"\nline two',
        job_url=None,
        how=None,
        contact="-Minus",
        stage=Stage.withdrawn,
        last_event_date=dt.date(2026, 1, 9),
        outcome="withdrawn",
    )
    assert csv_text([row]) == (
        "applied_date,company,title,job_url,how,contact,stage,last_event_date,outcome\r\n"
        '2026-01-05,\'\tTabbed,"Line ""one""\nline two",,,\'-Minus,withdrawn,2026-01-09,'
        "withdrawn\r\n"
    )
