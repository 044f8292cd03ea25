"""The committed OpenAPI document: written from the app, deterministic, and checked for staleness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scripts import load_script

generate_openapi = load_script("generate_openapi")


def test_the_committed_document_is_what_the_code_produces() -> None:
    assert generate_openapi.DEFAULT_OUT.read_text(encoding="utf-8") == (
        generate_openapi.openapi_document()
    )


def test_the_document_lists_every_route_of_the_app() -> None:
    document = json.loads(generate_openapi.openapi_document())
    assert {"/api/health", "/api/tracked", "/api/tracked/{job_id}/events/{event_id}"} <= set(
        document["paths"]
    )
    assert "TrackedJobRead" in document["components"]["schemas"]


def test_check_fails_on_a_stale_file_and_writing_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openapi.json"
    out.write_text('{"openapi": "3.1.0"}\n', encoding="utf-8")
    assert generate_openapi.main(["--check", "--out", str(out)]) == 1
    assert "run `make generate`" in capsys.readouterr().out
    assert generate_openapi.main(["--out", str(out)]) == 0
    assert generate_openapi.main(["--check", "--out", str(out)]) == 0
