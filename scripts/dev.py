"""`make dev`: PostgreSQL, local S3, migrations and the app on 127.0.0.1:$PORT until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devstack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--data-dir", type=Path, default=devstack.DATA)
    args = parser.parse_args()

    # Ctrl-C and `kill` both end in the same orderly shutdown.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        lock = devstack.hold_lock(args.data_dir)
        if not devstack.port_is_free(args.port):
            raise devstack.StackError(
                f"port {args.port} is in use; run `make dev PORT=<another port>`"
            )
        started = time.monotonic()
        stack = devstack.start_stack(args.data_dir, database_url=os.environ.get("DATABASE_URL"))
    except devstack.StackError as exc:
        print(f"make dev: {exc}", file=sys.stderr)
        return 1

    dist = devstack.ROOT / "frontend" / "dist"
    env = {
        **os.environ,
        **stack.env,
        "AUTH_MODE": "dev",
        "DEV_JWT_SECRET": devstack.dev_secret(args.data_dir),
        "PYTHONPATH": str(devstack.ROOT / "backend"),
    }
    if dist.is_dir():
        env["FRONTEND_DIST"] = str(dist)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "jobtrack.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(args.port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=devstack.ROOT,
    )
    stack.stops.append(lambda: _terminate(server))
    try:
        url = f"http://127.0.0.1:{args.port}"
        devstack.wait_for_http(f"{url}/api/health", proc=server)
        page = "the Track page and the API" if dist.is_dir() else "the API (page not built)"
        print(
            f"\nTrack is ready in {time.monotonic() - started:.1f} s: {url}  "
            f"({page}; docs at {url}/api/docs). Data in {args.data_dir}. Ctrl-C stops it.\n",
            flush=True,
        )
        server.wait()
        return server.returncode or 0
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except devstack.StackError as exc:
        print(f"make dev: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        lock.close()


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
