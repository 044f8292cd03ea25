"""Object storage behind one interface: one S3 client per process, SigV4 presigned URLs, and the
few calls the API makes (head, ranged read, conditional copy, delete).

Nothing here knows what the objects are: callers name keys and content types. Tests put an
`ObjectStore` on moto (in process) or on a local S3 endpoint by overriding `get_object_store`.

boto3 is imported on first use, never at import time: the Lambda cold start and every request
that does not touch S3 skip its ~130 ms import and the ~100 ms first client.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends

from jobtrack.platform.errors import ServiceUnavailable
from jobtrack.platform.http.dependencies import AppSettings
from jobtrack.platform.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

logger = logging.getLogger("jobtrack.storage")

PRESIGN_EXPIRES_S = 300
STORAGE_UNAVAILABLE = (
    "File storage is unavailable right now; nothing was changed. Try again shortly."
)


class StorageUnavailable(ServiceUnavailable):
    def __init__(self) -> None:
        super().__init__(STORAGE_UNAVAILABLE)


class ObjectChanged(Exception):
    """A conditional call found another version of the object than the one checked (412)."""


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    etag: str


# ---- the process-wide client --------------------------------------------------------------


def build_client(settings: Settings, **client_kwargs: Any) -> S3Client:
    """A new S3 client. SigV4 is explicit: the default client can still presign SigV2 URLs.

    Path-style addressing for a local endpoint (s3rver serves `http://host:port/bucket/key`);
    on AWS virtual-hosted on the bucket's REGIONAL host in every region
    (`https://<bucket>.s3.<region>.amazonaws.com`): the global host redirects (and so fails
    CORS) for buckets outside us-east-1, and botocore still presigns the global host in
    us-east-1 unless told otherwise, which the page's CSP does not allow.
    """
    import boto3.session
    from botocore.config import Config

    local = settings.s3_endpoint_url is not None
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"}
        if local
        else {"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"},
        connect_timeout=3,
        read_timeout=10,
        retries={"max_attempts": 3, "mode": "standard"},
    )
    # A session of our own: boto3's default session is not safe to share across threads.
    return boto3.session.Session().client(
        "s3",
        region_name=settings.aws_region,
        endpoint_url=settings.s3_endpoint_url,
        config=config,
        **client_kwargs,
    )


class _ClientHolder:
    client: S3Client | None = None
    built_for: tuple[str, str | None] | None = None


_holder = _ClientHolder()
_lock = threading.Lock()


def get_client(settings: Settings) -> S3Client:
    """The process's S3 client, built on first use and reused by every request."""
    wanted = (settings.aws_region, settings.s3_endpoint_url)
    with _lock:
        if _holder.client is None or _holder.built_for != wanted:
            _holder.client = build_client(settings)
            _holder.built_for = wanted
        return _holder.client


def reset_client() -> None:
    """Forget the client (SnapStart after-restore: its connections and credentials are stale)."""
    with _lock:
        _holder.client = None
        _holder.built_for = None


# ---- the bucket ---------------------------------------------------------------------------


def _http_status(exc: Any) -> int | None:
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return int(status) if status is not None else None


@contextmanager
def _s3_errors(action: str, key: str) -> Iterator[None]:
    """S3 failures as a 503 a user can act on; a failed precondition as ObjectChanged."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as exc:
        if _http_status(exc) == 412:
            raise ObjectChanged(key) from exc
        code = exc.response.get("Error", {}).get("Code", "?")
        logger.error("S3 %s failed for %s: %s", action, key, code)
        raise StorageUnavailable() from exc
    except BotoCoreError as exc:
        logger.error("S3 %s failed for %s: %s", action, key, type(exc).__name__)
        raise StorageUnavailable() from exc


class ObjectStore:
    """One bucket. The client comes from a factory, so it is built only when needed."""

    def __init__(self, *, bucket: str, client: Callable[[], S3Client]) -> None:
        self.bucket = bucket
        self._client_factory = client

    @property
    def client(self) -> S3Client:
        return self._client_factory()

    def presign_upload(self, key: str, *, size: int, content_type: str) -> str:
        """A PUT URL that signs the content type and the exact length (real S3 refuses others)."""
        with _s3_errors("presign put", key):
            return self.client.generate_presigned_url(
                "put_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ContentType": content_type,
                    "ContentLength": size,
                },
                ExpiresIn=PRESIGN_EXPIRES_S,
                HttpMethod="PUT",
            )

    def presign_download(self, key: str, *, content_type: str, content_disposition: str) -> str:
        """A GET URL whose response is served with the given type and Content-Disposition."""
        with _s3_errors("presign get", key):
            return self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ResponseContentType": content_type,
                    "ResponseContentDisposition": content_disposition,
                },
                ExpiresIn=PRESIGN_EXPIRES_S,
            )

    def put(self, key: str, body: bytes, *, content_type: str) -> None:
        """Write an object the API made itself (an export too large for a response)."""
        with _s3_errors("put", key):
            self.client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def head(self, key: str) -> ObjectInfo | None:
        """Size and ETag of an object, or None when there is none."""
        from botocore.exceptions import ClientError

        with _s3_errors("head", key):
            try:
                response = self.client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if _http_status(exc) == 404:
                    return None
                raise
        return ObjectInfo(size=int(response["ContentLength"]), etag=str(response["ETag"]))

    def read_prefix(self, key: str, length: int, *, if_match: str | None = None) -> bytes:
        """The first `length` bytes (a ranged GET), of the version `if_match` names if given."""
        params: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "Range": f"bytes=0-{length - 1}",
        }
        if if_match:
            params["IfMatch"] = if_match
        with _s3_errors("ranged get", key):
            response = self.client.get_object(**params)
            return response["Body"].read(length)

    def copy(
        self, source_key: str, dest_key: str, *, content_type: str, if_match: str | None = None
    ) -> None:
        """Server-side copy, typed as given; `if_match` makes it copy only the checked version."""
        params: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": dest_key,
            "CopySource": {"Bucket": self.bucket, "Key": source_key},
            "MetadataDirective": "REPLACE",
            "ContentType": content_type,
        }
        if if_match:
            params["CopySourceIfMatch"] = if_match
        with _s3_errors("copy", source_key):
            self.client.copy_object(**params)

    def delete(self, key: str) -> None:
        """Delete an object (deleting one that is gone already succeeds)."""
        with _s3_errors("delete", key):
            self.client.delete_object(Bucket=self.bucket, Key=key)

    def discard(self, key: str) -> None:
        """Delete an object nothing references any more; a failure is logged, never raised
        (the object is orphaned, which costs storage, not correctness)."""
        try:
            self.delete(key)
        except Exception:
            logger.warning("could not delete object %s; it is orphaned", key, exc_info=True)


async def get_object_store(settings: AppSettings) -> ObjectStore:
    """The bucket for a request; tests override this with one on moto or s3rver."""
    return ObjectStore(bucket=settings.resume_bucket, client=lambda: get_client(settings))


ObjectStoreDep = Annotated[ObjectStore, Depends(get_object_store)]
