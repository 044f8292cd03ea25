"""The posting's pure rules: canonical job URLs and descriptions made safe (tracking.posting)."""

import pytest

from jobtrack.tracking.posting import DESCRIPTION_MAX_CHARS, canonical_job_url, safe_description


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTPS://Jobs.Lever.co:443/acme/123?utm_source=x&b=2&a=1&lever-source=li#apply",
            "https://jobs.lever.co/acme/123?a=1&b=2",
        ),
        (
            "https://boards.greenhouse.io/acme/jobs/9?gh_src=abc&ref=x&source=y&src=z&trk=t",
            "https://boards.greenhouse.io/acme/jobs/9",
        ),
        ("https://x.io/j?refId=1&trackingId=2&lever-origin=a&id=7", "https://x.io/j?id=7"),
        (
            "https://www.linkedin.com/jobs/search/?currentJobId=3812&keywords=go",
            "https://www.linkedin.com/jobs/view/3812/",
        ),
        ("http://example.com:8080", "http://example.com:8080"),
        ("http://Example.com:80/a", "http://example.com/a"),
    ],
)
def test_canonical_job_url_drops_what_only_says_where_a_click_came_from(
    url: str, canonical: str
) -> None:
    assert canonical_job_url(url) == canonical


def test_safe_description_keeps_the_allow_list_and_removes_everything_else() -> None:
    safe = safe_description(
        '<div onclick="x()"><p>Hello <b>world</b><script>bad()</script></p>'
        '<ul><li>one</li><li><a href="javascript:alert(1)">js</a> '
        '<a href="https://a.example/c" target="_blank">web</a> '
        '<a href="data:text/html,x">data</a></li></ul>'
        "<svg><text>drawn</text></svg><img src=x onerror=y><iframe src=z></iframe>Tail</div>"
    )
    assert safe.html == (
        "<p>Hello <b>world</b></p><ul><li>one</li><li>"
        '<a rel="noopener noreferrer nofollow">js</a> '
        '<a href="https://a.example/c" rel="noopener noreferrer nofollow">web</a> '
        '<a rel="noopener noreferrer nofollow">data</a></li></ul>Tail'
    )
    assert safe.text == "Hello world\n\none\n\njs web data\n\nTail"


def test_html_escaped_once_more_is_unescaped_first() -> None:
    safe = safe_description(
        "&lt;p&gt;Pay &amp;amp; perks&lt;/p&gt;&lt;ul&gt;&lt;li&gt;x&lt;/li&gt;&lt;/ul&gt;"
    )
    assert safe.html == "<p>Pay &amp; perks</p><ul><li>x</li></ul>"
    assert safe.text == "Pay & perks\n\nx"


def test_plain_text_becomes_paragraphs_and_is_escaped() -> None:
    safe = safe_description("Line one\nline two\n\n\nPara 2 <3 & more")
    assert safe.html == "<p>Line one<br>line two</p><p>Para 2 &lt;3 &amp; more</p>"
    assert safe.text == "Line one\nline two\n\nPara 2 <3 & more"


@pytest.mark.parametrize(
    "description",
    [
        "<p>" + "word " * 30_000 + "</p>",
        ("<ul><li>" + "a&amp;b " * 50 + "</li></ul>") * 400,
        "<b>" * 40_000 + "deep",
    ],
)
def test_a_long_description_is_cut_to_the_limit_and_stays_well_formed(description: str) -> None:
    safe = safe_description(description)
    assert len(safe.html) <= DESCRIPTION_MAX_CHARS
    assert len(safe.text) <= DESCRIPTION_MAX_CHARS
    assert safe_description(safe.html).html == safe.html
