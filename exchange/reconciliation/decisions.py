"""Merges and splits of persons, undo from the history; the identity constraints they obey.

A merge, the undo of a split, or a reviewer's "same person" puts two groups of records
into one person: `check_join` runs the matching engine's constraints on the whole
would-be person (every record of both sides) and refuses, naming which records disagree
on which fact. Only a reviewer's "same person" on a review item waives anything: what
that item's two records disagree on.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.identity import Key, RecordConflict, join_conflicts, waived_pairs
from exchange.domain.months import check_open
from exchange.domain.person_facts import refresh_person
from exchange.domain.records import person_records
from exchange.models import (
    Decision,
    LinkChange,
    LinkChangeKind,
    PairDecision,
    Person,
    SourceRecord,
)
from exchange.models.base import utcnow
from exchange.reconciliation.refusals import record_ref


class DecisionRefused(ValueError):
    """A review decision, merge, split or undo was refused; the message says why."""


class JoinRefused(DecisionRefused):
    """Joining would leave one person holding conflicting identity facts."""

    def __init__(self, conflicts: Sequence[RecordConflict]) -> None:
        self.conflicts = list(conflicts)
        first = self.conflicts[0]
        super().__init__(
            "one person would hold conflicting facts: "
            f"{first.kind} of {record_ref(first.left)} and {record_ref(first.right)}"
            + (f" (and {len(self.conflicts) - 1} more)" if len(self.conflicts) > 1 else "")
        )


def check_join(
    session: Session,
    left: Sequence[SourceRecord],
    right: Sequence[SourceRecord],
    waive: frozenset[frozenset[Key]] = frozenset(),
) -> None:
    """Refuse (JoinRefused) when the two groups of records cannot be one person.

    Pairs a reviewer decided are one person are waived, and `waive` (the pair being decided).
    """
    ids = [r.id for r in (*left, *right)]
    waived = waived_pairs(session, ids) | waive
    found = join_conflicts(left, right, waived)
    if found:
        raise JoinRefused(found)


def _require_reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise DecisionRefused("a written reason is required")
    return reason.strip()


def record_pair_decision(
    session: Session, a: int, b: int, decision: Decision, actor: Actor, reason: str | None
) -> PairDecision:
    """Keep (or update) the decision on a pair of persons, for reuse in later months."""
    low, high = sorted((a, b))
    row = session.scalar(
        select(PairDecision).where(
            PairDecision.person_low_id == low, PairDecision.person_high_id == high
        )
    )
    if row is None:
        row = PairDecision(
            person_low_id=low, person_high_id=high, decision=decision, decided_by_label=actor.label
        )
        session.add(row)
    row.decision, row.reason = decision, reason
    row.decided_by_label, row.decided_by_id, row.decided_at = actor.label, actor.user_id, utcnow()
    session.flush()
    write_entry(
        session,
        action=f"decide_{decision.value}",
        object_type="pair_decision",
        object_id=row.id,
        person_id=low,
        changes={"persons": [None, [low, high]], "decision": [None, decision.value]},
        reason=reason,
    )
    return row


def check_months_open(session: Session, records: Sequence[SourceRecord]) -> None:
    """Refuse (MonthFrozen) when a record of a published month would change."""
    for month in sorted({r.list_month for r in records}):
        check_open(session, month)


def merge_persons(
    session: Session, keep: Person, other: Person, actor: Actor, reason: str
) -> LinkChange:
    """Merge `other` into `keep` (its records move; the row stays so it can be undone)."""
    reason = _require_reason(reason)
    if keep.id == other.id or other.merged_into_id is not None or keep.merged_into_id:
        raise DecisionRefused("these two persons cannot be merged")
    moving = person_records(session, other.id)
    check_months_open(session, moving)
    check_join(session, person_records(session, keep.id), moving)
    with acting_as(session, actor, reason=reason):
        change = merge_into(session, keep, other, actor, reason)
        record_pair_decision(session, keep.id, other.id, Decision.SAME, actor, reason)
        session.commit()
    return change


def _move_records(
    session: Session,
    kind: LinkChangeKind,
    person: Person,
    other: Person,
    records: Sequence[SourceRecord],
    target: Person,
    actor: Actor,
    reason: str,
) -> LinkChange:
    """Move records to `target` and keep the move, so that it can be undone."""
    for record in records:
        record.person_id = target.id
    change = LinkChange(
        kind=kind,
        person_id=person.id,
        other_person_id=other.id,
        record_ids=[r.id for r in records],
        reason=reason,
        actor=actor.label,
    )
    session.add(change)
    session.flush()
    return change


def merge_into(
    session: Session, keep: Person, other: Person, actor: Actor, reason: str
) -> LinkChange:
    """Move every record of `other` to `keep` (checked by the caller) and keep the move."""
    moved = person_records(session, other.id)
    check_months_open(session, moved)
    change = _move_records(session, LinkChangeKind.MERGE, keep, other, moved, keep, actor, reason)
    other.merged_into_id = keep.id
    session.expire(keep, ["source_records"])
    refresh_person(session, keep, person_records(session, keep.id))
    write_entry(
        session,
        action="merge",
        object_type="person",
        object_id=keep.id,
        person_id=keep.id,
        changes={"merged_person": [None, other.id], "records": [None, change.record_ids]},
    )
    return change


def split_person(
    session: Session, person: Person, record_ids: Sequence[int], actor: Actor, reason: str
) -> LinkChange:
    """Move some of a person's source records to a new person."""
    reason = _require_reason(reason)
    records = [r for r in person_records(session, person.id) if r.id in set(record_ids)]
    if not records or len(records) == len(person_records(session, person.id)):
        raise DecisionRefused("choose some, but not all, of the person's records to split off")
    with acting_as(session, actor, reason=reason):
        check_months_open(session, records)
        new = Person()
        session.add(new)
        session.flush()
        change = _move_records(
            session, LinkChangeKind.SPLIT, person, new, records, new, actor, reason
        )
        refresh_person(session, person, person_records(session, person.id))
        refresh_person(session, new, person_records(session, new.id))
        record_pair_decision(session, person.id, new.id, Decision.DIFFERENT, actor, reason)
        write_entry(
            session,
            action="split",
            object_type="person",
            object_id=person.id,
            person_id=person.id,
            changes={"new_person": [None, new.id], "records": [None, change.record_ids]},
        )
        session.commit()
    return change


