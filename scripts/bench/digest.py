"""The morning digest at scale: 10,000 users with 50 jobs each, all due in one run.

The sender runs as on Lambda (`notifications.sender.run`): the due users by the indexed query,
in batches, claimed, their digests built (three statements a user) and rendered, and handed to
a mailer that keeps only a count (no network). Figures: the run's time, per digest, and the
Python heap's peak during a second run under tracemalloc (with the same claims reset), against
one Lambda invocation's limits (900 s, the function's memory).

`BENCH_DIGEST_USERS` (default 10,000) and `BENCH_DIGEST_JOBS` (default 50).
Alone: `BENCH_ONLY=digest make bench`.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
import tracemalloc
from email.message import EmailMessage

from bench.common import Database, Row, connect, emit_rows, env_int

DAY = dt.date(2026, 3, 10)
DUE = dt.datetime(2026, 3, 10, 7, 0, tzinfo=dt.UTC)
LAMBDA_TIMEOUT_S = 900
FUNCTION_MEMORY_MIB = 1024  # the digest function's memorySize (serverless.yml)

# Per user: `jobs` jobs, each applied between 1 and 40 days before DAY; every tenth has an
# interview in the digest's window (DAY to DAY + 3), with a time and a place.
SEED_SQL = """
WITH users AS (
    SELECT 'bench-digest-' || u AS user_id FROM generate_series(1, %(users)s) AS u
), jobs AS (
    INSERT INTO job_tracking (user_id, company, title, job_url, stage, created_at, updated_at)
    SELECT users.user_id, 'Company ' || g, 'Engineer ' || g, 'https://jobs.example.com/' || g,
           CASE WHEN g %% 10 = 0 THEN 'interview' ELSE 'applied' END::tracking_stage, now(), now()
    FROM users CROSS JOIN generate_series(1, %(jobs)s) AS g
    RETURNING id, user_id
), numbered AS (
    SELECT id, user_id, row_number() OVER (PARTITION BY user_id ORDER BY id) AS g FROM jobs
)
INSERT INTO tracking_events
    (job_id, user_id, event_type, event_date, event_time, location, note, created_at, updated_at)
SELECT n.id, n.user_id, 'applied'::tracking_event_type, %(day)s::date - (1 + n.g %% 40)::int, NULL, NULL,
       '{"type": "referral", "referrer_name": "Sam Lee"}'::jsonb, now(), now()
FROM numbered AS n
UNION ALL
SELECT n.id, n.user_id, 'interview'::tracking_event_type, %(day)s::date + (n.g %% 4)::int, time '14:30', 'Zoom',
       jsonb_build_object('round', 1), now(), now()
FROM numbered AS n WHERE n.g %% 10 = 0
"""

SETTINGS_SQL = """
INSERT INTO notification_settings
    (user_id, email, digest, digest_hour, timezone, follow_up_days, next_digest_at,
     next_digest_on)
SELECT 'bench-digest-' || u, 'user' || u || '@example.com', true, 7, 'UTC', 14, %(due)s, %(day)s
FROM generate_series(1, %(users)s) AS u
"""

RESET_SQL = """
DELETE FROM digest_sends;
UPDATE notification_settings SET next_digest_at = %(due)s, next_digest_on = %(day)s
WHERE user_id LIKE 'bench-digest-%%';
"""


class CountingMailer:
    """Takes each message as SES would (its bytes are built), and keeps only a count."""

    def __init__(self) -> None:
        self.sent = 0
        self.bytes = 0

    def send(self, message: EmailMessage) -> str:
        self.bytes += len(message.as_bytes())
        self.sent += 1
        return f"bench-{self.sent}"

    def close(self) -> None:
        return None


def seed(database: Database, users: int, jobs: int) -> None:
    raw = connect(database)
    with raw.cursor() as cursor:
        cursor.execute(SEED_SQL, {"users": users, "jobs": jobs, "day": DAY})
        cursor.execute(SETTINGS_SQL, {"users": users, "due": DUE, "day": DAY})
        cursor.execute("ANALYZE")
    raw.commit()
    raw.close()


def reset(database: Database) -> None:
    raw = connect(database)
    with raw.cursor() as cursor:
        cursor.execute(RESET_SQL, {"due": DUE, "day": DAY})
    raw.commit()
    raw.close()


def run_once(database: Database) -> tuple[float, CountingMailer, int]:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from jobtrack.notifications import sender, unsubscribe

    engine = create_engine(database.url, pool_size=1, max_overflow=0)
    mailer = CountingMailer()
    setup = sender.MailSetup(
        sender="Track <track@example.com>",
        page_url="https://track.example.com",
        api_url="https://api.example.com",
        ring=unsubscribe.KeyRing(current=b"bench key"),
    )
    started = time.perf_counter()
    sent = sender.run(
        now=DUE, sessions=sessionmaker(engine, expire_on_commit=False), mailer=mailer, setup=setup
    )
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, mailer, len(sent)


def main() -> int:
    database = Database(os.environ["DATABASE_URL"])
    users = env_int("BENCH_DIGEST_USERS", 10_000)
    jobs = env_int("BENCH_DIGEST_JOBS", 50)
    started = time.perf_counter()
    seed(database, users, jobs)
    seeded_s = time.perf_counter() - started
    print(f"bench digest: seeded {users} users x {jobs} jobs in {seeded_s:.0f} s",
          file=sys.stderr, flush=True)  # fmt: skip

    elapsed, mailer, sent = run_once(database)
    reset(database)
    tracemalloc.start()
    _, _, sent_again = run_once(database)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    section = "digest"
    rows = [
        Row(section, f"users due ({users} x {jobs} jobs)", f"{sent} mails", goal=f"{users}",
            met=sent == users == sent_again),
        Row(section, "one run: time", f"{elapsed:.1f} s", goal=f"< {LAMBDA_TIMEOUT_S} s",
            met=elapsed < LAMBDA_TIMEOUT_S),
        Row(section, "per digest (built, rendered, handed over)",
            f"{elapsed / max(sent, 1) * 1000:.2f} ms"),
        Row(section, "mail size, mean", f"{mailer.bytes / max(mailer.sent, 1) / 1024:.1f} KiB"),
        Row(section, "Python heap peak (tracemalloc)", f"{peak / 1024 / 1024:.1f} MiB",
            goal=f"< {FUNCTION_MEMORY_MIB} MiB", met=peak / 1024 / 1024 < FUNCTION_MEMORY_MIB),
        Row(section, "process peak RSS (all of it: interpreter, libraries)",
            f"{max_rss_mib:.0f} MiB", goal=f"< {FUNCTION_MEMORY_MIB} MiB",
            met=max_rss_mib < FUNCTION_MEMORY_MIB),
    ]  # fmt: skip
    emit_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
