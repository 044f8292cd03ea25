"""What is left once PostgreSQL has counted: the funnel in stage order, the response rate,
sources in their order and follow-ups with their age. Pure: no I/O, unit-tested alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jobtrack.insights.schemas import FollowUpRead, FunnelStep, InsightsRead, SourceRead
from jobtrack.tracking.stages import PROGRESS_STAGES, Stage

# The funnel's steps: the main line, then accepted (counted from accepted events, not by rank,
# because declined ranks the same).
FUNNEL_STAGES: tuple[Stage, ...] = (*PROGRESS_STAGES, Stage.accepted)
# Jobs that still wait on the employer or on the caller; closed jobs need no follow-up.
FOLLOW_UP_STAGES: tuple[Stage, ...] = PROGRESS_STAGES
UNKNOWN_SOURCE = "unknown"


@dataclass(frozen=True)
class Totals:
    """Counts over all of the caller's jobs."""

    by_stage: Mapping[Stage, int]
    reached: Mapping[Stage, int]
    applied: int
    responded: int
    median_days: float | None


@dataclass(frozen=True)
class SourceTally:
    """Jobs with an applied event whose note gives this `type` (or `unknown`)."""

    source: str
    applied: int
    responded: int


@dataclass(frozen=True)
class LatestEvent:
    """A job at a follow-up stage and the date of its latest event."""

    job_id: int
    company: str
    title: str
    stage: Stage
    event_date: dt.date


def funnel(reached: Mapping[Stage, int]) -> list[FunnelStep]:
    return [FunnelStep(stage=stage, reached=reached.get(stage, 0)) for stage in FUNNEL_STAGES]


def response_rate(applied: int, responded: int) -> float | None:
    return responded / applied if applied else None


def by_source(tallies: Iterable[SourceTally]) -> list[SourceRead]:
    """Most applications first, then by name."""
    ordered = sorted(tallies, key=lambda tally: (-tally.applied, tally.source))
    return [SourceRead(source=t.source, applied=t.applied, responded=t.responded) for t in ordered]


def follow_up(latest: Iterable[LatestEvent], today: dt.date) -> list[FollowUpRead]:
    """Oldest latest event first, then by job id; `days_since` counts from `today`."""
    ordered = sorted(latest, key=lambda job: (job.event_date, job.job_id))
    return [
        FollowUpRead(
            job_id=job.job_id,
            company=job.company,
            title=job.title,
            stage=job.stage,
            last_event_date=job.event_date,
            days_since=(today - job.event_date).days,
        )
        for job in ordered
    ]


def summarise(
    *,
    totals: Totals,
    sources: Iterable[SourceTally],
    stale: Iterable[LatestEvent],
    today: dt.date,
) -> InsightsRead:
    """The insights response from what the statements counted."""
    return InsightsRead(
        total=sum(totals.by_stage.values()),
        by_stage={stage: totals.by_stage.get(stage, 0) for stage in Stage},
        funnel=funnel(totals.reached),
        response_rate=response_rate(totals.applied, totals.responded),
        median_days_to_response=totals.median_days,
        by_source=by_source(sources),
        follow_up=follow_up(stale, today),
    )
