"""Two independent readings of an iCalendar file, for the calendar tests.

- `strict_parse`: icalendar's own parser, plus the checks it does not make by itself: CRLF line
  ends only, no physical line over 75 octets, no character split by a fold, no parse error in
  any component, the properties RFC 5545 requires, distinct UIDs.
- `ical_js`: ical.js in Node (tools/ical, pinned), reading the same bytes with the file's own
  VTIMEZONEs; it reports each event's texts and its start as an absolute moment.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from icalendar import Calendar

from tests.conftest import ROOT

ICAL_TOOLS = ROOT / "tools" / "ical"
MAX_LINE_OCTETS = 75


def ensure_ical_js() -> None:
    """Install ical.js from tools/ical's lock file when missing (`make ical-deps` does it too)."""
    if (ICAL_TOOLS / "node_modules" / "ical.js" / "package.json").exists():
        return
    result = subprocess.run(
        ["npm", "ci", "--prefix", str(ICAL_TOOLS), "--no-audit", "--no-fund"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"npm ci --prefix tools/ical failed: {result.stderr}"


def ical_js(body: bytes) -> dict[str, Any]:
    """What ical.js reads in `body` (tools/ical/parse.mjs)."""
    ensure_ical_js()
    result = subprocess.run(
        ["node", str(ICAL_TOOLS / "parse.mjs")],
        input=body,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n"), "the file must end with CRLF"
    lines = body[: -len(b"\r\n")].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line, f"a bare line feed in {line!r}"
        assert b"\r" not in line, f"a bare carriage return in {line!r}"
    return lines


def strict_parse(body: bytes) -> Calendar:
    """Parse with icalendar and check what a strict reader needs; returns the calendar."""
    for line in physical_lines(body):
        assert len(line) <= MAX_LINE_OCTETS, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # a fold never splits a character
    calendar = Calendar.from_ical(body)
    assert isinstance(calendar, Calendar)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    assert calendar["VERSION"] == "2.0"
    assert calendar.get("PRODID")
    uids = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (required, event)
        assert ("DURATION" in event) != ("DTEND" in event), event
        uids.append(str(event["UID"]))
    assert len(uids) == len(set(uids)), "UIDs must be distinct"
    return calendar


def unfolded(body: bytes) -> str:
    """The text with folds undone (a fold may split a word, so search this, not the bytes)."""
    return body.decode().replace("\r\n ", "").replace("\r\n\t", "")


def leaks(body: bytes, needles: list[str]) -> list[str]:
    """The needles found in the file: raw, unfolded, or unescaped."""
    text = unfolded(body)
    plain = text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    return [
        needle for needle in needles if needle.encode() in body or needle in text or needle in plain
    ]
