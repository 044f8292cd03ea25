"""Request and response schemas for contacts: the people a user meets during a search."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    model_validator,
)

from jobtrack.tracking.schemas import ContactRole, Name, OptionalJobUrl, StrictModel

MAX_CONTACTS_PER_USER = 2_000
MAX_CONTACTS_PER_JOB = 50
EMAIL_MAX_CHARS = 320
PHONE_MAX_CHARS = 50
NOTE_MAX_CHARS = 2_000

# One address, as a person types it: a local part, one @, and a domain of dotted labels
# ending in a top-level domain of letters. Deliberately plain (no quoted local parts, no IP
# literals): the address is for a mailto: link, not for delivery.
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# Digits with the usual separators, an optional leading +, and an optional extension.
_PHONE = re.compile(r"\+?[0-9 ()./-]*[0-9][0-9 ()./-]*(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?")


def _blank_is_none(value: Any) -> Any:
    """Forms send "" for an empty field: store it as unset. Text is trimmed."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _check_email(value: str) -> str:
    if _EMAIL.fullmatch(value) is None or ".." in value or value.startswith("."):
        raise ValueError("use an email address such as ada@example.com")
    return value


def _check_phone(value: str) -> str:
    if _PHONE.fullmatch(value) is None:
        raise ValueError("use digits, spaces and + ( ) . / - only, e.g. +44 20 7946 0958")
    return value


Email = Annotated[
    Annotated[str, StringConstraints(max_length=EMAIL_MAX_CHARS), AfterValidator(_check_email)]
    | None,
    BeforeValidator(_blank_is_none),
]
Phone = Annotated[
    Annotated[str, StringConstraints(max_length=PHONE_MAX_CHARS), AfterValidator(_check_phone)]
    | None,
    BeforeValidator(_blank_is_none),
]
ContactNote = Annotated[
    Annotated[str, StringConstraints(max_length=NOTE_MAX_CHARS)] | None,
    BeforeValidator(_blank_is_none),
]


class ContactFields(StrictModel):
    """What a contact holds besides its name and role: each optional, "" meaning unset."""

    email: Email = Field(None, title="Email")
    phone: Phone = Field(None, title="Phone")
    linkedin_url: OptionalJobUrl = Field(None, title="LinkedIn profile")
    note: ContactNote = Field(None, title="Note")


class ContactCreate(ContactFields):
    name: Name = Field(title="Name")
    role: ContactRole = Field("other", title="Role")


class ContactUpdate(ContactFields):
    """Any of the contact's fields; a field sent as null (or "") is cleared."""

    name: Name | None = None
    role: ContactRole | None = None

    @model_validator(mode="after")
    def _required_stay_required(self) -> ContactUpdate:
        for name in ("name", "role"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class ContactRead(BaseModel):
    id: int
    name: str
    role: ContactRole
    email: str | None
    phone: str | None
    linkedin_url: str | None
    note: str | None
    job_ids: list[int] = Field(description="The caller's jobs this person is attached to.")


class ContactPage(BaseModel):
    items: list[ContactRead] = Field(description="By name (then by when added).")


def _unique(ids: list[int]) -> list[int]:
    seen: set[int] = set()
    for position, contact_id in enumerate(ids):
        if contact_id in seen:
            raise ValueError(f"contact {contact_id} is listed twice (at {position})")
        seen.add(contact_id)
    return ids


ContactIdValue = Annotated[int, Field(ge=1, le=2**31 - 1)]


class JobContactsPut(StrictModel):
    contact_ids: Annotated[
        list[ContactIdValue],
        Field(max_length=MAX_CONTACTS_PER_JOB),
        AfterValidator(_unique),
    ] = Field(
        description=f"The job's people, in the order to show them; at most "
        f"{MAX_CONTACTS_PER_JOB}, each once. [] detaches everyone."
    )
