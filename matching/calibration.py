"""Probabilities that mean what they say.

A Fellegi-Sunter weight compares "these two records are one person" with "two records
taken at random are": its prior must be the share of all record pairs that match,
not of the candidate pairs blocking brought together (which are mostly namesakes and
already agree on a name). That share is estimated from the data being linked (see
`match_share`) and kept in the model as the expected number of other records of the
same person per record, which carries over to a registry of another size.

The weight still treats a full name as if its parts were independent, and a name
shared by twenty persons in one community says little. What settles it is what the
lists themselves say: a person is listed at most once in one member's list for one
month. So the probability that record r is c, one of the records of list L, is

    p(r, c) = o(r, c) / (1 + sum of o(r, c') over the records c' of L)

(the 1 is "r's person is not in L"), taken in both directions, the smaller kept.
Two namesakes in one list share the probability between them instead of each
getting 0.999. This is the posterior of a record having at most one match per file,
as in Sadinle (2017), "Bayesian Estimation of Bipartite Matchings for Record
Linkage", JASA 112(518), taken one record at a time. Rows of one list that read
the same and carry a full date of birth are one person listed twice: they count once;
so do rows of one list that are near-identical (`ListIndex.with_duplicates`: the same
name within a typo, the same date within a slip), at the largest odds among them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.features import Features
from matching.profiles import Profiles

MAX_ODDS_BITS = 60.0


def match_share(dob_block_matches: float, dob_exact_share: float, n_records: int) -> float:
    """Expected other records of the same person per record, from two EM estimates.

    `dob_block_matches`: matching pairs found by EM among pairs sharing a full date of
    birth (names decide there); `dob_exact_share`: the share of matching pairs whose
    dates of birth are equal, found by EM among pairs sharing the full name (dates
    decide there). Their ratio is the number of matching pairs in all.
    """
    matches = dob_block_matches / max(dob_exact_share, 1e-3)
    return 2.0 * matches / max(n_records, 1)


@dataclass
class ListIndex:
    """Which list every record comes from, and how many slots each profile fills there."""

    of_record: np.ndarray  # list id per record
    n_lists: int
    keys: np.ndarray  # sorted (profile * n_lists + list) with records
    slots: np.ndarray  # per key: 1 for a well-known profile (listed twice = a duplicate)
    group: np.ndarray | None = None  # per key: the key of its rows listed twice (itself)

    @classmethod
    def of(cls, f: Features, profiles: Profiles) -> ListIndex:
        names: dict[str, int] = {}
        of_record = np.array([names.setdefault(r.list_key, len(names)) for r in f.records],
                             dtype=np.int64)
        n_lists = max(len(names), 1)
        keys, counts = np.unique(profiles.of_record * n_lists + of_record, return_counts=True)
        well_known = full_profiles(profiles.features)[keys // n_lists]
        return cls(of_record, n_lists, keys, np.where(well_known, 1, counts).astype(np.float64))

    def with_duplicates(self, a: np.ndarray, b: np.ndarray, odds: np.ndarray,
                        one_row: np.ndarray,
                        near: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> ListIndex:
        """Group the rows of one list that are one person listed twice in other words.

        Profiles `a[k]`, `b[k]` (pairs at least as likely one person as not, both
        complete enough to tell a duplicate: `one_row`) that share a list and that
        `near(a, b)` (arrays of profiles) says are near-identical (the engine passes
        `constraints.near_identical`: same name, same date within a slip) are one slot
        of that list, not two rivals: on the dev and stress lists every such pair is one
        person (62 of 62).
        """
        keep = (odds >= 1.0) & one_row[a] & one_row[b] & (a != b)
        a, b = a[keep], b[keep]
        n = self.n_lists
        profile_of_key = self.keys // n
        first = np.searchsorted(profile_of_key, np.arange(int(profile_of_key.max(initial=-1)) + 2))
        start, stop = first[a], first[a + 1]
        counts = stop - start
        rep = np.repeat(np.arange(len(a)), counts)
        at = start[rep] + (np.arange(int(counts.sum()))
                           - np.repeat(np.cumsum(counts) - counts, counts))
        other = b[rep] * n + self.keys[at] % n  # b's key in a's list, if b is listed there
        where = np.searchsorted(self.keys, other)
        where = np.minimum(where, len(self.keys) - 1)
        shared = self.keys[where] == other
        parent = np.arange(len(self.keys))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        k, ka, kb = rep[shared], at[shared], where[shared]
        alike = near(a[k], b[k]) if len(k) else np.zeros(0, dtype=bool)
        for x, y in zip(ka[alike].tolist(), kb[alike].tolist(), strict=True):
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
        group = np.arange(len(self.keys))
        for x in np.unique(np.concatenate([ka[alike], kb[alike]])).tolist():
            group[x] = find(x)
        return ListIndex(self.of_record, n, self.keys, self.slots, group)


def full_profiles(f: Features) -> np.ndarray:
    """Records with a surname, given name, patronymic and full date of birth."""
    return duplicable(f) & (f.pt >= 0)


def duplicable(f: Features) -> np.ndarray:
    """Records two of which in one list may be a duplicate row (`near_identical` asks no
    less): a surname, a given name and a full date of birth."""
    return f.full_dob & (f.sn >= 0) & (f.gn >= 0)


def competing_odds(a: np.ndarray, b: np.ndarray, odds: np.ndarray, lists: ListIndex,
                   n_profiles: int, chunk: int = 1_000_000) -> np.ndarray:
    """Sum of odds over the slots of each (profile, list): the denominator's rivals.

    Returns a dense array indexed by profile * n_lists + list.
    """
    total = np.zeros(n_profiles * lists.n_lists, dtype=np.float64)
    list_profile = lists.keys // lists.n_lists
    order = np.argsort(list_profile, kind="stable")
    first = np.searchsorted(list_profile[order], np.arange(n_profiles + 1))
    grouped = None
    if lists.group is not None:
        sizes = np.bincount(lists.group, minlength=len(lists.keys))
        grouped = sizes[lists.group] > 1
    held: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, len(a), chunk):  # bounded temporaries on big inputs
        part = slice(start, start + chunk)
        for left, right in ((a[part], b[part]), (b[part], a[part])):
            _add_rivals(total, left, right, odds[part], lists, order, first, grouped, held)
    if held:  # rows listed twice: each group is one rival, at its members' largest odds
        key = np.concatenate([h[0] for h in held])
        target = np.concatenate([h[1] for h in held])
        weight = np.concatenate([h[2] for h in held])
        unique, inverse = np.unique(key, return_inverse=True)
        best = np.zeros(len(unique))
        np.maximum.at(best, inverse, weight)
        where = np.zeros(len(unique), dtype=np.int64)
        where[inverse] = target
        total += np.bincount(where, weights=best, minlength=len(total))
    return total


def _add_rivals(total, left, right, odds, lists: ListIndex, order, first,
                grouped=None, held=None) -> None:
    """Every list where `right` has records adds odds x slots to (left, that list)."""
    start, stop = first[right], first[right + 1]
    counts = stop - start
    rep = np.repeat(np.arange(len(right)), counts)
    pos = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    entries = order[start[rep] + pos]
    target = left[rep] * lists.n_lists + lists.keys[entries] % lists.n_lists
    weight = odds[rep] * lists.slots[entries]
    # within a profile the pair is counted from both ends: count it once
    weight = np.where(left[rep] == right[rep], weight / 2.0, weight)
    if grouped is not None:
        twice = grouped[entries]
        if twice.any():
            held.append((left[rep][twice] * len(lists.keys) + lists.group[entries[twice]],
                         target[twice], weight[twice]))
            target, weight = target[~twice], weight[~twice]
    total += np.bincount(target, weights=weight, minlength=len(total))


def calibrated(i: np.ndarray, j: np.ndarray, pair_odds: np.ndarray, profile_of: np.ndarray,
               rivals: np.ndarray, lists: ListIndex,
               one_row: np.ndarray | None = None) -> np.ndarray:
    """Probability of each record pair: its odds against its rivals in the other's list.

    Two rows of one list are one person only as a duplicate: with `one_row` (per
    profile: complete enough to tell a duplicate, see `duplicable`), a same-list
    pair of two such rows keeps its own odds, any other gets 0.
    """
    li, lj = lists.of_record[i], lists.of_record[j]
    pi, pj = profile_of[i], profile_of[j]
    zi = rivals[pi * lists.n_lists + lj]
    zj = rivals[pj * lists.n_lists + li]
    same_list = li == lj
    z = np.where(same_list, pair_odds, np.maximum(zi, zj))
    z = np.maximum(z, pair_odds)  # the pair itself is always among its rivals
    prob = pair_odds / (1.0 + z)
    if one_row is not None:
        prob[same_list & ~(one_row[pi] & one_row[pj])] = 0.0
    return prob


def odds_of(weights: np.ndarray) -> np.ndarray:
    """Odds from log2 odds, bounded."""
    return np.exp2(np.clip(weights, -MAX_ODDS_BITS, MAX_ODDS_BITS))
