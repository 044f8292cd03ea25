"""The insights summariser, without a database: ordering, rates and ages from given counts."""

from __future__ import annotations

import datetime as dt

from jobtrack.insights import summary
from jobtrack.insights.summary import LatestEvent, SourceTally, Totals
from jobtrack.tracking.stages import Stage

TODAY = dt.date(2026, 2, 1)


def totals(**overrides: object) -> Totals:
    values: dict[str, object] = {
        "by_stage": {},
        "reached": {},
        "applied": 0,
        "responded": 0,
        "median_days": None,
    }
    values.update(overrides)
    return Totals(**values)  # type: ignore[arg-type]


def test_every_stage_is_present_and_total_is_their_sum() -> None:
    result = summary.summarise(
        totals=totals(by_stage={Stage.applied: 3, Stage.rejected: 2}),
        sources=[],
        stale=[],
        today=TODAY,
    )
    assert result.total == 5  # 3 + 2
    assert list(result.by_stage) == list(Stage)
    assert result.by_stage[Stage.saved] == 0
    assert result.by_stage[Stage.applied] == 3


def test_the_funnel_runs_applied_to_offer_then_accepted() -> None:
    reached = {Stage.applied: 9, Stage.screening: 6, Stage.offer: 2, Stage.accepted: 1}
    steps = summary.funnel(reached)
    assert [(s.stage, s.reached) for s in steps] == [
        (Stage.applied, 9),
        (Stage.screening, 6),
        (Stage.interview, 0),  # missing means none
        (Stage.reference, 0),
        (Stage.offer, 2),
        (Stage.accepted, 1),
    ]


def test_response_rate_is_null_without_applications() -> None:
    assert summary.response_rate(0, 0) is None
    assert summary.response_rate(8, 6) == 0.75  # 6 / 8
    assert summary.response_rate(3, 0) == 0.0


def test_sources_go_by_applications_then_name() -> None:
    ordered = summary.by_source(
        [
            SourceTally("referral", 2, 2),
            SourceTally("recruiter", 1, 1),
            SourceTally("online", 4, 3),
            SourceTally("email", 1, 0),
        ]
    )
    assert [(s.source, s.applied) for s in ordered] == [
        ("online", 4),
        ("referral", 2),
        ("email", 1),  # a tie on 1: by name
        ("recruiter", 1),
    ]


def test_follow_ups_go_oldest_first_then_by_job_id_with_their_age() -> None:
    def latest(job_id: int, day: int) -> LatestEvent:
        return LatestEvent(job_id, f"C{job_id}", "T", Stage.applied, dt.date(2026, 1, day))

    result = summary.follow_up([latest(7, 18), latest(9, 3), latest(4, 18)], TODAY)
    assert [(f.job_id, f.days_since) for f in result] == [
        (9, 29),  # 02-01 - 01-03
        (4, 14),  # 02-01 - 01-18; same day as job 7, lower id first
        (7, 14),
    ]


def test_median_and_counts_pass_through() -> None:
    result = summary.summarise(
        totals=totals(applied=8, responded=6, median_days=8.0),
        sources=[SourceTally("online", 8, 6)],
        stale=[],
        today=TODAY,
    )
    assert (result.response_rate, result.median_days_to_response) == (0.75, 8.0)
    assert result.by_source[0].model_dump() == {"source": "online", "applied": 8, "responded": 6}
