"""Hostile and random pages: the reader never raises, stays fast, and its HTML stays safe."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jobtrack.capture.reader import read_posting
from jobtrack.tracking.posting import ALLOWED_TAGS

MIB = 1024 * 1024
# The figures are `make bench`'s; this bound only catches a parse gone quadratic.
GENEROUS_SECONDS = 2.0

TAGS = [*sorted(ALLOWED_TAGS), "script", "style", "svg", "math", "iframe", "img", "div", "form",
        "object", "template", "noscript", "h1", "table", "td", "button", "select"]  # fmt: skip
ATTRIBUTES = ["onclick", "onerror", "onload", "style", "href", "src", "class", "formaction",
              "xlink:href", "srcdoc"]  # fmt: skip
VALUES = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
          "https://ok.example/", "http://ok.example/a?b=1", "vbscript:x", "#", "&#106;avascript:x",
          "x\" onclick=\"y"]  # fmt: skip


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """Random markup from the tags, attributes and values attackers use."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "tag", "tag", "entity", "junk"]))
        if kind == "text":
            parts.append(draw(st.text(max_size=20)))
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&lt;script&gt;", "&amp;", "&#0;", "&lol;", "&"])))
        elif kind == "junk":
            parts.append(draw(st.sampled_from(["<", "</", "<!--", "-->", "<![CDATA[", '">', "'"])))
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = "".join(
                f' {draw(st.sampled_from(ATTRIBUTES))}="{draw(st.sampled_from(VALUES))}"'
                for _ in range(draw(st.integers(0, 2)))
            )
            inner = draw(fragments(depth + 1)) if depth < 4 else ""
            parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(parts)


def pages(markup: str, escaped_once: bool) -> list[str]:
    """The same markup in each place the reader takes a description from."""
    description = markup.replace("&", "&amp;").replace("<", "&lt;") if escaped_once else markup
    ld = json.dumps({"@type": "JobPosting", "title": "T", "description": description})
    remix = json.dumps(
        {"state": {"loaderData": {"r": {"jobPost": {"title": "T", "content": description}}}}}
    )
    quoted = markup.replace('"', "&quot;")
    ld, remix = ld.replace("</", "<\\/"), remix.replace("</", "<\\/")
    return [
        f'<script type="application/ld+json">{ld}</script>',
        f"<script>window.__remixContext = {remix};</script>",
        f'<div itemscope itemtype="https://schema.org/JobPosting"><b itemprop="title">T</b>'
        f'<div itemprop="description">{markup}</div></div>',
        f'<h1 class="top-card-layout__title">T</h1><div class="show-more-less-html__markup">{markup}</div>',
        f'<meta property="og:title" content="T"><meta name="description" content="{quoted}">',
        markup,
    ]


def assert_safe(description_html: str | None) -> None:
    if description_html is None:
        return
    tree = LexborHTMLParser(description_html)
    for node in tree.body.traverse() if tree.body else []:
        if node.tag in ("-text", "body", "-comment"):
            assert node.tag != "-comment"
            continue
        assert node.tag in ALLOWED_TAGS, node.tag
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), name
            if node.tag == "a" and name == "href":
                assert (value or "").lower().startswith(("http://", "https://")), value
            else:
                assert (node.tag, name) == ("a", "rel")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup=fragments(), escaped_once=st.booleans())
def test_random_hostile_markup_never_raises_and_comes_out_safe(
    markup: str, escaped_once: bool
) -> None:
    for page in pages(markup, escaped_once):
        posting = read_posting("https://jobs.example/x", page)
        # Structure, not text: "javascript:" written as text of the description is inert.
        assert_safe(posting["description_html"])


@settings(max_examples=200, deadline=None)
@given(page=st.text(max_size=2000))
def test_random_text_never_raises(page: str) -> None:
    posting = read_posting("https://jobs.example/x", page)
    assert posting["job_url"] == "https://jobs.example/x"
    assert_safe(posting["description_html"])


def _mib(unit: str, tail: str = "") -> str:
    return (unit * (MIB // len(unit)))[: MIB - len(tail)] + tail


LD_TAIL = '<script type="application/ld+json">{"@type":"JobPosting","title":"T"}</script>'
HOSTILE_PAGES: dict[str, Any] = {
    "10,000 nested divs then text": lambda: "<div>" * 10_000 + _mib("x")[50_000:],
    "nested divs all the way": lambda: _mib("<div>", LD_TAIL),
    "200 deep, then stray end tags": lambda: "<div>" * 200 + _mib("</section>")[1000:],
    "flat paragraphs": lambda: _mib("<p>x</p>"),
    "nested formatting": lambda: _mib("<b><i><a href=x>"),
    "nested svg": lambda: _mib("<svg><g>", LD_TAIL),
    "entity bomb": lambda: (
        '<!DOCTYPE html [<!ENTITY a "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY b "&c;&c;&c;&c;&c;">]>'
        + _mib("&a;")
    ),
    "deep JSON-LD": lambda: (
        '<script type="application/ld+json">' + "[" * 200_000 + "]" * 200_000 + "</script>"
    ),
    "deep description": lambda: (
        '<h1 class="top-card-layout__title">T</h1>'
        '<div class="show-more-less-html__markup">' + _mib("<blockquote>")
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PAGES))
def test_a_hostile_mebibyte_is_read_quickly_and_safely(name: str) -> None:
    page = HOSTILE_PAGES[name]()
    assert len(page) <= MIB + 200_000
    started = time.perf_counter()
    posting = read_posting("https://jobs.example/x", page)
    elapsed = time.perf_counter() - started
    assert elapsed < GENEROUS_SECONDS, f"{name}: {elapsed:.3f} s"
    assert_safe(posting["description_html"])
