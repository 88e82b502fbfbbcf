"""Explain the links the identity constraints refused: which records, which fact.

Written to `flask reconcile`'s output, so only references and the kind of fact, never
names or dates of birth (outputs end up in logs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matching
from exchange.domain.identity import Key, join_conflicts
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
            first: dict[str, str] = {}  # one pair of records per fact
            for found in join_conflicts(own, records_of.get(pid, [])):
                pair = f"{record_ref(found.left)} / {record_ref(found.right)}"
                first.setdefault(found.kind, f"{found.kind} ({pair})")
            if first:
                lines.append(
                    f"refused: {record_ref(record)} with person {pid}: {'; '.join(first.values())}"
                )
    return lines
