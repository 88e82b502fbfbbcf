"""Identity constraints on the registry: the matching engine's rules, applied to persons.

One set of rules (`matching.constraints`) for every place that puts records together:
the monthly reconciliation, the carry-over by a member's own id, a reviewer's "same
person", a merge or the undo of a split. They are checked on the whole would-be person
(every record of both sides), never pair by pair. A reviewer's "same person" on a
review item waives what that one pair of records disagrees on, and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import matching
from exchange.domain.records import live_records
from exchange.models import Decision, ReviewItem, ReviewStatus, SourceRecord

Key = tuple[str, str]
Waived = frozenset[frozenset[Key]]
_CHUNK = 500  # ids per IN (...) list


def record_key(record: SourceRecord) -> Key:
    """Return the engine's key of a source record: (member:month, record id)."""
    return (f"{record.organisation.code}:{record.list_month}", str(record.id))


def engine_record(record: SourceRecord) -> matching.Record:
    """Return the source record as the matching engine reads it (its list included)."""
    values = dict(record.values or {})
    values["record_id"] = str(record.id)
    return matching.Record.from_canonical(record_key(record)[0], values)


@dataclass(frozen=True)
class RecordConflict:
    """Two records that cannot be one person, the fact they disagree on, and the values."""

    kind: str  # one of matching.constraints.KINDS
    left: SourceRecord
    right: SourceRecord
    left_value: str  # for the reviewer's eyes: never log them
    right_value: str
    waived: bool = False  # a reviewer decided this pair is one person


def _resolve(
    found: Iterable[matching.Conflict], by_key: dict[Key, SourceRecord], waived: Waived
) -> list[RecordConflict]:
    return [
        RecordConflict(
            c.kind,
            by_key[c.left],
            by_key[c.right],
            c.left_value,
            c.right_value,
            frozenset((c.left, c.right)) in waived,
        )
        for c in found
    ]


def join_conflicts(
    left: Sequence[SourceRecord], right: Sequence[SourceRecord], waived: Waived = frozenset()
) -> list[RecordConflict]:
    """Return what joining the two groups of records into one person breaks (none: empty).

    Only pairs across the groups count: each group's own disagreements were decided
    before. Waived pairs (a reviewer's "same person") are left out.
    """
    by_key = {record_key(r): r for r in (*left, *right)}
    found = matching.join_conflicts(
        [engine_record(r) for r in left], [engine_record(r) for r in right], same=waived
    )
    return _resolve(found, by_key, waived)


def record_conflicts(
    records: Sequence[SourceRecord], waived: Waived = frozenset()
) -> list[RecordConflict]:
    """Return every pair of the records that cannot be one person, waived ones marked."""
    by_key = {record_key(r): r for r in records}
    return _resolve(matching.conflicts([engine_record(r) for r in records]), by_key, waived)


def waived_pairs(session: Session, record_ids: Collection[int] | None = None) -> Waived:
    """Return the record pairs a reviewer decided are one person (keys of both records).

    A "same person" on a review item is a decision on that item's pair: the record and
    the candidate's record the engine compared it with.
    """
    stmt = select(ReviewItem.source_record_id, ReviewItem.candidate_record_id).where(
        ReviewItem.status == ReviewStatus.DECIDED,
        ReviewItem.decision == Decision.SAME,
        ReviewItem.candidate_record_id.is_not(None),
    )
    if record_ids is not None:
        stmt = stmt.where(ReviewItem.source_record_id.in_(list(record_ids)))
    pairs = session.execute(stmt).all()
    ids = sorted({i for pair in pairs for i in pair})
    keys = {r.id: record_key(r) for r in _records(session, ids)}
    return frozenset(
        frozenset((keys[a], keys[b])) for a, b in pairs if a in keys and b in keys
    )


def _records(session: Session, ids: Sequence[int]) -> list[SourceRecord]:
    found: list[SourceRecord] = []
    for start in range(0, len(ids), _CHUNK):
        found.extend(
            session.scalars(
                select(SourceRecord)
                .where(SourceRecord.id.in_(ids[start : start + _CHUNK]))
                .options(selectinload(SourceRecord.organisation))
            )
        )
    return found


def records_by_person(
    session: Session, person_ids: Collection[int] | None = None
) -> dict[int, list[SourceRecord]]:
    """Return the live records of the persons (all persons with records when None)."""
    stmt = (
        live_records()
        .where(SourceRecord.person_id.is_not(None))
        .options(selectinload(SourceRecord.organisation))
        .order_by(SourceRecord.id)
    )
    grouped: dict[int, list[SourceRecord]] = defaultdict(list)
    if person_ids is None:
        chunks = [stmt]
    else:
        ids = sorted(set(person_ids))
        chunks = [
            stmt.where(SourceRecord.person_id.in_(ids[start : start + _CHUNK]))
            for start in range(0, len(ids), _CHUNK)
        ]
    for chunk in chunks:
        for record in session.scalars(chunk):
            grouped[record.person_id].append(record)
    return dict(grouped)


def persons_in_conflict(
    session: Session, person_ids: Collection[int] | None = None
) -> dict[int, list[RecordConflict]]:
    """Return the persons whose own records disagree on identity facts, with the conflicts.

    Conflicts a reviewer waived are kept, marked `waived`; a person with only waived
    conflicts is listed too (the coordinator decided it), so callers can tell them apart.
    """
    grouped = records_by_person(session, person_ids)
    waived = waived_pairs(session)
    found: dict[int, list[RecordConflict]] = {}
    for pid, records in grouped.items():
        if len(records) > 1:
            listed = record_conflicts(records, waived)
            if listed:
                found[pid] = listed
    return found


def undecided(conflicts: Iterable[RecordConflict]) -> list[RecordConflict]:
    """Return the conflicts no reviewer waived."""
    return [c for c in conflicts if not c.waived]
