"""The caller's jobs a new one may duplicate: the same canonical URL, or the same company with
a similar title. Capture asks for one posting (`find_duplicates`), an import for each of its
jobs at once (`import_duplicates`); both use the one rule below, and neither ever refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import urlsplit

from sqlalchemy import and_, bindparam, case, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Integer, Text

from jobtrack.tracking.models import TrackedJob
from jobtrack.tracking.posting import canonical_job_url

MAX_DUPLICATES: Final = 5
# pg_trgm similarity of two titles at the same company from which they are one job. Trigrams
# ignore word order, case and punctuation: "Backend Engineer (Senior)" scores 1.0 against
# "Senior Backend Engineer", "Senior Backend Engineer" 0.71 against "Backend Engineer",
# "Sr. Backend Engineer" 0.69 against "Senior Backend Engineer"; different jobs score
# "Backend Engineer" 0.46 against "Frontend Engineer", 0.32 against "Engineering Manager",
# 0.03 against "Product Designer" (tests/integration/test_capture.py pins these pairs).
SIMILAR_TITLE: Final = 0.6
# Rows whose stored URL contains the posting's key are checked in Python for the same
# canonical form (old rows may be stored in another form); this many at most.
_URL_CANDIDATES: Final = 200

_FOUND = ("id", "company", "title", "stage")


def url_key(canonical: str) -> str:
    """A lower-cased part every form of the URL contains: its last path segment (LinkedIn's job
    id too), or its host."""
    parts = urlsplit(canonical)
    segments = [segment for segment in parts.path.split("/") if segment]
    return (segments[-1] if segments else parts.hostname or canonical).lower()


def canonical_or_none(url: str | None) -> str | None:
    """The canonical form of a stored or given URL; None for none, or one that no longer parses
    (an old row's bad port)."""
    if not url:
        return None
    try:
        return canonical_job_url(url)
    except ValueError:
        return None


def company_key(company: str | None) -> str:
    return (company or "").strip().lower()


def find_duplicates(
    *,
    db_session: Session,
    user_id: str,
    job_url: str | None,
    company: str | None,
    title: str | None,
) -> list[dict[str, Any]]:
    """The caller's jobs with the same canonical URL, then those at the same company with a
    similar title: each `{id, company, title, stage, reason}`, at most 5. One statement."""
    canonical = canonical_job_url(job_url) if job_url else None
    same_company = company_key(company)
    score = func.similarity(TrackedJob.title, bindparam("title", title or ""))
    url_candidate = (
        func.strpos(func.lower(TrackedJob.job_url), bindparam("url_key", url_key(canonical))) > 0
        if canonical
        else literal(False)
    )
    similar = (
        and_(func.lower(func.btrim(TrackedJob.company)) == same_company, score >= SIMILAR_TITLE)
        if same_company and title
        else literal(False)
    )
    statement = (
        select(
            TrackedJob.id,
            TrackedJob.company,
            TrackedJob.title,
            TrackedJob.stage,
            TrackedJob.job_url,
            similar.label("similar"),
        )
        .where(TrackedJob.user_id == user_id, or_(url_candidate, similar))
        .order_by(case((url_candidate, 0), else_=1), score.desc(), TrackedJob.id.desc())
        .limit(_URL_CANDIDATES)
    )
    same: list[dict[str, Any]] = []
    alike: list[dict[str, Any]] = []
    for row in db_session.execute(statement).mappings():
        found = {key: row[key] for key in _FOUND}
        if canonical and canonical_or_none(row["job_url"]) == canonical:
            same.append({**found, "reason": "same_url"})
        elif row["similar"]:
            alike.append({**found, "reason": "similar"})
    return (same + alike)[:MAX_DUPLICATES]


def import_duplicates(
    *,
    db_session: Session,
    user_id: str,
    existing: Sequence[Any],
    incoming: Sequence[tuple[str, str, str | None]],
) -> dict[int, list[dict[str, Any]]]:
    """For each incoming `(company, title, job_url)` (by its index), the caller's jobs it may
    be, as `find_duplicates` says, at most 5 each; indexes without any are left out.

    `existing` is the caller's jobs as rows with `id, company, title, stage, job_url` (the
    import reads them anyway): the same URL is found in Python from them, the similar titles
    in one statement joining the incoming companies to the caller's jobs by company (a hash
    join, so 500 incoming against 5,000 jobs compares only the titles at the same company).
    """
    by_url: dict[str, list[dict[str, Any]]] = {}
    for row in existing:
        canonical = canonical_or_none(row.job_url)
        if canonical:
            found = {key: getattr(row, key) for key in _FOUND}
            by_url.setdefault(canonical, []).append({**found, "reason": "same_url"})
    found_at: dict[int, list[dict[str, Any]]] = {}
    for at, (_, _, job_url) in enumerate(incoming):
        canonical = canonical_or_none(job_url)
        if canonical and canonical in by_url:
            found_at[at] = list(by_url[canonical])

    keyed = [(at, company_key(c), t) for at, (c, t, _) in enumerate(incoming) if company_key(c)]
    if keyed:
        ats, companies, titles = zip(*keyed, strict=True)
        incoming_rows = (
            select(
                func.unnest(bindparam("ats", list(ats), type_=ARRAY(Integer))).label("at"),
                func.unnest(bindparam("companies", list(companies), type_=ARRAY(Text))).label(
                    "company_key"
                ),
                func.unnest(bindparam("titles", list(titles), type_=ARRAY(Text))).label("title"),
            )
        ).subquery("incoming")
        score = func.similarity(TrackedJob.title, incoming_rows.c.title)
        statement = (
            select(
                incoming_rows.c.at,
                TrackedJob.id,
                TrackedJob.company,
                TrackedJob.title,
                TrackedJob.stage,
            )
            .join(
                TrackedJob,
                and_(
                    TrackedJob.user_id == user_id,
                    func.lower(func.btrim(TrackedJob.company)) == incoming_rows.c.company_key,
                ),
            )
            .where(score >= SIMILAR_TITLE)
            .order_by(incoming_rows.c.at, score.desc(), TrackedJob.id.desc())
        )
        for row in db_session.execute(statement).mappings():
            listed = found_at.setdefault(row["at"], [])
            if all(job["id"] != row["id"] for job in listed):
                listed.append({**{key: row[key] for key in _FOUND}, "reason": "similar"})
    return {at: jobs[:MAX_DUPLICATES] for at, jobs in sorted(found_at.items())}
