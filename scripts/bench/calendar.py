"""The calendar at scale, through the real Mangum handler with API Gateway v2 events.

- A month's `GET /api/calendar` for a user with 2,000 jobs x 8 events against one with 20 jobs
  x 8 events, alternating. Both months hold the same items (the big user's other 1,980 jobs are
  older), so the ratio shows what the number of jobs costs by itself: the goal is at most 1.5x.
  Other users' rows (5 x 2,000 jobs x 8 events, some in the same month, and a posting on each
  job closing in the month) sit in the same tables.
- The whole feed (`GET /api/calendar/feed/{secret}.ics`) of a user with 2,000 jobs x 8 events,
  all inside the feed's window (about 20,000 VEVENTs), against a floor that reads the same items
  in one raw query and formats them with plain string operations: the goal is at most 3x.
  Its size, raw, gzipped and as a whole Lambda response (against Lambda's 6 MB limit).

`BENCH_CALENDAR_CALLS` pairs for the month (default 200) and `BENCH_FEED_RUNS` (default 10).
Alone: `make bench-calendar` (BENCH_ONLY=calendar).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from bench.common import (
    Database,
    Row,
    alternate,
    call_handler,
    connect,
    emit_rows,
    env_int,
    kib,
    percentile,
    ratio_row,
)

SMALL_USER = "bench-calendar-20"
BIG_USER = "bench-calendar-2000"
FEED_USER = "bench-calendar-feed"
OTHER_USERS = [f"bench-calendar-other-{n}" for n in range(5)]
MONTH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
RECENT_JOBS = 20  # the jobs whose events fall in MONTH, for both users
LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024

EVENT_TYPES = [
    "applied",
    "screening",
    "interview",
    "interview",
    "interview",
    "reference",
    "offer",
    "accepted",
]

# Job g (1-based) of a user: its first event day and the days between its events. The first
# RECENT_JOBS jobs of every user fall in MONTH (a day apart, one day between events); the others
# start 20 a month before it, four days between events, so none of theirs reaches MONTH.
SEED_SQL = """
WITH jobs AS (
    INSERT INTO job_tracking (user_id, company, title, job_url, stage, notes, created_at, updated_at)
    SELECT %(user)s, 'Company ' || g || ', Inc.', 'Backend Engineer ' || g,
           'https://jobs.example.com/postings/' || g, 'accepted',
           '{"salary": "140-160k", "general_note": "Found on a list."}'::jsonb, now(), now()
    FROM generate_series(1, %(jobs)s) AS g
    ORDER BY g
    RETURNING id
), numbered AS (
    SELECT id, row_number() OVER (ORDER BY id) AS g FROM jobs
), placed AS (
    SELECT id,
           CASE WHEN g <= %(recent)s THEN %(first)s::date + (g - 1)::int
                ELSE %(first)s::date - 120 - ((g - %(recent)s) * 3 / 2)::int END AS start_day,
           CASE WHEN g <= %(recent)s THEN 1 ELSE 4 END AS gap
    FROM numbered
)
INSERT INTO tracking_events
    (job_id, event_type, event_date, event_time, location, note, created_at, updated_at)
SELECT p.id, t.type::tracking_event_type, p.start_day + ((t.n - 1) * p.gap)::int,
       CASE WHEN t.n %% 2 = 0 THEN time '14:30' END, CASE WHEN t.n %% 3 = 0 THEN 'Zoom' END,
       CASE t.type
           WHEN 'applied' THEN '{"type": "referral", "referrer_name": "Sam Lee"}'::jsonb
           WHEN 'interview' THEN jsonb_build_object('round', t.n - 2, 'interviewers', 'Kim')
           WHEN 'offer' THEN jsonb_build_object(
               'amount', '150,000 USD',
               'deadline', to_char(p.start_day + ((t.n - 1) * p.gap + 5)::int, 'YYYY-MM-DD'))
           WHEN 'accepted' THEN jsonb_build_object(
               'start_date', to_char(p.start_day + ((t.n - 1) * p.gap + 30)::int, 'YYYY-MM-DD'))
           ELSE '{"note": "went well"}'::jsonb
       END,
       now(), now()
FROM placed AS p
CROSS JOIN unnest(%(types)s::text[]) WITH ORDINALITY AS t(type, n)
ORDER BY p.id, t.n
"""

# The feed's user: 2,000 jobs spread over the feed's window, so all of their items are in it.
FEED_SEED_SQL = """
WITH jobs AS (
    INSERT INTO job_tracking (user_id, company, title, job_url, stage, created_at, updated_at)
    SELECT %(user)s, 'Company ' || g || ', Inc.', 'Backend Engineer ' || g,
           'https://jobs.example.com/postings/' || g, 'accepted', now(), now()
    FROM generate_series(1, %(jobs)s) AS g
    ORDER BY g
    RETURNING id
), placed AS (
    SELECT id, %(first)s::date + ((row_number() OVER (ORDER BY id) - 1) * 460 / %(jobs)s)::int
               AS start_day
    FROM jobs
)
INSERT INTO tracking_events
    (job_id, event_type, event_date, event_time, location, note, created_at, updated_at)
