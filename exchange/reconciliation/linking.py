"""Reconcile a month: link its new source records to the registry with the matching engine.

Above the link threshold a record joins an existing person (or, with the records it links
to, forms a new one); between the thresholds the pair goes to the review queue, unless a
reviewer already decided on that pair of persons, in which case the decision is reused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import matching
from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.months import ensure_open, next_status
from exchange.domain.person_facts import refresh_person
from exchange.domain.records import live_records
from exchange.models import (
    Decision,
    MatchModelState,
    PairDecision,
    Person,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)
from exchange.models.base import utcnow
from exchange.reconciliation.carry_over import carried_over
from repatriation.list_events import events_from_month

# A review pair is not queued when each record links to its own person by this many
# more units of match weight (log2 of the likelihood ratio) than to the other side.
SETTLED_MARGIN = 10.0


@dataclass
class ReconcileSummary:
    """What a reconciliation did, in counts."""

    month: str
    records: int = 0
    attached: int = 0
    new_persons: int = 0
    review_open: int = 0
    decisions_reused: int = 0
    persons_refreshed: int = 0
    details: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Return the summary as `key=value` lines."""
        keys = (
            "month",
            "records",
            "attached",
            "new_persons",
            "review_open",
            "decisions_reused",
            "persons_refreshed",
        )
        return [f"{k}={getattr(self, k)}" for k in keys]


def committed_records(month: str | None = None):
    """Select source records of batches that were not rolled back (of a month, if given)."""
    stmt = live_records()
    if month is not None:
        stmt = stmt.where(SourceRecord.list_month == month)
    return stmt.options(selectinload(SourceRecord.organisation))


def _engine_record(record: SourceRecord) -> matching.Record:
    values = dict(record.values or {})
    values["record_id"] = str(record.id)
    return matching.Record.from_canonical(f"{record.organisation.code}:{record.list_month}", values)


def _load_model(session: Session) -> matching.MatchModel | None:
    state = session.scalar(select(MatchModelState).order_by(MatchModelState.id.desc()).limit(1))
    return matching.MatchModel.from_json(state.parameters) if state else None


