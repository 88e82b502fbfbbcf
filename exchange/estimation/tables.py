"""Capture histories as a table of counts over the 2^k patterns of k lists (pure, numpy only).

Pattern `h` is an integer whose bit `j` says whether list `j` holds the person; pattern 0
(on no list) is the cell nobody can count, which the estimators fill in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CaptureTable:
    """How many persons each combination of lists holds (index = pattern, cell 0 unused)."""

    lists: tuple[str, ...]
    counts: np.ndarray  # int64, length 2**k; counts[0] is 0: the unobserved cell

    @classmethod
    def from_histories(
        cls, lists: Sequence[str], histories: Iterable[Iterable[str]]
    ) -> CaptureTable:
        """Count persons per pattern; each history names the lists that hold one person."""
        position = {name: j for j, name in enumerate(lists)}
        counts = np.zeros(2 ** len(lists), dtype=np.int64)
        for history in histories:
            pattern = sum(1 << position[name] for name in set(history))
            if pattern:
                counts[pattern] += 1
        return cls(tuple(lists), counts)

    @classmethod
    def from_matrix(cls, lists: Sequence[str], matrix: np.ndarray) -> CaptureTable:
        """Count persons per pattern from a persons x lists 0/1 matrix (all-zero rows ignored)."""
        weights = 1 << np.arange(matrix.shape[1], dtype=np.int64)
        patterns = (np.asarray(matrix, dtype=np.int64) * weights).sum(axis=1)
        counts = np.bincount(patterns, minlength=2 ** matrix.shape[1]).astype(np.int64)
        counts[0] = 0
        return cls(tuple(lists), counts)

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        """Return the number of distinct persons on at least one list."""
        return int(self.counts.sum())

    def bits(self) -> np.ndarray:
        """Return the 2^k x k 0/1 matrix of patterns (row h = membership of pattern h)."""
        return patterns_matrix(self.k)

    def list_sizes(self) -> np.ndarray:
        """Return how many persons each list holds."""
        return self.bits().T @ self.counts

    def times_listed(self) -> np.ndarray:
        """Return f where f[m] = persons held by exactly m lists (m = 0..k; f[0] = 0)."""
        return np.bincount(self.bits().sum(axis=1), weights=self.counts, minlength=self.k + 1)

    def drop_empty_lists(self) -> CaptureTable:
        """Return the table without lists that hold nobody (they say nothing here)."""
        keep = [j for j, size in enumerate(self.list_sizes()) if size > 0]
        if len(keep) == self.k:
            return self
        bits = self.bits()[:, keep]
        weights = 1 << np.arange(len(keep), dtype=np.int64)
        counts = np.bincount(bits @ weights, weights=self.counts, minlength=2 ** len(keep))
        return CaptureTable(tuple(self.lists[j] for j in keep), counts.astype(np.int64))

    def rows(self) -> list[tuple[tuple[bool, ...], int]]:
        """Return (membership per list, persons) for each pattern somebody has, most lists last."""
        bits = self.bits().astype(bool)
        order = sorted(range(1, len(self.counts)), key=lambda h: (int(bits[h].sum()), -h))
        return [(tuple(bits[h].tolist()), int(self.counts[h])) for h in order if self.counts[h]]


def patterns_matrix(k: int) -> np.ndarray:
    """Return the 2^k x k matrix whose row h holds the bits of h."""
    h = np.arange(2**k, dtype=np.int64)[:, None]
    return ((h >> np.arange(k, dtype=np.int64)) & 1).astype(np.int64)
