"""A posting's pure rules: the canonical form of a job URL and a description made safe.

Both the capture (which reads postings out of pages) and the job writes (which store them)
use these, so a description is made safe by one allow-list whatever the way it arrived, and
a URL compares equal to the same posting's URL with tracking parameters or a fragment.
No I/O here; the HTML is parsed by lexbor (selectolax) and cleaned by ammonia (nh3).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

DESCRIPTION_MAX_CHARS: Final = 100_000

EMPLOYMENT_TYPES: Final = (
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
)
SALARY_UNITS: Final = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")

ALLOWED_TAGS: Final = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "h2", "h3", "h4", "blockquote", "a"}
)
LINK_REL: Final = "noopener noreferrer nofollow"
# Elements whose end starts a new paragraph in the text form.
_BLOCKS: Final = frozenset({"p", "ul", "ol", "li", "h2", "h3", "h4", "blockquote"})

# Query parameters that say where a click came from, never which posting it is.
TRACKING_PARAMS: Final = frozenset(
    {"gh_src", "ref", "source", "src", "trk", "refid", "trackingid", "lever-source", "lever-origin"}
)
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_LINKEDIN_HOSTS: Final = frozenset({"linkedin.com", "www.linkedin.com"})
# A tag name right after `&lt;` (or `&lt;/`): the text is HTML escaped once more.
_ESCAPED_TAG: Final = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*[\s/&]")
_REAL_TAG: Final = re.compile(r"<\s*/?\s*[a-zA-Z]")


@dataclass(frozen=True, slots=True)
class SafeDescription:
    html: str
    text: str


def canonical_job_url(url: str) -> str:
    """The URL that identifies a posting: scheme and host lower-cased, the default port and the
    fragment dropped, tracking parameters removed and the rest sorted; LinkedIn's search page
    with `currentJobId=N` becomes the job's own page."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMS
    ]
    if host in _LINKEDIN_HOSTS:
        job_id = next((value for name, value in query if name == "currentJobId"), "")
        if job_id.isdigit():
            return f"https://www.linkedin.com/jobs/view/{job_id}/"
    netloc = host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    if parts.username or parts.password:
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path, urlencode(sorted(query)), ""))


def _only_web_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        scheme = urlsplit(value.strip()).scheme.lower()
        return value if scheme in ("http", "https") else None
    return value


_CLEANER: Final = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style", "template", "svg", "math", "iframe", "noscript"},
    attributes={"a": {"href"}},
    attribute_filter=_only_web_links,
    url_schemes={"http", "https"},
    link_rel=LINK_REL,
    strip_comments=True,
)


def _as_html(description: str) -> str:
    """HTML escaped once more is unescaped; plain text becomes paragraphs (a blank line between
    them, a line break within one)."""
    if not _REAL_TAG.search(description) and _ESCAPED_TAG.search(description):
        description = html.unescape(description)
    if _REAL_TAG.search(description):
        return description
    paragraphs = re.split(r"\n\s*\n", description.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in block.split("\n")) + "</p>"
        for block in paragraphs
        if block.strip()
    )


def _text_of(clean_html: str) -> str:
    """The description's text: its paragraphs (blocks and list items) separated by a blank
    line. Walked with an explicit stack, so deep nesting cannot exhaust Python's stack."""
    body = LexborHTMLParser(clean_html).body
    if body is None:
        return ""
    out: list[str] = []
    stack: list[LexborNode | str] = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        if item.tag == "-text":
            out.append(item.text(deep=False) or "")
            continue
        if item.tag == "br":
            out.append("\n")
            continue
        block = item.tag in _BLOCKS
        if block:
            stack.append("\n\n")
        stack.extend(reversed(list(item.iter(include_text=True))))
        if block:
            out.append("\n\n")
    lines = "".join(out).split("\n\n")
    paragraphs = (re.sub(r"[ \t\f\v]+", " ", block).strip() for block in lines)
    text = "\n\n".join(block for block in paragraphs if block)
    return re.sub(r" *\n *", "\n", text)


def safe_description(description: str) -> SafeDescription:
    """The description as safe HTML (the allow-list above; links http(s) only, with
    `rel="noopener noreferrer nofollow"`) and as text, each at most 100,000 characters."""
    clean = _CLEANER.clean(_as_html(description))
    limit = DESCRIPTION_MAX_CHARS
    while len(clean) > DESCRIPTION_MAX_CHARS:
        # Cut the safe HTML outside any tag or entity and clean it again: ammonia closes what
        # the cut left open, which may add a little, so cut that much more next time.
        limit -= len(clean) - DESCRIPTION_MAX_CHARS if limit < DESCRIPTION_MAX_CHARS else 0
        cut = clean[:limit]
        if cut.rfind("<") > cut.rfind(">"):
            cut = cut[: cut.rfind("<")]
        if cut.rfind("&") > cut.rfind(";"):
            cut = cut[: cut.rfind("&")]
        clean = _CLEANER.clean(cut)
        limit = min(limit, len(cut)) - 1
    return SafeDescription(html=clean, text=_text_of(clean)[:DESCRIPTION_MAX_CHARS])