def _link(
    session: Session,
    month: str,
    new: Sequence[SourceRecord],
    existing: dict[int, list[SourceRecord]],
) -> matching.LinkResult:
    new_records = [_engine_record(r) for r in new]
    model = _load_model(session)
    if not existing:
        result = matching.link_records(new_records, model, explain=True)
    else:
        persons = [
            matching.Person(str(pid), tuple(_engine_record(r) for r in recs))
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
    """Link the month's unlinked source records to persons; queue the uncertain pairs."""
    summary = ReconcileSummary(month=month)
    with acting_as(session, actor, reason=f"reconciliation of {month}"):
        row = ensure_open(session, month)
        new = session.scalars(
            committed_records(month)
            .where(SourceRecord.person_id.is_(None))
            .order_by(SourceRecord.id)
        ).all()
        summary.records = len(new)
        if new:
            _apply(session, month, new, summary)
        # the lists' statuses become dated events on each person's road home (repatriation)
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


def _existing(session: Session) -> dict[int, list[SourceRecord]]:
    linked = session.scalars(
        committed_records()
        .join(Person, SourceRecord.person_id == Person.id)
        .where(Person.merged_into_id.is_(None))
        .order_by(SourceRecord.id)
    ).all()
    by_person: dict[int, list[SourceRecord]] = defaultdict(list)
    for record in linked:
        by_person[record.person_id].append(record)
    return dict(by_person)


def _apply(
    session: Session, month: str, new: Sequence[SourceRecord], summary: ReconcileSummary
) -> None:
    existing = _existing(session)
    carried = carried_over(month, new, existing)
    summary.details["carried_over"] = len(carried)
    to_link = [r for r in new if r.id not in carried]
    result = (
        _link(session, month, to_link, existing)
        if to_link
        else matching.LinkResult({}, [], [], matching.MatchModel.default())
    )
    by_key = {(f"{r.organisation.code}:{r.list_month}", str(r.id)): r for r in new}
    for recs in existing.values():
        for r in recs:
            by_key[(f"{r.organisation.code}:{r.list_month}", str(r.id))] = r
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
    touched: dict[int, Person] = {}
    fresh: dict[str, Person] = {}
    arrived: dict[int, list[SourceRecord]] = defaultdict(list)
    for record in new:
        if record.id in carried:
            person = persons[carried[record.id]]
        else:
            cluster = result.clusters.get(by_key_of(record))
            person = _person_for(cluster, persons, fresh, session)
        summary.attached += person.id is not None
        record.person = person
        touched[id(person)] = person
        arrived[id(person)].append(record)
    summary.new_persons = len(fresh)
    session.flush()
    _queue_reviews(session, month, result, by_key, summary)
    with session.no_autoflush:  # one flush at the end, not one per lazy load
        for person in touched.values():
            old = existing.get(person.id, []) if person.id in persons else []
            refresh_person(session, person, [*old, *arrived[id(person)]])
    summary.persons_refreshed = len(touched)


def by_key_of(record: SourceRecord) -> tuple[str, str]:
    """Return the engine's key of a source record."""
    return (f"{record.organisation.code}:{record.list_month}", str(record.id))


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


def _own_link_weights(
    result: matching.LinkResult, by_key: dict[tuple[str, str], SourceRecord]
) -> dict[int, float]:
    """Return, per record, the weight of its strongest link inside its own person."""
    best: dict[int, float] = {}
    for pair in result.links:
        left, right = by_key.get(pair.left), by_key.get(pair.right)
        if left is None or right is None or left.person_id != right.person_id:
            continue
        for record in (left, right):
            best[record.id] = max(best.get(record.id, float("-inf")), pair.weight)
    return best


def _doubt(
    own: dict[int, float],
    pair: matching.ScoredPair,
    left: SourceRecord,
    right: SourceRecord,
    month: str,
) -> tuple[SourceRecord, SourceRecord] | None:
    """Return (record of the month, the other record) when the pair is a real doubt.

    A record of the month that links to its own person far more strongly (by
    SETTLED_MARGIN) than to the other side is settled: the pair shows a namesake, not a
    doubt. The unsettled record of the month is the one to review.
    """
    for record, other in ((left, right), (right, left)):
        if record.list_month != month:
            continue
        if own.get(record.id, float("-inf")) - pair.weight <= SETTLED_MARGIN:
            return record, other
    return None


def _queue_reviews(
    session: Session,
    month: str,
    result: matching.LinkResult,
    by_key: dict[tuple[str, str], SourceRecord],
    summary: ReconcileSummary,
) -> None:
    own = _own_link_weights(result, by_key)
    decisions = {
        (d.person_low_id, d.person_high_id): d for d in session.scalars(select(PairDecision))
    }
    queued = {
        tuple(row)
        for row in session.execute(
            select(ReviewItem.source_record_id, ReviewItem.candidate_person_id).where(
                ReviewItem.list_month == month
            )
        )
    }
    for pair in result.review:
        left, right = by_key.get(pair.left), by_key.get(pair.right)
        if left is None or right is None or left.person_id == right.person_id:
            continue
        doubt = _doubt(own, pair, left, right, month)
        if doubt is None:
            summary.details["settled"] = summary.details.get("settled", 0) + 1
            continue
        record, other = doubt
        if (record.id, other.person_id) in queued:
            continue
        queued.add((record.id, other.person_id))
        decision = decisions.get(tuple(sorted((record.person_id, other.person_id))))
        item = ReviewItem(
            list_month=month,
            source_record_id=record.id,
            candidate_person_id=other.person_id,
            weight=pair.weight,
            probability=pair.probability,
            note=pair.note[:300] or None,
            explanation=[
                {"comparison": c.comparison, "level": c.level, "weight": round(c.weight, 3)}
                for c in pair.explanation
            ],
        )
        if decision is not None and decision.decision is not Decision.UNSURE:
            item.status, item.decision, item.decision_id = (
                ReviewStatus.REUSED,
                decision.decision,
                decision.id,
            )
            summary.decisions_reused += 1
        else:
            summary.review_open += 1
        session.add(item)