SELECT p.id, t.type::tracking_event_type, p.start_day + (t.n - 1)::int * 5,
       CASE WHEN t.n %% 2 = 0 THEN time '14:30' END, CASE WHEN t.n %% 3 = 0 THEN 'Zoom' END,
       CASE t.type
           WHEN 'interview' THEN jsonb_build_object('round', t.n - 2)
           WHEN 'offer' THEN jsonb_build_object(
               'amount', '150,000 USD', 'deadline', to_char(p.start_day + 35 + 5, 'YYYY-MM-DD'))
           WHEN 'accepted' THEN jsonb_build_object(
               'start_date', to_char(p.start_day + 35 + 30, 'YYYY-MM-DD'))
           ELSE '{}'::jsonb
       END,
       now(), now()
FROM placed AS p
CROSS JOIN unnest(%(types)s::text[]) WITH ORDINALITY AS t(type, n)
ORDER BY p.id, t.n
"""

# The floor's one query: the same rows the API reads.
FLOOR_SQL = """
SELECT e.id, e.event_type::text, e.event_date, e.event_time, e.location, e.note -> 'round',
       e.note ->> 'deadline', e.note ->> 'start_date', greatest(e.updated_at, j.updated_at),
       j.id, j.company, j.title, j.job_url, j.stage::text
FROM tracking_events e JOIN job_tracking j ON j.id = e.job_id
WHERE e.user_id = %(user)s AND j.user_id = %(user)s AND (
    e.event_date BETWEEN %(start)s AND %(end)s
    OR (e.event_type = 'offer' AND e.note ->> 'deadline' BETWEEN %(low)s AND %(high)s)
    OR (e.event_type = 'accepted' AND e.note ->> 'start_date' BETWEEN %(low)s AND %(high)s))
"""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def floor_feed(connection: Any, user_id: str, today: dt.date) -> bytes:
    """The feed's items from one raw query, formatted with f-strings: no framework, no models,
    no library, no folding, a fixed zone header."""
    start, end = today - dt.timedelta(days=180), today + dt.timedelta(days=365)
    with connection.cursor() as cursor:
        cursor.execute(
            FLOOR_SQL,
            {
                "user": user_id,
                "start": start,
                "end": end,
                "low": start.isoformat(),
                "high": end.isoformat(),
            },
        )
        rows = cursor.fetchall()
    connection.rollback()
    items = []
    for (
        event_id, event_type, day, time_, location, round_, deadline, start_date, stamp,
        job_id, company, title, url, stage,
    ) in rows:  # fmt: skip
        label = f"Interview round {round_}" if event_type == "interview" else event_type.title()
        found = [("event", day, time_, label, location)]
        if deadline:
            found.append(
                ("offer-deadline", dt.date.fromisoformat(deadline), None, "Offer deadline", None)
            )
        if start_date:
            found.append(
                ("start-date", dt.date.fromisoformat(start_date), None, "Start date", None)
            )
        for kind, when, at, text, place in found:
            if start <= when <= end:
                items.append((when, at is not None, at, job_id, event_id, kind, text, place,
                              company, title, url, stage, stamp))  # fmt: skip
    items.sort(key=lambda i: (i[0], i[1], i[2] or dt.time(), i[3], i[4]))
    out = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Track//floor//EN\r\nX-WR-CALNAME:Track\r\n"]
    for when, _, at, _, event_id, kind, text, place, company, title, url, stage, stamp in items:
        day = when.strftime("%Y%m%d")
        start_line = (
            f"DTSTART;TZID=Europe/Berlin:{day}T{at.strftime('%H%M%S')}\r\nDURATION:PT1H"
            if at is not None
            else f"DTSTART;VALUE=DATE:{day}\r\nDURATION:P1D"
        )
        out.append(
            f"BEGIN:VEVENT\r\nSUMMARY:{_escape(text + ' · ' + company)}\r\n{start_line}\r\n"
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}\r\nUID:{kind}-{event_id}@track\r\n"
            f"DESCRIPTION:{_escape(title + chr(10) + (url or ''))}\r\n"
            + (f"LOCATION:{_escape(place)}\r\n" if place else "")
            + ("STATUS:CANCELLED\r\n" if stage in ("rejected", "declined") else "")
            + "END:VEVENT\r\n"
        )
    out.append("END:VCALENDAR\r\n")
    return "".join(out).encode()


def seed(database: Database) -> None:
    raw = connect(database)
    with raw.cursor() as cursor:
        common = {"types": EVENT_TYPES, "first": MONTH[0], "recent": RECENT_JOBS}
        cursor.execute(SEED_SQL, {**common, "user": SMALL_USER, "jobs": RECENT_JOBS})
        cursor.execute(SEED_SQL, {**common, "user": BIG_USER, "jobs": 2_000})
        for user in OTHER_USERS:  # their jobs spread over the years around MONTH
            cursor.execute(SEED_SQL, {**common, "user": user, "jobs": 2_000, "recent": 200})
        # Their postings close in MONTH: the month's statements must not read them.
        cursor.execute(
            "INSERT INTO job_postings (job_id, description_text, valid_through)"
            " SELECT id, 'We build things.', %(first)s::date + id %% 31 FROM job_tracking"
            " WHERE user_id = ANY(%(users)s)",
            {"first": MONTH[0], "users": OTHER_USERS},
        )
        today = dt.datetime.now(dt.UTC).date()
        cursor.execute(
            FEED_SEED_SQL,
            {
                "types": EVENT_TYPES,
                "user": FEED_USER,
                "jobs": 2_000,
                "first": today - dt.timedelta(days=175),
            },
        )
        cursor.execute("ANALYZE")
    raw.commit()
    raw.close()


def explain(database: Database) -> str:
    """The month's two statements for the 2,000-job user, as PostgreSQL runs them."""
    from sqlalchemy import create_engine

    from jobtrack.calendar.read import EVENTS_IN_RANGE, JOBS_BY_ID, range_params

    engine = create_engine(database.url)
    plans = []
    try:
        with engine.connect() as conn:
            params = range_params(user_id=BIG_USER, start=MONTH[0], end=MONTH[1])
            job_ids = sorted({row.job_id for row in conn.execute(EVENTS_IN_RANGE, params)})
            for statement in (
                EVENTS_IN_RANGE.params(**params),
                JOBS_BY_ID.params(user_id=BIG_USER, job_ids=job_ids, start=MONTH[0], end=MONTH[1]),
            ):
                sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql).scalars()
                plans.append("\n".join(plan))
    finally:
        engine.dispose()
    return "\n\n".join(plans)


