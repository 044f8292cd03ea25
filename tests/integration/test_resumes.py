"""The resume flow over HTTP: the API in process, real PUTs and GETs to a real s3rver.

s3rver checks no SigV4 signature, so several tests send what real S3 would refuse (another
size, another type) to show that confirm's own checks are what protects the bucket.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jobtrack.platform.aws.object_store import (
    ObjectStore,
    StorageUnavailable,
    build_client,
    get_object_store,
)
from jobtrack.platform.settings import Settings
from jobtrack.resumes import service as resume_service
from jobtrack.resumes.constants import RESUME_MAX_BYTES
from tests.conftest import ROOT, add_event, make_job

BUCKET = "jobtrack-resumes-test"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OTHER_PDF = b"%PDF-1.4\nanother resume\n%%EOF\n"


def devstack() -> Any:
    """scripts/devstack.py, which starts s3rver for `make dev` too."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    import devstack

    return devstack


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real s3rver for the session (installed from tools/s3 if missing; fails loudly)."""
    endpoint, stop = devstack().start_s3(tmp_path_factory.mktemp("s3") / "objects", bucket=BUCKET)
    yield endpoint
    stop()


@pytest.fixture(scope="session")
def storage(s3_endpoint: str) -> ObjectStore:
    settings = Settings(s3_endpoint_url=s3_endpoint, aws_region="us-east-1")
    client = build_client(settings, aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER")
    return ObjectStore(bucket=BUCKET, client=lambda: client)


@pytest.fixture
def api(app: FastAPI, storage: ObjectStore) -> Iterator[TestClient]:
    app.dependency_overrides[get_object_store] = lambda: storage
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


# ---- helpers ------------------------------------------------------------------------------


def upload_url(
    api: TestClient, headers: dict[str, str], job_id: int, *, filename: str, size: int
) -> httpx.Response:
    response: httpx.Response = api.get(
        f"/api/tracked/{job_id}/resume/upload-url",
        params={"filename": filename, "size": size},
        headers=headers,
    )
    return response


def upload(
    api: TestClient,
    headers: dict[str, str],
    job_id: int,
    body: bytes,
    *,
    filename: str = "cv.pdf",
    declared: int | None = None,
) -> str:
    """Ask for an upload URL and PUT `body` to it exactly as a browser would; the key."""
    issued = upload_url(api, headers, job_id, filename=filename, size=declared or len(body))
    assert issued.status_code == 200, issued.text
    put = httpx.put(issued.json()["upload_url"], content=body, headers=issued.json()["headers"])
    assert put.status_code == 200, put.text
    return str(issued.json()["key"])


def confirm(
    api: TestClient, headers: dict[str, str], job_id: int, key: str, filename: str = "cv.pdf"
) -> httpx.Response:
    response: httpx.Response = api.post(
        f"/api/tracked/{job_id}/resume/confirm",
        json={"key": key, "filename": filename},
        headers=headers,
    )
    return response


def attach(
    api: TestClient, headers: dict[str, str], job_id: int, body: bytes, filename: str = "cv.pdf"
) -> dict[str, Any]:
    key = upload(api, headers, job_id, body, filename=filename)
    confirmed = confirm(api, headers, job_id, key, filename)
    assert confirmed.status_code == 200, confirmed.text
    return dict(confirmed.json())


def download(
    api: TestClient, headers: dict[str, str], job_id: int, disposition: str = "inline"
) -> httpx.Response:
    issued = api.get(
        f"/api/tracked/{job_id}/resume/url", params={"disposition": disposition}, headers=headers
    )
    assert issued.status_code == 200, issued.text
    fetched = httpx.get(issued.json()["url"])
    assert fetched.status_code == 200, fetched.text
    return fetched


def exists(storage: ObjectStore, key: str) -> bool:
    return storage.head(key) is not None


def kept_key(storage: ObjectStore, user_id: str, job_id: int) -> list[str]:
    """The job's objects under the final prefix."""
    prefix = f"resumes/{resume_service.owner_prefix(user_id)}/{job_id}/"
    listed = storage.client.list_objects_v2(Bucket=storage.bucket, Prefix=prefix)
    return [o["Key"] for o in listed.get("Contents", [])]


def pending(storage: ObjectStore, user_id: str, job_id: int) -> list[str]:
    prefix = f"pending/{resume_service.owner_prefix(user_id)}/{job_id}/"
    listed = storage.client.list_objects_v2(Bucket=storage.bucket, Prefix=prefix)
    return [o["Key"] for o in listed.get("Contents", [])]


