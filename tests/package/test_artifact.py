"""The Lambda artifact that `make package` built, checked from the outside.

The zip holds the backend and wheels for the runtime and architecture named in the template,
and nothing else. Then it runs: unpacked into a temp folder and imported by Python 3.12 in
isolated mode (no project venv), it migrates a real PostgreSQL through the `migrate` handler
and answers API Gateway HTTP API (v2) events through the `api` handler, with a Cognito-style
RS256 token checked against a JWKS served locally.

This machine cannot execute aarch64 code, so for an arm64 artifact the run uses an x86_64
twin: the same requirement list installed with the same pip flags for manylinux x86_64,
trimmed exactly like the zip, plus the zip's own application files.
"""

from __future__ import annotations

import base64
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import create_engine, text

from jobtrack.schema_version import SCHEMA_VERSION
from tests.apigw_events import http_api_event
from tests.conftest import server_url

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / ".serverless"
ZIP = PACKAGE_DIR / "track.zip"
TEMPLATE = PACKAGE_DIR / "cloudformation-template-update-stack.json"
DRIVER = Path(__file__).with_name("artifact_driver.py")

APP_TOP_LEVELS = {"alembic.ini", "backend"}
FORBIDDEN_PARTS = {
    "frontend",
    "tests",
    "node_modules",
    ".data",
    ".venv",
    "venv",
    "scripts",
    "tools",
    "docs",
    "infra",
    ".git",
    ".serverless",
    "__pycache__",
    "jobtrack.egg-info",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
}
# Lambda architecture -> (platform tag machine, ELF e_machine)
ARCHITECTURES = {"arm64": ("aarch64", 183), "x86_64": ("x86_64", 62)}

POOL_ID = "us-east-1_ArtifactT"
CLIENT_ID = "artifact-test-client"
ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL_ID}"


# ---- what was built ------------------------------------------------------------------------


class _CloudFormationLoader(yaml.SafeLoader):
    """serverless.yml with its !Ref/!Sub/... tags read as plain values."""


_CloudFormationLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    if not ZIP.is_file() or not TEMPLATE.is_file():
        pytest.fail("no artifact in .serverless/: run `make package` (make test-package does)")
    return dict(json.loads(TEMPLATE.read_text()))


@pytest.fixture(scope="module")
def service() -> dict[str, Any]:
    text_ = (ROOT / "serverless.yml").read_text()
    return dict(yaml.load(text_, Loader=_CloudFormationLoader))


@pytest.fixture(scope="module")
def zip_names() -> list[str]:
    with zipfile.ZipFile(ZIP) as archive:
        return archive.namelist()


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory, template: dict[str, Any]) -> Path:
    target = tmp_path_factory.mktemp("artifact")
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(target)
    return target


