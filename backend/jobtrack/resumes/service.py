"""Resumes: presigned upload, verified confirm, presigned download.

Keys are built here and only here. An upload goes to
`pending/<owner>/<job id>/<token>.pdf` (a bucket lifecycle rule expires what is never
confirmed); confirm checks that key belongs to the caller's job, checks the object itself
(size, `%PDF-`), then copies it to `resumes/<owner>/<job id>/<token>.pdf` and records that.
`<owner>` is a hash of the user id (documents/keys.py), so keys never carry the raw `sub`.
The kept resume is also the job's library document of kind `resume` (documents/service.py).

No local S3 endpoint checks signatures, and real S3 only checks what was signed, so these
server-side checks are the protection; see docs/resumes.md.
"""

from __future__ import annotations

import re
import secrets

from pydantic_core import to_json
from sqlalchemy.orm import Session

from jobtrack.documents import keys
from jobtrack.documents import service as document_service
from jobtrack.documents.keys import owner_prefix as owner_prefix  # this module's key segment
from jobtrack.limits import service as limits_service
from jobtrack.platform.aws.object_store import ObjectChanged, ObjectInfo, ObjectStore
from jobtrack.platform.db import session as db
from jobtrack.platform.errors import FieldError, NotFound
from jobtrack.resumes.constants import PRESIGN_EXPIRES_S, RESUME_MAX_BYTES, too_large_message
from jobtrack.resumes.schemas import (
    Disposition,
    ResumeConfirm,
    ResumeDownloadRead,
)
from jobtrack.tracking import queries as tracking_queries
from jobtrack.tracking import service as tracking_service
from jobtrack.tracking.models import TrackedJob

PDF_CONTENT_TYPE = "application/pdf"
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


def content_disposition(disposition: Disposition, filename: str) -> str:
    """RFC 6266 for a resume: "resume.pdf" when nothing of the name is ASCII."""
    return keys.content_disposition(disposition, filename, default=DEFAULT_FILENAME)


# ---- routes -------------------------------------------------------------------------------


def create_upload(
    *,
    db_session: Session,
    store: ObjectStore,
    user_id: str,
    job_id: int,
    size: int,
    per_hour: int | None = None,
) -> bytes:
    """A presigned PUT for one PDF of exactly `size` bytes under a fresh pending key, as the
    `ResumeUploadRead` JSON; a 429 past `per_hour` URLs for the user in the last hour (None: no
    limit).

    Two statements: the job's stage (404 for another user's job, 409 for a rejected one), then
    the hourly grant. The answer is serialised from a dict in the model's field order, without
    building the model (tests/integration/test_write_bytes.py compares the two).
    """
    tracking_queries.ensure_owned_and_unlocked(
        db_session=db_session, user_id=user_id, job_id=job_id
    )
    if per_hour is not None:
        # Counted only for a request that would get a URL; recorded with the request's commit.
        limits_service.grant_upload_url(db_session=db_session, user_id=user_id, per_hour=per_hour)
    key = pending_key(user_id=user_id, job_id=job_id, token=secrets.token_hex(16))
    return to_json(
        {
            "upload_url": store.presign_upload(key, size=size, content_type=PDF_CONTENT_TYPE),
            "method": "PUT",
            "headers": {"Content-Type": PDF_CONTENT_TYPE},
            "key": key,
            "expires_in": PRESIGN_EXPIRES_S,
            "max_bytes": RESUME_MAX_BYTES,
        }
    )


def _rejected(store: ObjectStore, key: str, reason: str) -> FieldError:
    """Delete an upload that failed a check; the 422 that says why."""
    store.discard(key)
    return FieldError(("body", "key"), reason)