def first_error(response: httpx.Response) -> dict[str, Any]:
    return dict(response.json()["detail"][0])


# ---- the flow -----------------------------------------------------------------------------


def test_upload_url_is_a_presigned_put_for_a_server_built_key(
    api: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(api, alice)
    issued = upload_url(api, alice, job["id"], filename="../../etc/x.pdf", size=10)
    assert issued.status_code == 422  # a path is refused outright

    issued = upload_url(api, alice, job["id"], filename="Mon CV (2026).pdf", size=12_345)
    assert issued.status_code == 200, issued.text
    body = issued.json()
    assert body["method"] == "PUT"
    assert body["headers"] == {"Content-Type": "application/pdf"}
    assert body["expires_in"] == 300
    assert body["max_bytes"] == RESUME_MAX_BYTES == 5_242_880
    owner = resume_service.owner_prefix("alice")
    assert body["key"].startswith(f"pending/{owner}/{job['id']}/")
    assert "CV" not in body["key"]
    assert "alice" not in body["upload_url"]
    url = httpx.URL(body["upload_url"])
    assert url.params["X-Amz-Expires"] == "300"
    assert set(url.params["X-Amz-SignedHeaders"].split(";")) >= {"content-length", "content-type"}
    assert issued.headers["cache-control"] == "no-store"


def test_upload_confirm_and_download_the_same_bytes(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    key = upload(api, alice, job["id"], PDF, filename="Lebenslauf Müller.pdf")

    confirmed = confirm(api, alice, job["id"], key, "Lebenslauf Müller.pdf")
    assert confirmed.status_code == 200, confirmed.text
    body = confirmed.json()
    assert body["has_resume"] is True
    assert body["notes"]["resume_filename"] == "Lebenslauf Müller.pdf"
    assert body["updated_at"] > job["updated_at"]
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).json() == body
    assert not exists(storage, key), "the pending upload is removed once kept"
    assert len(kept_key(storage, "alice", job["id"])) == 1

    issued = api.get(f"/api/tracked/{job['id']}/resume/url", headers=alice).json()
    assert issued["filename"] == "Lebenslauf Müller.pdf"
    assert issued["expires_in"] == 300

    inline = download(api, alice, job["id"])
    assert inline.content == PDF
    assert inline.headers["content-type"] == "application/pdf"
    assert inline.headers["content-disposition"] == (
        "inline; filename=\"Lebenslauf Muller.pdf\"; filename*=UTF-8''Lebenslauf%20M%C3%BCller.pdf"
    )
    saved = download(api, alice, job["id"], "attachment")
    assert saved.content == PDF
    assert saved.headers["content-disposition"].startswith("attachment; ")


def test_a_non_ascii_name_survives_the_round_trip(api: TestClient, alice: dict[str, str]) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF, filename="履歴書 2026.pdf")
    fetched = download(api, alice, job["id"], "attachment")
    assert fetched.headers["content-disposition"] == (
        "attachment; filename=\"2026.pdf\"; filename*=UTF-8''%E5%B1%A5%E6%AD%B4%E6%9B%B8%202026.pdf"
    )


def test_replacing_deletes_the_old_object(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF, "first.pdf")
    [first] = kept_key(storage, "alice", job["id"])

    replaced = attach(api, alice, job["id"], OTHER_PDF, "second.pdf")
    assert replaced["notes"]["resume_filename"] == "second.pdf"
    assert not exists(storage, first)
    assert len(kept_key(storage, "alice", job["id"])) == 1
    assert download(api, alice, job["id"]).content == OTHER_PDF


