"""The document library: presigned upload, verified create, rename, delete, download, and the
versions attached to a job.

Keys are built here and only here. An upload goes to `pending/documents/<owner>/<token><ext>`
(the bucket's lifecycle rule on `pending/` expires what is never created); create checks that
the key is the caller's, checks the object itself (size, then its bytes: `content.py`), copies
the checked version to `documents/<owner>/<token><ext>` and records that. The tables
`documents` and `job_documents` are written only here (and by the resume's confirm, through
`keep_job_resume`). Services only flush: the request's unit of work commits.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Row, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by, array
from sqlalchemy.orm import Session

from jobtrack.documents import content
from jobtrack.documents.keys import Disposition, content_disposition, owner_prefix
from jobtrack.documents.schemas import (
    DOCUMENT_MAX_BYTES,
    EXTENSIONS,
    MAX_DOCUMENTS_PER_USER,
    PRESIGN_EXPIRES_S,
    TEXT,
    DocumentCreate,
    DocumentDownloadRead,
    DocumentRead,
    DocumentUpdate,
    DocumentUploadCreate,
    too_large_message,
)
from jobtrack.limits import service as limits_service
from jobtrack.platform.aws import deletions
from jobtrack.platform.aws.object_store import ObjectChanged, ObjectInfo, ObjectStore
from jobtrack.platform.db import session as db
from jobtrack.platform.errors import Conflict, FieldError, NotFound
from jobtrack.tracking import queries, serialize
from jobtrack.tracking.models import Document, JobDocument, TrackedJob, utcnow
from jobtrack.tracking.serialize import JobJson

DOCUMENT_NOT_FOUND = "Document not found."
PENDING_PREFIX = "pending/documents"
FINAL_PREFIX = "documents"
_CHECKS: dict[str, Callable[[bytes], None]] = {
    "application/pdf": content.check_pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": content.check_docx,
    "text/plain": content.check_text,
}
_TYPE_OF_EXTENSION = {extension: content_type for content_type, extension in EXTENSIONS.items()}
_HEX32 = "[0-9a-f]{32}"
_PENDING_KEY = re.compile(
    rf"{PENDING_PREFIX}/(?P<owner>{_HEX32})/(?P<token>{_HEX32})(?P<ext>\.pdf|\.docx|\.txt)"
)
_KEY_NOT_ISSUED = "key is not an upload key issued to you; request a new upload URL"

# A document's jobs, by job id: a correlated subquery, so a list stays one statement.
_JOB_IDS = (
    select(
        func.coalesce(
            func.array_agg(aggregate_order_by(JobDocument.job_id, JobDocument.job_id)),
            array([], type_=JobDocument.job_id.type),
        )
    )
    .where(JobDocument.document_id == Document.id)
    .correlate(Document)
    .scalar_subquery()
    .label("job_ids")
)
DOCUMENT_COLUMNS = (
    Document.id,
    Document.kind,
    Document.name,
    Document.filename,
    Document.content_type,
    Document.size,
    Document.created_at,
    _JOB_IDS,
)


def _read(row: Row[Any]) -> DocumentRead:
    return DocumentRead.model_validate(row._mapping)


def _owned(document_id: int, user_id: str) -> Any:
    return (Document.id == document_id, Document.user_id == user_id)


# ---- keys ---------------------------------------------------------------------------------


def pending_key(*, user_id: str, token: str, extension: str) -> str:
    return f"{PENDING_PREFIX}/{owner_prefix(user_id)}/{token}{extension}"


def parse_pending_key(key: str, *, user_id: str) -> tuple[str, str]:
    """The token and extension of a pending key issued to this user, or a 422 naming `key`."""
    match = _PENDING_KEY.fullmatch(key)
    if match is None or match["owner"] != owner_prefix(user_id):
        raise FieldError(("body", "key"), _KEY_NOT_ISSUED)
    return match["token"], match["ext"]


# ---- the library --------------------------------------------------------------------------


def list_documents(*, db_session: Session, user_id: str) -> list[DocumentRead]:
    """The caller's documents, newest first."""
    query = (
        select(*DOCUMENT_COLUMNS)
        .where(Document.user_id == user_id)
        .order_by(Document.created_at.desc(), Document.id.desc())
    )
    return [_read(row) for row in db_session.execute(query).all()]


def create_upload(
    *,
    db_session: Session,
    store: ObjectStore,
    user_id: str,
    upload_in: DocumentUploadCreate,
    per_hour: int | None = None,
) -> bytes:
    """A presigned PUT for one file of exactly the declared size and type, as the
    `DocumentUploadRead` JSON; a 429 past `per_hour` URLs in the last hour (None: no limit)."""
    if per_hour is not None:
        limits_service.grant_upload_url(db_session=db_session, user_id=user_id, per_hour=per_hour)
    key = pending_key(
        user_id=user_id,
        token=secrets.token_hex(16),
        extension=EXTENSIONS[upload_in.content_type],
    )
    return to_json(
        {
            "upload_url": store.presign_upload(
                key, size=upload_in.size, content_type=upload_in.content_type
            ),
            "method": "PUT",
            "headers": {"Content-Type": upload_in.content_type},
            "key": key,
            "expires_in": PRESIGN_EXPIRES_S,
            "max_bytes": DOCUMENT_MAX_BYTES,
        }
    )


