"""The page reader on each fixture shape: every field of the posting it reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobtrack.capture import fields
from jobtrack.capture.budget import MAX_DEPTH, nesting
from jobtrack.capture.reader import read_posting

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "postings"

EXPECTED: dict[str, dict[str, Any]] = {
    "ashby": {
        "company": "Nimbleworks",
        "title": "Staff Platform Engineer",
        "location": "Amsterdam, North Holland, Netherlands",
        "remote": True,
        "employment_type": "FULL_TIME",
        "salary": {"min": 95000.0, "max": 120000.0, "currency": "EUR", "unit": "YEAR"},
        "date_posted": "2026-10-15",
        "valid_through": "2026-12-31",
        "description_html": "<p>Build the platform our teams ship on.</p><p>You will own the "
        "<strong>deploy pipeline</strong>.</p>",
        "description_text": "Build the platform our teams ship on.\n"
        "\n"
        "You will own the deploy pipeline.",
        "source": "json-ld",
    },
    "graph": {
        "company": "Crumb & Co",
        "title": "Night Baker",
        "location": "Lyon, FR",
        "remote": None,
        "employment_type": "PART_TIME",
        "salary": {"min": 15.5, "max": 15.5, "currency": "EUR", "unit": "HOUR"},
        "date_posted": "2026-07-04",
        "valid_through": None,
        "description_html": "<p>Bake bread from 2am.<br>Croissants at 5.</p>",
        "description_text": "Bake bread from 2am.\nCroissants at 5.",
        "source": "json-ld",
    },
    "greenhouse": {
        "company": "Lanternfish",
        "title": "Product Designer",
        "location": "Toronto, Ontario, Canada",
        "remote": None,
        "employment_type": "FULL_TIME",
        "salary": None,
        "date_posted": "2026-09-30",
        "valid_through": None,
        "description_html": '<h2>The role</h2><p>Design tools for "deep sea" explorers.</p>',
        "description_text": 'The role\n\nDesign tools for "deep sea" explorers.',
        "source": "json-ld",
    },
    "hostile": {
        "company": "Evil Corp",
        "title": "<script>alert(1)</script>Trusted Role",
        "location": None,
        "remote": None,
        "employment_type": None,
        "salary": None,
        "date_posted": None,
        "valid_through": None,
        "description_html": '<p>Hello <a rel="noopener noreferrer nofollow">click</a> <a '
        'rel="noopener noreferrer nofollow">data</a> <a '
        'href="https://ok.example/" rel="noopener noreferrer '
        'nofollow">ok</a></p>big<h3>fine</h3>',
        "description_text": "Hello click data ok\n\nbig\n\nfine",
        "source": "json-ld",
    },
    "invalid-then-valid": {
        "company": "Tidewater",
        "title": "Harbour Pilot",
        "location": None,
        "remote": None,
        "employment_type": "OTHER",
        "salary": {"min": 70000.0, "max": 70000.0, "currency": None, "unit": None},
        "date_posted": None,
        "valid_through": None,
        "description_html": None,
        "description_text": None,
        "source": "json-ld",
    },
    "lever": {
        "company": "Quillfeather",
        "title": "Data Engineer",
        "location": "Lisbon",
        "remote": None,
        "employment_type": "FULL_TIME",
        "salary": None,
        "date_posted": "2026-11-02",
        "valid_through": None,
        "description_html": "<h3>About the team</h3><p>We move <b>inkwell</b> data &amp; build "
        "pipelines.</p><ul><li>Python</li><li>SQL</li></ul><p><a "
        'href="https://example.test/benefits" rel="noopener noreferrer '
        'nofollow">Benefits</a></p>',
        "description_text": "About the team\n"
        "\n"
        "We move inkwell data & build pipelines.\n"
        "\n"
        "Python\n"
        "\n"
        "SQL\n"
        "\n"
        "Benefits",
        "source": "json-ld",
    },
    "linkedin": {
        "company": "Orchardly",
        "title": "Mobile Developer",
        "location": "Dublin, County Dublin, Ireland",
        "remote": None,
        "employment_type": "PART_TIME",
        "salary": None,
        "date_posted": None,
        "valid_through": None,
        "description_html": "<strong>What we grow</strong><br><br>Apps that help small farms "
        "sell direct.<ul><li>Kotlin</li><li>Swift</li></ul>",
        "description_text": "What we grow\n"
        "\n"
        "Apps that help small farms sell direct.\n"
        "\n"
        "Kotlin\n"
        "\n"
        "Swift",
        "source": "microdata",
    },
    "meta": {
        "company": "Pebblebrook",
        "title": "Support Specialist",
        "location": None,
        "remote": None,
        "employment_type": None,
        "salary": None,
        "date_posted": None,
        "valid_through": None,
        "description_html": "<p>Help our customers get the most from Pebblebrook.</p>",
        "description_text": "Help our customers get the most from Pebblebrook.",
        "source": "meta",
    },
    "microdata": {
        "company": "Ferngate Library",
        "title": "Archivist",
        "location": "Leeds, UK",
        "remote": None,
        "employment_type": "PART_TIME",
        "salary": {"min": 18.5, "max": 18.5, "currency": "GBP", "unit": "HOUR"},
        "date_posted": "2026-08-01",
        "valid_through": None,
        "description_html": "<p>Catalogue the <em>rare books</em> room.</p>",
        "description_text": "Catalogue the rare books room.",
        "source": "microdata",
    },
    "workday": {
        "company": "Harborline Logistics",
        "title": "Warehouse Shift Lead",
        "location": "Rotterdam, South Holland",
        "remote": None,
        "employment_type": "FULL_TIME",
        "salary": None,
        "date_posted": "2026-11-20",
        "valid_through": None,
        "description_html": "<p>Lead a shift of twelve people in our cross-dock.</p><p>What you "
        "bring:<br>Three years on a warehouse floor<br>A forklift "
        "licence</p><p>Shifts rotate weekly &amp; weekends are paid "
        "extra.</p>",
        "description_text": "Lead a shift of twelve people in our cross-dock.\n"
        "\n"
        "What you bring:\n"
        "Three years on a warehouse floor\n"
        "A forklift licence\n"
        "\n"
        "Shifts rotate weekly & weekends are paid extra.",
        "source": "json-ld",
    },
}


@pytest.mark.parametrize("shape", sorted(EXPECTED))
def test_each_fixture_shape_reads_every_field(shape: str) -> None:
    page = (FIXTURES / f"{shape}.html").read_text()
    posting = read_posting(f"https://jobs.example/{shape}?utm_source=x#apply", page)
    assert posting == {**EXPECTED[shape], "job_url": f"https://jobs.example/{shape}"}


def test_every_fixture_is_covered() -> None:
    assert {path.stem for path in FIXTURES.glob("*.html")} == set(EXPECTED)


def test_a_page_with_nothing_is_source_none_with_only_the_canonical_url() -> None:
    posting = read_posting("HTTPS://Jobs.Example:443/a?b=2&a=1&utm_medium=x", "<p>hello</p>")
    assert posting["source"] == "none"
    assert posting["job_url"] == "https://jobs.example/a?a=1&b=2"
    assert {key for key, value in posting.items() if value is not None} == {"job_url", "source"}


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Full-time", "FULL_TIME"),
        ("full time", "FULL_TIME"),
        ("FULL_TIME", "FULL_TIME"),
        ("Fulltime", "FULL_TIME"),
        (["part-time", "FULL_TIME"], "PART_TIME"),
        ("Contract", "CONTRACTOR"),
        ("Internship", "INTERN"),
        ("per diem", "PER_DIEM"),
        ("seasonal", "OTHER"),
        ("", None),
        (None, None),
    ],
)
def test_employment_type_reads_the_usual_spellings(spelling: Any, expected: str | None) -> None:
    assert fields.employment_type(spelling) == expected


@pytest.mark.parametrize(
    ("base_salary", "expected"),
    [
        (
            {"currency": "USD", "value": {"value": "42.5", "unitText": "HOUR"}},
            {"min": 42.5, "max": 42.5, "currency": "USD", "unit": "HOUR"},
        ),
        (
            {"currency": "USD", "value": {"minValue": "1,000", "unitText": "fortnight"}},
            {"min": 1000.0, "max": None, "currency": "USD", "unit": None},
        ),
        ("50000", {"min": 50000.0, "max": 50000.0, "currency": None, "unit": None}),
        ({"currency": "USD", "value": {"unitText": "YEAR"}}, None),
        ({"value": "NaN"}, None),
        ({"value": True}, None),
        ("lots", None),
    ],
)
def test_salary_takes_amounts_numbers_and_strings(base_salary: Any, expected: Any) -> None:
    assert fields.salary(base_salary) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-04", "2026-03-04"),
        ("2026-03-04T23:30:00-05:00", "2026-03-04"),
        ("2026-02-30", None),
        ("4 March 2026", None),
        (20260304, None),
    ],
)
def test_dates_are_the_date_part_of_an_iso_value(value: Any, expected: str | None) -> None:
    assert fields.date(value) == expected


def test_names_are_trimmed_and_cut_to_200_characters() -> None:
    assert fields.name("  " + "x" * 300) == "x" * 200
    assert fields.name({"@type": "Organization", "name": " Acme  Inc "}) == "Acme Inc"
    assert fields.name(["First", "Second"]) == "First"
    assert fields.name({"@type": "Organization"}) is None


def test_location_takes_an_address_string_or_object_and_leaves_out_empty_parts() -> None:
    assert fields.location({"address": "Oslo"}) == "Oslo"
    assert fields.location([{"address": {"addressRegion": "Texas", "addressCountry": "US"}}]) == (
        "Texas, US"
    )
    assert fields.location({"address": {"addressLocality": ""}}) is None
    assert fields.location(None) is None


def test_a_deeply_nested_page_is_read_from_its_scripts_and_meta_only() -> None:
    page = (
        "<div>" * 10_000
        + '<script type="application/ld+json">{"@type":"JobPosting","title":"Deep"}</script>'
        + '<meta property="og:site_name" content="Ignored">'
    )
    assert nesting(page) > MAX_DEPTH
    assert read_posting("https://jobs.example/deep", page)["title"] == "Deep"
    assert nesting("<div><p>a<br><img src=x></div>" * 1000) < 20  # a tag cut by a slice: a little
