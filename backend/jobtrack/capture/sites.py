"""Sites whose pages carry no schema.org `JobPosting`: one small reader each, shaped after the
pages' public markup. Each returns the posting's fields, or None when the page is not theirs."""

from __future__ import annotations

import json
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobtrack.capture import fields
from jobtrack.capture.fields import Fields

# A description longer than this is cut before it is sanitised (the result keeps 100,000).
DESCRIPTION_INPUT_MAX: Final = 400_000
_REMIX_MARKER: Final = "window.__remixContext"


def inner_html(node: LexborNode) -> str:
    """The node's content as HTML (without the node's own tag), cut to the sanitiser's budget."""
    return "".join(child.html or "" for child in node.iter(include_text=True))[
        :DESCRIPTION_INPUT_MAX
    ]


def greenhouse(tree: LexborHTMLParser) -> Fields | None:
    """Greenhouse's boards: the job in `window.__remixContext`, its HTML escaped twice."""
    for script in tree.css("script"):
        text = script.text(deep=True) or ""
        start = text.find(_REMIX_MARKER)
        if start < 0:
            continue
        brace = text.find("{", start)
        try:
            data, _ = json.JSONDecoder().raw_decode(text, brace)
        except (ValueError, RecursionError):
            return None
        job = _greenhouse_job(data)
        if job is None:
            return None
        return {
            "title": fields.name(job.get("title")),
            "company": fields.name(job.get("company_name")),
            "location": fields.name(job.get("job_post_location")),
            "date_posted": fields.date(job.get("published_at")),
            "employment_type": fields.employment_type(job.get("employment_type")),
            **fields.description(str(job.get("content") or "")[:DESCRIPTION_INPUT_MAX]),
        }
    return None


def _greenhouse_job(data: Any) -> dict[str, Any] | None:
    """The `jobPost` object of the route's loader data."""
    loader = data.get("state", {}).get("loaderData") if isinstance(data, dict) else None
    if not isinstance(loader, dict):
        return None
    for route in loader.values():
        job = route.get("jobPost") if isinstance(route, dict) else None
        if isinstance(job, dict) and job.get("title"):
            return job
    return None


def linkedin(tree: LexborHTMLParser) -> Fields | None:
    """LinkedIn's public job page: its top card and the description's markup."""
    title = tree.css_first(".top-card-layout__title, .topcard__title")
    if title is None:
        return None

    def text_of(selector: str) -> str | None:
        node = tree.css_first(selector)
        return node.text(deep=True) if node is not None else None

    markup = tree.css_first(".show-more-less-html__markup")
    criteria = tree.css(".description__job-criteria-item")
    employment = next(
        (
            item.css_first(".description__job-criteria-text")
            for item in criteria
            if "employment type" in (item.text(deep=True) or "").lower()
        ),
        None,
    )
    return {
        "title": fields.name(title.text(deep=True)),
        "company": fields.name(text_of(".topcard__org-name-link, .topcard__flavor a")),
        "location": fields.name(text_of(".topcard__flavor--bullet")),
        "employment_type": fields.employment_type(
            employment.text(deep=True) if employment is not None else None
        ),
        **fields.description(inner_html(markup) if markup is not None else None),
    }
