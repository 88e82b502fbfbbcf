"""Clustering linked pairs into persons, with a guard against chaining different people."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import JaroWinkler

from matching.comparisons import GIVEN_CLOSE
from matching.features import Features


@dataclass
class _Summary:
    """What a cluster says about its person: full dates of birth, sexes, given names."""

    dates: set[tuple[int, int, int]] = field(default_factory=set)
    sexes: set[int] = field(default_factory=set)
    given: set[tuple[int, int]] = field(default_factory=set)  # (folded id, class id)
    patronymics: set[tuple[int, int]] = field(default_factory=set)
    surnames: set[int] = field(default_factory=set)
    anchored: str | None = None  # existing person id, in incremental mode
    dated: int = 0  # records with a full date of birth


def full_date_level(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    """Level of two full dates of birth, as compare_date_of_birth grades them."""
    if a == b:
        return "exact"
    if a[0] == b[0] and a[1] == b[2] and a[2] == b[1]:
        return "day_month_swapped"
    if a[1:] == b[1:] and abs(a[0] - b[0]) == 1:
        return "one_year_apart"
    if sum(x == y for x, y in zip(a, b, strict=True)) == 2:
        return "one_part_differs"
    return "different"


# A field difference stops a merge only where the model says it is strong evidence
# against a match: its "different" level weighs at most this many bits.
GUARD_BITS = -4.0
GUARDED = ("sex", "date_of_birth", "given_name", "patronymic")


class ClusterGuard:
    """Refuse a merge when the two clusters, taken whole, describe different people."""

    def __init__(self, features: Features, active: frozenset[str] = frozenset(GUARDED),
                 date_conflicts: frozenset[str] = frozenset({"one_part_differs",
                                                             "different"})) -> None:
        self.f = features
        self.active = active
        self.date_conflicts = date_conflicts
        names = features.names.strings

        @lru_cache(maxsize=100_000)
        def close(a: int, b: int) -> bool:
            return JaroWinkler.normalized_similarity(names[a], names[b]) >= GIVEN_CLOSE

        self._close = close

    def summary(self, i: int) -> _Summary:
        f = self.f
        s = _Summary()
        if f.full_dob[i]:
            s.dates.add((int(f.year[i]), int(f.month[i]), int(f.day[i])))
            s.dated = 1
        if f.sex[i]:
            s.sexes.add(int(f.sex[i]))
        if f.gn[i] >= 0:
            s.given.add((int(f.gn[i]), int(f.gn_cls[i])))
        if f.pt[i] >= 0:
            s.patronymics.add((int(f.pt[i]), int(f.pt_cls[i])))
        if f.sn[i] >= 0:
            s.surnames.add(int(f.sn[i]))
        return s

    def conflict(self, a: _Summary, b: _Summary, date_outweighed: bool = False) -> str | None:
        """Name the reason two clusters cannot be one person, or None.

        With `date_outweighed` (the link's own evidence outweighs its date conflict), two
        different dates of birth are let through, but only when neither cluster has its
        date from more than one record: a date two records agree on is not a typo, and two
        persons each with a confirmed date are namesakes.
        """
        if a.anchored and b.anchored and a.anchored != b.anchored:
            return "two registry persons"
        on = self.active
        if "sex" in on and len(a.sexes | b.sexes) > 1:
            return "different sex"
        if "date_of_birth" in on and not (date_outweighed and a.dated <= 1 and b.dated <= 1):
            for da in a.dates:
                for db in b.dates:
                    if full_date_level(da, db) in self.date_conflicts:
                        return "different dates of birth"
        # a given name found as the other cluster's surname is a swapped name order
        if "given_name" in on and self._names_conflict(a.given, b.given,
                                                       a.surnames | b.surnames):
            return "different given names"
        if "patronymic" in on and self._names_conflict(a.patronymics, b.patronymics):
            return "different patronymics"
        return None

    def _names_conflict(self, a: set[tuple[int, int]], b: set[tuple[int, int]],
                        excused: set[int] = frozenset()) -> bool:
        for fa, ca in a:
            for fb, cb in b:
                if ca == cb or fa in excused or fb in excused:
                    continue
                if not self._close(min(fa, fb), max(fa, fb)):
                    return True
        return False


class Clusters:
    """Union-find over record indices keeping a summary per cluster."""

    def __init__(self, features: Features, guard: ClusterGuard | None = None) -> None:
        self.guard = guard or ClusterGuard(features)
        n = len(features.records)
        self.parent = list(range(n))
        self.summaries: dict[int, _Summary] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def _summary(self, root: int) -> _Summary:
        s = self.summaries.get(root)
        if s is None:
            s = self.summaries[root] = self.guard.summary(root)
        return s

    def anchor(self, indices: list[int], person_id: str) -> None:
        """Join records already known to be one registry person (no guard)."""
        for i in indices[1:]:
            self._join(self.find(indices[0]), self.find(i))
        if indices:
            self._summary(self.find(indices[0])).anchored = person_id

    def _join(self, ra: int, rb: int) -> int:
        if ra == rb:
            return ra
        sa, sb = self._summary(ra), self._summary(rb)
        if rb < ra:
            ra, rb, sa, sb = rb, ra, sb, sa
        self.parent[rb] = ra
        sa.dates |= sb.dates
        sa.dated += sb.dated
        sa.sexes |= sb.sexes
        sa.given |= sb.given
        sa.patronymics |= sb.patronymics
        sa.surnames |= sb.surnames
        sa.anchored = sa.anchored or sb.anchored
        self.summaries.pop(rb, None)
        return ra

    def try_merge(self, i: int, j: int, date_outweighed: bool = False) -> str | None:
        """Merge the clusters of i and j unless the guard objects; return the objection."""
        ra, rb = self.find(i), self.find(j)
        if ra == rb:
            return None
        reason = self.guard.conflict(self._summary(ra), self._summary(rb), date_outweighed)
        if reason is None:
            self._join(ra, rb)
        return reason

    def labels(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))], dtype=np.int64)

    def anchored_id(self, root: int) -> str | None:
        s = self.summaries.get(root)
        return s.anchored if s else None


def _greedy(clusters: Clusters, i: np.ndarray, j: np.ndarray, order: list[int],
            date_outweighed: np.ndarray) -> np.ndarray:
    refused = np.zeros(len(i), dtype=bool)
    for k in order:
        if clusters.try_merge(int(i[k]), int(j[k]), bool(date_outweighed[k])) is not None:
            refused[k] = True
    return refused


def ambiguous_records(labels: np.ndarray, i: np.ndarray, j: np.ndarray, weights: np.ndarray,
                      margin: float) -> np.ndarray:
    """Records linked into their cluster no more strongly than into another, conflicting one.

    A record with little in it (no date of birth, initials only) may score as well
    against two namesakes; joining the first would put it on the wrong person half
    the time. Such records are left alone and their links sent to review.
    """
    n = len(labels)
    best_in = np.full(n, -np.inf)
    best_out = np.full(n, -np.inf)
    same = labels[i] == labels[j]
    for ends in (i, j):
        np.maximum.at(best_in, ends[same], weights[same])
        np.maximum.at(best_out, ends[~same], weights[~same])
    attached = best_in > -np.inf
    return np.flatnonzero(attached & (best_out > -np.inf) & (best_out >= best_in - margin))


def cluster_links(features: Features, i: np.ndarray, j: np.ndarray, weights: np.ndarray,
                  clusters: Clusters | None = None, *, margin: float | None = None,
                  make_clusters=None, movable: np.ndarray | None = None,
                  date_outweighed: np.ndarray | None = None
                  ) -> tuple[Clusters, np.ndarray, np.ndarray]:
    """Merge linked pairs strongest first, leaving ambiguous records alone.

    Returns the clusters, a refused-link mask and the indices of the records left
    alone as ambiguous (only when `margin` is given; `make_clusters` rebuilds a fresh
    Clusters, `movable` marks the records that may be left alone, `date_outweighed`
    the links whose own evidence outweighs their date-of-birth conflict).
    """
    make_clusters = make_clusters or (lambda: Clusters(features))
    clusters = clusters or make_clusters()
    if date_outweighed is None:
        date_outweighed = np.zeros(len(i), dtype=bool)
    order = np.lexsort((j, i, -weights)).tolist()
    refused = _greedy(clusters, i, j, order, date_outweighed)
    none = np.empty(0, dtype=np.int64)
    if margin is None or not refused.any():
        return clusters, refused, none
    ambiguous = ambiguous_records(clusters.labels(), i, j, weights, margin)
    if movable is not None:
        ambiguous = ambiguous[movable[ambiguous]]
    if len(ambiguous) == 0:
        return clusters, refused, none
    alone = np.zeros(len(features.records), dtype=bool)
    alone[ambiguous] = True
    keep = ~(alone[i] | alone[j])
    clusters = make_clusters()
    refused = np.zeros(len(i), dtype=bool)
    refused[keep] = _greedy(clusters, i[keep], j[keep],
                            np.lexsort((j[keep], i[keep], -weights[keep])).tolist(),
                            date_outweighed[keep])
    return clusters, refused, ambiguous
