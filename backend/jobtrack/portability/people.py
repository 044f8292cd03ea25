"""The export's and the import's contacts, without I/O: a job's people travel as positions in
the document's `contacts` list (no ids leave the account), and an imported contact that the
caller already has (same name and email, ignoring case) is that contact, not a new one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jobtrack.contacts.schemas import ContactCreate
from jobtrack.portability.exceptions import Problem
from jobtrack.portability.schemas import ImportDocument

ContactKey = tuple[str, str]


def contact_key(name: str, email: str | None) -> ContactKey:
    """Name and email, trimmed and case-folded: two contacts with equal keys are one person."""
    return (name.strip().casefold(), (email or "").strip().casefold())


def exported(contact_rows: Sequence[Any]) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The document's `contacts` (in the rows' order) and each contact id's position in it."""
    contacts = [
        {
            "name": row.name,
            "role": row.role,
            "email": row.email,
            "phone": row.phone,
            "linkedin_url": row.linkedin_url,
            "note": row.note,
        }
        for row in contact_rows
    ]
    return contacts, {row.id: position for position, row in enumerate(contact_rows)}


def reference_problems(document: ImportDocument) -> list[Problem]:
    """Every job's contact position that points past the document's `contacts`."""
    count = len(document.contacts)
    return [
        Problem(
            ("jobs", index, "contacts", at),
            f"there is no contact at position {position}: the document has {count}",
            "contact_reference",
        )
        for index, job in enumerate(document.jobs)
        for at, position in enumerate(job.contacts)
        if position >= count
    ]


def matched(
    contacts: Sequence[ContactCreate], existing: Iterable[tuple[int, str, str | None]]
) -> list[int | None]:
    """For each document contact, the id of the caller's contact it already is, else None (to
    be created). Contacts of the document are not merged with each other: an account that
    keeps two people of one name and no email gets both back."""
    ids: dict[ContactKey, int] = {}
    for contact_id, name, email in existing:
        ids.setdefault(contact_key(name, email), contact_id)
    return [ids.get(contact_key(c.name, c.email)) for c in contacts]