def _rejected(store: ObjectStore, key: str, reason: str) -> FieldError:
    """Delete an upload that failed a check; the 422 that says why."""
    store.discard(key)
    return FieldError(("body", "key"), reason)


def verify_upload(store: ObjectStore, key: str, content_type: str) -> ObjectInfo:
    """The uploaded object, if it fits the size and its bytes are what `content_type` says;
    else 422 (and the object is deleted). At most 10 MiB is ever read, and only the version
    that was measured (`if_match`)."""
    info = store.head(key)
    if info is None:
        raise FieldError(
            ("body", "key"),
            "no file was uploaded for this key (or the upload URL expired); upload it first",
        )
    if info.size > DOCUMENT_MAX_BYTES:
        raise _rejected(store, key, too_large_message(info.size))
    if info.size < 1:
        raise _rejected(store, key, "This file is empty; choose the file again.")
    # A PDF is told by its first bytes; a zip's directory is at its end, text is read whole.
    length = len(content.PDF_MAGIC) if content_type == "application/pdf" else info.size
    try:
        data = store.read_prefix(key, length, if_match=info.etag)
    except ObjectChanged:
        raise _rejected(store, key, "the file changed while it was checked; upload again") from None
    try:
        _CHECKS[content_type](data)
    except content.NotWhatItSays as exc:
        raise _rejected(store, key, str(exc)) from None
    return info


def _ensure_room(db_session: Session, user_id: str, *, lock: bool = True) -> None:
    """409 once the caller keeps `MAX_DOCUMENTS_PER_USER`; under the user's lock (`lock`) so
    two creates at 199 cannot both pass."""
    if lock:
        limits_service.lock_user(db_session, user_id, "documents")
    existing = db_session.scalar(select(func.count()).where(Document.user_id == user_id)) or 0
    if existing >= MAX_DOCUMENTS_PER_USER:
        raise Conflict(
            f"Your library already keeps {existing:,} documents, the most it can hold "
            f"({MAX_DOCUMENTS_PER_USER:,}); delete one to add another."
        )


def create_document(
    *, db_session: Session, store: ObjectStore, user_id: str, document_in: DocumentCreate
) -> DocumentRead:
    """Check the uploaded object and keep it in the library. The order of S3 and database
    steps follows the resume's confirm (resumes/service.py), each for the same reason."""
    token, extension = parse_pending_key(document_in.key, user_id=user_id)
    content_type = _TYPE_OF_EXTENSION[extension]
    if not document_in.filename.lower().endswith(extension):
        raise FieldError(
            ("body", "filename"), f"filename must end in {extension}, as the uploaded file does"
        )
    # 1. Refuse early past the quota, before any S3 work (checked again under the lock below);
    #    then end the read transaction: no connection is held across network calls.
    _ensure_room(db_session, user_id, lock=False)
    db_session.rollback()
    # 2. Check the object and copy only the version that was checked.
    info = verify_upload(store, document_in.key, content_type)
    kept_key = f"{FINAL_PREFIX}/{owner_prefix(user_id)}/{token}{extension}"
    try:
        store.copy(document_in.key, kept_key, content_type=content_type, if_match=info.etag)
    except ObjectChanged:
        raise _rejected(store, document_in.key, "the file changed while it was checked") from None
    store.discard(document_in.key)  # lifecycle expiry catches it if this fails
    # 3. The kept copy is orphaned unless the transaction below commits.
    db.after_rollback(db_session, lambda: store.discard(kept_key))
    # 4. Record it under the user's lock, the quota checked again.
    _ensure_room(db_session, user_id)
    now = utcnow()
    values = {
        "user_id": user_id,
        "kind": document_in.kind,
        "name": document_in.name or document_in.filename[:200].strip(),
        "filename": document_in.filename,
        "content_type": content_type,
        "size": info.size,
        "key": kept_key,
        "created_at": now,
        "updated_at": now,
    }
    document_id = db_session.execute(
        insert(Document).values(**values).returning(Document.id)
    ).scalar_one()
    return DocumentRead(id=document_id, job_ids=[], **values)


def update_document(
    *, db_session: Session, user_id: str, document_id: int, document_in: DocumentUpdate
) -> DocumentRead:
    """Rename it or change its kind; 404 for another user's."""
    values = document_in.model_dump(include=document_in.model_fields_set)
    row = db_session.execute(
        update(Document)
        .where(*_owned(document_id, user_id))
        .values(**values, updated_at=utcnow())
        .returning(*DOCUMENT_COLUMNS)
    ).one_or_none()
    if row is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    return _read(row)