def main() -> None:
    database = Database(os.environ["DATABASE_URL"])
    calls = env_int("BENCH_CALENDAR_CALLS", 200)
    runs = env_int("BENCH_FEED_RUNS", 10)
    seed(database)

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.lambda_handler import handler
    from jobtrack.platform.settings import get_settings

    settings = get_settings()
    rows: list[Row] = []

    # -- a month at 20 and at 2,000 jobs ----------------------------------------------------
    month = f"from={MONTH[0].isoformat()}&to={MONTH[1].isoformat()}"
    tokens = {user: issue_dev_token(sub=user, settings=settings) for user in (SMALL_USER, BIG_USER)}

    def month_of(user: str) -> Callable[[], dict[str, Any]]:
        return lambda: call_handler(handler, tokens[user], "GET", "/api/calendar", query=month)

    small_items = json.loads(month_of(SMALL_USER)()["body"])["items"]
    big_items = json.loads(month_of(BIG_USER)()["body"])["items"]
    assert small_items == big_items or len(small_items) == len(big_items) > 0
    big_times, small_times = alternate(calls, month_of(BIG_USER), month_of(SMALL_USER), warmup=20)
    rows.append(
        ratio_row(
            "calendar",
            f"month of 2,000 jobs x 8 vs 20 x 8 ({len(big_items)} items each), p50",
            percentile(big_times, 50),
            percentile(small_times, 50),
            goal=1.5,
        )
    )
    print(explain(database), file=sys.stderr, flush=True)

    # -- the whole feed of 2,000 x 8 against its floor ----------------------------------------
    feed_token = issue_dev_token(sub=FEED_USER, settings=settings)
    created = call_handler(
        handler, feed_token, "POST", "/api/calendar/feed", body={"timezone": "Europe/Berlin"}
    )
    path = "/api/calendar/feed/" + json.loads(created["body"])["url"].rsplit("/", 1)[1]
    today = dt.datetime.now(dt.UTC).date()
    raw = connect(database)

    def api_feed() -> dict[str, Any]:
        return call_handler(handler, feed_token, "GET", path)

    def floor() -> bytes:
        return floor_feed(raw, FEED_USER, today)

    response = api_feed()
    body = response["body"].encode()
    vevents = body.count(b"BEGIN:VEVENT")
    assert vevents == floor().count(b"BEGIN:VEVENT"), (vevents, floor().count(b"BEGIN:VEVENT"))
    api_times, floor_times = alternate(runs, api_feed, floor, warmup=20)
    raw.close()
    rows.append(
        ratio_row(
            "calendar",
            f"feed of 2,000 jobs x 8 ({vevents} VEVENTs), p50",
            percentile(api_times, 50),
            percentile(floor_times, 50),
            goal=3.0,
        )
    )
    envelope = len(json.dumps(response).encode())
    rows.append(
        Row(
            "calendar",
            "feed size: body / gzipped / Lambda response",
            f"{kib(len(body))} / {kib(len(gzip.compress(body)))} / {kib(envelope)}",
            goal="response <= 6 MB",
            met=envelope <= LAMBDA_RESPONSE_LIMIT,
        )
    )
    emit_rows(rows)


if __name__ == "__main__":
    main()
