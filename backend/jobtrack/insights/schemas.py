"""The insights response: where the caller's applications stand and how they have gone."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from jobtrack.tracking.stages import Stage


class FunnelStep(BaseModel):
    stage: Stage
    reached: int = Field(
        description="Jobs that got at least this far, rejected and withdrawn ones included."
    )


class SourceRead(BaseModel):
    source: str = Field(description="The applied note's `type`, or `unknown`.")
    applied: int
    responded: int


class FollowUpRead(BaseModel):
    job_id: int
    company: str
    title: str
    stage: Stage
    last_event_date: dt.date
    days_since: int


class InsightsRead(BaseModel):
    total: int
    by_stage: dict[Stage, int] = Field(description="Jobs at each stage now; every stage present.")
    funnel: list[FunnelStep]
    response_rate: float | None = Field(
        description="Responded / jobs with an applied event; null when there are none. A job "
        "responded when a reply follows its first applied event: any event but a withdrawal and "
        "a rejection whose reason_category is no_response."
    )
    median_days_to_response: float | None = Field(
        description="Median days from the first applied event to the first reply after it; null "
        "when no job has responded."
    )
    by_source: list[SourceRead]
    follow_up: list[FollowUpRead]
