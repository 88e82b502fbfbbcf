"""Reads for the monthly loop: months, the review queue, conflicts, link changes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, case, distinct, func, or_, select
from sqlalchemy.orm import Session, selectinload

from exchange.computed import remember
from exchange.domain.fields import CONFLICT_FIELDS
from exchange.domain.identity import (
    ConflictGroup,
    conflict_groups,
    conflicts_by_person,
    plain_groups,
)
from exchange.domain.records import committed_batches, live_records
from exchange.models import (
    ImportBatch,
    LinkChange,
    ListMonth,
    Person,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
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
            select(ReviewItem.list_month, func.count(distinct(ReviewItem.source_record_id)))
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


def open_questions(month: str | None = None) -> Select[tuple[SourceRecord]]:
    """Select the records with an open question, the one a decision changes most first.

    Records awaiting a decision come first (they are on no row of the joint list), then
    by the engine's priority: how many records the answer may move, times how open the
    question is.
    """
    items = select(
        ReviewItem.source_record_id.label("record_id"),
        func.max(func.coalesce(ReviewItem.priority, 0.0)).label("priority"),
    ).where(ReviewItem.status == ReviewStatus.OPEN)
    if month:
        items = items.where(ReviewItem.list_month == month)
    asked = items.group_by(ReviewItem.source_record_id).subquery()
    return (
        live_records()
        .join(asked, asked.c.record_id == SourceRecord.id)
        .order_by(
            case((SourceRecord.person_id.is_(None), 0), else_=1),
            asked.c.priority.desc(),
            SourceRecord.id,
        )
    )


def candidates_of(session: Session, record_ids: Sequence[int]) -> dict[int, list[ReviewItem]]:
    """Return the open review items (candidates) of these records, most probable first."""
    found: dict[int, list[ReviewItem]] = defaultdict(list)
    if not record_ids:
        return found
    stmt = (
        select(ReviewItem)
        .where(ReviewItem.source_record_id.in_(record_ids), ReviewItem.status == ReviewStatus.OPEN)
        .options(selectinload(ReviewItem.candidate))
        .order_by(ReviewItem.probability.desc(), ReviewItem.id)
    )
    for item in session.scalars(stmt):
        found[item.source_record_id].append(item)
    return found


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


def kept_identity_groups(session: Session) -> dict[int, list[tuple]]:
    """The grouped identity conflicts of the whole registry, kept per registry state."""
    return remember(session, ("identity_conflict_groups",),
                    lambda: plain_groups(conflicts_by_person(session)))


def identity_conflicts(session: Session) -> list[tuple[Person, list[ConflictGroup]]]:
    """Return the persons whose own records disagree on identity facts, undecided ones first.

    A person listed only with conflicts a reviewer waived ("same person") comes after.
    Each person's conflicts come grouped by fact and values (`ConflictGroup`).
    """
    found = conflict_groups(session, kept_identity_groups(session))
    persons = {
        p.id: p
        for p in session.scalars(
            select(Person).where(Person.id.in_(list(found)), Person.merged_into_id.is_(None))
        )
    } if found else {}
    listed = [(persons[pid], found[pid]) for pid in found if pid in persons]
    return sorted(
        listed,
        key=lambda pc: (all(c.waived for c in pc[1]), (pc[0].surname or "").casefold(), pc[0].id),
    )


def link_changes_of(person_id: int) -> Select[tuple[LinkChange]]:
    """Select the merges and splits that involved a person, newest first."""
    return (
        select(LinkChange)
        .where((LinkChange.person_id == person_id) | (LinkChange.other_person_id == person_id))
        .order_by(LinkChange.at.desc(), LinkChange.id.desc())
    )
