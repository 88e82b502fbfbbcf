"""Reads for the monthly loop: months, the review queue, conflicts, link changes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.domain.fields import CONFLICT_FIELDS
from exchange.domain.records import committed_batches
from exchange.models import (
    ImportBatch,
    LinkChange,
    ListMonth,
    Person,
    ReviewItem,
    ReviewStatus,
)


def months_overview(session: Session) -> list[dict]:
    """Return each month that has batches or a status, with its counts, newest first."""
    batches = dict(
        session.execute(
            committed_batches()
            .with_only_columns(ImportBatch.list_month, func.count(ImportBatch.id))
            .group_by(ImportBatch.list_month)
        ).all()
    )
    rows = dict(
        session.execute(
            select(ReviewItem.list_month, func.count(ReviewItem.id))
            .where(ReviewItem.status == ReviewStatus.OPEN)
            .group_by(ReviewItem.list_month)
        ).all()
    )
    months = {m.month: m for m in session.scalars(select(ListMonth))}
    return [
        {
            "month": month,
            "row": months.get(month),
            "batches": batches.get(month, 0),
            "open_reviews": rows.get(month, 0),
        }
        for month in sorted(set(batches) | set(months), reverse=True)
    ]


def open_reviews(month: str | None = None) -> Select[tuple[ReviewItem]]:
    """Select the open review items, most likely matches first."""
    stmt = select(ReviewItem).where(ReviewItem.status == ReviewStatus.OPEN)
    if month:
        stmt = stmt.where(ReviewItem.list_month == month)
    return stmt.order_by(ReviewItem.probability.desc(), ReviewItem.id)


def conflicted_persons(session: Session) -> list[tuple[int, list[str]]]:
    """Return (person id, fields in conflict) of the persons on whom members disagree.

    In name order; computed once per state of the registry (`exchange.computed`).
    """
    return remember(session, "conflicted_persons", lambda: _conflicted(session))


def _conflicted(session: Session) -> list[tuple[int, list[str]]]:
    stmt = (
        select(Person.id, Person.field_provenance)
        .where(Person.merged_into_id.is_(None))
        .where(Person.field_provenance.is_not(None))
        .order_by(Person.surname, Person.id)
    )
    found = []
    for person_id, provenance in session.execute(stmt):
        fields = [f for f in CONFLICT_FIELDS if ((provenance or {}).get(f) or {}).get("conflict")]
        if fields:
            found.append((person_id, fields))
    return found


def persons_with_conflicts(
    session: Session, found: Sequence[tuple[int, list[str]]]
) -> list[tuple[Person, list[str]]]:
    """Load the persons of some `conflicted_persons` rows, in the same order."""
    persons = {p.id: p for p in session.scalars(
        select(Person).where(Person.id.in_([pid for pid, _ in found])))}
    return [(persons[pid], fields) for pid, fields in found if pid in persons]


def link_changes_of(person_id: int) -> Select[tuple[LinkChange]]:
    """Select the merges and splits that involved a person, newest first."""
    return (
        select(LinkChange)
        .where((LinkChange.person_id == person_id) | (LinkChange.other_person_id == person_id))
        .order_by(LinkChange.at.desc(), LinkChange.id.desc())
    )
