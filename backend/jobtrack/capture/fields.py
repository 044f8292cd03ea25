"""A schema.org `JobPosting` (as a dict, from JSON-LD or microdata) turned into a posting's fields."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any, Final

from jobtrack.tracking.posting import EMPLOYMENT_TYPES, SALARY_UNITS, safe_description

NAME_MAX_CHARS: Final = 200
# Spellings seen in the wild beyond the schema.org names, as normalised by `_spelling`.
_EMPLOYMENT_ALIASES: Final = {
    "FULLTIME": "FULL_TIME",
    "PARTTIME": "PART_TIME",
    "CONTRACT": "CONTRACTOR",
    "TEMP": "TEMPORARY",
    "INTERNSHIP": "INTERN",
    "PERDIEM": "PER_DIEM",
}
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
Fields = dict[str, Any]


def first(value: Any) -> Any:
    """The first item of a list, or the value itself."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    value = first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(html.unescape(value).split()) or None


def name(value: Any) -> str | None:
    """A name or title: trimmed, whitespace collapsed, cut to 200 characters."""
    text = _text(value)
    return text[:NAME_MAX_CHARS].strip() if text else None


def location(job_location: Any) -> str | None:
    """`Locality, Region, Country` from the first place; empty parts left out."""
    place = first(job_location)
    address = place.get("address") if isinstance(place, dict) else place
    address = first(address)
    if isinstance(address, str):
        return name(address)
    if not isinstance(address, dict):
        return None
    parts = (
        _text(address.get(key)) for key in ("addressLocality", "addressRegion", "addressCountry")
    )
    return name(", ".join(part for part in parts if part))


def remote(job_location_type: Any) -> bool | None:
    types = job_location_type if isinstance(job_location_type, list) else [job_location_type]
    return True if any(_text(kind) == "TELECOMMUTE" for kind in types) else None


def _spelling(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip()).upper()


def employment_type(value: Any) -> str | None:
    """`FULL_TIME` from `Full-time`, `full time` or `FULL_TIME`; the first of a list; an
    unknown spelling is `OTHER`."""
    text = _text(value)
    if not text:
        return None
    spelled = _spelling(text)
    spelled = _EMPLOYMENT_ALIASES.get(spelled.replace("_", ""), spelled)
    return spelled if spelled in EMPLOYMENT_TYPES else "OTHER"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value and abs(value) < 1e15 else None
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            return None
        return number if number == number and abs(number) < 1e15 else None
    return None


def salary(base_salary: Any) -> dict[str, Any] | None:
    """`{min, max, currency, unit}` from a `MonetaryAmount` (its value a `QuantitativeValue`
    or a number); null when it carries no amount."""
    amount = first(base_salary)
    if not isinstance(amount, dict):
        number = _number(amount)
        return None if number is None else _salary(number, number, None, None)
    value = amount.get("value")
    unit = amount.get("unitText")
    if isinstance(value, dict):
        low = _number(value.get("minValue"))
        high = _number(value.get("maxValue"))
        exact = _number(value.get("value"))
        if low is None and high is None:
            low = high = exact
        unit = value.get("unitText") or unit
    else:
        low = high = _number(first(value))
    currency = _text(amount.get("currency"))
    return _salary(low, high, currency, _text(unit))


def _salary(
    low: float | None, high: float | None, currency: str | None, unit: str | None
) -> dict[str, Any] | None:
    if low is None and high is None:
        return None
    unit = unit.upper() if unit else None
    return {
        "min": low,
        "max": high,
        "currency": currency[:3].upper() if currency else None,
        "unit": unit if unit in SALARY_UNITS else None,
    }


def date(value: Any) -> str | None:
    """`YYYY-MM-DD`: the date part of an ISO date or date-time."""
    text = _text(value)
    match = _DATE.match(text or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group()).isoformat()
    except ValueError:
        return None


def description(value: Any) -> dict[str, str | None]:
    text = first(value)
    if not isinstance(text, str) or not text.strip():
        return {"description_html": None, "description_text": None}
    safe = safe_description(text)
    clean = safe.html.strip()
    return {"description_html": clean or None, "description_text": safe.text or None}


def from_job_posting(posting: dict[str, Any]) -> Fields:
    """The posting's fields from a schema.org `JobPosting` object."""
    return {
        "company": name(posting.get("hiringOrganization")),
        "title": name(posting.get("title")),
        "location": location(posting.get("jobLocation")),
        "remote": remote(posting.get("jobLocationType")),
        "employment_type": employment_type(posting.get("employmentType")),
        "salary": salary(posting.get("baseSalary")),
        "date_posted": date(posting.get("datePosted")),
        "valid_through": date(posting.get("validThrough")),
        **description(posting.get("description")),
    }
