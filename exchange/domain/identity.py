"""Identity constraints on the registry: the matching engine's rules, applied to persons.

One set of rules (`matching.constraints`) for every place that puts records together:
the monthly reconciliation, the carry-over by a member's own id, a reviewer's "same
person", a merge or the undo of a split. They are checked on the whole would-be person
(every record of both sides), never pair by pair. A reviewer's "same person" on a
review item waives what that one pair of records disagrees on, and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import matching
from exchange.domain.records import COMMITTED
from exchange.models import (
    Decision,
    ImportBatch,
    Organisation,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)

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


SHOWN = 5  # member rows named on each side of a group of conflicts; the others are counted


@dataclass(frozen=True)
class RowRef:
    """One member's row as a conflict names it: a record of it, and the months it holds."""

    record: SourceRecord  # the row's record of its first month
    first: str
    last: str
    months: int


@dataclass(frozen=True)
class ConflictGroup:
    """The conflicts of one kind between two values, with the member rows on each side.

    A person whose records repeat month after month has many pairs that disagree in the
    same way (24 records born in 1980 against 24 born in 1975: 576 pairs); a person reads
    them as one line naming each member's row once with its months: the first `SHOWN`
    rows of each side, and how many more.
    """

    kind: str
    left_value: str
    right_value: str
    left: list[RowRef]
    right: list[RowRef]
    waived: bool
    left_more: int = 0
    right_more: int = 0


def row_key(org: str, record_id: str | None, rid: int) -> str:
    """The member's row a record belongs to: its list's own id, else the record itself."""
    return f"{org}:{record_id}" if record_id else f"#{rid}"


def _grouped(conflicts: Iterable, left, right):  # type: ignore[no-untyped-def]
    """Group conflicts by kind, the two values (either way round) and the waiver.

    `left`/`right` read a conflict's two sides as (row key, record id, month); returns
    {(kind, left value, right value, waived): (left rows, right rows)}, each side
    {row key: [record id of the first month, first month, last month, months]}.
    """
    sides: dict[tuple[str, str, str, bool], tuple[dict, dict]] = {}
    for c in conflicts:
        a, b, lv, rv = left(c), right(c), c.left_value, c.right_value
        if (c.kind, rv, lv, c.waived) in sides and (c.kind, lv, rv, c.waived) not in sides:
            a, b, lv, rv = b, a, rv, lv
        found = sides.setdefault((c.kind, lv, rv, c.waived), ({}, {}))
        for side, (key, rid, month) in ((found[0], a), (found[1], b)):
            entry = side.get(key)
            if entry is None:
                side[key] = [rid, month, month, {month}]
                continue
            entry[3].add(month)
            if month < entry[1]:
                entry[0], entry[1] = rid, month
            entry[2] = max(entry[2], month)
    return sides


def _rows(side: dict) -> list[tuple[int, str, str, int]]:
    """A side's rows as (record id, first month, last month, months), earliest first."""
    return sorted(((rid, first, last, len(months)) for rid, first, last, months in side.values()),
                  key=lambda row: (row[1], row[0]))


def _record_side(record: SourceRecord) -> tuple[str, int, str]:
    return (row_key(record.organisation.code, record.record_id, record.id), record.id,
            record.list_month)


def group_conflicts(conflicts: Iterable[RecordConflict | ConflictGroup]) -> list[ConflictGroup]:
    """Group conflicts as a person reads them (groups already made pass through)."""
    given = list(conflicts)
    if all(isinstance(c, ConflictGroup) for c in given):
        return given  # type: ignore[return-value]
    records = {r.id: r for c in given for r in (c.left, c.right)}  # type: ignore[union-attr]
    sides = _grouped(given, lambda c: _record_side(c.left), lambda c: _record_side(c.right))
    return [
        _shown(kind, lv, rv, waived, _rows(lefts), _rows(rights), records.__getitem__)
        for (kind, lv, rv, waived), (lefts, rights) in sides.items()
    ]


def _shown(kind: str, lv: str, rv: str, waived: bool, lefts: list, rights: list,
           record: Callable[[int], SourceRecord]) -> ConflictGroup:
    """The group with its first `SHOWN` rows of each side (`record` reads one by id)."""

    def refs(rows: list) -> list[RowRef]:
        return [RowRef(record(rid), first, last, n) for rid, first, last, n in rows[:SHOWN]]

    return ConflictGroup(kind, lv, rv, refs(lefts), refs(rights), waived,
                         max(0, len(lefts) - SHOWN), max(0, len(rights) - SHOWN))


def plain_groups(found: dict[int, list[FoundConflict]]) -> dict[int, list[tuple]]:
    """Group each person's conflicts (`conflicts_by_person`) as plain data, record ids.

    Each group: (kind, left value, right value, waived, left rows, right rows), a row
    being (record id, first month, last month, months).
    """
    return {
        pid: [
            (kind, lv, rv, waived, _rows(lefts), _rows(rights))
            for (kind, lv, rv, waived), (lefts, rights) in _grouped(
                listed, lambda c: c.left_row, lambda c: c.right_row
            ).items()
        ]
        for pid, listed in found.items()
    }


def conflict_groups(
    session: Session, groups: dict[int, list[tuple]]
) -> dict[int, list[ConflictGroup]]:
    """Turn `plain_groups` into `ConflictGroup`s, loading only the records they name."""
    named = (row[0] for found in groups.values() for g in found
             for row in (*g[4][:SHOWN], *g[5][:SHOWN]))
    records = {r.id: r for r in _records(session, sorted(set(named)))}
    return {
        pid: [_shown(*group, records.__getitem__) for group in listed]
        for pid, listed in groups.items()
    }


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


