"""Blocking: candidate pairs from several rules, with a cap on block sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.features import Features
from matching.normalise import initial_class, phonetic_key

DEFAULT_MAX_BLOCK = 400
DEFAULT_MAX_PAIRS = 15_000_000  # about 1.5 GB of comparison arrays
MIN_BLOCK_CAP = 10


@dataclass(frozen=True)
class BlockingRule:
    """A named rule giving each record zero or more block keys."""

    name: str
    keys: Callable[[Features], tuple[np.ndarray, np.ndarray]]  # (record index, key) arrays
    max_block: int | None = None  # tighter cap than the default for broad rules


def _phonetic_keys(f: Features, ids: np.ndarray, keys: dict[str, int]) -> np.ndarray:
    """Phonetic key id of each folded name id (-1 where missing), numbered in `keys`."""
    cache: dict[int, int] = {}
    out = np.full(len(ids), -1, dtype=np.int64)
    for i, sid in enumerate(ids.tolist()):
        if sid < 0:
            continue
        if sid not in cache:
            key = phonetic_key(f.names.strings[sid])
            cache[sid] = keys.setdefault(key, len(keys)) if key else -1
        out[i] = cache[sid]
    return out


def _phonetic_surnames(f: Features) -> np.ndarray:
    return _phonetic_keys(f, f.sn, {})


def _name_keys_either_order(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """Key records on surname and given name taken in either order (Олег Мороз, Мороз Олег)."""
    keys: dict[str, int] = {}
    sn, gn = _phonetic_keys(f, f.sn, keys), _phonetic_keys(f, f.gn, keys)
    both = (sn >= 0) & (gn >= 0)
    key = np.minimum(sn, gn) * (len(keys) + 1) + np.maximum(sn, gn)
    return _single(np.where(both, key, -1))


def _surname_initials(f: Features) -> np.ndarray:
    """Initial class of each folded surname (-1 where missing)."""
    cache: dict[int, int] = {}
    out = np.full(len(f.sn), -1, dtype=np.int64)
    for i, sid in enumerate(f.sn.tolist()):
        if sid < 0:
            continue
        if sid not in cache:
            cache[sid] = ord(initial_class(f.names.strings[sid][0]))
        out[i] = cache[sid]
    return out


def _combine(*columns: np.ndarray) -> np.ndarray:
    """One int64 key from several non-negative columns; -1 where any column is missing."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    ok = np.ones(len(columns[0]), dtype=bool)
    for col in columns:
        col = col.astype(np.int64)
        ok &= col >= 0
        key = key * (int(col.max(initial=0)) + 2) + np.maximum(col, 0)
    return np.where(ok, key, -1)


