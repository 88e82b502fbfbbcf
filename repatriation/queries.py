"""Reads of the repatriation package, each a select() or a small function over one.

Kept together so that the reads of "live records of a month", status groups and person
facts can move to a shared core without touching the rest of the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from exchange.classification.eligibility import assess_eligibility
from exchange.models import (
    Detention,
    Organisation,
    Person,
    RehabilitationItem,
    RepatriationFlag,
    SourceRecord,
    StatusEvent,
    User,
)
from exchange.models.classification import PersonClassification
from exchange.models.enums import Role
from exchange.reports.queries import imported_months, linked_records

__all__ = [
    "CHUNK",
    "checklist_of",
    "detentions",
    "effective_eligibility",
    "eligibility_override",
    "flags",
    "imported_months",
    "latest_events",
    "list_appearances",
    "persons_with_events",
    "picture_facts",
    "scope_of",
    "visible_person",
]

CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def eligibility_override(session: Session, person_id: int) -> str | None:
    """Return who overrode the person's eligibility and why, when a reviewer did."""
    row = session.execute(
        select(PersonClassification.override_eligibility, User.email,
               PersonClassification.override_reason)
        .outerjoin(User, User.id == PersonClassification.override_by_id)
        .where(PersonClassification.person_id == person_id)
    ).first()
    if row is None or not row[0]:
        return None
    return f"{row[1] or '?'}: {row[2] or ''}".strip()


def effective_eligibility(session: Session, person: Person) -> str:
    """Return eligible / excluded:<x> / not_assessed: a reviewer's override first."""
    override = session.scalar(
        select(PersonClassification.override_eligibility).where(
            PersonClassification.person_id == person.id
        )
    )
    if override:
        return override
    # the computed eligibility is the memorandum applied to the facts as they are now
    facts = {"pace_criteria": person.pace_criteria, "exclusion": _value(person.exclusion)}
    return str(assess_eligibility(facts))


def _value(item: object) -> str | None:
    return None if item is None else str(getattr(item, "value", item))


def scope_of(user: User) -> int | None:
    """Return the organisation a member editor is limited to (None: sees every person).

    A member editor with no organisation is limited to none (0 is no organisation's id).
    """
    if user.role is not Role.MEMBER_EDITOR:
        return None
    return user.organisation_id or 0


def listed_by(organisation_id: int) -> Select[tuple[int]]:
    """Select the persons an organisation has ever listed (committed, not merged away)."""
    return (
        linked_records()
        .with_only_columns(SourceRecord.person_id)
        .where(SourceRecord.organisation_id == organisation_id)
        .distinct()
    )


def visible_person(session: Session, person_id: int, organisation_id: int | None) -> bool:
    """Tell whether a user limited to `organisation_id` may see the person."""
    if organisation_id is None:
        return True
    stmt = listed_by(organisation_id).where(SourceRecord.person_id == person_id).limit(1)
    return session.scalar(stmt) is not None


def registry_ids(organisation_id: int | None = None) -> Select[tuple[int]]:
    """Select the persons of the registry (not merged away), of one organisation's lists."""
    stmt = select(Person.id).where(Person.merged_into_id.is_(None))
    if organisation_id is not None:
        stmt = stmt.where(Person.id.in_(listed_by(organisation_id)))
    return stmt


def picture_facts(organisation_id: int | None = None) -> Select:
    """Select what the dashboard needs of each person, with the effective category."""
    return (
        select(
            Person.id,
            Person.surname,
            Person.given_name,
            Person.patronymic,
            Person.sex,
            Person.date_of_birth,
            Person.residence_region,
            func.coalesce(PersonClassification.override_category, PersonClassification.category),
            func.coalesce(
                PersonClassification.override_eligibility, PersonClassification.eligibility
            ),
        )
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .where(Person.id.in_(registry_ids(organisation_id)))
    )


def latest_events(session: Session, person_ids: Iterable[int]) -> dict[int, list[StatusEvent]]:
    """Return every event that is not voided of these persons, oldest first, by person."""
    found: dict[int, list[StatusEvent]] = {}
    for chunk in chunks(person_ids):
        stmt = (
            select(StatusEvent)
            .where(StatusEvent.person_id.in_(chunk), StatusEvent.voided_by_id.is_(None))
            .order_by(StatusEvent.person_id, StatusEvent.id)
        )
        for event in session.scalars(stmt):
            found.setdefault(event.person_id, []).append(event)
    return found


def detentions(session: Session, person_ids: Iterable[int]) -> dict[int, str | None]:
    """Return the detention date of each person's latest detention episode."""
    found: dict[int, str | None] = {}
    for chunk in chunks(person_ids):
        stmt = (
            select(Detention.person_id, Detention.detained_on)
            .where(Detention.person_id.in_(chunk))
            .order_by(Detention.person_id, Detention.id)
        )
        found.update((pid, day) for pid, day in session.execute(stmt))
    return found


def persons_with_events(session: Session, person_ids: Sequence[int]) -> list[Person]:
    """Load persons with their events (in chunks), ready for the state machine."""
    persons: list[Person] = []
    for chunk in chunks(person_ids):
        stmt = select(Person).where(Person.id.in_(chunk)).options(
            selectinload(Person.status_events)
        )
        persons.extend(session.scalars(stmt))
    return persons


def person_month_records(person_id: int, month: str) -> Select:
    """Select the person's rows of `linked_records()` for one month."""
    return linked_records().where(
        SourceRecord.person_id == person_id, SourceRecord.list_month == month
    )


def list_appearances(person_id: int, organisation_id: int | None = None) -> Select:
    """Select (month, member, record id, row, values) of every list naming the person."""
    stmt = (
        linked_records()
        .with_only_columns(
            SourceRecord.list_month,
            Organisation.code,
            SourceRecord.record_id,
            SourceRecord.row_number,
            SourceRecord.values,
            SourceRecord.id,
        )
        .where(SourceRecord.person_id == person_id)
        .order_by(SourceRecord.list_month, Organisation.code, SourceRecord.id)
    )
    if organisation_id is not None:
        stmt = stmt.where(SourceRecord.organisation_id == organisation_id)
    return stmt


def flags(
    *,
    open_only: bool = True,
    kind: str | None = None,
    organisation_id: int | None = None,
    person_id: int | None = None,
) -> Select[tuple[RepatriationFlag]]:
    """Select flags (open ones by default), newest month first."""
    stmt = (
        select(RepatriationFlag)
        .join(Person, Person.id == RepatriationFlag.person_id)
        .where(Person.merged_into_id.is_(None))
        .options(selectinload(RepatriationFlag.person))
        .order_by(RepatriationFlag.list_month.desc(), Person.surname, RepatriationFlag.id)
    )
    if open_only:
        stmt = stmt.where(RepatriationFlag.resolved_at.is_(None))
    if kind:
        stmt = stmt.where(RepatriationFlag.kind == kind)
    if organisation_id is not None:
        stmt = stmt.where(RepatriationFlag.person_id.in_(listed_by(organisation_id)))
    if person_id is not None:
        stmt = stmt.where(RepatriationFlag.person_id == person_id)
    return stmt


def checklist_of(person_ids: Iterable[int]) -> Select[tuple[RehabilitationItem]]:
    """Select the checklist rows of these persons."""
    return select(RehabilitationItem).where(
        RehabilitationItem.person_id.in_(sorted(set(person_ids)))
    )
