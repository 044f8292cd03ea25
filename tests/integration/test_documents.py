"""The document library over HTTP: the API in process, real PUTs and GETs to a real s3rver.

s3rver checks no signature, so a PUT of other bytes than declared gets through to it, as it
could not to real S3: the create's own checks (size, content) are what protects the bucket.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select, text

from jobtrack.documents.content import MAX_ZIP_ENTRIES
from jobtrack.documents.schemas import DOCUMENT_MAX_BYTES, MAX_DOCUMENTS_PER_USER
from jobtrack.platform.aws.deletions import ObjectDeletion
from jobtrack.platform.aws.object_store import ObjectStore, StorageUnavailable, get_object_store
from jobtrack.tracking.models import Document
from tests.conftest import add_event, make_job
from tests.integration import test_resumes as resume_flow

# The resume tests' real s3rver (one for the session) and the app on it.
s3_endpoint = resume_flow.s3_endpoint
storage = resume_flow.storage
api = resume_flow.api
attach = resume_flow.attach
BUCKET = resume_flow.BUCKET
PDF = resume_flow.PDF

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_TYPE = "text/plain"


def office_zip(*parts: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for part in parts:
            archive.writestr(part, '<?xml version="1.0"?><document>Dear Acme</document>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office_zip("word/document.xml", "word/styles.xml")
TEXT = "Dear Acme,\nI would like to join — Zoë\n".encode()


def zip_bomb() -> bytes:
    """A DOCX-shaped zip whose parts would inflate to 300 MiB: about 300 KB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<document/>")
        with archive.open("word/media/zeros.bin", "w") as entry:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return buffer.getvalue()


def many_entries() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
        for index in range(MAX_ZIP_ENTRIES):
            archive.writestr(f"word/p{index}.xml", "")
    return buffer.getvalue()


# ---- helpers ------------------------------------------------------------------------------


def upload_url(
    api: TestClient, headers: dict[str, str], *, filename: str, size: int, content_type: str
) -> httpx.Response:
    response: httpx.Response = api.post(
        "/api/documents/upload-url",
        json={"filename": filename, "size": size, "content_type": content_type},
        headers=headers,
    )
    return response


def upload(
    api: TestClient,
    headers: dict[str, str],
    body: bytes,
    *,
    filename: str,
    content_type: str,
    declared: int | None = None,
) -> str:
    """Ask for an upload URL and PUT `body` to it exactly as a browser would; the key."""
    issued = upload_url(
        api, headers, filename=filename, size=declared or len(body), content_type=content_type
    )
    assert issued.status_code == 200, issued.text
    put = httpx.put(issued.json()["upload_url"], content=body, headers=issued.json()["headers"])
    assert put.status_code == 200, put.text
    return str(issued.json()["key"])


def create(
    api: TestClient, headers: dict[str, str], key: str, filename: str, **fields: Any
) -> httpx.Response:
    body = {"key": key, "filename": filename, "kind": "other", **fields}
    response: httpx.Response = api.post("/api/documents", json=body, headers=headers)
    return response


def keep(
    api: TestClient,
    headers: dict[str, str],
    body: bytes = PDF,
    *,
    filename: str = "cv.pdf",
    content_type: str = PDF_TYPE,
    **fields: Any,
) -> dict[str, Any]:
    key = upload(api, headers, body, filename=filename, content_type=content_type)
    created = create(api, headers, key, filename, **fields)
    assert created.status_code == 201, created.text
    return dict(created.json())


def stored_key(connection: Any, document_id: int) -> str:
    return str(connection.scalar(select(Document.key).where(Document.id == document_id)))


def exists(storage: ObjectStore, key: str) -> bool:
    return storage.head(key) is not None


def first_error(response: httpx.Response) -> dict[str, Any]:
    return dict(response.json()["detail"][0])


