"""How the estimate moves when the linkage moves: linkage errors bias it (Tancredi 2011).

Missed links split one person into two, each on fewer lists, which looks like lists that
rarely overlap and inflates the estimate; wrong links do the opposite. Each variant
rebuilds the month's capture histories under other linkage decisions and estimates again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

import matching
from exchange.estimation import mse
from exchange.estimation.histories import MonthHistories, MonthRecord, group_held
from exchange.estimation.refusals import Refusal
from exchange.estimation.tables import CaptureTable
from exchange.reports.queries import open_review_pairs

# link thresholds (probability of a match) of the re-linking variants: about +16.6 and
# +6.6 bits of match weight, either side of the engine's default of about +10
STRICT, LOOSE = 0.99999, 0.99
VARIANTS = ("reconciled", "review_merged", "engine_strict", "engine_default", "engine_loose")


@dataclass(frozen=True)
class Variant:
    """One linkage variant: how many persons it finds and what the estimate becomes."""

    code: str
    persons: int
    outcome: mse.Estimate | Refusal


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[x] = root
        return root

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _estimate(code: str, lists: Sequence[str], held: dict) -> Variant:
    table = CaptureTable.from_histories(lists, held.values())
    return Variant(code, len(held), mse.estimate(table, check=False))


def review_merged(session: Session, histories: MonthHistories) -> Variant:
    """Count every pair still waiting in the review queue as one person."""
    union = _Union()
    for a, b in session.execute(open_review_pairs()):
        union.join(a, b)
    linked = [r for r in histories.records if r.person_id is not None]
    held, _ = group_held(linked, lambda r: union.find(r.person_id))
    return _estimate("review_merged", histories.lists, held)


def relinked(records: Sequence[MonthRecord], lists: Sequence[str]) -> list[Variant]:
    """Link the month's records afresh with the engine at a strict, default, loose threshold."""
    engine_records = [
        matching.Record.from_canonical(r.org, {**r.values, "record_id": str(r.source_record_id)})
        for r in records
    ]
    model = matching.link_records(engine_records).model
    variants = []
    for code, threshold in (("engine_strict", STRICT), ("engine_default", None),
                            ("engine_loose", LOOSE)):
        tuned = model if threshold is None else replace(model, link_threshold=threshold)
        clusters = matching.link_records(engine_records, tuned).clusters
        held, _ = group_held(records, lambda r, c=clusters: c[(r.org, str(r.source_record_id))])
        variants.append(_estimate(code, lists, held))
    return variants


def sensitivity(session: Session, histories: MonthHistories, reconciled: mse.Estimate | Refusal
                ) -> list[Variant]:
    """Return the estimate under each linkage variant, the reconciled one first."""
    return [
        Variant("reconciled", len(histories.persons), reconciled),
        review_merged(session, histories),
        *relinked(histories.records, histories.lists),
    ]
