"""The one writer of a job's posting (`job_postings`): replace it whole, or remove it.

Each statement writes only when the caller owns the job and it is not locked (`queries.OWNED`,
`queries.UNLOCKED`, bound as `match_id` and `match_user_id`), so a posting never lands on
another user's job; the job's own write that follows (its INSERT, or the patch's UPDATE ...
RETURNING, which reads the posting back) answers 404 or 409 as before. The description is made
safe here (`posting.safe_description`), whatever the client sent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, select
from sqlalchemy.dialects.postgresql import insert

from jobtrack.tracking import queries
from jobtrack.tracking.models import JobPosting, TrackedJob
from jobtrack.tracking.posting import safe_description
from jobtrack.tracking.schemas import PostingIn

_table = JobPosting.__table__
_OWNED_UNLOCKED = exists().where(*queries.OWNED, queries.UNLOCKED)
_COLUMNS = (
    "description_html",
    "description_text",
    "employment_type",
    "date_posted",
    "valid_through",
    "salary",
    "remote",
)
_insert = insert(JobPosting).from_select(
    ["job_id", "user_id", *_COLUMNS],
    select(
        bindparam("match_id", type_=TrackedJob.id.type),
        bindparam("match_user_id", type_=TrackedJob.user_id.type),
        *(bindparam(f"set_{name}", type_=_table.c[name].type) for name in _COLUMNS),
    ).where(_OWNED_UNLOCKED),
)
_UPSERT = _insert.on_conflict_do_update(
    index_elements=[JobPosting.job_id],
    set_={name: _insert.excluded[name] for name in _COLUMNS},
)
_DELETE = delete(JobPosting).where(JobPosting.job_id == bindparam("match_id"), _OWNED_UNLOCKED)


def posting_values(posting_in: PostingIn) -> dict[str, Any]:
    """The row a posting is stored as: the description made safe, with its text."""
    safe = safe_description(posting_in.description_html)
    return {
        "description_html": safe.html,
        "description_text": safe.text,
        "employment_type": posting_in.employment_type,
        "date_posted": posting_in.date_posted,
        "valid_through": posting_in.valid_through,
        "salary": posting_in.salary.model_dump() if posting_in.salary else None,
        "remote": posting_in.remote,
    }


def replace_posting(
    connection: Connection, *, user_id: str, job_id: int, posting_in: PostingIn | None
) -> dict[str, Any] | None:
    """Store the job's posting (replacing any), or remove it for None: one statement. Returns
    the row's values (None when removed); written only if the caller owns the job, unlocked."""
    params = queries.owned_params(user_id=user_id, job_id=job_id)
    if posting_in is None:
        connection.execute(_DELETE, params)
        return None
    values = posting_values(posting_in)
    connection.execute(_UPSERT, {**params, **{f"set_{k}": v for k, v in values.items()}})
    return values


def read_form(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored posting's values as `PostingRead` serialises them (what `TrackedJob.posting`
    reads back): dates as ISO text."""
    if values is None:
        return None
    return {
        **values,
        "date_posted": _iso(values["date_posted"]),
        "valid_through": _iso(values["valid_through"]),
    }


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())
