"""Profiles: records that read the same in every compared field, handled once.

Member lists repeat a person month after month and member after member, mostly with
the same spelling: a 100,000-row file holds about 30,000 distinct profiles. Blocking,
comparisons and scores are computed per profile pair; only the pairs that may be one
person are expanded back to record pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.features import Features

PROFILE_COLUMNS = ("sn", "gn", "pt", "gn_init", "pt_init", "year", "month", "day", "sex",
                   "region", "pob")


@dataclass
class Profiles:
    """Profile id of every record, the profiles' own features and their members."""

    of_record: np.ndarray  # profile id per record
    features: Features  # one representative record per profile
    members: np.ndarray  # record indices sorted by profile
    starts: np.ndarray  # start of each profile's members in `members`
    sizes: np.ndarray  # records per profile

    @classmethod
    def of(cls, f: Features) -> Profiles:
        """Group the records of f by their compared values."""
        n = len(f.records)
        columns = [getattr(f, name).astype(np.int64) for name in PROFILE_COLUMNS]
        if n == 0:
            empty = np.empty(0, dtype=np.int64)
            return cls(empty, f.take(empty), empty, empty, empty)
        order = np.lexsort(columns[::-1])
        changed = np.zeros(n, dtype=bool)
        changed[0] = True
        for col in columns:
            s = col[order]
            changed[1:] |= s[1:] != s[:-1]
        ids_sorted = np.cumsum(changed) - 1
        of_record = np.empty(n, dtype=np.int64)
        of_record[order] = ids_sorted
        members = np.argsort(of_record, kind="stable")
        sizes = np.bincount(of_record)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        representatives = members[starts]
        return cls(of_record, f.take(representatives), members, starts, sizes)

    def __len__(self) -> int:
        return len(self.sizes)

    def record_pairs(self, a: np.ndarray, b: np.ndarray,
                     new_mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray,
                                                                   np.ndarray]:
        """Expand profile pairs (a <= b) to record pairs (i < j) and the profile pair of each.

        A pair (a, a) stands for the pairs of records within profile a. With `new_mask`,
        only record pairs with a new record are kept.
        """
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        parts_i, parts_j, parts_k = [], [], []
        cross = np.flatnonzero(a != b)
        if len(cross):
            na, nb = self.sizes[a[cross]], self.sizes[b[cross]]
            counts = na * nb
            k = np.repeat(cross, counts)
            offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            nb_rep = np.repeat(nb, counts)
            left = self.members[self.starts[a[k]] + offset // nb_rep]
            right = self.members[self.starts[b[k]] + offset % nb_rep]
            parts_i.append(left)
            parts_j.append(right)
            parts_k.append(k)
        within = np.flatnonzero((a == b) & (self.sizes[a] >= 2))
        sizes = self.sizes[a[within]]
        for size in np.unique(sizes):
            group = within[sizes == size]
            ti, tj = np.triu_indices(int(size), k=1)
            base = self.starts[a[group]][:, None]
            parts_i.append(self.members[base + ti[None, :]].ravel())
            parts_j.append(self.members[base + tj[None, :]].ravel())
            parts_k.append(np.repeat(group, len(ti)))
        if not parts_i:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, empty
        left, right, k = (np.concatenate(x) for x in (parts_i, parts_j, parts_k))
        i = np.minimum(left, right).astype(np.int32)
        j = np.maximum(left, right).astype(np.int32)
        if new_mask is not None:
            keep = new_mask[i] | new_mask[j]
            i, j, k = i[keep], j[keep], k[keep]
        return i, j, k
