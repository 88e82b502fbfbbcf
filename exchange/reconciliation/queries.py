"""Reads for the monthly loop: months, the review queue, conflicts, link changes."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

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


def conflicted_persons() -> Select[tuple[Person]]:
    """Select the persons on whom members disagree on a watched field, in name order."""
    return (
        select(Person)
        .where(Person.merged_into_id.is_(None))
        .where(or_(*(Person.conflict_fields.like(f"%;{f};%") for f in CONFLICT_FIELDS)))
        .order_by(Person.surname, Person.id)
    )


def conflicts_of(person: Person) -> list[str]:
    """Return the watched fields members disagree on for a person."""
    return [f for f in CONFLICT_FIELDS if f";{f};" in (person.conflict_fields or "")]


def link_changes_of(person_id: int) -> Select[tuple[LinkChange]]:
    """Select the merges and splits that involved a person, newest first."""
    return (
        select(LinkChange)
        .where((LinkChange.person_id == person_id) | (LinkChange.other_person_id == person_id))
        .order_by(LinkChange.at.desc(), LinkChange.id.desc())
    )
