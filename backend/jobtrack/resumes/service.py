"""Resumes: presigned upload, verified confirm, presigned download.

Keys are built here and only here. An upload goes to
`pending/<owner>/<job id>/<token>.pdf` (a bucket lifecycle rule expires what is never
confirmed); confirm checks that key belongs to the caller's job, checks the object itself
(size, `%PDF-`), then copies it to `resumes/<owner>/<job id>/<token>.pdf` and records that.
`<owner>` is a hash of the user id, so keys never carry the raw `sub`.

No local S3 endpoint checks signatures, and real S3 only checks what was signed, so these
server-side checks are the protection; see docs/resumes.md.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import unicodedata
from urllib.parse import quote

from sqlalchemy.orm import Session

from jobtrack.errors import FieldError, NotFound
from jobtrack.resumes.constants import RESUME_MAX_BYTES
from jobtrack.resumes.schemas import (
    Disposition,
    ResumeConfirm,
    ResumeDownloadRead,
    ResumeUploadRead,
)
from jobtrack.resumes.storage import PDF_CONTENT_TYPE, ObjectChanged, ObjectInfo, ResumeStorage
from jobtrack.tracking import service as tracking_service
from jobtrack.tracking.models import TrackedJob, utcnow

logger = logging.getLogger("jobtrack.resumes")

PENDING_PREFIX = "pending"
FINAL_PREFIX = "resumes"
PDF_MAGIC = b"%PDF-"
DEFAULT_FILENAME = "resume.pdf"
NO_RESUME = "This job has no resume; upload one first."

_HEX32 = "[0-9a-f]{32}"
_PENDING_KEY = re.compile(
    rf"{PENDING_PREFIX}/(?P<owner>{_HEX32})/(?P<job_id>[1-9][0-9]{{0,9}})/(?P<token>{_HEX32})\.pdf"
)
_KEY_NOT_ISSUED = "key is not an upload key issued for this job; request a new upload URL"


# ---- keys ---------------------------------------------------------------------------------


def owner_prefix(user_id: str) -> str:
    """An opaque, stable per-user key segment: the raw `sub` never appears in a key."""
    return hashlib.sha256(b"jobtrack-resume-owner\x00" + user_id.encode()).hexdigest()[:32]


def pending_key(*, user_id: str, job_id: int, token: str) -> str:
    return f"{PENDING_PREFIX}/{owner_prefix(user_id)}/{job_id}/{token}.pdf"


def final_key(*, user_id: str, job_id: int, token: str) -> str:
    return f"{FINAL_PREFIX}/{owner_prefix(user_id)}/{job_id}/{token}.pdf"


def parse_pending_key(key: str, *, user_id: str, job_id: int) -> str:
    """The token of a pending key issued for this user's job, or a 422 naming `key`.

    A strict full match: `../`, other prefixes, other users' and other jobs' keys all fail.
    """
    match = _PENDING_KEY.fullmatch(key)
    if match is None or match["owner"] != owner_prefix(user_id) or int(match["job_id"]) != job_id:
        raise FieldError(("body", "key"), _KEY_NOT_ISSUED)
    return match["token"]


# ---- Content-Disposition ------------------------------------------------------------------


def _ascii_fallback(filename: str) -> str:
    """An ASCII rendering for old clients: accents dropped, anything else unsafe becomes `_`."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9 ._()+,&@=!~#$^-]", "_", ascii_only).strip()
    return safe if safe[:-4].strip("_ ") else DEFAULT_FILENAME


def content_disposition(disposition: Disposition, filename: str) -> str:
    """RFC 6266 with an ASCII `filename=` fallback and the exact name in RFC 5987 `filename*=`."""
    encoded = quote(filename, safe="!#$&+^`|")  # RFC 5987 attr-char, everything else %XX
    return f"{disposition}; filename=\"{_ascii_fallback(filename)}\"; filename*=UTF-8''{encoded}"


# ---- routes -------------------------------------------------------------------------------


def create_upload(
    *,
    db_session: Session,
    storage: ResumeStorage,
    user_id: str,
    job_id: int,
    size: int,
) -> ResumeUploadRead:
    """A presigned PUT for one PDF of exactly `size` bytes under a fresh pending key."""
    job = tracking_service.get_owned_job(
        db_session=db_session, user_id=user_id, job_id=job_id, with_events=False
    )
    tracking_service.ensure_unlocked(job)
    key = pending_key(user_id=user_id, job_id=job_id, token=secrets.token_hex(16))
    return ResumeUploadRead(
        upload_url=storage.presign_upload(key, size=size),
        headers={"Content-Type": PDF_CONTENT_TYPE},
        key=key,
    )