def undo_link_change(session: Session, change: LinkChange, actor: Actor, reason: str) -> None:
    """Undo a merge (the merged person comes back with its records) or a split."""
    reason = _require_reason(reason)
    if change.undone_at is not None:
        raise DecisionRefused("this change was already undone")
    person = session.get(Person, change.person_id)
    other = session.get(Person, change.other_person_id)
    with acting_as(session, actor, reason=reason):
        moving = session.scalars(
            select(SourceRecord).where(SourceRecord.id.in_(change.record_ids))
        ).all()
        check_months_open(session, moving)
        if change.kind is LinkChangeKind.SPLIT:  # the records come back together: check them
            staying = [r for r in person_records(session, person.id) if r not in moving]
            check_join(session, staying, moving)
        if change.kind is LinkChangeKind.MERGE:
            other.merged_into_id = None
            for record in moving:
                record.person_id = other.id
            decision = Decision.UNSURE
        else:
            for record in moving:
                record.person_id = person.id
            other.merged_into_id = person.id
            decision = Decision.SAME
        session.flush()
        change.undone_at, change.undone_by = utcnow(), actor.label
        for target in (person, other):
            if target.merged_into_id is None:
                refresh_person(session, target, person_records(session, target.id))
        record_pair_decision(session, person.id, other.id, decision, actor, reason)
        write_entry(
            session,
            action=f"undo_{change.kind.value}",
            object_type="link_change",
            object_id=change.id,
            person_id=person.id,
            changes={"records": [change.record_ids, None]},
        )
        session.commit()