# ---- upload and create, each type ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "filename", "content_type"),
    [
        (PDF, "CV 2026 v3.pdf", PDF_TYPE),
        (DOCX, "letter.docx", DOCX_TYPE),
        (TEXT, "note.txt", TEXT_TYPE),
    ],
    ids=["pdf", "docx", "text"],
)
def test_each_type_is_kept_listed_and_downloaded_as_uploaded(
    api: TestClient,
    alice: dict[str, str],
    storage: ObjectStore,
    connection: Any,
    body: bytes,
    filename: str,
    content_type: str,
) -> None:
    issued = upload_url(api, alice, filename=filename, size=len(body), content_type=content_type)
    assert issued.status_code == 200, issued.text
    answer = issued.json()
    assert answer["method"] == "PUT"
    assert answer["headers"] == {"Content-Type": content_type}
    assert answer["key"].startswith("pending/documents/")
    assert (answer["expires_in"], answer["max_bytes"]) == (300, DOCUMENT_MAX_BYTES)
    put = httpx.put(answer["upload_url"], content=body, headers=answer["headers"])
    assert put.status_code == 200

    created = create(api, alice, answer["key"], filename, kind="cover_letter")
    assert created.status_code == 201, created.text
    document = created.json()
    assert {k: v for k, v in document.items() if k not in ("id", "created_at")} == {
        "kind": "cover_letter",
        "name": filename,
        "filename": filename,
        "content_type": content_type,
        "size": len(body),
        "job_ids": [],
    }
    assert not exists(storage, answer["key"])  # the pending upload is gone, the copy kept
    assert stored_key(connection, document["id"]).startswith("documents/")
    assert api.get("/api/documents", headers=alice).json() == {"items": [document]}

    for disposition in ("inline", "attachment"):
        link = api.get(
            f"/api/documents/{document['id']}/url",
            params={"disposition": disposition},
            headers=alice,
        )
        assert link.status_code == 200, link.text
        assert (link.json()["filename"], link.json()["expires_in"]) == (filename, 300)
        fetched = httpx.get(link.json()["url"])
        assert fetched.content == body
        served = fetched.headers["content-type"]
        assert served == (
            f"{content_type}; charset=utf-8" if content_type == TEXT_TYPE else content_type
        )
        assert fetched.headers["content-disposition"].startswith(disposition)


def test_the_list_is_newest_first_and_a_name_can_be_given(
    api: TestClient, alice: dict[str, str]
) -> None:
    first = keep(api, alice, name="CV 2026 v1", kind="resume")
    second = keep(api, alice, TEXT, filename="n.txt", content_type=TEXT_TYPE)
    assert first["name"] == "CV 2026 v1"
    items = api.get("/api/documents", headers=alice).json()["items"]
    assert [item["id"] for item in items] == [second["id"], first["id"]]


# ---- refusals -----------------------------------------------------------------------------

REFUSED_CONTENT = [
    pytest.param(b"PK\x03\x04 not a pdf", "cv.pdf", PDF_TYPE, "isn't a PDF", id="pdf-wrong-magic"),
    pytest.param(PDF, "letter.docx", DOCX_TYPE, "not a zip", id="pdf-as-docx"),
    pytest.param(
        office_zip("xl/workbook.xml", "word/document.xml"),
        "letter.docx",
        DOCX_TYPE,
        "spreadsheet (XLSX)",
        id="xlsx-as-docx",
    ),
    pytest.param(
        office_zip("ppt/presentation.xml"), "letter.docx", DOCX_TYPE, "PPTX", id="pptx-as-docx"
    ),
    pytest.param(
        office_zip("content.xml"),
        "letter.docx",
        DOCX_TYPE,
        "no word/document.xml",
        id="zip-without-word",
    ),
    pytest.param(
        b"PK\x03\x04" + bytes(200), "letter.docx", DOCX_TYPE, "readable zip", id="broken-zip"
    ),
    pytest.param(zip_bomb(), "letter.docx", DOCX_TYPE, "zip bomb", id="zip-bomb"),
    pytest.param(
        many_entries(), "letter.docx", DOCX_TYPE, "more than 1,000 parts", id="zip-entries"
    ),
    pytest.param(b"Dear Acme\x00\x01", "note.txt", TEXT_TYPE, "NUL", id="text-with-nul"),
    pytest.param(b"Dear Acme \xff\xfe", "note.txt", TEXT_TYPE, "isn't UTF-8", id="text-not-utf8"),
]


