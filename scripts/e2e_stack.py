"""Run a command against a throwaway copy of the real stack: `make test-e2e` uses it.

Starts what `make dev` starts (scripts/devstack.py: embedded PostgreSQL, migrations, the local
S3 endpoint, the mail catcher: TRACK_MAIL_URL) in a temporary data directory, serves the API and the built page with uvicorn on
a free port in dev auth mode, runs the command with TRACK_URL set, then stops everything.

    python scripts/e2e_stack.py -- node tests/e2e/journey.mjs
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devstack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-data", action="store_true", help="leave the temp data dir behind")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")

    dist = devstack.ROOT / "frontend" / "dist"
    if not (dist / "index.html").is_file():
        print("e2e: frontend/dist is missing; run `make frontend-build` first", file=sys.stderr)
        return 2

    data_dir = Path(tempfile.mkdtemp(prefix="track-e2e-"))
    data_dir.chmod(0o755)  # the embedded PostgreSQL runs as its own system user
    stack = None
    try:
        stack = devstack.start_stack(data_dir)
        url = devstack.serve_app(stack, devstack.free_port(), frontend_dist=dist)
        print(f"e2e: stack ready at {url} (data in {data_dir})", flush=True)
        env = {**os.environ, "TRACK_URL": url}
        if "DEV_MAIL_URL" in stack.env:  # the local mail catcher's page (tests/e2e/mail.mjs)
            env["TRACK_MAIL_URL"] = stack.env["DEV_MAIL_URL"]
        return subprocess.call(command, env=env)
    except devstack.StackError as exc:
        print(f"e2e: {exc}", file=sys.stderr)
        return 1
    finally:
        if stack is not None:
            stack.stop()
        if not args.keep_data:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
