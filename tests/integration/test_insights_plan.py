"""Insights' plan at the full quota (5,000 jobs x 100 events) does not depend on statistics.

Right after an import the planner still believes the tables are small (no ANALYZE has seen the
rows); with a per-job aggregate joined to the jobs it then chose a nested loop that ran the
aggregate once per job (the statement timeout on demand). Here every aggregate must run once,
whatever the statistics say: checked with EXPLAIN ANALYZE before and after ANALYZE, the rows
written and rolled back inside the test's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from jobtrack.insights import service
from jobtrack.platform.settings import Settings

USER = "insights-at-the-quota"
MAX_JOBS_PER_USER = Settings().max_jobs_per_user
MAX_EVENTS_PER_JOB = Settings().max_events_per_job


def _fill(connection: Any, user: str, *, jobs: int, events: int) -> None:
    connection.execute(text("SET LOCAL statement_timeout = 0"))  # half a million rows
    connection.execute(
        text(
            "INSERT INTO job_tracking (user_id, company, title, stage) "
            "SELECT :user, 'Company ' || n, 'Engineer ' || n, "
            "(ARRAY['applied','screening','interview','offer','rejected'])[1 + n % 5]"
            "::tracking_stage FROM generate_series(1, :jobs) AS n"
        ),
        {"user": user, "jobs": jobs},
    )
    # Per job: applied, a screening, then interviews; dated one day apart.
    connection.execute(
        text(
            "INSERT INTO tracking_events (job_id, user_id, event_type, event_date, note) "
            "SELECT j.id, :user, (CASE WHEN e = 1 THEN 'applied' WHEN e = 2 THEN 'screening' "
            "ELSE 'interview' END)::tracking_event_type, DATE '2026-01-01' + e, "
            "CASE WHEN e = 1 THEN '{\"type\": \"referral\"}'::jsonb ELSE '{}'::jsonb END "
            "FROM job_tracking j CROSS JOIN generate_series(1, :events) AS e "
            "WHERE j.user_id = :user ORDER BY j.id, e"
        ),
        {"user": user, "events": events},
    )


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _insights(connection: Any) -> tuple[Any, list[tuple[str, Any]]]:
    """The insights, and the statements (SQL and parameters) the driver ran for them."""
    ran: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        ran.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", record)
    try:
        insights = service.get_insights(
            db_session=Session(bind=connection),
            user_id=USER,
            today=dt.date(2026, 6, 1),
            stale_days=14,
        )
    finally:
        event.remove(connection, "before_cursor_execute", record)
    return insights, ran


def _plans(connection: Any) -> Iterator[dict[str, Any]]:
    """EXPLAIN ANALYZE of each statement insights runs, as the driver ran it."""
    _, ran = _insights(connection)
    assert len(ran) == 2
    for statement, parameters in ran:
        [[explained]] = connection.exec_driver_sql(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters
        ).all()
        yield dict(explained[0]["Plan"])


def _assert_nothing_runs_once_per_job(plan: dict[str, Any]) -> None:
    for node in _nodes(plan):
        if node["Node Type"] in {"Aggregate", "CTE Scan", "Seq Scan", "Hash"}:
            assert node["Actual Loops"] == 1, node


def test_insights_at_the_quota_aggregate_once_with_statistics_stale_and_analysed(
    connection: Any,
) -> None:
    # Statistics that know other users but not this one (as before an import): the planner
    # expects one job and a few events of this user, the case that chose the per-job loop.
    for user in range(200):
        _fill(connection, f"other-{user}", jobs=20, events=5)
    connection.execute(text("ANALYZE job_tracking, tracking_events"))
    _fill(connection, USER, jobs=MAX_JOBS_PER_USER, events=MAX_EVENTS_PER_JOB)
    # The per-job loop took minutes at the quota: fail instead (each plan here takes < 1 s).
    connection.execute(text("SET LOCAL statement_timeout = '30s'"))
    for plan in _plans(connection):
        _assert_nothing_runs_once_per_job(plan)
    connection.execute(text("ANALYZE job_tracking, tracking_events"))
    for plan in _plans(connection):
        _assert_nothing_runs_once_per_job(plan)
    # Whatever estimates lead to: a planner left only nested loops, with no Materialize to
    # save a rescan, still has nothing to rescan.
    connection.execute(text("SET LOCAL enable_hashjoin = off"))
    connection.execute(text("SET LOCAL enable_mergejoin = off"))
    connection.execute(text("SET LOCAL enable_material = off"))
    for plan in _plans(connection):
        _assert_nothing_runs_once_per_job(plan)

    insights, _ = _insights(connection)
    assert insights.total == MAX_JOBS_PER_USER
    assert insights.by_stage["interview"] == MAX_JOBS_PER_USER // 5
    assert insights.median_days_to_response == 1.0  # applied, then screening the next day
