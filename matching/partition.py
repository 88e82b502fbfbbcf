"""Clustering and review drafting, part by part, on both cores when the work is large.

Records that no pair (and no registry person, no shared full profile) connects can
never meet: the connected components of the scored pairs are independent problems.
They are dealt into parts of about equal work; each part is clustered and its review
questions drafted in a process of its own (forked, so the arrays are shared, not
copied), and the parts' results are put together.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from matching.cluster import Clusters, cluster_pairs, components
from matching.review import Draft, review_drafts

PARALLEL_MIN_PAIRS = 150_000  # below this, forking costs more than it saves


@dataclass
class Decisions:
    """What the clustering decided for every record, and what it asks a person."""

    roots: np.ndarray  # per record: the root record of its cluster
    refused: dict[int, str] = field(default_factory=dict)  # pair index -> conflict kind
    ambiguous: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    drafts: list[Draft] = field(default_factory=list)
    anchored: dict[int, str] = field(default_factory=dict)  # root -> registry person id


@dataclass
class Problem:
    """Everything a part needs; set before forking, so the children inherit it."""

    pairs: object  # engine.ScoredPairs
    facts: list
    thin: np.ndarray
    prepare: Callable[[Clusters, np.ndarray], None]
    movable: np.ndarray | None
    ambiguity: float | None
    fields: frozenset[str]


_PROBLEM: Problem | None = None
_PARTS: list[tuple[np.ndarray, np.ndarray]] = []


def default_workers() -> int:
    """Both cores of a two-core machine (at most two: the parts are never more even)."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def decide(problem: Problem, bonds: tuple[np.ndarray, np.ndarray],
           workers: int | None = None) -> Decisions:
    """Cluster and draft the review, in parts (in parallel when worth it)."""
    global _PROBLEM, _PARTS
    pairs = problem.pairs
    n = len(problem.facts)
    workers = default_workers() if workers is None else max(1, workers)
    if len(pairs.i) < PARALLEL_MIN_PAIRS or "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    everything = (np.ones(n, dtype=bool), np.arange(len(pairs.i)))
    _PROBLEM, _PARTS = problem, [everything] if workers == 1 else _split(problem, bonds, workers)
    try:
        if len(_PARTS) == 1:
            results = [_solve(0)]
        else:
            with multiprocessing.get_context("fork").Pool(len(_PARTS)) as pool:
                results = pool.map(_solve, range(len(_PARTS)))
    finally:
        _PROBLEM, _PARTS = None, []
    return _combine(results, n)


def _split(problem: Problem, bonds, workers: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Deal the components into parts of about equal numbers of pairs."""
    pairs = problem.pairs
    n = len(problem.facts)
    component = components(np.arange(n), np.concatenate([pairs.i, bonds[0]]),
                           np.concatenate([pairs.j, bonds[1]]))
    work = np.bincount(component[pairs.i], minlength=n) + np.bincount(component, minlength=n)
    load = np.zeros(workers)
    owner = np.zeros(n, dtype=np.int64)
    for c in np.argsort(-work, kind="stable").tolist():  # largest first, to the lightest part
        if work[c] == 0:
            break
        part = int(np.argmin(load))
        owner[c] = part
        load[part] += work[c]
    of_record = owner[component]
    return [(of_record == p, np.flatnonzero(of_record[pairs.i] == p)) for p in range(workers)]


def _solve(part: int) -> tuple[np.ndarray, np.ndarray, Decisions]:
    problem = _PROBLEM
    mask, subset = _PARTS[part]
    pairs = problem.pairs.take(subset)
    clustering = cluster_pairs(
        problem.facts, pairs.i, pairs.j, pairs.prob, pairs.weight,
        link=pairs.model.link_threshold, candidate=pairs.model.review_threshold,
        thin=problem.thin, prepare=lambda clusters, m: problem.prepare(clusters, m & mask),
        movable=problem.movable, margin=problem.ambiguity, fields=problem.fields)
    labels = clustering.clusters.labels()
    drafts = [d._replace(candidates=[(root, p, int(subset[k])) for root, p, k in d.candidates])
              for d in review_drafts(pairs, labels, clustering, problem.facts)]
    records = np.flatnonzero(mask)
    decided = Decisions(labels[records], {int(subset[k]): why
                                          for k, why in clustering.refused.items()},
                        clustering.ambiguous, drafts, dict(clustering.clusters.anchored))
    return mask, records, decided


def _combine(results, n: int) -> Decisions:
    out = Decisions(np.arange(n))
    ambiguous = []
    for _, records, part in results:
        out.roots[records] = part.roots
        out.refused.update(part.refused)
        ambiguous.append(part.ambiguous)
        out.drafts.extend(part.drafts)
        out.anchored.update(part.anchored)
    out.ambiguous = np.unique(np.concatenate(ambiguous)) if ambiguous else out.ambiguous
    out.drafts.sort(key=lambda d: d.record)
    return out
