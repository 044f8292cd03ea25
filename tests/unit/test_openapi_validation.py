"""The committed OpenAPI document is valid OpenAPI 3.1 for both validators, and the guard guards:
a document with a header declared without a schema (the defect that once went unnoticed) fails."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from jobtrack.main import OPENAPI_TAGS
from jobtrack.platform.http.responses import header
from tests.scripts import load_script

validate_openapi = load_script("validate_openapi")
COMMITTED: dict[str, Any] = json.loads(validate_openapi.DOCUMENT.read_text(encoding="utf-8"))
FEED = "/api/calendar/feed/{secret}.ics"


def _declared_headers(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for code, response in operation.get("responses", {}).items():
                for name, declared in response.get("headers", {}).items():
                    found.append((f"{method.upper()} {path} {code} {name}", declared))
    return found


def _without_etag_schema(document: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(document)
    del broken["paths"][FEED]["get"]["responses"]["200"]["headers"]["ETag"]["schema"]
    return broken


def test_the_committed_document_passes_both_validators(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate_openapi.main([]) == 0
    out = capsys.readouterr().out
    assert "openapi-spec-validator: openapi.json: OK" in out
    assert "spectral (.spectral.yaml): openapi.json: OK" in out


def test_every_declared_response_header_carries_a_schema() -> None:
    headers = _declared_headers(COMMITTED)
    assert any(name.endswith(" ETag") for name, _ in headers)  # the walk sees the feed's header
    assert [name for name, declared in headers if "schema" not in declared] == []


def test_every_operation_tag_is_declared_with_a_description() -> None:
    used = {
        tag
        for operations in COMMITTED["paths"].values()
        for operation in operations.values()
        for tag in operation.get("tags", [])
    }
    declared = {tag["name"]: tag.get("description") for tag in COMMITTED["tags"]}
    assert used == set(declared)
    assert all(declared.values())
    assert [tag["name"] for tag in OPENAPI_TAGS] == [tag["name"] for tag in COMMITTED["tags"]]


def test_a_header_without_a_schema_fails_the_spec_validator() -> None:
    errors = validate_openapi.spec_errors(_without_etag_schema(COMMITTED))
    assert errors
    assert any("ETag" in line for line in errors)


def test_a_header_without_a_schema_fails_spectral_and_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "openapi.json"
    broken.write_text(json.dumps(_without_etag_schema(COMMITTED)), encoding="utf-8")
    status, report = validate_openapi.spectral_findings(broken)
    assert status != 0
    assert "headers.ETag" in report
    assert validate_openapi.main([str(broken)]) == 1
    assert "failed" in capsys.readouterr().out


def test_a_missing_server_list_fails_spectral(tmp_path: Path) -> None:
    broken = copy.deepcopy(COMMITTED)
    del broken["servers"]
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(broken), encoding="utf-8")
    status, report = validate_openapi.spectral_findings(document)
    assert status != 0
    assert "oas3-api-servers" in report


def test_the_header_helper_refuses_a_header_without_a_schema() -> None:
    assert header("Strong.", {"type": "string"}) == {
        "description": "Strong.",
        "schema": {"type": "string"},
    }
    with pytest.raises(ValueError, match="needs a schema"):
        header("Strong.", {})


def test_a_dangling_reference_fails_the_spec_validator() -> None:
    broken = copy.deepcopy(COMMITTED)
    del broken["components"]["schemas"]["TrackedJobRead"]
    errors = validate_openapi.spec_errors(broken)
    assert any("TrackedJobRead" in line for line in errors)
