"""Clustering record pairs into persons under the identity constraints.

Constrained agglomerative clustering (Davidson and Ravi, "Agglomerative Hierarchical
Clustering with Constraints: Theoretical and Empirical Results", PKDD 2005): pairs
are merged most probable first, and a merge is refused when the two clusters, taken
whole, break a cannot-link constraint (`summary.PersonFacts.conflict`). So a
record without a date of birth never chains two namesakes with different dates: once
it sits with one of them, the other's date conflicts with the whole cluster. A cluster
refused by a registry person only because one of its rows is a second row of a list the
person holds lets its other rows join the person on their own links (`_rescue`).

A thin record (no full date of birth or no patronymic) that fits a second person
about as well as its own (within `margin` bits of calibrated log-odds) is then
attached to none: it stays alone and goes to review with every candidate.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from matching.constraints import KINDS, SAME_LIST, Facts
from matching.summary import PersonFacts

AMBIGUITY_BITS = 1.0  # "about equally": within a factor of two in odds


class Clusters:
    """Union-find over record indices keeping each cluster's facts."""

    def __init__(self, facts: list[Facts], fields: Collection[str] = KINDS) -> None:
        self.facts = facts
        self.fields = frozenset(fields)
        self.parent = list(range(len(facts)))
        self.summaries: dict[int, PersonFacts] = {}
        self.anchored: dict[int, str] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def summary(self, root: int) -> PersonFacts:
        s = self.summaries.get(root)
        if s is None:
            s = self.summaries[root] = PersonFacts.of(self.facts[root])
        return s

    def _join(self, ra: int, rb: int, *, waive: bool = False) -> int:
        sa, sb = self.summary(ra), self.summary(rb)
        if len(sb.lists) > len(sa.lists):  # the smaller summary is merged into the larger
            ra, rb, sa, sb = rb, ra, sb, sa
        sa.absorb(sb, waive=waive)
        self.summaries.pop(rb, None)
        self.parent[rb] = ra
        if rb in self.anchored:
            self.anchored.setdefault(ra, self.anchored.pop(rb))
        return ra

    def join_all(self, indices: list[int], *, waive: bool = False) -> int:
        """Put records together without asking (one registry person, one full profile)."""
        root = self.find(indices[0])
        for i in indices[1:]:
            other = self.find(i)
            if other != root:
                root = self._join(root, other, waive=waive)
        return root

    def reset(self, records: np.ndarray) -> None:
        """Take whole clusters apart again (every record of each must be given)."""
        for r in records.tolist():
            self.parent[r] = r
            self.summaries.pop(r, None)
            self.anchored.pop(r, None)

    def join_identical(self, indices: list[int]) -> None:
        """Put together records identical in every fact but their list (one full profile)."""
        root = indices[0]
        for i in indices[1:]:
            self.parent[i] = root
        self.summaries[root] = PersonFacts.of_group(self.facts[i] for i in indices)

    def anchor(self, indices: list[int], person_id: str) -> None:
        """Join the records of one registry person (what it holds was decided before).

        Only a disagreement the person really holds (a coordinator's decision) is
        waived: a person whose records agree keeps every check for a new record.
        """
        if not indices:
            return
        root = self.find(indices[0])
        for i in indices[1:]:
            other = self.find(i)
            if other != root:
                held = self.summary(root).conflict(self.summary(other), self.fields)
                root = self._join(root, other, waive=held not in (None, SAME_LIST))
        self.anchored[root] = person_id

    def conflict(self, ra: int, rb: int) -> str | None:
        """Why the clusters with roots ra and rb cannot be one person, or None."""
        if ra == rb:
            return None
        if ra in self.anchored and rb in self.anchored:
            return "two registry persons"
        return self.summary(ra).conflict(self.summary(rb), self.fields)

    def merge_roots(self, ra: int, rb: int) -> None:
        """Join two clusters (their roots), unasked."""
        self._join(ra, rb)

    def try_merge(self, i: int, j: int) -> str | None:
        """Merge the clusters of i and j unless a constraint objects; return the objection."""
        ra, rb = self.find(i), self.find(j)
        reason = self.conflict(ra, rb)
        if reason is None and ra != rb:
            self._join(ra, rb)
        return reason

    def labels(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))], dtype=np.int64)