def _function(template: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(template["Resources"][f"{name.capitalize()}LambdaFunction"]["Properties"])


def _architecture(template: dict[str, Any]) -> str:
    architectures = {
        tuple(_function(template, f).get("Architectures", ["x86_64"])) for f in ("api", "migrate")
    }
    assert len(architectures) == 1, f"functions disagree on the architecture: {architectures}"
    return str(architectures.pop()[0])


def _wheel_top_levels(names: list[str], unpacked: Path) -> set[str]:
    """Top-level names that some wheel's RECORD claims."""
    tops: set[str] = set()
    for record in (n for n in names if re.fullmatch(r"[^/]+\.dist-info/RECORD", n)):
        for line in (unpacked / record).read_text().splitlines():
            path = line.split(",", 1)[0]
            if path and not path.startswith(".."):
                tops.add(path.split("/", 1)[0])
    return tops


def _is_binary(path: str) -> bool:
    """Architecture-specific files, whose names differ between the arm64 and x86_64 wheels."""
    name = path.rsplit("/", 1)[-1]
    return ".so" in name or any(part.endswith(".libs") for part in path.split("/"))


# ---- the zip's contents --------------------------------------------------------------------


def test_template_runs_the_handlers_on_python312(template: dict[str, Any]) -> None:
    api, migrate = _function(template, "api"), _function(template, "migrate")
    assert api["Runtime"] == migrate["Runtime"] == "python3.12"
    assert api["Handler"] == "jobtrack.lambda_handler.handler"
    assert migrate["Handler"] == "jobtrack.migrate_handler.handler"
    assert api["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    env = api["Environment"]["Variables"]
    assert env["AUTH_MODE"] == "cognito"
    assert (env["DB_POOL_SIZE"], env["DB_MAX_OVERFLOW"]) == ("1", "0")
    # No URL in the template: the functions read their secrets at run time.
    assert "DATABASE_URL" not in env
    assert env["DATABASE_SECRET_ARN"] == {"Ref": "ApiDatabaseSecret"}
    assert "/var/runtime" in env["PYTHONPATH"].split(":")


def test_expired_idempotency_keys_are_deleted_every_hour(template: dict[str, Any]) -> None:
    cleanup = _function(template, "cleanup")
    assert cleanup["Handler"] == "jobtrack.idempotency.cleanup.handler"
    rules = [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Events::Rule"
    ]
    assert any(
        rule["ScheduleExpression"] == "rate(1 hour)"
        and any("CleanupLambdaFunction" in str(target["Arn"]) for target in rule["Targets"])
        for rule in rules
    ), rules


def test_page_routes_answer_index_html_and_files_keep_their_own_answer(
    template: dict[str, Any],
) -> None:
    """CloudFront's viewer-request function, run in Node on the paths the page sees."""
    function = template["Resources"]["PageRouteFunction"]["Properties"]
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    behaviour = template["Resources"]["PageDistribution"]["Properties"]["DistributionConfig"][
        "DefaultCacheBehavior"
    ]
    assert behaviour["FunctionAssociations"][0]["EventType"] == "viewer-request"
    paths = ["/", "/jobs/12", "/board", "/assets/index-1a2b.js", "/config.json", "/favicon.svg"]
    script = (
        function["FunctionCode"]
        + f"for (const uri of {json.dumps(paths)}) "
        + "console.log(handler({request: {uri}}).uri);"
    )
    node = shutil.which("node")
    assert node is not None, "node is needed to run the CloudFront function"
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == [
        "/index.html",
        "/index.html",
        "/index.html",
        "/assets/index-1a2b.js",
        "/config.json",
        "/favicon.svg",
    ]


def test_zip_holds_the_backend_and_wheels_only(zip_names: list[str], unpacked: Path) -> None:
    def forbidden_path(name: str) -> bool:
        parts = name.split("/")
        # Project folders at the root or inside backend/ (wheels may have their own docs/).
        project_parts = set(parts) if parts[0] == "backend" else {parts[0]}
        return (
            bool(project_parts & FORBIDDEN_PARTS)
            or "__pycache__" in parts
            or name.endswith((".pyc", ".pyo"))
        )

    assert [n for n in zip_names if forbidden_path(n)] == []

    app_files = [n for n in zip_names if n.split("/", 1)[0] in APP_TOP_LEVELS]
    assert {n.split("/")[1] for n in app_files if n.startswith("backend/")} == {
        "jobtrack",
        "alembic",
    }
    for required in (
        "alembic.ini",
        "backend/jobtrack/lambda_handler.py",
        "backend/jobtrack/migrate_handler.py",
        "backend/jobtrack/platform/aws/snapstart.py",
        "backend/alembic/env.py",
    ):
        assert required in zip_names
    assert any(n.startswith("backend/alembic/versions/") for n in zip_names)

    tops = {n.split("/", 1)[0] for n in zip_names}
    unclaimed = tops - APP_TOP_LEVELS - _wheel_top_levels(zip_names, unpacked)
    assert unclaimed == set(), "files in the zip that no wheel installed"

    wanted = {
        re.sub(r"[-_.]+", "_", line.split("==")[0]).lower()
        for line in (ROOT / "requirements/runtime.txt").read_text().splitlines()
        if line and not line.startswith(("#", "-"))
    }
    shipped = {
        re.sub(r"[-_.]+", "_", n.split("-")[0]).lower() for n in tops if n.endswith(".dist-info")
    }
    assert wanted - shipped == set(), "pinned runtime requirements missing from the zip"


def test_wheels_match_runtime_and_architecture(
    template: dict[str, Any], zip_names: list[str], unpacked: Path
) -> None:
    machine, elf_machine = ARCHITECTURES[_architecture(template)]
    for wheel_file in (n for n in zip_names if re.fullmatch(r"[^/]+\.dist-info/WHEEL", n)):
        for tag in re.findall(r"^Tag: (\S+)$", (unpacked / wheel_file).read_text(), re.M):
            python, abi, plat = tag.split("-")
            if plat == "any":
                assert abi == "none", tag
                assert python.startswith("py"), tag
            else:
                assert python == "cp312" or abi == "abi3", f"{wheel_file}: {tag}"
                assert re.fullmatch(rf"manylinux(2014|_2_\d+)_{machine}", plat), tag

    shared_objects = [n for n in zip_names if re.search(r"\.so(\.|$)", n)]
    assert shared_objects, "expected compiled wheels (pydantic-core, psycopg2, cryptography)"
    for name in shared_objects:
        header = (unpacked / name).read_bytes()[:20]
        assert header[:4] == b"\x7fELF", name
        assert int.from_bytes(header[18:20], "little") == elf_machine, f"{name}: wrong machine"
        tag = re.search(r"\.cpython-(\d+)-([a-z0-9_]+)-linux-gnu\.so$", name)
        if tag:
            assert tag.groups() == ("312", machine), name


# ---- the artifact, running ------------------------------------------------------------------


def _python312() -> str:
    candidates = [os.environ.get("PYTHON312", "")]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    candidates += sorted(str(p) for p in Path(pyenv_root).glob("versions/3.12.*/bin/python"))
    candidates.append(shutil.which("python3.12") or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("Python 3.12 not found: install it with pyenv or set PYTHON312")


def _pip_flags(service: dict[str, Any], machine: str) -> list[str]:
    flags = [str(f) for f in service["custom"]["pythonRequirements"]["pipCmdExtraArgs"]]
    return [re.sub(r"(aarch64|x86_64)$", machine, f) for f in flags]


@pytest.fixture(scope="module")
def runnable(
    template: dict[str, Any],
    service: dict[str, Any],
    zip_names: list[str],
    unpacked: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The unpacked zip itself when this machine can run its architecture, else its twin."""
    machine, _ = ARCHITECTURES[_architecture(template)]
    if platform.machine() == machine:
        return unpacked

    twin = tmp_path_factory.mktemp("twin")
    requirements = ROOT / service["custom"]["pythonRequirements"]["fileName"]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--target",
            str(twin),
            *_pip_flags(service, platform.machine()),
            "-r",
            str(requirements),
        ],
        check=True,
        timeout=600,
    )
    # Trim like the zip (slim patterns, botocore models), then prove the twin is faithful.
    in_zip = {n for n in zip_names if not n.endswith("/")}
    for path in sorted(twin.rglob("*"), reverse=True):
        relative = path.relative_to(twin).as_posix()
        if path.is_file() and relative not in in_zip and not _is_binary(relative):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    missing = sorted(
        n
        for n in in_zip - APP_TOP_LEVELS
        if not n.startswith("backend/") and not _is_binary(n) and not (twin / n).exists()
    )
    assert missing == [], "the twin differs from the zip"
    shutil.copy2(unpacked / "alembic.ini", twin / "alembic.ini")
    shutil.copytree(unpacked / "backend", twin / "backend")
    return twin


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(signing_key: rsa.RSAPrivateKey) -> Iterator[str]:
    """The pool's JWKS, served on loopback the way Cognito serves it."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "artifact-key", "alg": "RS256", "use": "sig"}]})

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 200 if self.path == "/jwks.json" else 404
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode() if status == 200 else b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()
    server.server_close()


def _token(key: rsa.RSAPrivateKey, *, sub: str, client_id: str = CLIENT_ID) -> str:
    now = int(time.time())
    claims = {
        "sub": sub,
        "iss": ISSUER,
        "token_use": "access",
        "client_id": client_id,
        "scope": "openid email",
        "iat": now,
        "exp": now + 600,
    }
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": "artifact-key"})


@pytest.fixture(scope="module")
def artifact_database(pg_server: Any) -> str:
    admin = create_engine(server_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS jobtrack_artifact"))
        connection.execute(text("CREATE DATABASE jobtrack_artifact"))
    admin.dispose()
    # The bare postgresql:// form an operator stores in SSM; the app picks the driver.
    url = server_url(pg_server).replace("/postgres?", "/jobtrack_artifact?", 1)
    return url.replace("postgresql+psycopg2://", "postgresql://", 1)


def _run_artifact(
    runnable: Path,
    template: dict[str, Any],
    tmp_path: Path,
    *,
    env: dict[str, str],
    calls: list[dict[str, Any]],
    snapstart: bool = False,
) -> dict[str, Any]:
    """Import both handlers under Python 3.12 -I inside the artifact and invoke `calls`."""
    api = _function(template, "api")
    python_path = api["Environment"]["Variables"]["PYTHONPATH"].split(":")
    # Lambda's task root is /var/task; /var/runtime (the runtime's own code) has no twin here.
    sys_path = [str(runnable)] + [
        p.replace("/var/task", str(runnable), 1) for p in python_path if p.startswith("/var/task")
    ]
    spec = {
        "root": str(runnable),
        "sys_path": sys_path,
        "handlers": {
            "api": api["Handler"],
            "migrate": _function(template, "migrate")["Handler"],
        },
        "top_levels": sorted(
            {p.name.split(".")[0].split("-")[0] for p in runnable.iterdir()} | {"jobtrack"}
        ),
        "calls": calls,
        "snapstart": snapstart,
    }
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    base_env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",
        "RESUME_BUCKET": "track-artifact-test",
    }
    completed = subprocess.run(
        [_python312(), "-I", str(DRIVER), str(spec_file)],
        env={**base_env, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    assert "Traceback" not in completed.stderr, completed.stderr[-4000:]
    output = dict(json.loads(completed.stdout))
    assert output["python"][:2] == [3, 12]
    assert output["flags"] == {"isolated": 1, "ignore_environment": 1}
    assert Path(output["jobtrack_file"]).resolve().is_relative_to(runnable.resolve())
    assert output["strays"] == [], "modules loaded from outside the artifact"
    return output


def _body(response: dict[str, Any]) -> Any:
    body = response["body"]
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    return json.loads(body) if body else None


def test_import_connects_to_nothing(
    runnable: Path, template: dict[str, Any], tmp_path: Path
) -> None:
    """Only the documented configuration variables set, and a database that does not answer: import works."""
    env = {
        "DATABASE_URL": "postgresql://track:secret@127.0.0.1:9/none",
        "AUTH_MODE": "cognito",
        "COGNITO_USER_POOL_ID": POOL_ID,
        "COGNITO_CLIENT_ID": CLIENT_ID,
        "CORS_ORIGINS": "https://page.example",
    }
    output = _run_artifact(runnable, template, tmp_path, env=env, calls=[])
    assert output["results"] == []


def test_artifact_migrates_and_serves_v2_events(
    runnable: Path,
    template: dict[str, Any],
    tmp_path: Path,
    artifact_database: str,
    jwks_url: str,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    env = {
        "DATABASE_URL": artifact_database,
        "AUTH_MODE": "cognito",
        "COGNITO_USER_POOL_ID": POOL_ID,
        "COGNITO_CLIENT_ID": f"{CLIENT_ID},another-client",
        "COGNITO_JWKS_URL": jwks_url,
        "CORS_ORIGINS": "https://page.example",
        "DB_POOL_SIZE": "1",
        "DB_MAX_OVERFLOW": "0",
    }
    alice = _token(signing_key, sub="alice-sub")
    stranger_client = _token(signing_key, sub="alice-sub", client_id="someone-elses-client")
    new_job = {"company": "Acme", "title": "Backend Engineer", "notes": {"salary": "150k"}}

    def api(event: dict[str, Any]) -> dict[str, Any]:
        return {"function": "api", "event": event}

    migrate = {"function": "migrate", "event": {}}
    calls = [
        migrate,
        api(http_api_event("GET", "/api/health")),
        api(http_api_event("GET", "/api/tracked", token=alice, query={"limit": "5"})),
        api(
            http_api_event("POST", "/api/tracked", token=alice, json_body=new_job, base64_body=True)
        ),
        api(http_api_event("GET", "/api/tracked", token=alice, query={"stage": "saved"})),
        api(http_api_event("GET", "/api/tracked")),
        api(http_api_event("GET", "/api/tracked", token=stranger_client)),
        migrate,
        # SnapStart: restored from a snapshot, the pool is discarded and the API still serves.
        {"function": "restore", "event": None},
        api(http_api_event("GET", "/api/tracked", token=alice)),
    ]
    output = _run_artifact(runnable, template, tmp_path, env=env, calls=calls, snapstart=True)
    (migrated, health, empty, created, listed, anonymous, wrong_client, again, restored,
     after_restore) = output["results"]  # fmt: skip

    assert migrated["previous"] is None
    assert migrated["current"] == migrated["head"] is not None
    assert again == {**again, "previous": migrated["head"], "upgraded": False}

    assert health["statusCode"] == 200, health
    assert _body(health) == {"status": "ok", "database": "ok", "schema_version": SCHEMA_VERSION}
    assert health["headers"]["cache-control"] == "no-store"

    assert empty["statusCode"] == 200, empty
    assert _body(empty) == {"items": [], "next_cursor": None}

    assert created["statusCode"] == 201, created
    job = _body(created)
    assert (job["company"], job["stage"], job["events"]) == ("Acme", "saved", [])
    assert job["notes"]["salary"] == "150k"

    assert listed["statusCode"] == 200, listed
    assert [item["id"] for item in _body(listed)["items"]] == [job["id"]]

    assert anonymous["statusCode"] == 401
    assert wrong_client["statusCode"] == 401

    assert output["hooks"] == {"before": 1, "after": 1}
    assert restored == {"restored": 1}
    assert after_restore["statusCode"] == 200
    assert len(_body(after_restore)["items"]) == 1


def test_artifact_writes_calendar_files(
    runnable: Path,
    template: dict[str, Any],
    tmp_path: Path,
    artifact_database: str,
    jwks_url: str,
    signing_key: rsa.RSAPrivateKey,
) -> None:
    """The calendar's iCalendar writer (icalendar, imported on first use) and the time zones
    work from the artifact: one event's file and a feed."""
    import hashlib

    migrate = [{"function": "migrate", "event": {}}]
    run = _run_artifact(
        runnable, template, tmp_path, env={"DATABASE_URL": artifact_database}, calls=migrate
    )
    assert run["results"][0]["current"] is not None
    secret = "artifact-feed-secret-0123456789-abcdefghijkl"
    engine = create_engine(artifact_database.replace("postgresql://", "postgresql+psycopg2://"))
    with engine.begin() as connection:
        job_id = connection.execute(
            text(
                "INSERT INTO job_tracking (user_id, company, title, stage)"
                " VALUES ('calendar-sub', 'Acme, Inc.', 'Engineer', 'interview') RETURNING id"
            )
        ).scalar_one()
        event_id = connection.execute(
            text(
                "INSERT INTO tracking_events (job_id, event_type, event_date, event_time)"
                " VALUES (:job, 'interview', CURRENT_DATE + 3, '14:30') RETURNING id"
            ),
            {"job": job_id},
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO calendar_feeds (user_id, secret_hash, timezone)"
                " VALUES ('calendar-sub', :hash, 'Europe/Berlin')"
            ),
            {"hash": hashlib.sha256(secret.encode()).hexdigest()},
        )
    engine.dispose()
    env = {
        "DATABASE_URL": artifact_database,
        "AUTH_MODE": "cognito",
        "COGNITO_USER_POOL_ID": POOL_ID,
        "COGNITO_CLIENT_ID": CLIENT_ID,
        "COGNITO_JWKS_URL": jwks_url,
    }
    token = _token(signing_key, sub="calendar-sub")
    path = f"/api/tracked/{job_id}/events/{event_id}/ics"
    calls = [
        {"function": "api", "event": http_api_event("GET", path, token=token)},
        {
            "function": "api",
            "event": http_api_event(
                "GET", path, token=token, query={"timezone": "America/New_York"}
            ),
        },
        {"function": "api", "event": http_api_event("GET", f"/api/calendar/feed/{secret}.ics")},
    ]
    in_utc, in_new_york, feed = _run_artifact(runnable, template, tmp_path, env=env, calls=calls)[
        "results"
    ]
    for response in (in_utc, in_new_york, feed):
        assert response["statusCode"] == 200, response
        assert response["headers"]["content-type"] == "text/calendar; charset=utf-8"
    assert "BEGIN:VEVENT" in in_utc["body"]
    assert "T143000Z" in in_utc["body"]
    assert "DTSTART;TZID=America/New_York:" in in_new_york["body"]
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin" in feed["body"]
    assert "SUMMARY:Interview · Acme\\, Inc." in feed["body"]


# ---- presigned URLs against the page's CSP -----------------------------------------------

PRESIGN_SCRIPT = """
import json, sys
sys.path[:0] = json.loads(sys.argv[1])
import botocore
from jobtrack.platform.aws.object_store import ObjectStore, build_client
from jobtrack.platform.settings import Settings
urls = {"botocore": botocore.__file__}
for region in json.loads(sys.argv[2]):
    settings = Settings(aws_region=region, s3_endpoint_url=None)
    client = build_client(settings, aws_access_key_id="AKIA", aws_secret_access_key="x")
    bucket = f"track-prod-resumes-123456789012-{region}"  # the stack's name for it
    store = ObjectStore(bucket=bucket, client=lambda client=client: client)
    urls[region] = [
        store.presign_upload("pending/u/k.pdf", size=10, content_type="application/pdf"),
        store.presign_download(
            "resumes/u/k.pdf", content_type="application/pdf", content_disposition="inline"
        ),
    ]
print(json.dumps(urls))
"""


def _csp_allows(sources: list[str], url: str) -> bool:
    """CSP host-source matching for the forms the policy uses (scheme://host, *.host)."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    for source in sources:
        source_scheme, _, source_host = source.partition("://")
        if source_scheme != scheme:
            continue
        if source_host.startswith("*."):
            if host.endswith(source_host[1:]) and len(host) > len(source_host) - 1:
                return True
        elif host == source_host:
            return True
    return False


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_the_packaged_botocore_presigns_urls_the_page_csp_allows(
    runnable: Path, template: dict[str, Any], tmp_path: Path, region: str
) -> None:
    """The page uploads and previews through presigned URLs; connect-src must allow them."""
    api = _function(template, "api")
    python_path = api["Environment"]["Variables"]["PYTHONPATH"].split(":")
    sys_path = [str(runnable)] + [
        p.replace("/var/task", str(runnable), 1) for p in python_path if p.startswith("/var/task")
    ]
    completed = subprocess.run(
        [_python312(), "-I", "-c", PRESIGN_SCRIPT, json.dumps(sys_path), json.dumps([region])],
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    output = json.loads(completed.stdout)
    assert Path(output["botocore"]).resolve().is_relative_to(runnable.resolve())

    headers = template["Resources"]["PageSecurityHeaders"]["Properties"]
    policy = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = policy["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    bucket = f"track-prod-resumes-123456789012-{region}"
    csp = csp.replace("${AWS::StackName}-resumes-${AWS::AccountId}-${AWS::Region}", bucket)
    csp = csp.replace("${AWS::Region}", region)
    [connect] = [d.split()[1:] for d in csp.split(";") if d.split()[:1] == ["connect-src"]]
    for url in output[region]:
        assert url.startswith(f"https://{bucket}.s3.{region}.amazonaws.com/"), url
        assert _csp_allows(connect, url), f"{url} is not allowed by connect-src {connect}"
