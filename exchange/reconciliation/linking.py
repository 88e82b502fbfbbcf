"""Reconcile a month: link its new source records to the registry with the matching engine.

A record carried over by its member's own id, or linked by the engine, joins an existing
person (or, with the records it links to, forms a new one). The engine's identity
constraints hold over whole persons (`matching.constraints`), here as in the engine: the
carry-over is checked by the same rules. A record the engine attached to none (thin and
fitting several persons, or like a person who already holds a row of the same list) is
not made a person: it stays pending, with a review item per candidate, until a reviewer
decides (`exchange.domain.pending`). Every question the engine asks goes to the review
queue, one record at a time with all its candidates; a pair of persons a reviewer
already decided on is settled again by that decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

import matching
from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.identity import (
    Key,
    engine_record,
    persons_in_conflict,
    record_key,
    undecided,
    waived_pairs,
)
from exchange.domain.months import ensure_open, is_published, next_status
from exchange.domain.pending import PENDING_REASONS, pending_records, unreconciled_records
from exchange.domain.person_facts import refresh_person
from exchange.domain.records import live_records
from exchange.models import MatchModelState, Person, ReviewItem, ReviewStatus, SourceRecord
from exchange.models.base import utcnow
from exchange.reconciliation.carry_over import carried_over
from exchange.reconciliation.refusals import conflict_lines, refusal_lines
from exchange.reconciliation.review_queue import queue_items
from repatriation.list_events import events_from_month

SUMMARY_KEYS = (
    "month",
    "records",
    "attached",
    "new_persons",
    "pending",
    "review_open",
    "decisions_reused",
    "refused_links",
    "identity_conflicts",
    "persons_refreshed",
)


@dataclass
class ReconcileSummary:
    """What a reconciliation did, in counts, and the links the constraints refused."""

    month: str
    records: int = 0
    attached: int = 0
    new_persons: int = 0
    pending: int = 0  # records attached to none: they wait for a reviewer's decision
    review_open: int = 0  # records with an open question (pending ones included)
    decisions_reused: int = 0
    refused_links: int = 0
    identity_conflicts: int = 0  # persons whose records disagree, not decided by a reviewer
    persons_refreshed: int = 0
    details: dict[str, int] = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)  # which records, which fact
    conflicts: list[str] = field(default_factory=list)  # persons whose records disagree

    def lines(self) -> list[str]:
        """Return the summary as `key=value` lines."""
        return [f"{k}={getattr(self, k)}" for k in SUMMARY_KEYS]


def _load_model(session: Session) -> matching.MatchModel | None:
    state = session.scalar(select(MatchModelState).order_by(MatchModelState.id.desc()).limit(1))
    return matching.MatchModel.from_json(state.parameters) if state else None


def _link(
    session: Session,
    month: str,
    new: Sequence[SourceRecord],
    existing: dict[int, list[SourceRecord]],
) -> matching.LinkResult:
    new_records = [engine_record(r) for r in new]
    model = _load_model(session)
    if not existing:
        result = matching.link_records(new_records, model, explain=True)
    else:
        persons = [
            matching.Person(str(pid), tuple(engine_record(r) for r in recs))
            for pid, recs in existing.items()
        ]
        if model is None:
            every = [rec for p in persons for rec in p.records] + new_records
            model = matching.link_records(every).model
        result = matching.link_incremental(new_records, persons, model, explain=True)
    if model is None or not existing:
        session.add(
            MatchModelState(
                parameters=result.model.to_json(),
                trained_on_month=month,
                record_count=len(new_records),
            )
        )
    return result


def reconcile_month(session: Session, month: str, actor: Actor) -> ReconcileSummary:
    """Link the month's new source records to persons; queue what the engine asks."""
    summary = ReconcileSummary(month=month)
    with acting_as(session, actor, reason=f"reconciliation of {month}"):
        row = ensure_open(session, month)
        new = session.scalars(
            unreconciled_records(month)
            .options(selectinload(SourceRecord.organisation))
            .order_by(SourceRecord.id)
        ).all()
        summary.records = len(new)
        waiting = _earlier_pending(session, month)
        summary.details["pending_relinked"] = len(waiting)
        if new or waiting:
            _apply(session, month, [*new, *waiting], summary)
        found = persons_in_conflict(session)
        summary.identity_conflicts = sum(1 for conflicts in found.values() if undecided(conflicts))
        summary.conflicts = conflict_lines(found)
        # the lists' statuses become dated events on each person's road home (repatriation);
        # rows of earlier months that waited and now have a person count in their own month
        for before in sorted({r.list_month for r in waiting if r.person_id is not None}):
            events_from_month(session, before)
        stages = events_from_month(session, month)
        summary.details["status_events"] = sum(stages.events.values())
        summary.details["repatriation_flags"] = sum(stages.flags.values())
        row.status = next_status(month, row.status, "reconcile")
        row.reconciled_at = utcnow()
        write_entry(
            session,
            action="reconcile",
            object_type="list_month",
            object_id=month,
            changes={k: [None, v] for k, v in (line.split("=", 1) for line in summary.lines()[1:])},
        )
        session.commit()
    return summary


