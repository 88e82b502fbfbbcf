"""Records awaiting a decision: attached to no person until a reviewer says who they are.

The matching engine attaches a record to none when it is too thin to tell two or more
persons apart (`ambiguous`), or when it reads like a person who already holds a row of
the same list (`duplicate`: a duplicate row, or a namesake). Making it a new person
would count one human twice (a joint-list row, "new this month"); dropping it would
lose them. So it stays pending: `SourceRecord.person_id` is NULL and it has open review
items, one per candidate person. The reports show it in a section of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session, aliased, selectinload

from exchange.domain.records import live_records
from exchange.models import Organisation, Person, ReviewItem, ReviewStatus, SourceRecord

# The engine's reasons for attaching a record to none (matching.review).
PENDING_REASONS = ("ambiguous", "duplicate")

_ITEM = aliased(ReviewItem)  # its own name, so a caller may join review_item as well
_OPEN_ITEM = (
    exists()
    .where(_ITEM.source_record_id == SourceRecord.id, _ITEM.status == ReviewStatus.OPEN)
    .correlate(SourceRecord)
)


def pending_records(month: str | None = None) -> Select[tuple[SourceRecord]]:
    """Select the live records attached to no person that wait for a review decision."""
    stmt = live_records().where(SourceRecord.person_id.is_(None), _OPEN_ITEM)
    if month is not None:
        stmt = stmt.where(SourceRecord.list_month == month)
    return stmt


def unreconciled_records(month: str | None = None) -> Select[tuple[SourceRecord]]:
    """Select the live records no reconciliation has dealt with yet (neither linked nor pending)."""
    stmt = live_records().where(SourceRecord.person_id.is_(None), ~_OPEN_ITEM)
    if month is not None:
        stmt = stmt.where(SourceRecord.list_month == month)
    return stmt


@dataclass(frozen=True)
class PendingCandidate:
    """A person a pending record may be, with the engine's calibrated probability."""

    person_id: int
    probability: float
    name: str


@dataclass(frozen=True)
class PendingRecord:
    """A record awaiting a decision, with every candidate person, most probable first."""

    record: SourceRecord
    reason: str | None
    candidates: tuple[PendingCandidate, ...]


def pending_with_candidates(session: Session, month: str) -> list[PendingRecord]:
    """Return the month's pending records with their candidates, by member and record id."""
    records = session.scalars(
        pending_records(month)
        .options(selectinload(SourceRecord.organisation))
        .order_by(SourceRecord.organisation_id, SourceRecord.record_id, SourceRecord.id)
    ).all()
    items: dict[int, list[ReviewItem]] = defaultdict(list)
    ids = [r.id for r in records]
    for start in range(0, len(ids), 500):
        stmt = (
            select(ReviewItem)
            .where(
                ReviewItem.source_record_id.in_(ids[start : start + 500]),
                ReviewItem.status == ReviewStatus.OPEN,
            )
            .options(selectinload(ReviewItem.candidate).load_only(
                Person.id, Person.surname, Person.given_name, Person.patronymic
            ))
        )
        for item in session.scalars(stmt):
            items[item.source_record_id].append(item)
    found = []
    for record in records:
        mine = sorted(items[record.id], key=lambda i: (-i.probability, i.candidate_person_id))
        found.append(
            PendingRecord(
                record,
                next((i.reason for i in mine if i.reason), None),
                tuple(
                    PendingCandidate(i.candidate_person_id, i.probability,
                                     i.candidate.display_name)
                    for i in mine
                ),
            )
        )
    return found


def pending_candidates(month: str) -> Select[tuple[int, str, str | None, int]]:
    """Select (candidate person, member code, record id, row) of the month's pending records."""
    return (
        pending_records(month)
        .join(ReviewItem, ReviewItem.source_record_id == SourceRecord.id)
        .join(Organisation, Organisation.id == SourceRecord.organisation_id)
        .with_only_columns(
            ReviewItem.candidate_person_id,
            Organisation.code,
            SourceRecord.record_id,
            SourceRecord.row_number,
        )
        .where(ReviewItem.status == ReviewStatus.OPEN)
    )
