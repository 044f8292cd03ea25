"""The built page as `make dev` serves it: deep links answer index.html, missing assets 404,
the dev config.json, and the Host check that keeps DNS-rebinding pages out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jobtrack.main import create_app
from jobtrack.platform.settings import Settings
from tests.conftest import TEST_SECRET

INDEX = "<!doctype html><title>Track</title>"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)", encoding="utf-8")
    return tmp_path


def page_client(dist: Path, **settings: Any) -> TestClient:
    app = create_app(Settings(dev_jwt_secret=TEST_SECRET, frontend_dist=str(dist), **settings))
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("path", ["/", "/jobs/12", "/board", "/calendar?month=2026-02"])
def test_page_routes_answer_index_html(dist: Path, path: str) -> None:
    response = page_client(dist, auth_mode="dev").get(path)
    assert response.status_code == 200
    assert response.text == INDEX


def test_files_are_served_and_a_missing_asset_is_a_real_404(dist: Path) -> None:
    client = page_client(dist, auth_mode="dev")
    assert client.get("/assets/app.js").text == "console.log(1)"
    assert client.get("/assets/gone.js").status_code == 404
    assert client.get("/api/no-such-route").status_code == 404
    assert client.post("/jobs/12").status_code in (404, 405)


def test_dev_mode_answers_the_pages_config(dist: Path) -> None:
    response = page_client(dist, auth_mode="dev").get("/config.json")
    assert response.json() == {"authMode": "dev", "apiUrl": ""}
    # In cognito mode the deployed config.json sits next to the page; none is made up here.
    assert page_client(dist, auth_mode="cognito").get("/config.json").status_code == 404


def test_only_the_allowed_host_names_are_answered(dist: Path) -> None:
    client = page_client(dist, auth_mode="dev", allowed_hosts=["127.0.0.1", "localhost"])
    ok = client.post(
        "/api/auth/dev-token", json={"sub": "alice"}, headers={"Host": "127.0.0.1:8000"}
    )
    assert ok.status_code == 200
    rebound = client.post(
        "/api/auth/dev-token", json={"sub": "alice"}, headers={"Host": "evil.example:8000"}
    )
    assert rebound.status_code == 400
    assert "access_token" not in rebound.text


def test_every_page_answer_carries_the_content_security_policy(dist: Path) -> None:
    client = page_client(dist, auth_mode="dev", s3_endpoint_url="http://127.0.0.1:4569/")
    for path in ("/", "/jobs/12", "/assets/app.js"):
        policy = client.get(path).headers["content-security-policy"]
        directives = dict(d.split(" ", 1) for d in policy.split("; "))
        assert directives["script-src"] == "'self'"  # no inline script
        assert directives["frame-ancestors"] == "'none'"
        # The page's own API and the resume store, nothing else.
        assert directives["connect-src"] == "'self' http://127.0.0.1:4569"
        assert "unsafe" not in policy
    # API answers are JSON, not documents: the policy is the page's.
    assert "content-security-policy" not in client.get("/api/health").headers
