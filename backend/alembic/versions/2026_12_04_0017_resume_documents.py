"""resume documents: every job's resume becomes a library document of kind `resume`.

Revision ID: 0017_resume_documents
Revises: 0016_documents_account_push
Create Date: 2026-12-04

Data only. For each job with a resume (`resume_key`) that no document holds yet, one
`documents` row (kind `resume`, named and downloaded as `notes.resume_filename`, else
"resume.pdf"; type `application/pdf`) attached to the job after its other documents. The
object is not copied: the document and the job share the key, as new resumes do.

The size is measured, never guessed: the migration HEADs each object (the migrate function may
read `resumes/*`: infra/iam.yml). A resume whose object is gone has nothing to keep and gets no
document (it is logged; the job keeps its dangling `resume_key` as before). If the bucket cannot
be reached the migration fails with the key and the reason, and changes nothing: a deploy waits
rather than record a size it does not know. Tests pass their bucket as the Alembic attribute
`object_store`; otherwise it is the configured one (RESUME_BUCKET, S3_ENDPOINT_URL).

The downgrade deletes the `resume` documents whose key is a job's `resume_key` (their
attachments go by cascade); the jobs keep their resumes, the objects stay.
"""

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0017_resume_documents"
down_revision: str | None = "0016_documents_account_push"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")

_RESUMES_WITHOUT_DOCUMENT = sa.text(
    """
    SELECT j.id, j.user_id, j.resume_key, j.notes ->> 'resume_filename' AS filename
    FROM job_tracking AS j
    WHERE j.resume_key IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.key = j.resume_key)
    ORDER BY j.id
    """
)
_INSERT_DOCUMENT = sa.text(
    """
    INSERT INTO documents (user_id, kind, name, filename, content_type, size, key)
    VALUES (:user_id, 'resume', :name, :filename, 'application/pdf', :size, :key)
    RETURNING id
    """
)
_ATTACH = sa.text(
    """
    INSERT INTO job_documents (job_id, document_id, position)
    SELECT :job_id, :document_id, COALESCE(MAX(position) + 1, 0)
    FROM job_documents WHERE job_id = :job_id
    """
)


def _store() -> Any:
    store = context.config.attributes.get("object_store")
    if store is not None:
        return store
    from jobtrack.platform.aws.object_store import ObjectStore, get_client
    from jobtrack.platform.settings import Settings

    settings = Settings()
    return ObjectStore(bucket=settings.resume_bucket, client=lambda: get_client(settings))


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(_RESUMES_WITHOUT_DOCUMENT).all()
    if not rows:
        return  # nothing to measure: no bucket is needed
    store = _store()
    for row in rows:
        try:
            info = store.head(row.resume_key)
        except Exception as exc:
            raise RuntimeError(
                f"could not measure resume {row.resume_key} of job {row.id} "
                f"({type(exc).__name__}); nothing was changed. The migrate function must be "
                "able to read resumes/* in the bucket."
            ) from exc
        if info is None:
            logger.warning("job %s: resume object %s is gone; no document", row.id, row.resume_key)
            continue
        filename = (row.filename or "").strip() or "resume.pdf"
        document_id = connection.execute(
            _INSERT_DOCUMENT,
            {
                "user_id": row.user_id,
                "name": filename[:200],
                "filename": filename[:255],
                "size": info.size,
                "key": row.resume_key,
            },
        ).scalar_one()
        connection.execute(_ATTACH, {"job_id": row.id, "document_id": document_id})


def downgrade() -> None:
    op.execute(
        """
        DELETE FROM documents AS d
        USING job_tracking AS j
        WHERE d.kind = 'resume' AND j.resume_key = d.key AND j.user_id = d.user_id
        """
    )
