"""Capturing a posting: the page read (pure, `reader`), and the caller's jobs it duplicates."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from jobtrack.capture.reader import read_posting
from jobtrack.tracking.duplicates import find_duplicates


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