@pytest.mark.parametrize(("body", "filename", "content_type", "reason"), REFUSED_CONTENT)
def test_content_that_is_not_what_its_type_says_is_refused_and_deleted(
    api: TestClient,
    alice: dict[str, str],
    storage: ObjectStore,
    connection: Any,
    body: bytes,
    filename: str,
    content_type: str,
    reason: str,
) -> None:
    key = upload(api, alice, body, filename=filename, content_type=content_type)
    started = time.perf_counter()
    refused = create(api, alice, key, filename)
    elapsed = time.perf_counter() - started
    assert refused.status_code == 422, refused.text
    assert first_error(refused)["loc"] == ["body", "key"]
    assert reason in first_error(refused)["msg"]
    assert not exists(storage, key)
    assert connection.scalar(select(func.count()).select_from(Document)) == 0
    # Nothing is inflated: a 300 MiB bomb is judged by its directory.
    assert elapsed < 2.0


def test_more_bytes_than_the_limit_are_caught_by_create(
    api: TestClient, alice: dict[str, str], storage: ObjectStore
) -> None:
    # Real S3 refuses a length other than the signed one; s3rver does not, so create must.
    body = b"Dear Acme\n" * (DOCUMENT_MAX_BYTES // 10 + 1)
    key = upload(api, alice, body, filename="big.txt", content_type=TEXT_TYPE, declared=10)
    refused = create(api, alice, key, "big.txt")
    assert refused.status_code == 422
    assert "the limit is 10 MB" in first_error(refused)["msg"]
    assert not exists(storage, key)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"filename": "cv.pdf", "size": 10, "content_type": DOCX_TYPE}, []),
        ({"filename": "cv.docx", "size": 10, "content_type": TEXT_TYPE}, []),
        ({"filename": "cv.exe", "size": 10, "content_type": PDF_TYPE}, ["filename"]),
        ({"filename": "cv.pdf", "size": 0, "content_type": PDF_TYPE}, ["size"]),
        (
            {"filename": "cv.pdf", "size": DOCUMENT_MAX_BYTES + 1, "content_type": PDF_TYPE},
            ["size"],
        ),
        ({"filename": "a" * 252 + ".pdf", "size": 10, "content_type": PDF_TYPE}, ["filename"]),
        ({"filename": "cv.pdf", "size": 10, "content_type": "image/png"}, ["content_type"]),
    ],
    ids=["pdf-as-docx", "docx-as-text", "exe", "empty", "too-big", "long-name", "png"],
)
def test_an_upload_url_is_refused_naming_the_field(
    api: TestClient, alice: dict[str, str], body: dict[str, Any], loc: list[str]
) -> None:
    refused = api.post("/api/documents/upload-url", json=body, headers=alice)
    assert refused.status_code == 422, refused.text
    assert first_error(refused)["loc"][1:] == loc


def test_the_largest_size_and_longest_filename_get_a_url(
    api: TestClient, alice: dict[str, str]
) -> None:
    assert (
        upload_url(
            api, alice, filename="a" * 251 + ".pdf", size=DOCUMENT_MAX_BYTES, content_type=PDF_TYPE
        ).status_code
        == 200
    )


def test_another_users_key_is_refused_and_left_alone(
    api: TestClient, alice: dict[str, str], bob: dict[str, str], storage: ObjectStore
) -> None:
    bobs = upload(api, bob, PDF, filename="cv.pdf", content_type=PDF_TYPE)
    for key in (
        bobs,
        "../" + bobs,
        bobs.replace("pending/documents", "documents"),
        "pending/x.pdf",
    ):
        refused = create(api, alice, key, "cv.pdf")
        assert refused.status_code == 422, key
        assert first_error(refused)["loc"] == ["body", "key"]
    assert exists(storage, bobs)
    assert api.get("/api/documents", headers=alice).json() == {"items": []}


def test_a_filename_of_another_type_than_the_upload_is_refused(
    api: TestClient, alice: dict[str, str]
) -> None:
    key = upload(api, alice, PDF, filename="cv.pdf", content_type=PDF_TYPE)
    refused = create(api, alice, key, "cv.txt")
    assert refused.status_code == 422
    assert first_error(refused)["loc"] == ["body", "filename"]


