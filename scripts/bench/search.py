"""`q` in the jobs list over 5,000 jobs with posting descriptions against 5,000 without, through
the real Mangum handler with API Gateway v2 events.

Both users have the same companies, titles and events; one has a posting (a description of
about 3,000 characters) on every job, the other none. Two other users with 5,000 described jobs
each share the tables (and the GIN index). Each `q` finds the same jobs for both users: a rare
word is in ten descriptions of the first user and in the same ten titles of the second, so the
ratio is what searching the descriptions costs, not a bigger answer. `q`s:

- a rare word (10 of 5,000 jobs): every job of the user is looked at;
- a word nobody has (an empty page): the same, the worst case;
- a word of every title: the first page of 100 fills at once.

`BENCH_SEARCH_CALLS` pairs per `q` (default 100). Alone: `make bench-search`.
The plans of the list's statement with and without descriptions go to stderr.
"""

from __future__ import annotations

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
    percentile,
    ratio_row,
)

JOBS = 5_000
WITH_POSTINGS = "bench-search-postings"
WITHOUT_POSTINGS = "bench-search-plain"
OTHER_USERS = [f"bench-search-other-{n}" for n in range(2)]
RARE_EVERY = 500  # job g has the rare word when g % RARE_EVERY = 0: 10 of 5,000

# The jobs of a user and two events each; the rare word in the title only where asked.
JOBS_SQL = """
WITH jobs AS (
    INSERT INTO job_tracking (user_id, company, title, job_url, stage, notes, created_at, updated_at)
    SELECT %(user)s, 'Company ' || g || ', Inc.',
           CASE WHEN %(rare_in_title)s AND g %% %(every)s = 0 THEN 'Haskell Engineer ' || g
                ELSE 'Backend Engineer ' || g END,
           'https://jobs.example.com/postings/' || g, 'screening',
           '{"salary": "140-160k", "general_note": "Found on a list."}'::jsonb,
           now() - make_interval(hours => g), now() - make_interval(mins => g)
    FROM generate_series(1, %(jobs)s) AS g
    ORDER BY g
    RETURNING id
), numbered AS (
    SELECT id, row_number() OVER (ORDER BY id) AS g FROM jobs
), events AS (
    INSERT INTO tracking_events (job_id, event_type, event_date, note, created_at, updated_at)
    SELECT id, t.type::tracking_event_type, date '2026-01-05' + t.n::int, '{}'::jsonb, now(), now()
    FROM numbered CROSS JOIN unnest(ARRAY['applied', 'screening']) WITH ORDINALITY AS t(type, n)
    ORDER BY id, t.n
)
SELECT id, g FROM numbered ORDER BY g
"""

# About 3,000 characters of description per job, words varying by job; the rare word where
# the user's jobs carry it in the description.
POSTINGS_SQL = """
INSERT INTO job_postings (job_id, description_html, description_text, employment_type)
SELECT j.id, '<p>' || d.text || '</p>', d.text, 'FULL_TIME'
FROM unnest(%(ids)s::int[], %(gs)s::int[]) AS j(id, g)
CROSS JOIN LATERAL (
    SELECT 'Team ' || j.g || ' works in '
           || (ARRAY['Python', 'Go', 'Rust', 'Java', 'Kotlin'])[j.g %% 5 + 1] || '. '
           || CASE WHEN j.g %% %(every)s = 0 THEN 'Some Haskell helps. ' ELSE '' END
           || repeat('We build payments infrastructure for small businesses across Europe. '
                     || 'You will design reliable APIs, review code, mentor colleagues and own '
                     || 'services in production, on call one week in six. ', 14) AS text
) AS d
"""

QUERIES = (
    ("a rare word (10 of 5,000 jobs)", "haskell", 10),
    ("a word no job has (empty page)", "cobol", 0),
    ("a word of every title (first page of 100)", "engineer", 100),
)


def _seed_user(cursor: Any, user: str, *, postings: bool, rare_in_title: bool) -> None:
    cursor.execute(
        JOBS_SQL,
        {"user": user, "jobs": JOBS, "every": RARE_EVERY, "rare_in_title": rare_in_title},
    )
    rows = cursor.fetchall()
    if postings:
        cursor.execute(
            POSTINGS_SQL,
            {"ids": [r[0] for r in rows], "gs": [r[1] for r in rows], "every": RARE_EVERY},
        )


def seed(database: Database) -> None:
    raw = connect(database)
    with raw.cursor() as cursor:
        _seed_user(cursor, WITH_POSTINGS, postings=True, rare_in_title=False)
        _seed_user(cursor, WITHOUT_POSTINGS, postings=False, rare_in_title=True)
        for user in OTHER_USERS:
            _seed_user(cursor, user, postings=True, rare_in_title=False)
        cursor.execute("ANALYZE")
    raw.commit()
    raw.close()


def explain(database: Database, user_id: str, q: str | None) -> str:
    """The list's first statement (the page of jobs) for `q`, as PostgreSQL runs it."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.orm import Session

    from jobtrack.tracking import service

    engine = create_engine(database.url)
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session:
            service.list_jobs_json(db_session=session, user_id=user_id, limit=100, cursor=None, q=q)
        event.remove(engine, "before_cursor_execute", capture)
        statement, parameters = seen[0]
        with engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
            ).scalars()
            return "\n".join(plan)
    finally:
        engine.dispose()


def main() -> None:
    database = Database(os.environ["DATABASE_URL"])
    calls = env_int("BENCH_SEARCH_CALLS", 100)
    seed(database)

    from jobtrack.auth.tokens import issue_dev_token
    from jobtrack.lambda_handler import handler
    from jobtrack.platform.settings import get_settings

    settings = get_settings()
    tokens = {
        user: issue_dev_token(sub=user, settings=settings)
        for user in (WITH_POSTINGS, WITHOUT_POSTINGS)
    }

    def search(user: str, q: str) -> Callable[[], dict[str, Any]]:
        return lambda: call_handler(handler, tokens[user], "GET", "/api/tracked", query=f"q={q}")

    rows: list[Row] = []
    for label, q, expected in QUERIES:
        for user in (WITH_POSTINGS, WITHOUT_POSTINGS):
            found = len(json.loads(search(user, q)()["body"])["items"])
            assert found == expected, (user, q, found)
        with_times, without_times = alternate(
            calls, search(WITH_POSTINGS, q), search(WITHOUT_POSTINGS, q), warmup=10
        )
        rows.append(
            ratio_row(
                "search",
                f"q over 5,000 jobs with descriptions vs without: {label}, p50",
                percentile(with_times, 50),
                percentile(without_times, 50),
                goal=1.5,
            )
        )
    # No q; the rare word; nobody's word; a word of every described job (of every user).
    explained: tuple[str | None, ...] = (None, "haskell", "cobol", "payments")
    for user in (WITH_POSTINGS, WITHOUT_POSTINGS):
        for word in explained:
            plan = explain(database, user, word)
            print(f"-- {user}, q={word}\n{plan}\n", file=sys.stderr, flush=True)
    emit_rows(rows)


if __name__ == "__main__":
    main()