def verify_upload(store: ObjectStore, key: str) -> ObjectInfo:
    """The uploaded object, if it is at most 5 MiB and starts with `%PDF-`; else 422 (deleted).

    The caller has checked that `key` is this user's pending key for this job.
    """
    info = store.head(key)
    if info is None:
        raise FieldError(
            ("body", "key"),
            "no file was uploaded for this key (or the upload URL expired); upload it first",
        )
    if info.size > RESUME_MAX_BYTES:
        raise _rejected(store, key, too_large_message(info.size))
    if info.size < len(PDF_MAGIC):
        raise _rejected(
            store, key, "This file is empty or too short to be a PDF; choose the PDF again."
        )
    try:
        head = store.read_prefix(key, len(PDF_MAGIC), if_match=info.etag)
    except ObjectChanged:
        raise _rejected(store, key, "the file changed while it was checked; upload again") from None
    if head != PDF_MAGIC:
        raise _rejected(
            store, key, "This file isn't a PDF (its contents are not PDF, whatever its name says)."
        )
    return info


def confirm_upload(
    *,
    db_session: Session,
    store: ObjectStore,
    user_id: str,
    job_id: int,
    confirm_in: ResumeConfirm,
) -> TrackedJob:
    """Check the uploaded object, keep it as the job's resume, and drop the previous one.

    The one service that orders S3 and the database itself, each step for a reason:
    """
    job = tracking_queries.owned_job(
        db_session=db_session, user_id=user_id, job_id=job_id, with_events=False
    )
    tracking_queries.ensure_unlocked(job.stage)
    token = parse_pending_key(confirm_in.key, user_id=user_id, job_id=job_id)
    # 1. End the read transaction (it wrote nothing) before S3 works: no pooled connection or
    #    lock is held across network calls. The job is read again, locked, in step 4.
    db_session.rollback()

    # 2. Check the object, and copy only the version that was checked: a second PUT in
    #    between fails the copy's precondition.
    info = verify_upload(store, confirm_in.key)
    kept_key = final_key(user_id=user_id, job_id=job_id, token=token)
    try:
        store.copy(confirm_in.key, kept_key, content_type=PDF_CONTENT_TYPE, if_match=info.etag)
    except ObjectChanged:
        raise _rejected(store, confirm_in.key, "the file changed while it was checked") from None
    store.discard(confirm_in.key)  # lifecycle expiry catches it if this fails

    # 3. The kept copy is orphaned unless the transaction below commits.
    db.after_rollback(db_session, lambda: store.discard(kept_key))

    # 4. Record it under the job's lock (the job may have been rejected meanwhile).
    job = tracking_queries.owned_job(
        db_session=db_session, user_id=user_id, job_id=job_id, lock=True
    )
    tracking_queries.ensure_unlocked(job.stage)
    previous_key = tracking_service.attach_resume(
        db_session=db_session, job=job, key=kept_key, filename=confirm_in.filename
    )
    # The resume is also the job's library document of kind `resume` (replaced in place).
    document_service.keep_job_resume(
        db_session=db_session,
        user_id=user_id,
        job_id=job_id,
        key=kept_key,
        filename=confirm_in.filename,
        size=info.size,
        previous_key=previous_key,
    )
    # 5. The previous object stays the job's resume until the commit; delete it only after.
    if previous_key and previous_key != kept_key:
        db.after_commit(db_session, lambda: store.discard(previous_key))
    return job


def download_url(
    *,
    db_session: Session,
    store: ObjectStore,
    user_id: str,
    job_id: int,
    disposition: Disposition,
) -> ResumeDownloadRead:
    """A presigned GET for the job's resume, served as a PDF under its original name."""
    job = tracking_queries.owned_job(
        db_session=db_session, user_id=user_id, job_id=job_id, with_events=False
    )
    resume = tracking_service.resume_file(job)
    if resume is None:
        raise NotFound(NO_RESUME)
    key, filename = resume[0], resume[1] or DEFAULT_FILENAME
    url = store.presign_download(
        key,
        content_type=PDF_CONTENT_TYPE,
        content_disposition=content_disposition(disposition, filename),
    )
    return ResumeDownloadRead(url=url, filename=filename)