def test_the_library_holds_at_most_200_documents(
    api: TestClient, alice: dict[str, str], bob: dict[str, str], connection: Any
) -> None:
    connection.execute(
        insert(Document),
        [
            {
                "user_id": "alice",
                "kind": "other",
                "name": f"n{index}",
                "filename": "n.txt",
                "content_type": TEXT_TYPE,
                "size": 1,
                "key": f"documents/test/{index}.txt",
            }
            for index in range(MAX_DOCUMENTS_PER_USER)
        ],
    )
    key = upload(api, alice, TEXT, filename="n.txt", content_type=TEXT_TYPE)
    refused = create(api, alice, key, "n.txt")
    assert refused.status_code == 409
    assert "200" in refused.json()["detail"]
    assert "delete one" in refused.json()["detail"]
    # Another user's library is their own.
    assert keep(api, bob, TEXT, filename="n.txt", content_type=TEXT_TYPE)["size"] == len(TEXT)


# ---- rename, delete, isolation ------------------------------------------------------------


def test_rename_and_change_kind(api: TestClient, alice: dict[str, str]) -> None:
    document = keep(api, alice)
    changed = api.patch(
        f"/api/documents/{document['id']}",
        json={"name": " CV — Acme ", "kind": "resume"},
        headers=alice,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["kind"]) == ("CV — Acme", "resume")
    for body in ({"name": None}, {"name": "x" * 201}, {"kind": "photo"}, {"name": ""}, {"size": 3}):
        refused = api.patch(f"/api/documents/{document['id']}", json=body, headers=alice)
        assert refused.status_code == 422, body


def test_delete_detaches_deletes_the_object_and_leaves_no_pending_deletion(
    api: TestClient, alice: dict[str, str], storage: ObjectStore, connection: Any
) -> None:
    job = make_job(api, alice)
    document = keep(api, alice)
    key = stored_key(connection, document["id"])
    api.put(
        f"/api/tracked/{job['id']}/documents",
        json={"document_ids": [document["id"]]},
        headers=alice,
    )

    assert api.delete(f"/api/documents/{document['id']}", headers=alice).status_code == 204
    assert not exists(storage, key)
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).json()["documents"] == []
    assert api.get("/api/documents", headers=alice).json() == {"items": []}
    assert connection.scalar(select(func.count()).select_from(ObjectDeletion)) == 0
    assert api.delete(f"/api/documents/{document['id']}", headers=alice).status_code == 404


