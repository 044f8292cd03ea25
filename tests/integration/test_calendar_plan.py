"""The calendar's and upcoming's read at the full quota (5,000 jobs x 100 events) reads what it
answers, whatever the statistics say.

With the range's date condition and the note dates' conditions ORed in one scan, the planner
(once ANALYZE had seen the rows) walked the owner's events in date order from the first one,
filtering, until it had the 2,001 it needed: 450,000 rows before "today" at the quota, seconds
for upcoming. Each condition is now an arm of its own, read through its index and limited.
Checked with EXPLAIN ANALYZE before and after ANALYZE, the rows written and rolled back inside
the test's transaction; and the rows are those of ordering the ORed conditions themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import text

from jobtrack.calendar.read import EARLIEST_EVENTS_IN_RANGE, EVENTS_IN_RANGE, range_params
from jobtrack.calendar.schemas import MAX_EVENTS
from jobtrack.platform.settings import Settings
from jobtrack.tracking.models import TrackingEvent
from tests.quota_fill import fill

USER = "calendar-at-the-quota"
TODAY = dt.date(2026, 12, 4)
MAX_JOBS_PER_USER = Settings().max_jobs_per_user
MAX_EVENTS_PER_JOB = Settings().max_events_per_job


def _params(start: dt.date, end: dt.date) -> dict[str, Any]:
    return {
        **range_params(user_id=USER, start=start, end=end),
        "max_events": MAX_EVENTS + 1,
    }


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _rows_read(connection: Any, start: dt.date, end: dt.date) -> int:
    """The rows the statement's scans of the events produced (EXPLAIN ANALYZE), as the driver
    runs it."""
    compiled = EARLIEST_EVENTS_IN_RANGE.compile(dialect=connection.dialect)
    sql = str(compiled)
    parameters = {**compiled.params, **_params(start, end)}
    [[explained]] = connection.exec_driver_sql(
        f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", parameters
    ).all()
    return sum(
        node["Actual Rows"] * node["Actual Loops"]
        for node in _nodes(explained[0]["Plan"])
        if node.get("Relation Name") == "tracking_events"
    )


def test_upcoming_and_a_month_at_the_quota_read_what_they_answer_stale_or_analysed(
    connection: Any,
) -> None:
    # Dated from 90 days before today to 9 after: a month and the next 14 days are full.
    fill(
        connection,
        USER,
        jobs=MAX_JOBS_PER_USER,
        events=MAX_EVENTS_PER_JOB,
        first_date=TODAY - dt.timedelta(days=90),
        location_chars=10,
    )
    # A few offers whose deadline is in the range though the offer is dated long before.
    connection.execute(
        text(
            "INSERT INTO tracking_events (job_id, user_id, event_type, event_date, note) "
            "SELECT id, user_id, 'offer', DATE '2026-01-02', "
            "jsonb_build_object('deadline', '2026-12-06') FROM job_tracking "
            "WHERE user_id = :user ORDER BY id LIMIT 3"
        ),
        {"user": USER},
    )
    connection.execute(text("SET LOCAL statement_timeout = '30s'"))
    ranges = {
        "upcoming": (TODAY, TODAY + dt.timedelta(days=13)),
        "a month": (dt.date(2026, 11, 30), dt.date(2027, 1, 3)),
    }
    # Each arm may read up to the limit, plus what the sorts of ties need: far from the
    # 450,000 rows before today that walking the owner's events in date order reads.
    bound = 3 * (MAX_EVENTS + 1)
    for analysed in (False, True):
        if analysed:
            connection.execute(text("ANALYZE job_tracking, tracking_events"))
        for name, (start, end) in ranges.items():
            read = _rows_read(connection, start, end)
            assert read <= bound, (name, analysed, read)

    # The same rows as ordering the ORed conditions themselves, the offers first (by their
    # own date), then the earliest events in the range.
    start, end = ranges["upcoming"]
    expected = connection.execute(
        EVENTS_IN_RANGE.order_by(TrackingEvent.event_date, TrackingEvent.id).limit(MAX_EVENTS + 1),
        _params(start, end),
    ).all()
    got = connection.execute(EARLIEST_EVENTS_IN_RANGE, _params(start, end)).all()
    assert [row.event_id for row in got] == [row.event_id for row in expected]
    assert len(got) == MAX_EVENTS + 1
    assert [row.event_type for row in got[:3]] == ["offer"] * 3
