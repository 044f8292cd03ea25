"""Object keys of stored files, and how a download names its file.

`<owner>` in every key is a hash of the user id, so keys never carry the raw `sub`; resumes
and library documents share it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Literal
from urllib.parse import quote

Disposition = Literal["inline", "attachment"]


def owner_prefix(user_id: str) -> str:
    """An opaque, stable per-user key segment: the raw `sub` never appears in a key."""
    return hashlib.sha256(b"jobtrack-resume-owner\x00" + user_id.encode()).hexdigest()[:32]


def _ascii_fallback(filename: str, default: str) -> str:
    """An ASCII rendering for old clients: accents dropped, anything else unsafe becomes `_`."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9 ._()+,&@=!~#$^-]", "_", ascii_only).strip()
    stem = safe.rsplit(".", 1)[0] if "." in safe else safe
    return safe if stem.strip("_ ") else default


def content_disposition(disposition: Disposition, filename: str, *, default: str) -> str:
    """RFC 6266 with an ASCII `filename=` fallback (`default` when nothing of the name is
    ASCII) and the exact name in RFC 5987 `filename*=`."""
    encoded = quote(filename, safe="!#$&+^`|")  # RFC 5987 attr-char, everything else %XX
    fallback = _ascii_fallback(filename, default)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