def test_a_failed_object_delete_is_left_recorded_for_the_cleanup_run(
    api: TestClient,
    app: FastAPI,
    alice: dict[str, str],
    storage: ObjectStore,
    connection: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    document = keep(api, alice)
    key = stored_key(connection, document["id"])

    class Unreachable(ObjectStore):
        def delete(self, key: str) -> None:
            raise StorageUnavailable()

    app.dependency_overrides[get_object_store] = lambda: Unreachable(
        bucket=BUCKET, client=lambda: storage.client
    )
    with caplog.at_level(logging.WARNING, logger="jobtrack.storage"):
        assert api.delete(f"/api/documents/{document['id']}", headers=alice).status_code == 204
    assert "left for cleanup" in caplog.text
    assert exists(storage, key)
    [left] = connection.execute(select(ObjectDeletion.key, ObjectDeletion.attempts)).all()
    assert (left.key, left.attempts) == (key, 1)
    assert api.get("/api/documents", headers=alice).json() == {"items": []}


def test_another_user_gets_404_on_every_document_route(
    api: TestClient,
    alice: dict[str, str],
    bob: dict[str, str],
    connection: Any,
    storage: ObjectStore,
) -> None:
    document = keep(api, alice)
    alices_job = make_job(api, alice)
    bobs_job = make_job(api, bob)
    before = api.get("/api/documents", headers=alice).json()
    doc = f"/api/documents/{document['id']}"
    for method, path, body in (
        ("PATCH", doc, {"name": "bob's"}),
        ("DELETE", doc, None),
        ("GET", f"{doc}/url", None),
        ("PUT", f"/api/tracked/{bobs_job['id']}/documents", {"document_ids": [document["id"]]}),
        ("PUT", f"/api/tracked/{alices_job['id']}/documents", {"document_ids": []}),
    ):
        answer = api.request(method, path, json=body, headers=bob)
        assert answer.status_code == 404, (method, path, answer.text)
    assert api.get("/api/documents", headers=bob).json() == {"items": []}
    assert api.get("/api/documents", headers=alice).json() == before
    assert exists(storage, stored_key(connection, document["id"]))


# ---- attaching versions to jobs -----------------------------------------------------------


def test_attach_in_order_shows_on_the_job_not_on_list_items_and_detach(
    api: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(api, alice)
    other = make_job(api, alice, company="Beta")
    cv = keep(api, alice, name="CV 2026 v3", kind="resume")
    letter = keep(
        api, alice, TEXT, filename="acme.txt", content_type=TEXT_TYPE, kind="cover_letter"
    )

    put = api.put(
        f"/api/tracked/{job['id']}/documents",
        json={"document_ids": [letter["id"], cv["id"]]},
        headers=alice,
    )
    assert put.status_code == 200, put.text
    refs = [
        {"id": letter["id"], "kind": "cover_letter", "name": "acme.txt", "filename": "acme.txt"},
        {"id": cv["id"], "kind": "resume", "name": "CV 2026 v3", "filename": "cv.pdf"},
    ]
    assert put.json()["documents"] == refs
    assert api.get(f"/api/tracked/{job['id']}", headers=alice).json() == put.json()
    api.put(
        f"/api/tracked/{other['id']}/documents", json={"document_ids": [cv["id"]]}, headers=alice
    )
    items = {d["id"]: d for d in api.get("/api/documents", headers=alice).json()["items"]}
    assert items[cv["id"]]["job_ids"] == sorted([job["id"], other["id"]])
    assert items[letter["id"]]["job_ids"] == [job["id"]]
    assert all(
        "documents" not in item for item in api.get("/api/tracked", headers=alice).json()["items"]
    )

    detached = api.put(
        f"/api/tracked/{job['id']}/documents", json={"document_ids": []}, headers=alice
    )
    assert detached.json()["documents"] == []


def test_attach_refuses_duplicates_more_than_20_and_a_rejected_job(
    api: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(api, alice)
    cv = keep(api, alice)
    path = f"/api/tracked/{job['id']}/documents"
    assert (
        api.put(path, json={"document_ids": [cv["id"], cv["id"]]}, headers=alice).status_code == 422
    )
    assert (
        api.put(path, json={"document_ids": list(range(1, 22))}, headers=alice).status_code == 422
    )
    assert (
        api.put(path, json={"document_ids": [cv["id"], 2_000_000]}, headers=alice).status_code
        == 404
    )
    add_event(api, alice, job["id"], "applied")
    add_event(api, alice, job["id"], "rejected")
    locked = api.put(path, json={"document_ids": [cv["id"]]}, headers=alice)
    assert locked.status_code == 409
    assert "rejected" in locked.json()["detail"]


# ---- the job's resume is a library document ------------------------------------------------


def test_a_resume_is_a_library_document_replaced_in_place(
    api: TestClient, alice: dict[str, str], storage: ObjectStore, connection: Any
) -> None:
    job = make_job(api, alice)
    confirmed = attach(api, alice, job["id"], PDF, filename="CV Acme.pdf")
    [resume] = api.get("/api/documents", headers=alice).json()["items"]
    assert (resume["kind"], resume["filename"], resume["size"]) == (
        "resume",
        "CV Acme.pdf",
        len(PDF),
    )
    assert resume["job_ids"] == [job["id"]]
    assert confirmed["documents"] == [
        {"id": resume["id"], "kind": "resume", "name": "CV Acme.pdf", "filename": "CV Acme.pdf"}
    ]
    first_key = stored_key(connection, resume["id"])
    assert first_key.startswith("resumes/")

    other = b"%PDF-1.4\nsecond version\n%%EOF\n"
    attach(api, alice, job["id"], other, filename="CV v2.pdf")
    [replaced] = api.get("/api/documents", headers=alice).json()["items"]
    assert (replaced["id"], replaced["filename"], replaced["size"]) == (
        resume["id"],
        "CV v2.pdf",
        len(other),
    )
    assert not exists(storage, first_key)
    link = api.get(f"/api/documents/{resume['id']}/url", headers=alice).json()["url"]
    assert httpx.get(link).content == other


def test_deleting_the_resume_document_clears_the_jobs_resume(
    api: TestClient, alice: dict[str, str], storage: ObjectStore, connection: Any
) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF)
    [resume] = api.get("/api/documents", headers=alice).json()["items"]
    key = stored_key(connection, resume["id"])

    assert api.delete(f"/api/documents/{resume['id']}", headers=alice).status_code == 204
    read = api.get(f"/api/tracked/{job['id']}", headers=alice).json()
    assert (read["has_resume"], read["notes"]["resume_filename"], read["documents"]) == (
        False,
        None,
        [],
    )
    assert api.get(f"/api/tracked/{job['id']}/resume/url", headers=alice).status_code == 404
    assert not exists(storage, key)
    # A new resume makes a new document.
    attach(api, alice, job["id"], PDF)
    assert len(api.get("/api/documents", headers=alice).json()["items"]) == 1


def test_deleting_the_job_deletes_its_resume_document_not_the_others(
    api: TestClient, alice: dict[str, str]
) -> None:
    job = make_job(api, alice)
    attach(api, alice, job["id"], PDF)
    letter = keep(api, alice, TEXT, filename="acme.txt", content_type=TEXT_TYPE)
    [resume] = [
        d for d in api.get("/api/documents", headers=alice).json()["items"] if d["kind"] == "resume"
    ]
    api.put(
        f"/api/tracked/{job['id']}/documents",
        json={"document_ids": [resume["id"], letter["id"]]},
        headers=alice,
    )
    assert api.delete(f"/api/tracked/{job['id']}", headers=alice).status_code == 204
    [left] = api.get("/api/documents", headers=alice).json()["items"]
    assert (left["id"], left["job_ids"]) == (letter["id"], [])


def test_every_document_status_code_is_in_the_openapi_document(api: TestClient) -> None:
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"201", "401", "409", "422"} <= set(paths["/api/documents"]["post"]["responses"])
    assert "404" in paths["/api/documents/{document_id}"]["delete"]["responses"]
    assert "409" in paths["/api/tracked/{job_id}/documents"]["put"]["responses"]


# ---- a delete racing the resume's replacement ----------------------------------------------


@pytest.fixture
def live_api(live_app: FastAPI, storage: ObjectStore) -> Iterator[TestClient]:
    live_app.dependency_overrides[get_object_store] = lambda: storage
    with TestClient(live_app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_delete_waiting_on_a_resume_replacement_answers_409_and_keeps_both_consistent(
    live_api: TestClient, alice: dict[str, str], engine: Engine
) -> None:
    job = make_job(live_api, alice)
    attach(live_api, alice, job["id"], PDF)
    [resume] = live_api.get("/api/documents", headers=alice).json()["items"]
    new_key = "resumes/race/new.pdf"
    with engine.connect() as replacing, ThreadPoolExecutor(1) as pool:
        # What the resume's confirm does in its transaction: the job's lock, then the document.
        replacing.execute(
            text("SELECT 1 FROM job_tracking WHERE id = :id FOR UPDATE"), {"id": job["id"]}
        )
        replacing.execute(
            text("UPDATE job_tracking SET resume_key = :key WHERE id = :id"),
            {"key": new_key, "id": job["id"]},
        )
        replacing.execute(
            text("UPDATE documents SET key = :key WHERE id = :id"),
            {"key": new_key, "id": resume["id"]},
        )
        deleting = pool.submit(live_api.delete, f"/api/documents/{resume['id']}", headers=alice)
        deadline = time.monotonic() + 5
        while not replacing.execute(
            text("SELECT count(*) FROM pg_locks WHERE NOT granted")
        ).scalar():
            assert time.monotonic() < deadline, "the delete never waited for the job's lock"
            time.sleep(0.02)
        replacing.commit()
        answer = deleting.result(timeout=10)
    assert answer.status_code == 409, answer.text
    assert "reload and try again" in answer.json()["detail"]
    read = live_api.get(f"/api/tracked/{job['id']}", headers=alice).json()
    assert read["has_resume"] is True
    assert [d["id"] for d in read["documents"]] == [resume["id"]]
