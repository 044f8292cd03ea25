"""`make dev`: PostgreSQL, local S3, a mail catcher, migrations and the app on 127.0.0.1:$PORT
until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devstack


def _stop_on_sigterm(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--data-dir", type=Path, default=devstack.DATA)
    args = parser.parse_args()

    # Ctrl-C and `kill` both end in the same orderly shutdown.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
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
    has_page = (dist / "index.html").is_file()
    try:
        url = devstack.serve_app(stack, args.port, frontend_dist=dist if has_page else None)
        page = "the Track page and the API" if has_page else "the API (page not built)"
        print(
            f"\nTrack is ready in {time.monotonic() - started:.1f} s: {url}  "
            f"({page}; docs at {url}/api/docs). Data in {args.data_dir}. Ctrl-C stops it.",
            flush=True,
        )
        mail = stack.env.get("DEV_MAIL_URL")
        print(
            f"Mail: read what the digest sends at {mail}"
            if mail
            else f"Mail: sent through SMTP_URL ({os.environ.get('SMTP_URL')})",
            "(run the sender: POST /api/dev/notifications/run)\n",
            flush=True,
        )
        assert stack.server is not None
        return stack.server.wait() or 0
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except devstack.StackError as exc:
        print(f"make dev: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        lock.close()


if __name__ == "__main__":
    sys.exit(main())
