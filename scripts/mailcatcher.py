"""The local mail catcher of `make dev`: a real SMTP server (aiosmtpd) that keeps every message
it receives as an .eml file, and a small web page listing them and showing each one.

    python scripts/mailcatcher.py --smtp-port 1025 --http-port 1080 --dir .data/mail

`/` lists the messages (newest first), `/messages/<name>` shows one (headers, the text part,
the HTML part in a sandboxed frame), `/messages/<name>.html` is its HTML part alone,
`/messages.json` the list for scripts, `/health` answers when both servers run.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import html
import itertools
import json
import re
import signal
import sys
import threading
import time
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

_NAME = re.compile(r"[0-9]+-[0-9]+\.eml")
_counter = itertools.count()


class Keeper:
    """aiosmtpd's handler: every message as `<ms since epoch>-<n>.eml` in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{int(time.time() * 1000)}-{next(_counter)}.eml"
        (self.directory / name).write_bytes(envelope.content)
        return "250 Message accepted for delivery"


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _part(message: EmailMessage, subtype: str) -> str:
    body = message.get_body((subtype,))
    return str(body.get_content()) if body is not None else ""


def messages(directory: Path) -> list[dict[str, str]]:
    found = []
    for path in sorted(directory.glob("*.eml"), reverse=True):
        message = _read(path)
        found.append(
            {
                "name": path.name,
                "to": str(message["To"] or ""),
                "subject": str(message["Subject"] or ""),
                "date": str(message["Date"] or ""),
                "list_unsubscribe": str(message["List-Unsubscribe"] or ""),
            }
        )
    return found


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>{title}</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}td,th{{text-align:left;padding:.4rem;border-bottom:1px solid #8884}}
pre{{white-space:pre-wrap}}iframe{{width:100%;height:70vh;border:1px solid #8886}}</style>
</head><body>{body}</body></html>"""


class Pages(BaseHTTPRequestHandler):
    directory: Path

    def log_message(self, format: str, *args: Any) -> None:
        return None  # quiet: make dev prints its own lines

    def _send(self, status: int, body: str, content_type: str, csp: str | None = None) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/health":
            self._send(200, "ok", "text/plain")
        elif path == "/favicon.ico":  # none: say so without an error in the browser's console
            self.send_response(204)
            self.end_headers()
        elif path == "/messages.json":
            self._send(200, json.dumps(messages(self.directory)), "application/json")
        elif path == "/":
            rows = "".join(
                f'<tr><td><a href="/messages/{m["name"]}">{html.escape(m["subject"])}</a></td>'
                f"<td>{html.escape(m['to'])}</td><td>{html.escape(m['date'])}</td></tr>"
                for m in messages(self.directory)
            )
            body = "<h1>Mail caught by make dev</h1>" + (
                f"<table><tr><th>Subject</th><th>To</th><th>Date</th></tr>{rows}</table>"
                if rows
                else "<p>No mail yet. Turn the digest on in the page's settings and run "
                "the sender: <code>POST /api/dev/notifications/run</code>.</p>"
            )
            self._send(200, PAGE.format(title="Mail", body=body), "text/html; charset=utf-8")
        elif path.startswith("/messages/"):
            name = path.removeprefix("/messages/")
            as_html = name.endswith(".eml.html")
            name = name.removesuffix(".html")
            file = self.directory / name
            if _NAME.fullmatch(name) is None or not file.is_file():
                self._send(404, "no such message", "text/plain")
                return
            message = _read(file)
            if as_html:
                # The mail's own HTML, as a mail client would show it: no script, no framing
                # by other sites.
                self._send(
                    200,
                    _part(message, "html"),
                    "text/html; charset=utf-8",
                    csp="default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                    "frame-ancestors 'self'",
                )
                return
            headers = "".join(
                f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                for k, v in message.items()
                if k in ("From", "To", "Subject", "Date", "List-Unsubscribe",
                         "List-Unsubscribe-Post")
            )  # fmt: skip
            body = (
                f'<p><a href="/">All mail</a></p><table>{headers}</table>'
                f'<h2>HTML part</h2><iframe sandbox="allow-popups allow-top-navigation-by-user-activation" '
                f'src="/messages/{name}.html" title="The HTML part"></iframe>'
                f"<h2>Text part</h2><pre>{html.escape(_part(message, 'plain'))}</pre>"
            )
            self._send(
                200,
                PAGE.format(title=html.escape(str(message["Subject"])), body=body),
                "text/html; charset=utf-8",
            )
        else:
            self._send(404, "not found", "text/plain")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    controller = Controller(Keeper(args.dir), hostname="127.0.0.1", port=args.smtp_port)
    controller.start()
    handler = type("BoundPages", (Pages,), {"directory": args.dir})
    web = ThreadingHTTPServer(("127.0.0.1", args.http_port), handler)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        web.shutdown()
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