def test_non_pdf_bytes_named_pdf_are_refused_and_the_old_resume_kept(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    before = attach(api, alice, job["id"], PDF, "good.pdf")
    html = b"<html><script>alert(document.cookie)</script></html>"
    key = upload(api, alice, job["id"], html, filename="evil.pdf")

    refused = confirm(api, alice, job["id"], key, "evil.pdf")
    assert refused.status_code == 422
    assert first_error(refused)["loc"] == ["body", "key"]
    assert "isn't a PDF" in refused.json()["message"]
    assert not exists(storage, key), "a refused upload is deleted"
    after = api.get(f"/api/tracked/{job['id']}", headers=alice).json()
    assert after == before
    assert download(api, alice, job["id"]).content == PDF


def test_declared_size_over_the_limit_gets_no_url(api: TestClient, alice: dict[str, str]) -> None:
    job = make_job(api, alice)
    for size in (RESUME_MAX_BYTES + 1, 0):
        refused = upload_url(api, alice, job["id"], filename="cv.pdf", size=size)
        assert refused.status_code == 422
        assert first_error(refused)["loc"] == ["query", "size"]
    assert upload_url(api, alice, job["id"], filename="cv.pdf", size=RESUME_MAX_BYTES).is_success


@pytest.mark.parametrize(
    "filename", ["cv.docx", "cv.pdf.exe", "a" * 197 + ".pdf", "dir/cv.pdf", "cv\r\n.pdf", ""]
)
def test_a_bad_filename_gets_no_url(api: TestClient, alice: dict[str, str], filename: str) -> None:
    job = make_job(api, alice)
    refused = upload_url(api, alice, job["id"], filename=filename, size=100)
    assert refused.status_code == 422
    assert first_error(refused)["loc"] == ["query", "filename"]
    assert refused.json()["message"].startswith("filename: ")


def test_more_bytes_than_declared_are_caught_by_confirm(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    # Real S3 refuses a length other than the signed one; s3rver does not, so confirm must.
    job = make_job(api, alice)
    too_big = PDF + b"\0" * (RESUME_MAX_BYTES + 1 - len(PDF))
    key = upload(api, alice, job["id"], too_big, declared=100)
    refused = confirm(api, alice, job["id"], key)
    assert refused.status_code == 422
    assert "the limit is 5 MB" in refused.json()["message"]
    assert not exists(storage, key)
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).json()["has_resume"] is False


def test_another_content_type_is_stored_as_pdf_after_the_checks(
    api: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(api, alice)
    issued = upload_url(api, alice, job["id"], filename="cv.pdf", size=len(PDF)).json()
    put = httpx.put(issued["upload_url"], content=PDF, headers={"Content-Type": "text/html"})
    assert put.status_code == 200  # s3rver ignores what was signed
    assert confirm(api, alice, job["id"], issued["key"]).status_code == 200
    assert download(api, alice, job["id"]).headers["content-type"] == "application/pdf"


def test_confirming_a_key_with_no_upload_is_422(api: TestClient, alice: dict[str, str]) -> None:
    job = make_job(api, alice)
    issued = upload_url(api, alice, job["id"], filename="cv.pdf", size=len(PDF)).json()
    refused = confirm(api, alice, job["id"], issued["key"])
    assert refused.status_code == 422
    assert "no file was uploaded" in refused.json()["message"]


def test_a_key_issued_for_another_job_or_user_is_refused_and_left_alone(
    api: TestClient, alice: dict[str, str], bob: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    other_job = make_job(api, alice)
    bobs_job = make_job(api, bob)
    other_jobs_key = upload(api, alice, other_job["id"], PDF)
    bobs_key = upload(api, bob, bobs_job["id"], PDF)

    for key in (other_jobs_key, bobs_key):
        refused = confirm(api, alice, job["id"], key)
        assert refused.status_code == 422, key
        assert "not an upload key issued for this job" in refused.json()["message"]
        assert exists(storage, key), "someone else's upload is never deleted"

    assert confirm(api, alice, other_job["id"], other_jobs_key).status_code == 200
    assert confirm(api, bob, bobs_job["id"], bobs_key).status_code == 200
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).json()["has_resume"] is False


def test_traversal_keys_are_refused(
    api: TestClient, alice: dict[str, str], bob: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    bobs_job = make_job(api, bob)
    attach(api, bob, bobs_job["id"], OTHER_PDF)
    [bobs_resume] = kept_key(storage, "bob", bobs_job["id"])
    own = upload_url(api, alice, job["id"], filename="cv.pdf", size=10).json()["key"]
    own_dir = own.rsplit("/", 1)[0]

    for key in (
        f"{own_dir}/../../../{bobs_resume}",
        f"{own_dir}/..%2F..%2F{bobs_resume}",
        f"/{own}",
        f"{own}/../{own.rsplit('/', 1)[1]}",
        bobs_resume,
        "../" * 5 + "etc/passwd",
    ):
        refused = confirm(api, alice, job["id"], key)
        assert refused.status_code == 422, key
        assert first_error(refused)["loc"] == ["body", "key"]
    assert exists(storage, bobs_resume)
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).json()["has_resume"] is False


def test_deleting_the_job_deletes_its_resume(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF)
    [kept] = kept_key(storage, "alice", job["id"])

    assert api.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 204
    assert not exists(storage, kept)


def test_a_failed_object_delete_does_not_fail_the_job_delete(
    api: TestClient,
    app: FastAPI,
    alice: dict[str, str],
    storage: ObjectStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF)

    class Unreachable(ObjectStore):
        def delete(self, key: str) -> None:
            raise StorageUnavailable()

    app.dependency_overrides[get_object_store] = lambda: Unreachable(
        bucket=BUCKET, client=lambda: storage.client
    )
    with caplog.at_level(logging.WARNING, logger="jobtrack.storage"):
        assert api.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 204
    assert "orphaned" in caplog.text
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).status_code == 404


def test_a_rejected_job_takes_no_upload_but_still_downloads(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF)
    key = upload(api, alice, job["id"], OTHER_PDF)
    add_event(api, alice, job["id"], "rejected")

    refused = upload_url(api, alice, job["id"], filename="cv.pdf", size=100)
    assert refused.status_code == 409
    assert "rejected" in refused.json()["detail"]
    refused = confirm(api, alice, job["id"], key)
    assert refused.status_code == 409
    assert "rejected" in refused.json()["detail"]
    assert download(api, alice, job["id"]).content == PDF


def test_another_user_gets_404_on_every_resume_route(
    api: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    job = make_job(api, alice)
    key = upload(api, alice, job["id"], PDF)
    missing = api.get("/api/tracked/2147483647/resume/url", headers=bob)
    assert missing.status_code == 404

    responses = [
        upload_url(api, bob, job["id"], filename="cv.pdf", size=100),
        confirm(api, bob, job["id"], key),
        api.get(f"/api/tracked/{job['id']}/resume/url", headers=bob),
    ]
    for response in responses:
        assert response.status_code == 404
        assert response.json() == {"detail": "Tracked job not found."}
    assert confirm(api, alice, job["id"], key).status_code == 200
    assert api.get(f"/api/tracked/{job['id']}/resume/url", headers=bob).status_code == 404


def test_no_resume_is_404(api: TestClient, alice: dict[str, str]) -> None:
    job = make_job(api, alice)
    missing = api.get(f"/api/tracked/{job['id']}/resume/url", headers=alice)
    assert missing.status_code == 404
    assert "no resume" in missing.json()["detail"]
    bad = api.get(
        f"/api/tracked/{job['id']}/resume/url", params={"disposition": "x"}, headers=alice
    )
    assert bad.status_code == 422


def test_every_status_code_is_in_the_openapi_document(api: TestClient) -> None:
    paths = api.get("/api/openapi.json").json()["paths"]
    expected = {
        ("/api/tracked/{job_id}/resume/upload-url", "get"): {"200", "401", "404", "409", "422"},
        ("/api/tracked/{job_id}/resume/confirm", "post"): {"200", "401", "404", "409", "422"},
        ("/api/tracked/{job_id}/resume/url", "get"): {"200", "401", "404", "422", "503"},
    }
    for (path, method), codes in expected.items():
        assert codes <= set(paths[path][method]["responses"]), path


# ---- the local endpoint -------------------------------------------------------------------


def test_the_local_endpoint_allows_the_pages_origin_only(s3_endpoint: str) -> None:
    def preflight(origin: str) -> httpx.Response:
        return httpx.options(
            f"{s3_endpoint}/{BUCKET}/pending/x.pdf",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "content-type",
            },
        )

    for origin in ("http://127.0.0.1:8000", "http://localhost:5173"):
        allowed = preflight(origin)
        assert allowed.status_code == 200, origin
        assert "PUT" in allowed.headers["access-control-allow-methods"]
        assert allowed.headers["access-control-allow-headers"] == "content-type"
    assert preflight("https://evil.example").status_code == 403


def test_the_local_endpoint_keeps_files_across_restarts(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    directory = tmp_path_factory.mktemp("s3-restart") / "objects"
    for round_trip in range(2):
        endpoint, stop = devstack().start_s3(directory, bucket="kept")
        try:
            client = build_client(
                Settings(s3_endpoint_url=endpoint),
                aws_access_key_id="S3RVER",
                aws_secret_access_key="S3RVER",
            )
            if round_trip == 0:
                client.put_object(Bucket="kept", Key="resumes/a.pdf", Body=PDF)
            else:
                assert client.get_object(Bucket="kept", Key="resumes/a.pdf")["Body"].read() == PDF
        finally:
            stop()
