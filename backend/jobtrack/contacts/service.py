"""Contacts: listing, creating (under the per-user cap), editing and deleting them, and the
people attached to a job.

The join table `job_contacts` is written only here. Services only flush: the request's unit
of work commits or rolls back.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row, bindparam, delete, func, insert, literal, or_, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by, array
from sqlalchemy.orm import Session

from jobtrack.contacts.schemas import (
    MAX_CONTACTS_PER_USER,
    ContactCreate,
    ContactRead,
    ContactUpdate,
)
from jobtrack.limits import rules
from jobtrack.limits import service as limits_service
from jobtrack.platform.errors import Conflict, NotFound
from jobtrack.tracking import queries, serialize
from jobtrack.tracking.models import Contact, JobContact, utcnow
from jobtrack.tracking.serialize import JobJson

CONTACT_NOT_FOUND = "Contact not found."
_FIELDS = ("name", "role", "email", "phone", "linkedin_url", "note")

# A contact's jobs, by job id, as an array: a correlated subquery, so a list stays one statement.
_JOB_IDS = (
    select(
        func.coalesce(
            func.array_agg(aggregate_order_by(JobContact.job_id, JobContact.job_id)),
            array([], type_=JobContact.job_id.type),
        )
    )
    .where(JobContact.contact_id == Contact.id)
    .correlate(Contact)
    .scalar_subquery()
    .label("job_ids")
)
CONTACT_COLUMNS = (Contact.id, *(getattr(Contact, name) for name in _FIELDS), _JOB_IDS)


def _read(row: Row[Any]) -> ContactRead:
    return ContactRead.model_validate(row._mapping)


def list_contacts(*, db_session: Session, user_id: str, q: str | None) -> list[ContactRead]:
    """The caller's contacts by name; `q` a case-insensitive substring of name or email."""
    query = (
        select(*CONTACT_COLUMNS)
        .where(Contact.user_id == user_id)
        .order_by(func.lower(Contact.name), Contact.id)
    )
    if q:
        query = query.where(
            or_(
                Contact.name.icontains(q, autoescape=True),
                Contact.email.icontains(q, autoescape=True),
            )
        )
    return [_read(row) for row in db_session.execute(query).all()]


def create_contact(*, db_session: Session, user_id: str, contact_in: ContactCreate) -> ContactRead:
    """A new contact of the caller; 409 once they keep `MAX_CONTACTS_PER_USER`. Two statements:
    the user's lock, then an INSERT ... SELECT that inserts only while the count is under it."""
    limits_service.lock_user_contacts(db_session, user_id)
    now = utcnow()
    owned = select(func.count()).where(Contact.user_id == user_id).scalar_subquery()
    values = {"user_id": user_id, **contact_in.model_dump(include=set(_FIELDS))}
    row = select(
        *(literal(value, Contact.__table__.c[name].type) for name, value in values.items()),
        literal(now, Contact.created_at.type),
        literal(now, Contact.updated_at.type),
    ).where(owned < MAX_CONTACTS_PER_USER)
    statement = (
        insert(Contact)
        .from_select([*values, "created_at", "updated_at"], row)
        .returning(Contact.id)
    )
    contact_id = db_session.execute(statement).scalar_one_or_none()
    if contact_id is None:
        existing = db_session.scalar(select(func.count()).where(Contact.user_id == user_id)) or 0
        raise Conflict(rules.contacts_message(MAX_CONTACTS_PER_USER, existing=existing))
    return ContactRead(id=contact_id, **contact_in.model_dump(include=set(_FIELDS)), job_ids=[])


def update_contact(
    *, db_session: Session, user_id: str, contact_id: int, contact_in: ContactUpdate
) -> ContactRead:
    """Change the fields sent (null or "" clears an optional one); 404 for another user's."""
    values = contact_in.model_dump(include=contact_in.model_fields_set & set(_FIELDS))
    statement = (
        update(Contact)
        .where(Contact.id == contact_id, Contact.user_id == user_id)
        .values(**values, updated_at=utcnow())
        .returning(*CONTACT_COLUMNS)
    )
    row = db_session.execute(statement).one_or_none()
    if row is None:
        raise NotFound(CONTACT_NOT_FOUND)
    return _read(row)


def delete_contact(*, db_session: Session, user_id: str, contact_id: int) -> None:
    """Delete the caller's contact; it leaves every job it was attached to (the foreign key
    cascades), and the other people of those jobs keep their order."""
    gone = db_session.execute(
        delete(Contact)
        .where(Contact.id == contact_id, Contact.user_id == user_id)
        .returning(Contact.id)
    ).scalar_one_or_none()
    if gone is None:
        raise NotFound(CONTACT_NOT_FOUND)


# The caller's contacts among `ids`, each held against a concurrent delete until the end of
# the transaction (FOR KEY SHARE: edits of the contact still go ahead).
_OWNED_CONTACTS = (
    select(Contact.id, Contact.name, Contact.role)
    .where(
        Contact.user_id == bindparam("user_id"), Contact.id.in_(bindparam("ids", expanding=True))
    )
    .with_for_update(key_share=True, read=True)
)


def set_job_contacts(
    *, db_session: Session, user_id: str, job_id: int, contact_ids: Sequence[int]
) -> JobJson:
    """Attach exactly these people to the caller's job, in this order; 404 for a job or a
    contact that is not the caller's, 409 for a locked (rejected, withdrawn) job.

    Attaching people is a change to the job, so the lock refuses it like every other change;
    it does not move the job's `updated_at`.
    """
    _, job, events = queries.job_rows(
        db_session=db_session, user_id=user_id, job_id=job_id, lock=True
    )
    queries.ensure_unlocked(job.stage)
    found = (
        {
            row.id: row
            for row in db_session.execute(
                _OWNED_CONTACTS, {"user_id": user_id, "ids": list(contact_ids)}
            )
        }
        if contact_ids
        else {}
    )
    if len(found) != len(contact_ids):
        raise NotFound(CONTACT_NOT_FOUND)
    db_session.execute(delete(JobContact).where(JobContact.job_id == job_id))
    if contact_ids:
        db_session.execute(
            insert(JobContact),
            [
                {"job_id": job_id, "contact_id": contact_id, "position": position}
                for position, contact_id in enumerate(contact_ids)
            ],
        )
    people = [
        {"id": found[cid].id, "name": found[cid].name, "role": found[cid].role}
        for cid in contact_ids
    ]
    return serialize.job_json(SimpleNamespace(**{**job._mapping, "contacts": people}), events)