def delete_document(
    *, db_session: Session, store: ObjectStore, user_id: str, document_id: int
) -> None:
    """Delete the caller's document: it leaves its jobs (the foreign key cascades), a job whose
    resume it was has no resume any more, and the object goes after the commit (recorded in
    `object_deletions` in this transaction, so a crash leaves it for the cleanup run)."""
    key = db_session.scalar(select(Document.key).where(*_owned(document_id, user_id)))
    if key is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    # The job whose resume this is, locked first, as the resume's confirm locks the job before
    # it replaces the document: the two wait for each other in one order, never in a circle.
    db_session.execute(
        select(TrackedJob.id)
        .where(TrackedJob.user_id == user_id, TrackedJob.resume_key == key)
        .with_for_update()
    )
    gone = db_session.execute(
        delete(Document)
        .where(*_owned(document_id, user_id), Document.key == key)
        .returning(Document.id)
    ).scalar_one_or_none()
    if gone is None:
        raise Conflict(
            "This document changed while it was being deleted (its job's resume was replaced "
            "or it was deleted); reload and try again."
        )
    db_session.execute(
        update(TrackedJob)
        .where(TrackedJob.user_id == user_id, TrackedJob.resume_key == key)
        .values(
            resume_key=None, notes=TrackedJob.notes.op("-")("resume_filename"), updated_at=utcnow()
        )
    )
    deletions.discard_after_commit(db_session, store, deletions.record(db_session, [key]))


def download_url(
    *,
    db_session: Session,
    store: ObjectStore,
    user_id: str,
    document_id: int,
    disposition: Disposition,
) -> DocumentDownloadRead:
    """A presigned GET for the document, served as its type under its original name."""
    row = db_session.execute(
        select(Document.key, Document.filename, Document.content_type).where(
            *_owned(document_id, user_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound(DOCUMENT_NOT_FOUND)
    # Text is served as UTF-8 (what create verified), so a browser shows it as written.
    served_as = (
        f"{row.content_type}; charset=utf-8" if row.content_type == TEXT else row.content_type
    )
    url = store.presign_download(
        row.key,
        content_type=served_as,
        content_disposition=content_disposition(
            disposition, row.filename, default=f"document{EXTENSIONS[row.content_type]}"
        ),
    )
    return DocumentDownloadRead(url=url, filename=row.filename)


# ---- a job's versions ---------------------------------------------------------------------

# The caller's documents among `ids`, each held against a concurrent delete until the end of
# the transaction (FOR KEY SHARE: a rename still goes ahead).
_OWNED_DOCUMENTS = (
    select(Document.id, Document.kind, Document.name, Document.filename)
    .where(
        Document.user_id == bindparam("user_id"),
        Document.id.in_(bindparam("ids", expanding=True)),
    )
    .with_for_update(key_share=True, read=True)
)


def set_job_documents(
    *, db_session: Session, user_id: str, job_id: int, document_ids: Sequence[int]
) -> JobJson:
    """Attach exactly these versions to the caller's job, in this order; 404 for a job or a
    document that is not the caller's, 409 for a locked (rejected, withdrawn) job."""
    _, job, events = queries.job_rows(
        db_session=db_session, user_id=user_id, job_id=job_id, lock=True
    )
    queries.ensure_unlocked(job.stage)
    found = (
        {
            row.id: row
            for row in db_session.execute(
                _OWNED_DOCUMENTS, {"user_id": user_id, "ids": list(document_ids)}
            )
        }
        if document_ids
        else {}
    )
    if len(found) != len(document_ids):
        raise NotFound(DOCUMENT_NOT_FOUND)
    db_session.execute(delete(JobDocument).where(JobDocument.job_id == job_id))
    if document_ids:
        db_session.execute(
            insert(JobDocument),
            [
                {"job_id": job_id, "document_id": document_id, "position": position}
                for position, document_id in enumerate(document_ids)
            ],
        )
    attached = [dict(found[document_id]._mapping) for document_id in document_ids]
    return serialize.job_json(SimpleNamespace(**{**job._mapping, "documents": attached}), events)


# ---- the resume of section 5 --------------------------------------------------------------


def keep_job_resume(
    *,
    db_session: Session,
    user_id: str,
    job_id: int,
    key: str,
    filename: str,
    size: int,
    previous_key: str | None,
) -> None:
    """The job's new resume (`key`) as its library document of kind `resume`: the document of
    the resume it replaces (`previous_key`) now holds the new file; with none, a new document
    is attached to the job (last). 409 past the library's limit."""
    values = {
        "key": key,
        "filename": filename,
        "name": filename[:200],
        "content_type": "application/pdf",
        "size": size,
        "updated_at": utcnow(),
    }
    if previous_key is not None:
        replaced = db_session.execute(
            update(Document)
            .where(Document.user_id == user_id, Document.key == previous_key)
            .values(**values)
            .returning(Document.id)
        ).scalar_one_or_none()
        if replaced is not None:
            return
    _ensure_room(db_session, user_id)
    document_id = db_session.execute(
        insert(Document)
        .values(user_id=user_id, kind="resume", created_at=values["updated_at"], **values)
        .returning(Document.id)
    ).scalar_one()
    position = select(func.coalesce(func.max(JobDocument.position) + 1, 0)).where(
        JobDocument.job_id == job_id
    )
    db_session.execute(
        insert(JobDocument).values(
            job_id=job_id, document_id=document_id, position=position.scalar_subquery()
        )
    )
