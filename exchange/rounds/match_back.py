"""Tie the rows of the other side's file back to the persons of our list.

The matching engine compares each row with every record we hold of the round's persons
(their members' records and the registry's merged facts), across scripts: the other side
writes names in Russian Cyrillic. A row the engine links to one person is matched; a row
only in the review band, or linked to a person another row also took, is for a negotiator
to decide; any other row is not on our list. Pure: plain values in, plain values out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matching
from exchange.models import MatchState

__all__ = ["RowMatch", "match_back"]

THEIRS = "other-side"
OURS = "registry"


@dataclass(frozen=True)
class RowMatch:
    state: MatchState
    person_id: int | None = None  # matched: the person
    candidate_id: int | None = None  # review: who it may be
    probability: float | None = None


def _our_records(persons: Mapping[int, Sequence[Mapping[str, object]]]):
    records, owner = [], {}
    for pid, rows in persons.items():
        mine = []
        for n, values in enumerate(rows):
            key = f"{pid}:{n}"
            mine.append(matching.Record.from_canonical(OURS, {**values, "record_id": key}))
            owner[(OURS, key)] = pid
        records.append(matching.Person(str(pid), tuple(mine)))
    return records, owner


def _best(pairs, owner) -> dict[str, tuple[int, float]]:
    """Return, per row of theirs, the person of ours with the most probable pair."""
    best: dict[str, tuple[int, float]] = {}
    for pair in pairs:
        ends = {pair.left[0]: pair.left, pair.right[0]: pair.right}
        if set(ends) != {THEIRS, OURS}:
            continue
        row, pid = ends[THEIRS][1], owner[ends[OURS]]
        if row not in best or pair.probability > best[row][1]:
            best[row] = (pid, pair.probability)
    return best


def match_back(rows: Mapping[str, Mapping[str, object]],
               persons: Mapping[int, Sequence[Mapping[str, object]]],
               model: matching.MatchModel) -> dict[str, RowMatch]:
    """Match rows of theirs (key -> canonical values) to persons (id -> their records)."""
    if not rows:
        return {}
    if not persons:
        return {key: RowMatch(MatchState.UNMATCHED) for key in rows}
    ours, owner = _our_records(persons)
    theirs = [matching.Record.from_canonical(THEIRS, {**values, "record_id": key})
              for key, values in rows.items()]
    result = matching.link_incremental(theirs, ours, model, explain=True)
    linked = _best(result.links, owner)
    doubtful = _best(result.review, owner)
    found: dict[str, RowMatch] = {}
    for key in rows:
        cluster = result.clusters.get((THEIRS, key), "")
        if cluster.isdigit() and int(cluster) in persons:
            pid = int(cluster)
            found[key] = RowMatch(MatchState.MATCHED, pid, pid, linked.get(key, (pid, None))[1])
        elif key in doubtful:
            pid, probability = doubtful[key]
            found[key] = RowMatch(MatchState.REVIEW, None, pid, probability)
        else:
            found[key] = RowMatch(MatchState.UNMATCHED)
    taken = Counter(m.person_id for m in found.values() if m.person_id is not None)
    return {key: RowMatch(MatchState.REVIEW, None, m.person_id, m.probability)
            if m.person_id is not None and taken[m.person_id] > 1 else m
            for key, m in found.items()}
