"""What a person has to look at: one item per record, with every person it may be.

A pair in the review band (or a probable link a constraint refused because of a
third record, or a thin record's candidates) asks whether two clusters are one
person. The question is put to the record whose cluster would move (the smaller
one), and all the questions about one record become one item listing every
candidate person. Items are ranked by how much the answer would change the persons:
how many records would move, weighted by how open the question is (a probability
near one half is open; near 0 or 1, settled).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from matching.constraints import SAME_LIST, pair_conflicts

UNCERTAIN_BELOW = 0.9  # a record held by its person with less than this is worth a look

# Why an item is there (the app shows its own label for each).
AMBIGUOUS = "ambiguous"  # a thin record fitting two or more persons: attached to none
REFUSED = "refused"  # a probable link refused because the whole clusters conflict
UNCERTAIN = "uncertain"  # a candidate in the review band
WEAK = "weak"  # attached to its person by a link in the review band only


@dataclass(frozen=True)
class Candidate:
    """A person (cluster) a record may belong to, with the evidence for it."""

    cluster: str
    probability: float  # calibrated, of the strongest pair between the record and it
    size: int  # records of that cluster
    pair: object  # the ScoredPair behind the probability (explained)
    current: bool = False  # the record is in it now
    conflict: str = ""  # a constraint joining them would break (kind), if any


@dataclass(frozen=True)
class ReviewItem:
    """One record to decide on, with every person it may be, most probable first."""

    record: tuple[str, str]
    cluster: str  # where the engine put it
    reason: str
    candidates: tuple[Candidate, ...]
    priority: float  # records the decision may move x how open the question is

    @property
    def probability(self) -> float:
        """The strongest candidate's probability."""
        return max((c.probability for c in self.candidates), default=0.0)


def _openness(p: float) -> float:
    return 1.0 - abs(2.0 * p - 1.0)


def review_items(pairs, labels: np.ndarray, ids: list[str], clustering, facts):
    """Group the open questions per record; return the items and their pairs, flat."""
    model = pairs.model
    sizes = np.bincount(labels, minlength=len(labels))
    band = pairs.prob >= model.review_threshold
    apart = labels[pairs.i] != labels[pairs.j]
    ambiguous = set(clustering.ambiguous.tolist())
    questions: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)  # rec -> root -> (k, why)
    for k in np.flatnonzero(band & apart).tolist():
        a, b = int(pairs.i[k]), int(pairs.j[k])
        kinds = pair_conflicts(facts[a], facts[b])
        if kinds and kinds != [SAME_LIST]:
            continue  # the two records themselves can never be one person
        if kinds and a not in ambiguous and b not in ambiguous:
            continue  # two rows of one list: a rule, not a question
        who = _asked(a, b, labels, sizes, ambiguous, facts)
        other = b if who == a else a
        reason = (AMBIGUOUS if who in ambiguous else
                  REFUSED if k in clustering.refused else UNCERTAIN)
        best = questions[who].get(int(labels[other]))
        if best is None or pairs.prob[k] > pairs.prob[best[0]]:
            questions[who][int(labels[other])] = (k, reason)
    _weak_links(pairs, labels, sizes, questions, ambiguous)
    return _items(pairs, labels, ids, sizes, questions, clustering)


def _asked(a: int, b: int, labels, sizes, ambiguous, facts) -> int:
    """The record whose placement the question is about: alone, then in the smaller cluster."""
    if (a in ambiguous) != (b in ambiguous):
        return a if a in ambiguous else b
    sa, sb = sizes[labels[a]], sizes[labels[b]]
    if sa != sb:
        return a if sa < sb else b
    return a if facts[a].key <= facts[b].key else b


def _weak_links(pairs, labels, sizes, questions, ambiguous) -> None:
    """Records whose best link into their own cluster is still open to doubt."""
    inside = np.flatnonzero(labels[pairs.i] == labels[pairs.j])
    ends = np.concatenate([pairs.i[inside], pairs.j[inside]])
    ks = np.concatenate([inside, inside])
    order = np.lexsort((ks, -pairs.prob[ks], ends))
    ends, ks = ends[order], ks[order]
    first = np.ones(len(ends), dtype=bool)
    first[1:] = ends[1:] != ends[:-1]
    for r, k in zip(ends[first].tolist(), ks[first].tolist(), strict=True):
        if pairs.prob[k] < UNCERTAIN_BELOW and r not in ambiguous and sizes[labels[r]] >= 2:
            questions[r].setdefault(int(labels[r]), (k, WEAK))


def _items(pairs, labels, ids, sizes, questions, clustering):
    refused_notes = {k: f"link refused: {kind}" for k, kind in clustering.refused.items()}
    flat_index = sorted({k for asked in questions.values() for k, _ in asked.values()})
    scored = dict(zip(flat_index, pairs.scored(flat_index, refused_notes), strict=True))
    items = []
    for r, asked in questions.items():
        own = int(labels[r])
        candidates = []
        reasons = set()
        for root, (k, reason) in asked.items():
            reasons.add(reason)
            candidates.append(Candidate(ids[root],
                                        round(float(pairs.prob[k]), 6), int(sizes[root]),
                                        scored[k], current=root == own,
                                        conflict=clustering.refused.get(k, "")))
        candidates.sort(key=lambda c: (-c.probability, c.cluster))
        reason = next(x for x in (AMBIGUOUS, REFUSED, UNCERTAIN, WEAK) if x in reasons)
        moved = sizes[own]
        priority = max(_openness(c.probability) * (moved + (0 if c.current else c.size))
                       for c in candidates)
        items.append(ReviewItem(pairs.f.records[r].key, ids[r], reason, tuple(candidates),
                                round(float(priority), 6)))
    items.sort(key=lambda it: (-it.priority, -it.probability, it.record))
    return items, [scored[k] for k in flat_index]
