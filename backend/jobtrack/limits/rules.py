"""What each per-user limit says when it refuses: plain functions of numbers, so the wording is
unit-tested without a database.

The numbers themselves are settings (`MAX_JOBS_PER_USER`, `MAX_EVENTS_PER_JOB`,
`MAX_UPLOAD_URLS_PER_HOUR`); docs/api.md "Limits" states the defaults.
"""

from __future__ import annotations

from jobtrack.platform.settings import Settings

UPLOAD_WINDOW_S = 3600

# The API document's descriptions of the refusals (formatted with the defaults).
JOBS_REFUSAL = (
    "The account already tracks the most jobs it may keep ({:,} unless configured otherwise); "
    "nothing was created. For the import: the document's new jobs would pass that limit."
)
EVENTS_REFUSAL = (
    "The stage rules or the rejection lock forbid this event, or the job already has the most "
    "events it may keep ({:,} unless configured otherwise)."
)
UPLOAD_REFUSAL = "More than {:,} upload URLs in the last hour for this account."


def default_of(name: str) -> int:
    """A limit's default (the setting's), for the API document."""
    return int(Settings.model_fields[name].default)


def jobs_message(limit: int, *, existing: int) -> str:
    """Why one more job is refused for a user who has `existing`."""
    return (
        f"You track {existing:,} jobs, the most one account may keep ({limit:,}); "
        "delete jobs you no longer need to track new ones."
    )


def import_jobs_message(limit: int, *, existing: int, adding: int) -> str:
    """Why an import of `adding` new jobs is refused for a user who has `existing`."""
    return (
        f"This would make {existing + adding:,} tracked jobs, over the limit of {limit:,} per "
        f"account (you have {existing:,}); nothing was imported. Delete jobs or import fewer."
    )


def contacts_message(limit: int, *, existing: int, adding: int = 1) -> str:
    """Why `adding` more contacts (one create, or an import's new ones) are refused for a user
    who keeps `existing`."""
    return (
        f"You keep {existing:,} contacts; {adding:,} more would pass the limit of {limit:,} "
        "per account. Delete contacts you no longer need first."
    )


def events_room(existing: int, limit: int) -> bool:
    """May a job with `existing` events take one more?"""
    return existing < limit


def events_message(limit: int) -> str:
    return (
        f"This job already has {limit:,} events, the most one job may keep; "
        "delete events you no longer need first."
    )


def import_events_message(limit: int) -> str:
    return f"at most {limit:,} events per job"


def upload_rate_message(limit: int, retry_after_s: int) -> str:
    """The 429's sentence, the wait rounded up to whole minutes."""
    minutes = max(1, -(-retry_after_s // 60))
    return (
        f"Too many upload URLs: at most {limit:,} an hour per account. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