def _rejected(storage: ResumeStorage, key: str, reason: str) -> FieldError:
    """Delete an upload that failed a check; the 422 that says why."""
    discard_object(storage, key)
    return FieldError(("body", "key"), reason)


def verify_upload(storage: ResumeStorage, key: str) -> ObjectInfo:
    """The uploaded object, if it is at most 5 MiB and starts with `%PDF-`; else 422 (deleted).

    The caller has checked that `key` is this user's pending key for this job.
    """
    info = storage.head(key)
    if info is None:
        raise FieldError(
            ("body", "key"),
            "no file was uploaded for this key (or the upload URL expired); upload it first",
        )
    if info.size > RESUME_MAX_BYTES:
        raise _rejected(storage, key, f"the file is larger than 5 MiB ({RESUME_MAX_BYTES:,} bytes)")
    if info.size < len(PDF_MAGIC):
        raise _rejected(storage, key, "the uploaded file is empty or too short to be a PDF")
    try:
        head = storage.read_prefix(key, len(PDF_MAGIC), if_match=info.etag)
    except ObjectChanged:
        raise _rejected(
            storage, key, "the file changed while it was checked; upload again"
        ) from None
    if head != PDF_MAGIC:
        raise _rejected(
            storage, key, "the uploaded file is not a PDF (it does not start with %PDF-)"
        )
    return info


def confirm_upload(
    *,
    db_session: Session,
    storage: ResumeStorage,
    user_id: str,
    job_id: int,
    confirm_in: ResumeConfirm,
) -> TrackedJob:
    """Check the uploaded object, keep it as the job's resume, and drop the previous one."""
    job = tracking_service.get_owned_job(db_session=db_session, user_id=user_id, job_id=job_id)
    tracking_service.ensure_unlocked(job)
    token = parse_pending_key(confirm_in.key, user_id=user_id, job_id=job_id)
    # Hold no transaction (and no pooled connection) while S3 works; the job is re-read below.
    db_session.rollback()

    info = verify_upload(storage, confirm_in.key)
    kept_key = final_key(user_id=user_id, job_id=job_id, token=token)
    try:
        # Only the version that was checked is copied: a second PUT in between fails here.
        storage.copy(confirm_in.key, kept_key, if_match=info.etag)
    except ObjectChanged:
        raise _rejected(storage, confirm_in.key, "the file changed while it was checked") from None
    discard_object(storage, confirm_in.key)  # lifecycle expiry catches it if this fails

    try:
        job = tracking_service.get_owned_job(
            db_session=db_session, user_id=user_id, job_id=job_id, lock=True
        )
        tracking_service.ensure_unlocked(job)  # it may have been rejected meanwhile
        previous_key = job.resume_key
        job.resume_key = kept_key
        stored = job.notes if isinstance(job.notes, dict) else {}
        job.notes = {**stored, "resume_filename": confirm_in.filename}
        job.updated_at = utcnow()
        db_session.commit()
    except BaseException:
        discard_object(storage, kept_key)
        raise
    # Only after the commit: until then the previous object is still the job's resume.
    if previous_key and previous_key != kept_key:
        discard_object(storage, previous_key)
    return job


def download_url(
    *,
    db_session: Session,
    storage: ResumeStorage,
    user_id: str,
    job_id: int,
    disposition: Disposition,
) -> ResumeDownloadRead:
    """A presigned GET for the job's resume, served as a PDF under its original name."""
    job = tracking_service.get_owned_job(
        db_session=db_session, user_id=user_id, job_id=job_id, with_events=False
    )
    if job.resume_key is None:
        raise NotFound(NO_RESUME)
    filename = job.notes.get("resume_filename") if isinstance(job.notes, dict) else None
    if not isinstance(filename, str) or not filename:
        filename = DEFAULT_FILENAME
    url = storage.presign_download(
        job.resume_key, content_disposition=content_disposition(disposition, filename)
    )
    return ResumeDownloadRead(url=url, filename=filename)


def discard_object(storage: ResumeStorage, key: str) -> None:
    """Delete an object that is no longer referenced; a failure is logged, never raised."""
    try:
        storage.delete(key)
    except Exception:
        logger.warning("could not delete resume object %s; it is orphaned", key, exc_info=True)