def _earlier_pending(session: Session, month: str) -> list[SourceRecord]:
    """Return the records of earlier, unpublished months still awaiting a decision.

    They are linked again with the month's records: the new evidence may settle them
    (then they are attached like any record), or they stay pending with their candidates
    brought up to date. Their open questions are replaced by the new ones.
    """
    records = session.scalars(
        pending_records()
        .where(SourceRecord.list_month < month)
        .options(selectinload(SourceRecord.organisation))
        .order_by(SourceRecord.id)
    ).all()
    frozen = {m for m in {r.list_month for r in records} if is_published(session, m)}
    records = [r for r in records if r.list_month not in frozen]
    ids = [r.id for r in records]
    for start in range(0, len(ids), 500):
        session.execute(
            delete(ReviewItem).where(
                ReviewItem.source_record_id.in_(ids[start : start + 500]),
                ReviewItem.status == ReviewStatus.OPEN,
            )
        )
    return records


def _existing(session: Session) -> dict[int, list[SourceRecord]]:
    linked = session.scalars(
        live_records()
        .join(Person, SourceRecord.person_id == Person.id)
        .where(Person.merged_into_id.is_(None))
        .options(selectinload(SourceRecord.organisation))
        .order_by(SourceRecord.id)
    ).all()
    by_person: dict[int, list[SourceRecord]] = defaultdict(list)
    for record in linked:
        by_person[record.person_id].append(record)
    return dict(by_person)


def _pending(
    result: matching.LinkResult, movable: set[Key], fresh_clusters: set[str]
) -> set[Key]:
    """The new records the engine attached to none that have a person to choose from."""
    found = set()
    for item in result.review_items:
        if item.reason not in PENDING_REASONS or item.record not in movable:
            continue
        if any(c.cluster.isdigit() or c.cluster in fresh_clusters for c in item.candidates):
            found.add(item.record)
    return found


def _apply(
    session: Session, month: str, new: Sequence[SourceRecord], summary: ReconcileSummary
) -> None:
    existing = _existing(session)
    waived = waived_pairs(session)
    carried = carried_over(month, new, existing, waived)
    summary.details["carried_over"] = len(carried.links)
    summary.details["carry_over_refused"] = len(carried.refused)
    to_link = [r for r in new if r.id not in carried.links]
    anchored = {pid: list(recs) for pid, recs in existing.items()}
    for record in new:  # the engine sees the carried records in their persons
        if record.id in carried.links:
            anchored.setdefault(carried.links[record.id], []).append(record)
    result = (
        _link(session, month, to_link, anchored)
        if to_link
        else matching.LinkResult({}, [], [], matching.MatchModel.default())
    )
    by_key = {record_key(r): r for recs in existing.values() for r in recs}
    by_key.update((record_key(r), r) for r in new)
    movable = {record_key(r) for r in to_link}
    unattached = {i.record for i in result.review_items if i.reason in PENDING_REASONS}
    fresh_clusters = {
        c for k, c in result.clusters.items() if k in movable - unattached and not c.isdigit()
    }
    pending = _pending(result, movable, fresh_clusters)
    persons = {
        p.id: p
        for p in session.scalars(
            select(Person)
            .where(Person.id.in_(existing))
            .options(
                selectinload(Person.name_variants),
                selectinload(Person.charges),
                selectinload(Person.detentions),
                selectinload(Person.status_events),
            )
        )
    }
    fresh: dict[str, Person] = {}
    arrived: dict[int, list[SourceRecord]] = defaultdict(list)
    touched: dict[int, Person] = {}
    for record in new:
        if record.id in carried.links:
            person = persons[carried.links[record.id]]
        elif record_key(record) in pending:
            if record.list_month == month:
                summary.pending += 1
            else:
                summary.details["pending_earlier"] = summary.details.get("pending_earlier", 0) + 1
            continue
        else:
            person = _person_for(result.clusters.get(record_key(record)), persons, fresh, session)
        summary.attached += person.id is not None
        record.person = person
        touched[id(person)] = person
        arrived[id(person)].append(record)
    summary.new_persons = len(fresh)
    session.flush()

    def person_of(cluster: str) -> int | None:
        if cluster.isdigit():
            return int(cluster) if int(cluster) in persons else None
        return fresh[cluster].id if cluster in fresh else None

    after = _records_of(existing, arrived, touched)
    counts = queue_items(session, month, result.review_items, by_key, person_of, after, waived)
    summary.review_open, summary.decisions_reused = counts["questions"], counts["reused"]
    refused = [i for i in result.review_items if i.reason == "refused" and i.record in by_key]
    summary.refused_links = len(refused)
    summary.refusals = refusal_lines(refused, by_key, person_of, after)
    with session.no_autoflush:  # one flush at the end, not one per lazy load
        for person in touched.values():
            old = existing.get(person.id, []) if person.id in persons else []
            refresh_person(session, person, [*old, *arrived[id(person)]])
    summary.persons_refreshed = len(touched)


def _records_of(
    existing: dict[int, list[SourceRecord]],
    arrived: dict[int, list[SourceRecord]],
    touched: dict[int, Person],
) -> dict[int, list[SourceRecord]]:
    """Every person's records after this reconciliation, by person id."""
    records = {pid: list(recs) for pid, recs in existing.items()}
    for key, person in touched.items():
        records.setdefault(person.id, []).extend(arrived[key])
    return records


def _person_for(
    cluster: str | None, persons: dict[int, Person], fresh: dict[str, Person], session: Session
) -> Person:
    if cluster is not None and cluster.isdigit() and int(cluster) in persons:
        return persons[int(cluster)]
    key = cluster or f"single-{len(fresh)}"
    if key not in fresh:
        fresh[key] = Person()
        session.add(fresh[key])
    return fresh[key]