def _single(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    idx = np.flatnonzero(key >= 0)
    return idx, key[idx]


def _year(f: Features) -> np.ndarray:
    return np.where(f.year > 0, f.year.astype(np.int64), -1)


def _full_dob(f: Features, swapped: bool = False) -> np.ndarray:
    month, day = (f.day, f.month) if swapped else (f.month, f.day)
    ok = f.full_dob & (~swapped | (f.day <= 12))
    key = f.year.astype(np.int64) * 10_000 + month.astype(np.int64) * 100 + day
    return np.where(ok, key, -1)


def _with_given_initial(column: np.ndarray, f: Features) -> tuple[np.ndarray, np.ndarray]:
    """Keys (column value, given-name initial): one per initial the given name may have."""
    col = column.astype(np.int64)
    idx, keys = [], []
    for bit in range(26):
        has = np.flatnonzero((col >= 0) & ((f.gn_init >> bit) & 1).astype(bool))
        idx.append(has)
        keys.append(col[has] * 32 + bit)
    return np.concatenate(idx), np.concatenate(keys)


def _surname_initial(f: Features) -> tuple[np.ndarray, np.ndarray]:
    return _with_given_initial(f.sn_key, f)


RULES: tuple[BlockingRule, ...] = (
    BlockingRule("name_keys_either_order", _name_keys_either_order),
    BlockingRule("surname_key+birth_year", lambda f: _single(_combine(_phonetic_surnames(f),
                                                                      _year(f)))),
    BlockingRule("date_of_birth_or_swapped",
                 lambda f: (lambda a, b: (np.concatenate([a[0], b[0]]),
                                          np.concatenate([a[1], b[1]])))(
                     _single(_full_dob(f)), _single(_full_dob(f, swapped=True)))),
    BlockingRule("given_class+full_date_of_birth", lambda f: _single(_combine(f.gn_cls,
                                                                              _full_dob(f)))),
    BlockingRule("surname+given_class", lambda f: _single(_combine(f.sn_key, f.gn_cls))),
    BlockingRule("surname+given_initial", _surname_initial, max_block=60),
    BlockingRule("given_class+surname_initial",
                 lambda f: _single(_combine(f.gn_cls, _surname_initials(f))), max_block=60),
    BlockingRule("surname+patronymic_class", lambda f: _single(_combine(f.sn_key, f.pt_cls))),
    BlockingRule("surname_key+place_of_birth",
                 lambda f: _single(_combine(_phonetic_surnames(f), f.pob))),
    BlockingRule("given_class+place_of_birth", lambda f: _single(_combine(f.gn_cls, f.pob))),
    BlockingRule("place_of_birth+given_initial", lambda f: _with_given_initial(f.pob, f)),
    BlockingRule("given_class+patronymic_class+region",
                 lambda f: _single(_combine(f.gn_cls, f.pt_cls, f.region))),
)


RULES_BY_NAME = {rule.name: rule for rule in RULES} | {
    "date_of_birth": BlockingRule("date_of_birth", lambda f: _single(_full_dob(f))),
    "surname+given": BlockingRule("surname+given", lambda f: _single(_combine(f.sn, f.gn_cls))),
    "surname+given+patronymic": BlockingRule(
        "surname+given+patronymic", lambda f: _single(_combine(f.sn, f.gn_cls, f.pt_cls))),
}


@dataclass
class BlockingStats:
    """Counts per rule: pairs generated and blocks skipped for exceeding the cap."""

    pairs_per_rule: dict[str, int]
    capped_blocks: dict[str, int]
    candidate_pairs: int
    max_block: int = DEFAULT_MAX_BLOCK


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (numpy's hash-based unique is slow on big int64 arrays)."""
    if len(values) == 0:
        return values
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


@dataclass
class _Blocks:
    """Records of one rule sorted by key, with the start and size of each block."""

    idx: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray

    @classmethod
    def of(cls, idx: np.ndarray, keys: np.ndarray) -> _Blocks:
        if len(idx) == 0:
            empty = np.empty(0, dtype=np.int64)
            return cls(empty, empty, empty)
        order = np.lexsort((idx, keys))
        idx, keys = idx[order], keys[order]
        starts = np.concatenate([[0], np.flatnonzero(np.diff(keys)) + 1])
        sizes = np.diff(np.concatenate([starts, [len(keys)]]))
        return cls(idx, starts, sizes)

    def pair_count(self, cap: int) -> int:
        ok = (self.sizes >= 2) & (self.sizes <= cap)
        s = self.sizes[ok].astype(np.int64)
        return int((s * (s - 1) // 2).sum())

    def pairs(self, n_total: int, cap: int, only_cross: np.ndarray | None,
              truncate: bool) -> tuple[np.ndarray, int]:
        """Pair codes (i * n + j, i < j) within blocks; blocks over the cap skipped or cut."""
        capped = int((self.sizes > cap).sum())
        sizes = np.minimum(self.sizes, cap) if truncate else self.sizes
        out = []
        for size in np.unique(sizes):
            if size < 2 or size > cap:
                continue
            group_starts = self.starts[sizes == size]
            a, b = np.triu_indices(int(size), k=1)
            left = self.idx[group_starts[:, None] + a[None, :]].ravel().astype(np.int64)
            right = self.idx[group_starts[:, None] + b[None, :]].ravel().astype(np.int64)
            lo, hi = np.minimum(left, right), np.maximum(left, right)
            keep = lo != hi
            if only_cross is not None:
                keep &= only_cross[lo] | only_cross[hi]
            out.append(sorted_unique(lo[keep] * n_total + hi[keep]))
        codes = np.concatenate(out) if out else np.empty(0, dtype=np.int64)
        return codes, capped


def candidate_pairs(f: Features, *, max_block: int = DEFAULT_MAX_BLOCK,
                    rules: tuple[BlockingRule, ...] = RULES,
                    new_mask: np.ndarray | None = None,
                    max_pairs: int = DEFAULT_MAX_PAIRS,
                    truncate: bool = False) -> tuple[np.ndarray, np.ndarray, BlockingStats]:
    """Return sorted unique candidate pairs (i, j), i < j, and counts per rule.

    With `new_mask`, only pairs with at least one new record are kept (incremental mode).
    Blocks over the cap are skipped (or, with `truncate`, cut to the cap: for training).
    Before any pair is built, the cap is halved until the pairs fit in `max_pairs`,
    so memory stays bounded whatever the input size.
    """
    n = len(f.records)
    blocks = [(rule, _Blocks.of(*rule.keys(f))) for rule in rules]

    def cap_of(rule: BlockingRule, cap: int) -> int:
        return min(cap, rule.max_block or cap)

    while max_block > MIN_BLOCK_CAP and not truncate and sum(
            b.pair_count(cap_of(rule, max_block)) for rule, b in blocks) > max_pairs:
        max_block //= 2
    codes = np.empty(0, dtype=np.int64)
    per_rule, capped = {}, {}
    for rule, b in blocks:
        found, n_capped = b.pairs(n, cap_of(rule, max_block), new_mask, truncate)
        per_rule[rule.name] = len(found)
        capped[rule.name] = n_capped
        codes = sorted_unique(np.concatenate([codes, found]))
    i = (codes // max(n, 1)).astype(np.int32)
    j = (codes % max(n, 1)).astype(np.int32)
    return i, j, BlockingStats(per_rule, capped, len(codes), max_block)