# the values the constraints read (a list of its own kept in the values, as files may carry it)
_READ = ("surname", "given_name", "patronymic", "full_name", "sex", "date_of_birth",
         "source_org", "list_month")
_FACTS = 6  # the first six: identity facts; the last two: the list


@dataclass(frozen=True)
class FoundConflict:
    """A conflict inside one person as plain data (record ids), kept per registry state."""

    kind: str
    left_id: int
    right_id: int
    left_value: str
    right_value: str
    waived: bool
    left_row: tuple[str, int, str] = ("", 0, "")  # (row key, record id, month): see row_key
    right_row: tuple[str, int, str] = ("", 0, "")


def _identity_rows(session: Session, person_ids: Collection[int] | None):  # type: ignore[no-untyped-def]
    """Yield (record id, person id, list key `ORG:month`, values, the member's own record id)
    of live records, identity facts only.

    Only the identity values are read (extracted by the database from the JSON column),
    never whole ORM records: at two years of monthly lists that is 700,000 records.
    """
    codes = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    stmt = (
        select(
            SourceRecord.id,
            SourceRecord.person_id,
            SourceRecord.organisation_id,
            SourceRecord.list_month,
            SourceRecord.record_id,
            *(SourceRecord.values[f].as_string() for f in _READ),
        )
        .join(ImportBatch, SourceRecord.batch_id == ImportBatch.id)
        .where(COMMITTED, SourceRecord.person_id.is_not(None))
    )
    if person_ids is None:
        chunks = [stmt]
    else:
        ids = sorted(set(person_ids))
        chunks = [
            stmt.where(SourceRecord.person_id.in_(ids[start : start + _CHUNK]))
            for start in range(0, len(ids), _CHUNK)
        ]
    for chunk in chunks:
        for rid, pid, org, month, own_id, *values in session.execute(chunk):
            yield rid, pid, f"{codes.get(org, '')}:{month}", tuple(values), own_id


def _waived_ids(session: Session) -> frozenset[frozenset[int]]:
    stmt = select(ReviewItem.source_record_id, ReviewItem.candidate_record_id).where(
        ReviewItem.status == ReviewStatus.DECIDED,
        ReviewItem.decision == Decision.SAME,
        ReviewItem.candidate_record_id.is_not(None),
    )
    return frozenset(frozenset(pair) for pair in session.execute(stmt))


def _person_conflicts(
    rows: list[tuple[int, str, tuple, str | None]], waived: frozenset[frozenset[int]]
) -> list[FoundConflict]:
    """What one person's records disagree on; most persons are settled without the engine.

    A person's records repeat a few identity facts month after month. Records with the
    same values conflict with no one the others do not: when no list holds two of the
    person's records, one record per distinct set of values stands for all of them, and
    a person whose distinct values agree has no conflict.
    """
    lists = {list_key for _rid, list_key, _values, _row in rows}
    # the list columns a file may carry say what the list key says: left out here
    distinct = {values[:_FACTS]: (rid, list_key, values) for rid, list_key, values, _ in rows}
    if len(lists) == len(rows):
        if len(distinct) == 1:
            return []
        if not matching.conflicts([_engine(*rep) for rep in distinct.values()]):
            return []
    found = matching.conflicts([_engine(rid, key, values) for rid, key, values, _ in rows])
    row_of = {rid: (row_key(key[:-8], own_id, rid), rid, key[-7:])  # key: ORG:YYYY-MM
              for rid, key, _values, own_id in rows}
    return [
        FoundConflict(
            c.kind,
            int(c.left[1]),
            int(c.right[1]),
            c.left_value,
            c.right_value,
            frozenset((int(c.left[1]), int(c.right[1]))) in waived,
            row_of[int(c.left[1])],
            row_of[int(c.right[1])],
        )
        for c in found
    ]


def _engine(rid: int, list_key: str, values: tuple) -> matching.Record:
    given = {f: v for f, v in zip(_READ, values, strict=True) if v is not None}
    given["record_id"] = str(rid)
    return matching.Record.from_canonical(list_key, given)


def conflicts_by_person(
    session: Session, person_ids: Collection[int] | None = None
) -> dict[int, list[FoundConflict]]:
    """Return, as plain data, the persons whose own records disagree and the conflicts."""

    grouped: dict[int, list[tuple[int, str, tuple, str | None]]] = defaultdict(list)
    for rid, pid, list_key, values, own_id in _identity_rows(session, person_ids):
        grouped[pid].append((rid, list_key, values, own_id))
    waived = _waived_ids(session)
    found: dict[int, list[FoundConflict]] = {}
    for pid, rows in grouped.items():
        if len(rows) > 1:
            listed = _person_conflicts(rows, waived)
            if listed:
                found[pid] = listed
    return found


def persons_in_conflict(
    session: Session, person_ids: Collection[int] | None = None
) -> dict[int, list[RecordConflict]]:
    """Return the persons whose own records disagree on identity facts, with the conflicts.

    Conflicts a reviewer waived are kept, marked `waived`; a person with only waived
    conflicts is listed too (the coordinator decided it), so callers can tell them apart.
    """
    found = conflicts_by_person(session, person_ids)
    ids = sorted({i for listed in found.values() for c in listed for i in (c.left_id, c.right_id)})
    records = {r.id: r for r in _records(session, ids)}
    return {
        pid: [
            RecordConflict(c.kind, records[c.left_id], records[c.right_id], c.left_value,
                           c.right_value, c.waived)
            for c in listed
        ]
        for pid, listed in found.items()
    }


def undecided(conflicts: Iterable[RecordConflict]) -> list[RecordConflict]:
    """Return the conflicts no reviewer waived."""
    return [c for c in conflicts if not c.waived]
