"""Explain what the identity constraints found: which records, which fact.

The links a reconciliation refused, and the persons whose own records disagree.

Written to `flask reconcile`'s output, so only references and the kind of fact, never
names or dates of birth (outputs end up in logs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matching
from exchange.domain.identity import Key, RecordConflict, join_conflicts
from exchange.models import SourceRecord


def record_ref(record: SourceRecord) -> str:
    """Return how a record is named to people: `ORG:record id (month)`."""
    reference = record.record_id or f"row-{record.row_number}"
    return f"{record.organisation.code}:{reference} ({record.list_month})"


def refusal_lines(
    items: Sequence[matching.ReviewItem],
    by_key: Mapping[Key, SourceRecord],
    person_of: Callable[[str], int | None],
    records_of: Mapping[int, list[SourceRecord]],
) -> list[str]:
    """Return one line per conflict behind each refused link."""
    lines = []
    for item in items:
        record = by_key[item.record]
        own = records_of.get(record.person_id, [record]) if record.person_id else [record]
        for candidate in item.candidates:
            pid = person_of(candidate.cluster)
            if not candidate.conflict or pid is None or pid == record.person_id:
                continue
            found = join_conflicts(own, records_of.get(pid, []))
            if found:
                lines.append(f"refused: {record_ref(record)} with person {pid}: {_facts(found)}")
    return lines


def conflict_lines(found: Mapping[int, Sequence[RecordConflict]]) -> list[str]:
    """Return one line per person whose own records disagree, the undecided ones first."""
    decided = {pid: all(c.waived for c in conflicts) for pid, conflicts in found.items()}
    return [
        f"identity conflict: person {pid} "
        f"({'decided by a reviewer' if decided[pid] else 'undecided'}): {_facts(found[pid])}"
        for pid in sorted(found, key=lambda pid: (decided[pid], pid))
    ]


def _facts(conflicts: Sequence[RecordConflict]) -> str:
    """Each fact in conflict with the first pair of records that disagree on it."""
    first: dict[str, str] = {}
    for c in conflicts:
        first.setdefault(c.kind, f"{c.kind} ({record_ref(c.left)} / {record_ref(c.right)})")
    return "; ".join(first.values())
