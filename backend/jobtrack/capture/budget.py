"""The parser's budget: a page nested too deeply is read from its scripts and meta tags only.

An HTML parser checks "is there an element in scope" by walking the stack of open elements,
so a page of N tags nested D deep costs about N x D steps: 1 MiB of tags nested 10,000 deep
takes lexbor seconds. Real pages nest a few dozen deep. Before parsing, the page's nesting is
estimated from where its tags start (start tags push, end tags pop, void elements do neither);
past `MAX_DEPTH` (libxml2's default limit too) the full page is not parsed, only the parts a
posting's structured data lives in: `<script>`, `<meta>` and `<title>`, each cut out at its
tag's bounds and parsed on their own.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Final

from selectolax.lexbor import LexborHTMLParser

MAX_DEPTH: Final = 256
# Counted in slices this long: nesting that rises and falls within one slice is not seen, and
# costs at most a slice's tags squared.
_SLICE: Final = 1024
# Tags that open no element holding others (void elements, comments, doctypes, and the
# paragraphs and list items the parser closes at the next one).
_FLAT: Final = (
    "<br", "<img", "<meta", "<input", "<link", "<hr", "<!", "<p>", "<p ", "<li>", "<li ",
    "<source", "<wbr", "<col", "<area", "<base", "<embed", "<track", "< ", "<=",
)  # fmt: skip


def _without_scripts(lowered: str) -> str:
    """The page without the text of its scripts and styles (where `<` is not a tag)."""
    out: list[str] = []
    at = 0
    for opening, closing in (("<script", "</script"), ("<style", "</style")):
        start = lowered.find(opening, at)
        while start >= 0:
            out.append(lowered[at:start])
            end = lowered.find(closing, start)
            at = len(lowered) if end < 0 else end
            start = lowered.find(opening, at)
    out.append(lowered[at:])
    return "".join(out)


def _rise(piece: str) -> int:
    ends = piece.count("</")
    flat = sum(piece.count(tag) for tag in _FLAT)
    return piece.count("<") - 2 * ends - flat


def nesting(lowered: str) -> int:
    """An estimate of how deep the page's elements nest (the page lower-cased)."""
    markup = _without_scripts(lowered)
    slices = (markup[at : at + _SLICE] for at in range(0, len(markup), _SLICE))
    steps = map(_rise, slices)
    return max(accumulate(steps, lambda depth, step: max(0, depth + step), initial=0))


def _parts(page: str, lowered: str) -> str:
    """The page's `<script>`, `<meta>` and `<title>` elements, cut out at their bounds."""
    out: list[str] = []
    for start_tag, end_tag in (("<script", "</script"), ("<title", "</title"), ("<meta", "")):
        at = lowered.find(start_tag)
        while at >= 0:
            end = lowered.find(end_tag, at) if end_tag else at
            close = lowered.find(">", end if end >= 0 else at)
            if close < 0:
                break
            out.append(page[at : close + 1])
            at = lowered.find(start_tag, close)
    return "".join(out)


def parse(page: str) -> LexborHTMLParser:
    """The page parsed by lexbor; only its scripts and meta tags when it nests too deeply."""
    lowered = page.lower()
    if nesting(lowered) > MAX_DEPTH:
        return LexborHTMLParser(_parts(page, lowered))
    return LexborHTMLParser(page)
