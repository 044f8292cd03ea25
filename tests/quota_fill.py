"""One user filled towards the quotas cheaply: two INSERT ... SELECT statements inside the test's
transaction (rolled back with it), not thousands of requests. Used by the bounded-response
tests (tests/integration/test_quota_bounds.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text


def fill(
    connection: Any,
    user: str,
    *,
    jobs: int,
    events: int,
    first_date: dt.date,
    location_chars: int = 100,
) -> None:
    """`jobs` jobs of `user`, each with `events` events (applied, a screening, then interviews
    with rounds) dated a day apart from `first_date`, each with a `location_chars` location
    (what makes a job's JSON large). Job `n` was updated `n` seconds after the first one."""
    connection.execute(text("SET LOCAL statement_timeout = 0"))  # up to half a million rows
    connection.execute(
        text(
            "INSERT INTO job_tracking (user_id, company, title, job_url, stage, updated_at) "
            "SELECT :user, 'Company ' || n, 'Engineer ' || n, "
            "'https://jobs.example.com/' || n, 'interview'::tracking_stage, "
            "TIMESTAMPTZ '2026-01-01 00:00:00+00' + n * INTERVAL '1 second' "
            "FROM generate_series(1, :jobs) AS n"
        ),
        {"user": user, "jobs": jobs},
    )
    connection.execute(
        text(
            "INSERT INTO tracking_events "
            "(job_id, user_id, event_type, event_date, event_time, location, note) "
            "SELECT j.id, :user, (CASE WHEN e = 1 THEN 'applied' WHEN e = 2 THEN 'screening' "
            "ELSE 'interview' END)::tracking_event_type, CAST(:first AS date) + (e - 1), "
            "CASE WHEN e % 2 = 0 THEN TIME '10:30' END, repeat('L', :location_chars), "
            "CASE WHEN e > 2 THEN jsonb_build_object('round', e - 2) ELSE '{}'::jsonb END "
            "FROM job_tracking j CROSS JOIN generate_series(1, :events) AS e "
            "WHERE j.user_id = :user ORDER BY j.id, e"
        ),
        {
            "user": user,
            "events": events,
            "first": first_date,
            "location_chars": location_chars,
        },
    )
