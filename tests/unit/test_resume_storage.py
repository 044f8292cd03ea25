"""Resume storage and the confirm checks, on moto in process (no network, no database)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from moto import mock_aws
from pydantic import TypeAdapter, ValidationError

from jobtrack.platform.aws import object_store as storage
from jobtrack.platform.aws.object_store import ObjectChanged, ObjectStore, StorageUnavailable
from jobtrack.platform.errors import FieldError
from jobtrack.platform.settings import Settings
from jobtrack.resumes import service
from jobtrack.resumes.constants import RESUME_MAX_BYTES
from jobtrack.resumes.schemas import ResumeFilename, ResumeSize

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "resumes-test"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = storage.build_client(Settings(aws_region="us-east-1", s3_endpoint_url=None))
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def store(s3: Any) -> ObjectStore:
    return ObjectStore(bucket=BUCKET, client=lambda: s3)


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def exists(s3: Any, key: str) -> bool:
    return any(o["Key"] == key for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


# ---- presigned URLs -----------------------------------------------------------------------


def test_presigned_put_is_sigv4_and_signs_type_and_exact_length(store: ObjectStore) -> None:
    key = service.pending_key(user_id="alice", job_id=7, token="a" * 32)
    url = store.presign_upload(key, size=12_345, content_type="application/pdf")

    params = query(url)
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert params["X-Amz-Expires"] == "300"
    assert {"content-length", "content-type", "host"} <= set(
        params["X-Amz-SignedHeaders"].split(";")
    )
    assert "Signature" not in params
    assert "AWSAccessKeyId" not in params
    assert unquote(urlsplit(url).path).endswith(key)


def test_presigned_get_serves_a_pdf_under_the_given_disposition(store: ObjectStore) -> None:
    disposition = service.content_disposition("attachment", "Lebenslauf Müller.pdf")
    url = store.presign_download(
        "resumes/x/1/y.pdf", content_type="application/pdf", content_disposition=disposition
    )

    params = query(url)
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert params["X-Amz-Expires"] == "300"
    assert params["response-content-type"] == "application/pdf"
    assert params["response-content-disposition"] == disposition


def test_a_local_endpoint_gets_path_style_urls() -> None:
    settings = Settings(s3_endpoint_url="http://127.0.0.1:9000", aws_region="us-east-1")
    client = storage.build_client(settings, aws_access_key_id="S3RVER", aws_secret_access_key="x")
    url = ObjectStore(bucket="b", client=lambda: client).presign_upload(
        "pending/k.pdf", size=1, content_type="application/pdf"
    )
    assert url.startswith("http://127.0.0.1:9000/b/pending/k.pdf?")


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_aws_gets_the_regional_virtual_host(region: str) -> None:
    # The global host redirects for buckets outside us-east-1 (a redirect fails CORS), and in
    # us-east-1 botocore would presign the global host, which the page's CSP does not allow.
    settings = Settings(s3_endpoint_url=None, aws_region=region)
    client = storage.build_client(settings, aws_access_key_id="AKIA", aws_secret_access_key="x")
    bucket = ObjectStore(bucket="my-bucket", client=lambda: client)
    url = bucket.presign_upload("pending/k.pdf", size=1, content_type="application/pdf")
    assert url.startswith(f"https://my-bucket.s3.{region}.amazonaws.com/pending/k.pdf?")
    download = bucket.presign_download(
        "resumes/k.pdf", content_type="application/pdf", content_disposition="inline"
    )
    assert download.startswith(f"https://my-bucket.s3.{region}.amazonaws.com/resumes/k.pdf?")


def test_the_client_is_built_once_and_reset_on_demand(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    settings = Settings(s3_endpoint_url="http://127.0.0.1:9000")
    storage.reset_client()
    try:
        first = storage.get_client(settings)
        assert storage.get_client(settings) is first
        storage.reset_client()
        assert storage.get_client(settings) is not first
    finally:
        storage.reset_client()


def test_the_app_and_the_lambda_handler_do_not_import_boto3() -> None:
    code = (
        "import sys, jobtrack.lambda_handler\n"
        "from fastapi.testclient import TestClient\n"
        "TestClient(jobtrack.lambda_handler.app).get('/api/openapi.json')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'boto3', 'botocore'})\n"
        "assert not loaded, loaded\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT / "backend"),
        "AUTH_MODE": "dev",
        "RESUME_BUCKET": "b",
        "AWS_REGION": "us-east-1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# ---- keys ---------------------------------------------------------------------------------


def test_keys_are_scoped_by_an_opaque_owner_and_the_job() -> None:
    owner = service.owner_prefix("alice@example.com")
    assert len(owner) == 32
    assert "alice" not in owner
    assert owner == service.owner_prefix("alice@example.com")
    assert owner != service.owner_prefix("bob")

    token = "0123456789abcdef" * 2
    key = service.pending_key(user_id="alice@example.com", job_id=42, token=token)
    assert key == f"pending/{owner}/42/{token}.pdf"
    assert service.final_key(user_id="alice@example.com", job_id=42, token=token) == (
        f"resumes/{owner}/42/{token}.pdf"
    )
    assert service.parse_pending_key(key, user_id="alice@example.com", job_id=42) == token


ALICE_OWNER = service.owner_prefix("alice")
TOKEN = "f" * 32


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(service.pending_key(user_id="bob", job_id=1, token=TOKEN), id="other-user"),
        pytest.param(service.pending_key(user_id="alice", job_id=2, token=TOKEN), id="other-job"),
        pytest.param(f"resumes/{ALICE_OWNER}/1/{TOKEN}.pdf", id="final-prefix"),
        pytest.param(f"pending/{ALICE_OWNER}/1/../../resumes/{ALICE_OWNER}/1/x.pdf", id="dotdot"),
        pytest.param(f"pending/{ALICE_OWNER}/1/../2/{TOKEN}.pdf", id="dotdot-other-job"),
        pytest.param(f"pending/{ALICE_OWNER}/1/%2e%2e/{TOKEN}.pdf", id="encoded-dotdot"),
        pytest.param(f"/pending/{ALICE_OWNER}/1/{TOKEN}.pdf", id="leading-slash"),
        pytest.param(f"pending//{ALICE_OWNER}/1/{TOKEN}.pdf", id="double-slash"),
        pytest.param(f"pending/{ALICE_OWNER}/1/{TOKEN}.pdf\n", id="trailing-newline"),
        pytest.param(f"pending/{ALICE_OWNER}/1/{TOKEN}.PDF", id="upper-extension"),
        pytest.param(f"pending/{ALICE_OWNER}/1/{TOKEN.upper()}.pdf", id="upper-token"),
        pytest.param(f"pending/{ALICE_OWNER}/01/{TOKEN}.pdf", id="zero-padded-job"),
        pytest.param(f"pending/{ALICE_OWNER}/1/{TOKEN}.pdf/x", id="suffix"),
        pytest.param(f"pending\\{ALICE_OWNER}\\1\\{TOKEN}.pdf", id="backslashes"),
        pytest.param(f"pending/{ALICE_OWNER}/1/{TOKEN[:-1]}.pdf", id="short-token"),
        pytest.param(f"pending/alice/1/{TOKEN}.pdf", id="raw-sub"),
        pytest.param("", id="empty"),
    ],
)
def test_only_a_key_issued_for_this_users_job_is_accepted(key: str) -> None:
    with pytest.raises(FieldError) as caught:
        service.parse_pending_key(key, user_id="alice", job_id=1)
    assert caught.value.errors[0]["loc"] == ["body", "key"]
    assert "not an upload key issued for this job" in caught.value.errors[0]["msg"]


# ---- verification -------------------------------------------------------------------------


def put(s3: Any, key: str, body: bytes) -> None:
    s3.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType="application/pdf")


KEY = service.pending_key(user_id="alice", job_id=1, token=TOKEN)


def rejection(store: ObjectStore, key: str = KEY) -> str:
    with pytest.raises(FieldError) as caught:
        service.verify_upload(store, key)
    assert caught.value.errors[0]["loc"] == ["body", "key"]
    return str(caught.value.errors[0]["msg"])


def test_a_pdf_within_the_limit_passes(s3: Any, store: ObjectStore) -> None:
    put(s3, KEY, PDF)
    info = service.verify_upload(store, KEY)
    assert info.size == len(PDF)
    assert exists(s3, KEY)


def test_a_missing_object_is_422(store: ObjectStore) -> None:
    assert "no file was uploaded" in rejection(store)


def test_a_file_over_5_mib_is_422_and_deleted(s3: Any, store: ObjectStore) -> None:
    put(s3, KEY, PDF + b"\0" * (RESUME_MAX_BYTES + 1 - len(PDF)))
    assert "the limit is 5 MB" in rejection(store)
    assert not exists(s3, KEY)


def test_exactly_5_mib_is_accepted(s3: Any, store: ObjectStore) -> None:
    put(s3, KEY, PDF + b"\0" * (RESUME_MAX_BYTES - len(PDF)))
    assert service.verify_upload(store, KEY).size == RESUME_MAX_BYTES


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"<html><script>alert(1)</script></html>", id="html"),
        pytest.param(b"PK\x03\x04 a zip named .pdf", id="zip"),
        pytest.param(b" %PDF-1.7 leading space", id="leading-space"),
        pytest.param(b"%pdf-1.7 lower case", id="lower-case"),
    ],
)
def test_bytes_that_are_not_a_pdf_are_422_and_deleted(
    s3: Any, store: ObjectStore, body: bytes
) -> None:
    put(s3, KEY, body)
    assert "isn't a PDF" in rejection(store)
    assert not exists(s3, KEY)


@pytest.mark.parametrize("body", [b"", b"%PDF"])
def test_an_empty_or_truncated_file_is_422_and_deleted(
    s3: Any, store: ObjectStore, body: bytes
) -> None:
    put(s3, KEY, body)
    assert "too short to be a PDF" in rejection(store)
    assert not exists(s3, KEY)


def test_only_the_bytes_needed_are_read(s3: Any, store: ObjectStore) -> None:
    put(s3, KEY, PDF)
    assert store.read_prefix(KEY, 5) == b"%PDF-"


def test_a_file_swapped_after_the_size_check_is_refused(s3: Any, store: ObjectStore) -> None:
    put(s3, KEY, PDF)
    checked = store.head(KEY)
    assert checked is not None
    put(s3, KEY, b"<html>swapped after the check</html>")
    with pytest.raises(ObjectChanged):
        store.read_prefix(KEY, 5, if_match=checked.etag)


def test_copy_is_conditional_on_the_checked_version(s3: Any, store: ObjectStore) -> None:
    # moto ignores CopySourceIfMatch (real S3 answers 412), so check that it is sent.
    sent: dict[str, Any] = {}
    s3.meta.events.register(
        "provide-client-params.s3.CopyObject", lambda params, **_: sent.update(params)
    )
    put(s3, KEY, PDF)
    store.copy(KEY, "resumes/x.pdf", content_type="application/pdf", if_match='"abc"')
    assert sent["CopySourceIfMatch"] == '"abc"'


def test_copy_types_the_kept_object_as_pdf(s3: Any, store: ObjectStore) -> None:
    s3.put_object(Bucket=BUCKET, Key=KEY, Body=PDF, ContentType="text/html")
    store.copy(KEY, "resumes/x.pdf", content_type="application/pdf")
    assert s3.head_object(Bucket=BUCKET, Key="resumes/x.pdf")["ContentType"] == "application/pdf"


def test_storage_failures_are_503_not_500(s3: Any) -> None:
    missing_bucket = ObjectStore(bucket="no-such-bucket", client=lambda: s3)
    with pytest.raises(StorageUnavailable) as caught:
        missing_bucket.delete("resumes/x.pdf")
    assert caught.value.status_code == 503


def test_discarding_an_object_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(ObjectStore):
        def delete(self, key: str) -> None:
            raise StorageUnavailable()

    broken = Broken(bucket="b", client=lambda: None)  # type: ignore[arg-type,return-value]
    with caplog.at_level(logging.WARNING, logger="jobtrack.storage"):
        broken.discard("resumes/x.pdf")
    assert "resumes/x.pdf" in caplog.text


# ---- names and sizes ----------------------------------------------------------------------

filename_adapter: TypeAdapter[str] = TypeAdapter(ResumeFilename)
size_adapter: TypeAdapter[int] = TypeAdapter(ResumeSize)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("cv.pdf", "cv.pdf"),
        ("CV.PDF", "CV.PDF"),
        ("  Lebenslauf Müller.pdf ", "Lebenslauf Müller.pdf"),
        ("履歴書.pdf", "履歴書.pdf"),
        ("سيرة ذاتية.pdf", "سيرة ذاتية.pdf"),
        ('cv (final) "v2".Pdf', 'cv (final) "v2".Pdf'),
        ("e\u0301.pdf", "\u00e9.pdf"),  # stored NFC
        ("a" * 196 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_display_names_in_any_language_are_kept(given: str, kept: str) -> None:
    assert filename_adapter.validate_python(given) == kept


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("cv.docx", "ending in .pdf"),
        ("cv.pdf.exe", "ending in .pdf"),
        (".pdf", "ending in .pdf"),
        ("", "required"),
        ("a" * 197 + ".pdf", "at most 200"),
        ("../cv.pdf", "without /"),
        ("dir\\cv.pdf", "without /"),
        ("cv\n.pdf", "control characters"),
        ("cv\x7f.pdf", "control characters"),
        ("cv\u202efdp.pdf", "control characters"),
        ("cv\u2028.pdf", "control characters"),
    ],
)
def test_bad_display_names_are_refused(given: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        filename_adapter.validate_python(given)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("size", "ok"), [(0, False), (-1, False), (1, True), (5_242_880, True), (5_242_881, False)]
)
def test_declared_size_is_1_to_5_mib(size: int, ok: bool) -> None:
    if ok:
        assert size_adapter.validate_python(size) == size
    else:
        with pytest.raises(ValidationError):
            size_adapter.validate_python(size)


# ---- Content-Disposition ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("cv.pdf", "inline; filename=\"cv.pdf\"; filename*=UTF-8''cv.pdf"),
        (
            "Lebenslauf Müller.pdf",
            'inline; filename="Lebenslauf Muller.pdf"; '
            "filename*=UTF-8''Lebenslauf%20M%C3%BCller.pdf",
        ),
        (
            "履歴書.pdf",
            "inline; filename=\"resume.pdf\"; filename*=UTF-8''%E5%B1%A5%E6%AD%B4%E6%9B%B8.pdf",
        ),
        (
            'my "best" cv;v2.pdf',
            "inline; filename=\"my _best_ cv_v2.pdf\"; filename*=UTF-8''my%20%22best%22%20cv%3Bv2.pdf",
        ),
    ],
)
def test_content_disposition_survives_any_name(filename: str, expected: str) -> None:
    assert service.content_disposition("inline", filename) == expected


def test_content_disposition_attachment() -> None:
    assert service.content_disposition("attachment", "cv.pdf").startswith("attachment; ")


def test_verify_refuses_a_file_swapped_between_its_checks(s3: Any) -> None:
    class SwappedAfterHead(ObjectStore):
        def head(self, key: str) -> storage.ObjectInfo | None:
            return storage.ObjectInfo(size=len(PDF), etag='"the-checked-version"')

    put(s3, KEY, PDF)
    swapped = SwappedAfterHead(bucket=BUCKET, client=lambda: s3)
    assert "changed while it was checked" in rejection(swapped)
    assert not exists(s3, KEY)


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (6_292_037, "This file is 6.0 MB; the limit is 5 MB."),
        (RESUME_MAX_BYTES + 1, "This file is just over 5 MB; the limit is 5 MB."),
        (12 * 1024 * 1024, "This file is 12.0 MB; the limit is 5 MB."),
    ],
)
def test_a_too_large_file_is_described_in_megabytes(size: int, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(ResumeSize).validate_python(size)
    assert message in str(caught.value)
