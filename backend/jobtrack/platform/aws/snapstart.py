"""SnapStart: a restored snapshot must not reuse what was open when the snapshot was taken.

Lambda snapshots the container after init and clones it into every new execution
environment, so anything holding a socket would be shared by every clone: pooled database
connections and the S3 client's connection pool. Both are dropped after each restore and
rebuilt lazily by the first request. (Randomness needs nothing here: tokens and ids come
from `secrets`/`os.urandom`, which are not part of the snapshot.)

Imported by `lambda_handler` only where `snapshot_restore_py` exists (the Lambda runtime).
"""

from __future__ import annotations

import logging

from snapshot_restore_py import register_after_restore, register_before_snapshot

from jobtrack.platform.db import session as db

logger = logging.getLogger("jobtrack")


def warm_before_snapshot() -> None:
    """Import what requests import lazily (boto3; PyJWT and cryptography for the token check;
    psycopg2 and SQLAlchemy's dialect for it, which the first connection loads), so the
    snapshot already holds them and a restored container's first request skips about 100 ms.
    No connection and no client is made: they would be cloned into every restore."""
    import boto3.session  # noqa: F401
    import botocore.config  # noqa: F401
    import jwt  # noqa: F401
    import psycopg2  # noqa: F401
    import sqlalchemy.dialects.postgresql.psycopg2  # noqa: F401


def reset_after_restore() -> None:
    """Forget pooled connections and cached clients cloned from the snapshot."""
    db.discard_pooled_connections()
    from jobtrack.platform.aws import object_store as storage

    reset_client = getattr(storage, "reset_client", None)
    if callable(reset_client):
        reset_client()
    logger.info("SnapStart restore: database pool and S3 client reset")


register_before_snapshot(warm_before_snapshot)
register_after_restore(reset_after_restore)
