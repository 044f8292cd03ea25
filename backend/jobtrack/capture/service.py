"""Capturing a posting: the page read (pure, `reader`), and the caller's jobs it duplicates."""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlsplit

from sqlalchemy import and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import Session

from jobtrack.capture.reader import read_posting
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


def url_key(canonical: str) -> str:
    """A lower-cased part every form of the URL contains: its last path segment (LinkedIn's job
    id too), or its host."""
    parts = urlsplit(canonical)
    segments = [segment for segment in parts.path.split("/") if segment]
    return (segments[-1] if segments else parts.hostname or canonical).lower()


def _same_url(stored: str | None, canonical: str) -> bool:
    if not stored:
        return False
    try:
        return canonical_job_url(stored) == canonical
    except ValueError:  # an old row's URL that no longer parses (a bad port)
        return False


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
    company_key = (company or "").strip().lower()
    score = func.similarity(TrackedJob.title, bindparam("title", title or ""))
    url_candidate = (
        func.strpos(func.lower(TrackedJob.job_url), bindparam("url_key", url_key(canonical))) > 0
        if canonical
        else literal(False)
    )
    similar = (
        and_(func.lower(func.btrim(TrackedJob.company)) == company_key, score >= SIMILAR_TITLE)
        if company_key and title
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
        found = {key: row[key] for key in ("id", "company", "title", "stage")}
        if canonical and _same_url(row["job_url"], canonical):
            same.append({**found, "reason": "same_url"})
        elif row["similar"]:
            alike.append({**found, "reason": "similar"})
    return (same + alike)[:MAX_DUPLICATES]


def capture(*, db_session: Session, user_id: str, url: str, page: str) -> dict[str, Any]:
    """The posting read out of the page, and the caller's jobs it may duplicate. Writes nothing."""
    posting = read_posting(url, page)
    duplicates = find_duplicates(
        db_session=db_session,
        user_id=user_id,
        job_url=url,
        company=posting["company"],
        title=posting["title"],
    )
    return {"posting": posting, "duplicates": duplicates}
