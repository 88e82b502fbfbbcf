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
from typing import NamedTuple

import numpy as np

from matching.constraints import SAME_LIST, pair_conflicts

UNCERTAIN_BELOW = 0.9  # a record held by its person with less than this is worth a look
MAX_CANDIDATES = 12  # per item, the most probable (a namesake group can be larger)

# Why an item is there (the app shows its own label for each).
AMBIGUOUS = "ambiguous"  # a thin record fitting two or more persons: attached to none
REFUSED = "refused"  # a probable link refused because the whole clusters conflict
UNCERTAIN = "uncertain"  # a candidate in the review band
WEAK = "weak"  # attached to its person by a link in the review band only
DUPLICATE = "duplicate"  # like a person already holding a row of the same list


class Candidate(NamedTuple):
    """A person (cluster) a record may belong to, with the evidence for it."""

    cluster: str
    probability: float  # that the record is this person and none of the other candidates
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
    more: int = 0  # further, less probable candidates left out (beyond MAX_CANDIDATES)

    @property
    def probability(self) -> float:
        """The strongest candidate's probability."""
        return max((c.probability for c in self.candidates), default=0.0)


def _openness(p: float) -> float:
    return 1.0 - abs(2.0 * p - 1.0)


class Draft(NamedTuple):
    """An item before its clusters have their ids: record and pairs by index."""

    record: int
    own: int  # root of the record's cluster
    reason: str
    candidates: list[tuple[int, float, int]]  # (cluster root, probability, pair index)
    more: int


def review_drafts(pairs, labels: np.ndarray, clustering, facts) -> list[Draft]:
    """The open questions, grouped per record (see the module's docstring)."""
    sizes = np.bincount(labels, minlength=len(labels))
    apart = labels[pairs.i] != labels[pairs.j]
    strong, lonely, fitting = _left_alone(pairs, labels, sizes, clustering.thin, apart)
    ambiguous = np.zeros(len(labels), dtype=bool)
    ambiguous[clustering.ambiguous] = True
    ambiguous[list(fitting)] = True
    ks = np.flatnonzero(((pairs.prob >= pairs.model.review_threshold) | strong) & apart)
    alone = np.zeros(len(labels), dtype=bool)
    alone[list(lonely)] = True
    ks = ks[_open(pairs, ks, facts, ambiguous | alone, clustering.clusters.fields)]
    a, b = pairs.i[ks], pairs.j[ks]
    # the record whose placement is in question: alone, else in the smaller cluster
    a_asked = np.where(ambiguous[a] != ambiguous[b], ambiguous[a],
                       np.where(sizes[labels[a]] != sizes[labels[b]],
                                sizes[labels[a]] < sizes[labels[b]], a < b))
    who, other = np.where(a_asked, a, b), np.where(a_asked, b, a)
    order = np.lexsort((ks, -pairs.prob[ks], labels[other], who))  # best pair per question
    who, root, ks = who[order], labels[other][order], ks[order]
    first = np.ones(len(ks), dtype=bool)
    first[1:] = (who[1:] != who[:-1]) | (root[1:] != root[:-1])
    summary = clustering.clusters.summary
    questions: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)  # rec -> root -> (k, why)
    for r, c, k in zip(who[first].tolist(), root[first].tolist(), ks[first].tolist(),
                       strict=True):
        reason = (AMBIGUOUS if ambiguous[r] else
                  DUPLICATE if facts[r].source in summary(c).lists else
                  REFUSED if k in clustering.refused else UNCERTAIN)
        questions[r][c] = (k, reason)
    inside = _best_inside(pairs, labels)
    _weak_links(pairs, labels, sizes, questions, ambiguous, inside)
    for r, asked in questions.items():  # where the record is now is a candidate too
        if inside[r] >= 0:
            asked.setdefault(int(labels[r]), (int(inside[r]), WEAK))
    return _drafts(pairs, labels, questions, clustering,
                   set(np.flatnonzero(ambiguous).tolist()) | lonely)


def _open(pairs, ks: np.ndarray, facts, unattached: np.ndarray, fields) -> np.ndarray:
    """Which of the pairs are questions: not two records that can never be one person,
    nor two rows of one list (a rule, unless one of them is attached to none: then
    perhaps a duplicate row)."""
    a, b = pairs.i[ks], pairs.j[ks]
    same_list = pairs.list_of[a] == pairs.list_of[b]
    keys = np.stack([pairs.profile_of[a], pairs.profile_of[b], same_list], axis=1)
    unique, firsts, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    verdict = np.zeros(len(unique), dtype=np.int8)  # 0 open, 1 same list only, 2 never
    for u, pos in enumerate(firsts.tolist()):
        kinds = [kind for kind in pair_conflicts(facts[int(a[pos])], facts[int(b[pos])])
                 if kind in fields]
        verdict[u] = 0 if not kinds else 1 if kinds == [SAME_LIST] else 2
    v = verdict[inverse.ravel()]
    return (v == 0) | ((v == 1) & (unattached[a] | unattached[b]))


def _left_alone(pairs, labels, sizes, thin,
                apart) -> tuple[np.ndarray, set[int], set[int]]:
    """Records alone although they would link to a person on their own: a rival row of
    that person's list (a duplicate, a namesake) took the probability. They go to review
    with those candidates; a thin one fitting two or more persons is ambiguous.

    Returns their strong pairs, the records, and the thin ones fitting several.
    """
    link = pairs.model.link_threshold
    strong = apart & (pairs.weight >= np.log2(link / (1.0 - link)))
    alone = sizes[labels] == 1
    strong &= alone[pairs.i] | alone[pairs.j]
    seen: dict[int, set[int]] = defaultdict(set)
    for a, b in zip(pairs.i[strong].tolist(), pairs.j[strong].tolist(), strict=True):
        if alone[a]:
            seen[a].add(int(labels[b]))
        if alone[b]:
            seen[b].add(int(labels[a]))
    fitting = {r for r, roots in seen.items() if len(roots) >= 2 and thin[r]}
    return strong, set(seen), fitting