@dataclass
class Clustering:
    """The clusters, which pairs a constraint refused (and why), the records left alone."""

    clusters: Clusters
    refused: dict[int, str]  # pair index -> conflict kind
    ambiguous: np.ndarray  # record indices attached to none
    thin: np.ndarray  # per record: too little to tell namesakes apart


def _merge_in_order(clusters: Clusters, i: np.ndarray, j: np.ndarray, prob: np.ndarray,
                    weight: np.ndarray, pairs: np.ndarray) -> dict[int, str]:
    """Merge most probable first; of the pairs between two starting clusters, only the
    first matters (a refusal stands as clusters only grow, a merge makes the rest moot)."""
    refused: dict[int, str] = {}
    order = pairs[np.lexsort((j[pairs], i[pairs], -weight[pairs], -prob[pairs]))]
    labels = clusters.labels()
    a, b = labels[i[order]], labels[j[order]]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    apart = lo != hi
    order, lo, hi = order[apart], lo[apart], hi[apart]
    codes = lo * len(labels) + hi
    _, first = np.unique(codes, return_index=True)
    order = order[np.sort(first)]
    find, conflict, join = clusters.find, clusters.conflict, clusters.merge_roots
    for k, a, b in zip(order.tolist(), i[order].tolist(), j[order].tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        reason = conflict(ra, rb)
        if reason is None:
            join(ra, rb)
        else:
            refused[k] = reason
    return refused


def _rescue(clusters: Clusters, refused: dict[int, str], i: np.ndarray, j: np.ndarray,
            prob: np.ndarray, link: float) -> dict[int, str]:
    """Records kept out of a registry person only by the company they came in.

    A cluster is refused whole: a new cluster holding a second row of a list the person
    already holds (a person listed twice by one member, the rows not near-identical) is
    kept out with every record in it, though its rows from other lists fit the person on
    their own. Those records (each linked to the person by a pair of its own, and
    breaking no constraint with it) join the person; the colliding rows stay together,
    apart, and go to review as rows listed twice. Only in incremental mode (a registry
    person is anchored); clusters of new records are left as the merge order made them.
    """
    todo = [k for k, why in refused.items() if why == SAME_LIST]
    if not todo or not clusters.anchored:
        return refused
    labels = clusters.labels()  # as clusters were before: members only leave them here
    by_label: dict[int, list[int]] = {}
    for record, label in enumerate(labels.tolist()):
        by_label.setdefault(label, []).append(record)
    strong = np.flatnonzero(prob >= link)
    ends = np.concatenate([i[strong], j[strong]])
    order = np.argsort(ends, kind="stable")
    ends, partners = ends[order], np.concatenate([j[strong], i[strong]])[order]
    for k in todo:
        ra, rb = clusters.find(int(i[k])), clusters.find(int(j[k]))
        if ra == rb or (ra in clusters.anchored) == (rb in clusters.anchored):
            continue
        person, other = (ra, rb) if ra in clusters.anchored else (rb, ra)
        members = [m for m in by_label[int(labels[other])] if clusters.find(m) == other]
        summary = clusters.summary(person)
        movers = []
        for m in members:
            lo, hi = np.searchsorted(ends, [m, m + 1])
            if (any(clusters.find(p) == person for p in partners[lo:hi].tolist())
                    and summary.conflict(PersonFacts.of(clusters.facts[m]),
                                         clusters.fields) is None):
                movers.append(m)
        stay = [m for m in members if m not in movers]
        if not movers or not stay:
            continue
        clusters.reset(np.asarray(members))
        clusters.join_all(stay)
        group = clusters.join_all(movers)
        if clusters.conflict(clusters.find(person), group) is None:
            clusters.merge_roots(clusters.find(person), group)
        else:  # the movers disagree among themselves on a list: as they were
            clusters.reset(np.asarray(members))
            clusters.join_all(members)
    return {k: why for k, why in refused.items()
            if clusters.find(int(i[k])) != clusters.find(int(j[k]))}


def ambiguous_records(labels: np.ndarray, i: np.ndarray, j: np.ndarray, bits: np.ndarray,
                      thin: np.ndarray, margin: float) -> np.ndarray:
    """Thin records that fit another cluster about as well as their own (within margin)."""
    n = len(labels)
    best_in = np.full(n, -np.inf)
    best_out = np.full(n, -np.inf)
    same = labels[i] == labels[j]
    for ends in (i, j):
        np.maximum.at(best_in, ends[same], bits[same])
        np.maximum.at(best_out, ends[~same], bits[~same])
    found = thin & (best_in > -np.inf) & (best_out > -np.inf) & (best_out >= best_in - margin)
    return np.flatnonzero(found)


def components(labels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected component (its smallest root) of every record: clusters joined by pairs."""
    parent = np.arange(len(labels))
    u, v = labels[i], labels[j]
    while True:
        pu, pv = parent[u], parent[v]
        if np.array_equal(pu, pv):
            return parent[labels]
        low = np.minimum(pu, pv)
        np.minimum.at(parent, pu, low)
        np.minimum.at(parent, pv, low)
        while True:  # pointer jumping
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


def cluster_pairs(facts: list[Facts], i: np.ndarray, j: np.ndarray, prob: np.ndarray,
                  weight: np.ndarray, *, link: float, candidate: float, thin: np.ndarray,
                  prepare=None, movable: np.ndarray | None = None,
                  margin: float | None = AMBIGUITY_BITS,
                  fields: Collection[str] = KINDS) -> Clustering:
    """Merge the pairs at or above `link` probability, most probable first.

    `prepare(clusters, mask)` joins what is known beforehand among the records of the
    mask (registry persons, records identical in every field). A thin record (`thin`)
    whose calibrated log-odds into another cluster (pairs at or above `candidate`) come
    within `margin` bits of those into its own is left alone (only `movable` records,
    in incremental mode), and the clusters around it are merged again without its pairs.
    """
    clusters = Clusters(facts, fields)
    everyone = np.ones(len(facts), dtype=bool)
    if prepare is not None:
        prepare(clusters, everyone)
    linked = np.flatnonzero(prob >= link)
    refused = _rescue(clusters, _merge_in_order(clusters, i, j, prob, weight, linked),
                      i, j, prob, link)
    none = np.empty(0, dtype=np.int64)
    if margin is None:
        return Clustering(clusters, refused, none, thin)
    considered = prob >= candidate
    bits = np.log2(np.clip(prob, 1e-12, 1.0) / np.clip(1.0 - prob, 1e-12, 1.0))
    labels = clusters.labels()
    ambiguous = ambiguous_records(labels, i[considered], j[considered], bits[considered],
                                  thin, margin)
    if movable is not None:
        ambiguous = ambiguous[movable[ambiguous]]
    if len(ambiguous) == 0:
        return Clustering(clusters, refused, none, thin)
    component = components(labels, i[linked], j[linked])
    affected = np.isin(component, component[ambiguous])
    clusters.reset(np.flatnonzero(affected))
    if prepare is not None:
        prepare(clusters, affected)
    alone = np.zeros(len(facts), dtype=bool)
    alone[ambiguous] = True
    again = linked[affected[i[linked]] & ~alone[i[linked]] & ~alone[j[linked]]]
    refused = {k: why for k, why in refused.items() if not affected[i[k]]}
    refused.update(_rescue(clusters, _merge_in_order(clusters, i, j, prob, weight, again),
                           i, j, prob, link))
    return Clustering(clusters, refused, ambiguous, thin)
