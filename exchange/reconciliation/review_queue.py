"""Turn the engine's review items into the review queue: one row per candidate person.

The engine asks one question per record (`matching.ReviewItem`: its reason, every
candidate person with a calibrated probability, a priority). Its candidates are
clusters; here they become persons of the registry (an existing person, or one the
reconciliation just created). A candidate that is no person (another record attached
to none) is left out. A pair of persons a reviewer already decided on is settled again
by that decision (reused).

A record attached to none is asked about the persons it can join: one it cannot join
without breaking an identity constraint (it already holds a row of the record's list,
say) is left out while another candidate with a chance breaks none, as a list names a
person once. When every candidate breaks one, all stay: the record may be a duplicate
row of one of them, and that is the reviewer's call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

import matching
from exchange.domain.identity import Key, Waived, join_conflicts
from exchange.models import Decision, PairDecision, ReviewItem, ReviewStatus, SourceRecord
from matching.constraints import SAME_LIST


def _other_side(pair: matching.ScoredPair, key: Key) -> Key:
    return pair.right if pair.left == key else pair.left


def _explanation(pair: matching.ScoredPair) -> list[dict]:
    return [
        {"comparison": c.comparison, "level": c.level, "weight": round(c.weight, 3)}
        for c in pair.explanation
    ]


def _known(session: Session, record_ids: Sequence[int]) -> set[tuple[int, int]]:
    """Return the (record, candidate person) pairs already in the queue."""
    known: set[tuple[int, int]] = set()
    ids = sorted(set(record_ids))
    for start in range(0, len(ids), 500):
        stmt = select(ReviewItem.source_record_id, ReviewItem.candidate_person_id).where(
            ReviewItem.source_record_id.in_(ids[start : start + 500])
        )
        known.update((a, b) for a, b in session.execute(stmt))
    return known


def _decided(
    decisions: Mapping[tuple[int, int], PairDecision], person: int | None, candidate: int
) -> PairDecision | None:
    """Return a reviewer's decision on the pair of persons (same or different), if any."""
    if person is None or person == candidate:
        return None
    found = decisions.get((min(person, candidate), max(person, candidate)))
    return found if found is not None and found.decision is not Decision.UNSURE else None


def _joinable(
    record: SourceRecord,
    rows: list[ReviewItem],
    records_of: Mapping[int, Sequence[SourceRecord]],
    waived: Waived,
) -> list[ReviewItem]:
    """Return the candidates of a record attached to none that it may be (see above).

    A candidate it breaks only the one-list rule with, through one row, may hold it as
    a duplicate row: that row is the item's pair, so a "same person" waives it.
    """
    free = []
    for row in rows:
        found = join_conflicts([record], records_of.get(row.candidate_person_id, []), waived)
        if not found:
            free.append(row)
        elif len(found) == 1 and found[0].kind == SAME_LIST:
            row.candidate_record_id, row.conflict = found[0].right.id, found[0].kind
    return free if any(row.probability > 0 for row in free) else rows


def queue_items(
    session: Session,
    month: str,
    items: Sequence[matching.ReviewItem],
    by_key: Mapping[Key, SourceRecord],
    person_of: Callable[[str], int | None],
    records_of: Mapping[int, Sequence[SourceRecord]],
    waived: Waived = frozenset(),
) -> dict[str, int]:
    """Add the engine's items to the queue; return counts (questions, rows, reused).

    `records_of`: every person's records after the reconciliation, by person id.
    """
    decisions = {
        (d.person_low_id, d.person_high_id): d for d in session.scalars(select(PairDecision))
    }
    asked = [by_key[item.record] for item in items if item.record in by_key]
    known = _known(session, [r.id for r in asked])
    counts = {"questions": 0, "rows": 0, "reused": 0}
    for item in items:
        record = by_key.get(item.record)
        if record is None:
            continue
        rows = []
        for candidate in item.candidates:
            pid = person_of(candidate.cluster)
            if pid is None:
                continue
            if (record.id, pid) in known:  # asked before: open still, or settled
                counts["reused"] += _decided(decisions, record.person_id, pid) is not None
                continue
            known.add((record.id, pid))
            other = by_key.get(_other_side(candidate.pair, item.record))
            rows.append(
                ReviewItem(
                    list_month=month,
                    source_record_id=record.id,
                    candidate_person_id=pid,
                    candidate_record_id=other.id if other is not None else None,
                    weight=candidate.pair.weight,
                    probability=candidate.probability,
                    note=candidate.pair.note[:300] or None,
                    explanation=_explanation(candidate.pair),
                    reason=item.reason,
                    priority=item.priority,
                    conflict=candidate.conflict or None,
                )
            )
        if record.person_id is None:
            rows = _joinable(record, rows, records_of, waived)
        if not rows:
            continue  # nobody to choose from
        open_rows = 0
        for row in rows:
            decision = _decided(decisions, record.person_id, row.candidate_person_id)
            if decision is not None:
                row.status, row.decision = ReviewStatus.REUSED, decision.decision
                row.decision_id = decision.id
                counts["reused"] += 1
            else:
                open_rows += 1
            session.add(row)
        counts["rows"] += len(rows)
        counts["questions"] += open_rows > 0
    return counts
