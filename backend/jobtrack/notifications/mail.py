"""The digest as a mail: a text part and an HTML part (Jinja2, autoescaped) listing every item
with a link to its job, and the RFC 8058 one-click unsubscribe headers. Pure: no I/O."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from jobtrack.notifications.schemas import Digest, DigestItem, SectionKind

TEMPLATES = Path(__file__).resolve().parent / "templates"

HEADINGS: dict[SectionKind, str] = {
    "today": "Today",
    "next_days": "Next 3 days",
    "follow_up": "Time to follow up",
}


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # .html escaped; the text part is plain text and is not.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def day(date: dt.date) -> str:
    """`Tuesday 8 December 2026`."""
    return f"{date:%A} {date.day} {date:%B %Y}"


def when(item: DigestItem) -> str:
    text = f"{item.date:%a} {item.date.day} {item.date:%b}"
    return f"{text}, {item.time:%H:%M}" if item.time else text


def job_url(page_url: str, job_id: int) -> str:
    return f"{page_url.rstrip('/')}/jobs/{job_id}"


def unsubscribe_url(api_url: str, token: str) -> str:
    return f"{api_url.rstrip('/')}/api/notifications/unsubscribe?token={quote(token, safe='')}"


def _context(digest: Digest, *, page_url: str, unsubscribe: str) -> dict[str, Any]:
    return {
        "digest": digest,
        "headings": HEADINGS,
        "day": day,
        "when": when,
        "job_url": functools.partial(job_url, page_url),
        "unsubscribe_url": unsubscribe,
    }


def render_text(digest: Digest, *, page_url: str, unsubscribe: str) -> str:
    context = _context(digest, page_url=page_url, unsubscribe=unsubscribe)
    return environment().get_template("digest.txt").render(context)


def render_html(digest: Digest, *, page_url: str, unsubscribe: str) -> str:
    context = _context(digest, page_url=page_url, unsubscribe=unsubscribe)
    return environment().get_template("digest.html").render(context)


def digest_message(
    digest: Digest, *, sender: str, to: str, page_url: str, unsubscribe: str
) -> EmailMessage:
    """The whole mail, ready for SMTP or SES's raw send."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = digest.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(digest, page_url=page_url, unsubscribe=unsubscribe))
    message.add_alternative(
        render_html(digest, page_url=page_url, unsubscribe=unsubscribe), subtype="html"
    )
    return message


# ---- the unsubscribe page ----------------------------------------------------------------

PAGE_STYLE = (
    ":root{color-scheme:light dark}"
    "body{margin:0;font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
    "background:Canvas;color:CanvasText}"
    "main{max-width:32rem;margin:12vh auto;padding:0 1.25rem}"
    "h1{font-size:1.5rem;margin:0 0 .5rem}"
    "button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #2454c5;"
    "background:#2454c5;color:#fff;cursor:pointer}"
    "button:focus-visible{outline:3px solid #8fb0ff;outline-offset:2px}"
)


def page_policy() -> str:
    """No script at all; the one inline style allowed by its hash; the form posts to us."""
    digest = base64.b64encode(hashlib.sha256(PAGE_STYLE.encode()).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )


def unsubscribe_page(*, done: bool, action: str) -> str:
    title = "You are unsubscribed" if done else "Unsubscribe from the Track digest"
    return (
        environment()
        .get_template("unsubscribe.html")
        .render(title=title, done=done, action=action, style=PAGE_STYLE)
    )
