"""Reusable reads for the reports, each returning a select(); plus grouping into observations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, aliased

from exchange.domain.merge import Observation
from exchange.domain.months import MonthError, check_month
from exchange.domain.pending import unreconciled_records
from exchange.domain.records import committed_batches, live_records
from exchange.models import (
    ImportBatch,
    Organisation,
    Person,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)
from exchange.models.classification import PersonClassification

_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


class UnknownMonth(MonthError):
    """No member list of the month was imported."""


def linked_records() -> Select:
    """Select the committed source records linked to a person still in the registry."""
    return (
        live_records()
        .with_only_columns(
            SourceRecord.person_id,
            Organisation.code,
            SourceRecord.record_id,
            SourceRecord.row_number,
            SourceRecord.list_month,
            SourceRecord.values,
            SourceRecord.id,
        )
        .join(Organisation, SourceRecord.organisation_id == Organisation.id)
        .join(Person, Person.id == SourceRecord.person_id)
        .where(Person.merged_into_id.is_(None))
    )


def person_facts(person_ids: Select | Sequence[int]) -> Select:
    """Select the persons' shown facts with their effective category and eligibility.

    (id, surname, given name, patronymic, birth date, region, exclusion, fields in conflict
    as stored, category, eligibility)
    """
    return (
        select(
            Person.id,
            Person.surname,
            Person.given_name,
            Person.patronymic,
            Person.date_of_birth,
            Person.residence_region,
            Person.exclusion,
            Person.conflict_fields,
            func.coalesce(PersonClassification.override_category, PersonClassification.category),
            func.coalesce(
                PersonClassification.override_eligibility, PersonClassification.eligibility
            ),
        )
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .where(Person.id.in_(person_ids))
    )


def imported_months() -> Select[tuple[str]]:
    """Select the months of which at least one list is committed, latest first."""
    return (
        committed_batches()
        .with_only_columns(ImportBatch.list_month)
        .distinct()
        .order_by(ImportBatch.list_month.desc())
    )


def imported_month(session: Session, month: str) -> str:
    """Return the month when it is `YYYY-MM` and imported, else raise MonthError."""
    check_month(month)
    if month not in session.scalars(imported_months()).all():
        raise UnknownMonth(f"no committed member list for {month}")
    return month


def observation(row: Sequence) -> Observation:
    """Turn one row of `linked_records()` into the merge rules' observation."""
    _person, code, record_id, row_number, month, values, source_id = row
    return Observation(
        org=code,
        record_id=record_id or f"row-{row_number}",
        month=month,
        values=values or {},
        source_record_id=source_id,
    )


def by_person(rows: Iterable[Sequence]) -> dict[int, list[Observation]]:
    """Group rows of `linked_records()` by person id."""
    grouped: dict[int, list[Observation]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(observation(row))
    return grouped


def observations_of(
    session: Session, person_ids: Iterable[int], up_to: str
) -> dict[int, list[Observation]]:
    """Return the observations of these persons up to and including month `up_to`."""
    ids = sorted(set(person_ids))
    grouped: dict[int, list[Observation]] = {}
    for start in range(0, len(ids), _CHUNK):
        stmt = linked_records().where(
            SourceRecord.person_id.in_(ids[start : start + _CHUNK]),
            SourceRecord.list_month <= up_to,
        )
        grouped.update(by_person(session.execute(stmt)))
    return grouped


def month_observations(session: Session, month: str) -> dict[int, list[Observation]]:
    """Return the observations of `month`, grouped by person."""
    return by_person(session.execute(linked_records().where(SourceRecord.list_month == month)))


def person_names(session: Session, person_ids: Iterable[int]) -> dict[int, Sequence]:
    """Return (id, surname, given name, patronymic, date of birth, provenance) by person id."""
    ids = sorted(set(person_ids))
    found: dict[int, Sequence] = {}
    columns = (
        Person.id,
        Person.surname,
        Person.given_name,
        Person.patronymic,
        Person.date_of_birth,
        Person.field_provenance,
    )
    for start in range(0, len(ids), _CHUNK):
        stmt = select(*columns).where(Person.id.in_(ids[start : start + _CHUNK]))
        found.update((row[0], row) for row in session.execute(stmt))
    return found


def open_review_pairs() -> Select[tuple[int, int]]:
    """Select (person of a record, candidate person) of review items still waiting."""
    candidate = aliased(Person)
    return (
        select(SourceRecord.person_id, ReviewItem.candidate_person_id)
        .join(ReviewItem, ReviewItem.source_record_id == SourceRecord.id)
        .join(Person, Person.id == SourceRecord.person_id)
        .join(candidate, candidate.id == ReviewItem.candidate_person_id)
        .where(
            ReviewItem.status == ReviewStatus.OPEN,
            Person.merged_into_id.is_(None),
            candidate.merged_into_id.is_(None),
            SourceRecord.person_id != ReviewItem.candidate_person_id,
        )
    )


def review_partners(session: Session) -> dict[int, set[int]]:
    """Return, per person, the persons an open review item may prove to be the same human."""
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in session.execute(open_review_pairs()):
        partners[a].add(b)
        partners[b].add(a)
    return partners


def unlinked_records(month: str) -> Select[tuple[int]]:
    """Select how many committed records of the month no reconciliation has dealt with yet.

    Records awaiting a review decision are not counted: they have a section of their own.
    """
    return unreconciled_records(month).with_only_columns(func.count(SourceRecord.id))



def facts_of(session: Session, person_ids: Iterable[int]) -> dict[int, Row]:
    """Return `person_facts` rows of these persons by id, asked in chunks of known ids.

    Known ids rather than a subquery: inside a long import-and-reconcile transaction
    PostgreSQL has no statistics for the new rows and may plan the subquery as nested
    loops over every row (minutes instead of milliseconds).
    """
    ids = sorted(set(person_ids))
    found: dict[int, Row] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        found.update((row[0], row) for row in session.execute(person_facts(chunk)))
    return found