def _best_inside(pairs, labels) -> np.ndarray:
    """Each record's most probable pair inside its own cluster (-1: none)."""
    inside = np.flatnonzero(labels[pairs.i] == labels[pairs.j])
    ends = np.concatenate([pairs.i[inside], pairs.j[inside]])
    ks = np.concatenate([inside, inside])
    order = np.lexsort((ks, -pairs.prob[ks], ends))
    ends, ks = ends[order], ks[order]
    first = np.ones(len(ends), dtype=bool)
    first[1:] = ends[1:] != ends[:-1]
    best = np.full(len(labels), -1, dtype=np.int64)
    best[ends[first]] = ks[first]
    return best


def _weak_links(pairs, labels, sizes, questions, ambiguous: np.ndarray,
                inside: np.ndarray) -> None:
    """Records whose best link into their own cluster is still open to doubt."""
    held = inside >= 0
    weak = held & ~ambiguous & (sizes[labels] >= 2)
    weak[held] &= pairs.prob[inside[held]] < UNCERTAIN_BELOW
    for r in np.flatnonzero(weak).tolist():
        questions[r].setdefault(int(labels[r]), (int(inside[r]), WEAK))


def exclusive(probabilities: list[float], rivals: list[list[int]]) -> list[float]:
    """Probabilities of one record being each of several persons, some of whom exclude
    each other (`rivals[k]`: the candidates that cannot be one person with candidate k).

    Each pair probability p gives odds p / (1 - p) that the record is that person; as
    it is at most one of two rivals, a candidate's odds are shared with its rivals':
    odds / (1 + its odds + its rivals' odds). Candidates that may be one person with
    it (a person split in two) do not take its share.
    """
    odds = [min(p, 1 - 1e-9) / (1 - min(p, 1 - 1e-9)) for p in probabilities]
    return [o / (1.0 + o + sum(odds[r] for r in rivals[k])) for k, o in enumerate(odds)]


def _drafts(pairs, labels, questions, clustering, keep_all: set[int]) -> list[Draft]:
    """Each asked record's candidates with shared probabilities; `keep_all`: records whose
    every candidate is listed (attached to none), not only the likely ones."""
    floor = pairs.model.review_threshold
    clusters = clustering.clusters
    known: dict[tuple[int, int], bool] = {}  # the same namesakes meet in many items

    def excludes(a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        found = known.get(key)
        if found is None:
            found = known[key] = clusters.summary(a).conflict(clusters.summary(b),
                                                              clusters.fields) is not None
        return found

    drafts = []
    for r, asked in questions.items():
        own = int(labels[r])
        raw = {root: float(pairs.prob[k]) for root, (k, _) in asked.items()}
        likely = [root for root, p in raw.items() if root != own and p >= floor]
        if r not in keep_all and not likely and raw.get(own, 1.0) >= UNCERTAIN_BELOW:
            continue  # sharing only lowers probabilities: nothing would reach the floor
        roots = sorted(asked, key=lambda root: (root != own, -raw[root], root))
        roots = roots[:MAX_CANDIDATES]
        rivals = [[b for b, other in enumerate(roots) if b != a and excludes(mine, other)]
                  for a, mine in enumerate(roots)]
        shared = exclusive([raw[root] for root in roots], rivals)
        kept = [(root, p) for root, p in zip(roots, shared, strict=True)
                if root == own or p >= floor or r in keep_all]
        reasons = {asked[root][1] for root, _ in kept if root != own}
        if not reasons:  # nobody else is likely: a question only if its own link is weak
            if not any(root == own and p < UNCERTAIN_BELOW for root, p in kept):
                continue
            reasons = {WEAK}
        reason = next(x for x in (AMBIGUOUS, DUPLICATE, REFUSED, UNCERTAIN, WEAK)
                      if x in reasons)
        drafts.append(Draft(r, own, reason, [(root, p, asked[root][0]) for root, p in kept],
                            len(asked) - len(roots)))
    return drafts


def build_items(pairs, drafts: list[Draft], labels: np.ndarray, ids: list[str],
                refused: dict[int, str]) -> tuple[list[ReviewItem], list]:
    """The review items, most consequential first, and their pairs (explained), flat."""
    sizes = np.bincount(labels, minlength=len(labels))
    used = sorted({k for d in drafts for _, _, k in d.candidates})
    notes = {k: f"link refused: {kind}" for k, kind in refused.items()}
    scored = dict(zip(used, pairs.scored(used, notes), strict=True))
    items = []
    for d in drafts:
        candidates = sorted((Candidate(ids[root], round(p, 6), int(sizes[root]), scored[k],
                                       current=root == d.own, conflict=refused.get(k, ""))
                             for root, p, k in d.candidates),
                            key=lambda c: (-c.probability, c.cluster))
        moved = sizes[d.own]
        priority = max(_openness(c.probability) * (moved + (0 if c.current else c.size))
                       for c in candidates)
        items.append(ReviewItem(pairs.f.records[d.record].key, ids[d.record], d.reason,
                                tuple(candidates), round(float(priority), 6), d.more))
    items.sort(key=lambda it: (-it.priority, -it.probability, it.record))
    return items, [scored[k] for k in used]
