"""Insights over the caller's event history: two SQL statements whatever the number of jobs.

PostgreSQL does the counting: one aggregate per job over its events in sequence order (the
highest stage reached, accepted or not, and the types, dates and whether each event is a reply
as arrays, from which the first applied event and the first reply after it are picked), then one
aggregate over those per-job rows, once for all of them and once per applied source (ROLLUP).
The jobs' stage counts are a one-row aggregate of their own. `summary.py` shapes what comes back.

The plan cannot depend on table statistics: the per-job aggregate is a MATERIALIZED CTE (run
once) and nothing joins it to the jobs, so no planner estimate can put it on the inner side of a
nested loop (which ran it once per job: seconds at the quota with statistics fresh from an
import). The only join is the one-row stage counts to the per-job rows. A test checks the plan
at the full quota with statistics fresh and analysed (tests/integration/test_insights_plan.py).

A reply is any event but a withdrawal (the job seeker stopped) and a rejection whose
`reason_category` is `no_response` (ghosted: the silence was recorded, not a reply). Such a
rejection still ends the job; it only does not count as a response or time one.

Inferred events (steps an import created to reach a spreadsheet's status; their date is not
known) count for the stages reached and for whether a job responded, never for a duration: a
job whose applied event or first reply is inferred adds nothing to the median days to a
response, and a follow-up's age counts from the job's latest event that is not inferred (a job
with none is no follow-up).

Stored notes are read permissively: an applied note whose `type` is missing or not one of the
known values counts as `unknown`, never an error.

The statements are built once and take the user (and the dates) as bound parameters: building
them costs more than running them for a user with few jobs.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, get_args

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    bindparam,
    case,
    false,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from jobtrack.insights import summary
from jobtrack.insights.schemas import FollowUpRead, InsightsRead
from jobtrack.tracking.models import TrackedJob, TrackingEvent
from jobtrack.tracking.notes import AppliedNote, RejectionCategory
from jobtrack.tracking.stages import PROGRESS_STAGES, RANK, EventType, Stage

APPLIED_SOURCES: tuple[str, ...] = get_args(AppliedNote.model_fields["type"].annotation)
# Events after the application that are no reply from the employer (the module's docstring).
NOT_A_REPLY: tuple[EventType, ...] = (EventType.withdrawn,)
NO_REPLY_REJECTION: RejectionCategory = "no_response"


@cache
def _summary_statement() -> Select[Any]:
    """One row for all of a user's jobs (`all_sources` = 1), and one per applied source (NULL:
    the jobs without an applied event)."""
    user_id = bindparam("user_id", type_=String)
    event_type, in_sequence = TrackingEvent.event_type, TrackingEvent.id
    rank = case(
        {et: RANK[Stage(et.value)] for et in EventType if Stage(et.value) in RANK},
        value=event_type,
    )
    note_type = func.jsonb_extract_path_text(TrackingEvent.note, "type")
    source = case((note_type.in_(APPLIED_SOURCES), note_type), else_=summary.UNKNOWN_SOURCE)
    ghosted = (event_type == EventType.rejected) & (
        func.jsonb_extract_path_text(TrackingEvent.note, "reason_category") == NO_REPLY_REJECTION
    ).is_(true())
    is_reply = ~(event_type.in_(NOT_A_REPLY) | ghosted)
    per_job = (
        select(
            TrackingEvent.job_id,
            # Rejected and withdrawn have no rank: the events before them say how far a job got.
            func.max(rank).label("reached"),
            func.bool_or(event_type == EventType.accepted).label("accepted"),
            func.array_agg(aggregate_order_by(event_type, in_sequence)).label("types"),
            func.array_agg(aggregate_order_by(TrackingEvent.event_date, in_sequence)).label(
                "dates"
            ),
            func.array_agg(aggregate_order_by(is_reply, in_sequence)).label("replies"),
            func.array_agg(aggregate_order_by(TrackingEvent.inferred, in_sequence)).label(
                "inferred"
            ),
            func.array_agg(aggregate_order_by(source, in_sequence))
            .filter(event_type == EventType.applied)
            .label("sources"),
        )
        # The events carry their job's owner: read through their own user_id index, with no
        # join to the jobs (every event of the user is read either way).
        .where(TrackingEvent.user_id == user_id)
        .group_by(TrackingEvent.job_id)
        .cte("per_job")
        .prefix_with("MATERIALIZED")
    )
    # Position of the first applied event; the first reply after it (in sequence, whatever its
    # date) is the response. Arrays are 1-based; none found is NULL (no response yet).
    first = func.array_position(per_job.c.types, literal(EventType.applied.value))
    # (array_position refuses a NULL start: a job without an applied event searches from 1,
    # and its days stay NULL through `dates[first]`.)
    reply = func.array_position(per_job.c.replies, true(), func.coalesce(first, 0) + 1)
    # An inferred step has no known date: it counts as the response, but times nothing.
    dated = ~per_job.c.inferred[first] & ~per_job.c.inferred[reply]
    responses = select(
        per_job.c.reached,
        per_job.c.accepted,
        first.is_not(None).label("applied"),
        (first.is_not(None) & reply.is_not(None)).label("responded"),
        case((dated, per_job.c.dates[reply] - per_job.c.dates[first])).label("days"),
        per_job.c.sources[1].label("source"),
    ).subquery("responses")
    # Every job's stage, those without events included: one row, joined to each per-job row.
    stage_counts = (
        select(
            *(func.count().filter(TrackedJob.stage == s).label(f"stage_{s.value}") for s in Stage)
        )
        .where(TrackedJob.user_id == user_id)
        .subquery("stage_counts")
    )
    stage_columns = [stage_counts.c[f"stage_{s.value}"] for s in Stage]
    return (
        select(
            func.grouping(responses.c.source).label("all_sources"),
            responses.c.source,
            *stage_columns,
            *(
                func.count().filter(responses.c.reached >= RANK[s]).label(f"reached_{s.value}")
                for s in PROGRESS_STAGES
            ),
            func.count().filter(responses.c.accepted).label("reached_accepted"),
            func.count().filter(responses.c.applied).label("applied"),
            func.count().filter(responses.c.responded).label("responded"),
            func.percentile_cont(0.5).within_group(responses.c.days).label("median_days"),
        )
        .select_from(stage_counts)
        # A user whose jobs have no events yet still gets the stage counts (one NULL row).
        .outerjoin(responses, true())
        .group_by(*stage_columns, func.rollup(responses.c.source))
    )


@cache
def _stale_statement() -> Select[Any]:
    """A user's jobs at a follow-up stage whose latest event (in sequence) is dated on or before
    `today - stale_days`. The cutoff is computed in SQL, which has room for dates before year 1."""
    latest = (
        select(TrackingEvent.event_date)
        # The latest date known: an inferred step's date is not.
        .where(TrackingEvent.job_id == TrackedJob.id, TrackingEvent.inferred.is_(false()))
        .order_by(TrackingEvent.id.desc())
        .limit(1)
        .lateral("latest")
    )
    cutoff = bindparam("today", type_=Date) - bindparam("stale_days", type_=Integer)
    return (
        select(
            TrackedJob.id,
            TrackedJob.company,
            TrackedJob.title,
            TrackedJob.stage,
            latest.c.event_date,
        )
        .join(latest, true())
        .where(
            TrackedJob.user_id == bindparam("user_id", type_=String),
            TrackedJob.stage.in_(summary.FOLLOW_UP_STAGES),
            latest.c.event_date <= cutoff,
        )
        .order_by(latest.c.event_date, TrackedJob.id)
    )


def get_insights(
    *, db_session: Session, user_id: str, today: dt.date, stale_days: int
) -> InsightsRead:
    """Stage counts, funnel, responses, sources and follow-ups of the caller's jobs."""
    totals = summary.Totals(by_stage={}, reached={}, applied=0, responded=0, median_days=None)
    sources: list[summary.SourceTally] = []
    for row in db_session.execute(_summary_statement(), {"user_id": user_id}).mappings():
        if row["all_sources"]:
            totals = summary.Totals(
                by_stage={s: row[f"stage_{s.value}"] for s in Stage},
                reached={s: row[f"reached_{s.value}"] for s in summary.FUNNEL_STAGES},
                applied=row["applied"],
                responded=row["responded"],
                median_days=None if row["median_days"] is None else float(row["median_days"]),
            )
        elif row["source"] is not None:
            sources.append(summary.SourceTally(row["source"], row["applied"], row["responded"]))
    stale = [
        summary.LatestEvent(row.id, row.company, row.title, row.stage, row.event_date)
        for row in db_session.execute(
            _stale_statement(), {"user_id": user_id, "today": today, "stale_days": stale_days}
        )
    ]
    return summary.summarise(totals=totals, sources=sources, stale=stale, today=today)


def follow_ups(
    *, db_session: Session, user_id: str, today: dt.date, stale_days: int
) -> list[FollowUpRead]:
    """Only the follow-ups of `get_insights` (one statement): the digest lists them."""
    stale = [
        summary.LatestEvent(row.id, row.company, row.title, row.stage, row.event_date)
        for row in db_session.execute(
            _stale_statement(), {"user_id": user_id, "today": today, "stale_days": stale_days}
        )
    ]
    return summary.follow_up(stale, today)
