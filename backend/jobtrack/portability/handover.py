"""An export too large for a response goes through the bucket: written under `exports/<owner hash>/`
(the bucket's lifecycle erases it after a day) and handed over as a presigned GET that serves
it with the export's type and file name. The same bytes either way.

A Lambda response holds at most 6 MB, the body escaped as JSON text in it (quotes and
backslashes doubled, non-ASCII as `\\u` escapes): that escaped size is what is measured.
"""

from __future__ import annotations

import json
import secrets

from jobtrack.documents.keys import owner_prefix
from jobtrack.platform.aws.object_store import ObjectStore
from jobtrack.portability.schemas import EXPORT_RESPONSE_MAX_BYTES


def too_large(body: bytes, limit: int | None = None) -> bool:
    """Whether `body` would take more than `limit` bytes (`EXPORT_RESPONSE_MAX_BYTES`) in a
    Lambda response."""
    limit = EXPORT_RESPONSE_MAX_BYTES if limit is None else limit
    if len(body) > limit:
        return True
    # Escaping at most sextuples a character (a control character as \\u0001); only a body
    # within a sixth of the limit is sure to fit without measuring.
    return len(body) * 6 > limit and len(json.dumps(body.decode())) > limit


def export_key(user_id: str, filename: str) -> str:
    """Where the caller's export goes: under their own prefix, unguessable, named as the file."""
    return f"exports/{owner_prefix(user_id)}/{secrets.token_urlsafe(16)}/{filename}"


def hand_over(
    store: ObjectStore,
    *,
    user_id: str,
    body: bytes,
    media_type: str,
    filename: str,
) -> str:
    """Write the export to the bucket; a short-lived URL that downloads it as `filename`."""
    key = export_key(user_id, filename)
    store.put(key, body, content_type=media_type)
    return store.presign_download(
        key,
        content_type=media_type,
        content_disposition=f'attachment; filename="{filename}"',
    )
