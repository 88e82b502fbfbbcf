"""Blocking: candidate pairs from several rules, with a cap on block sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.features import Features
from matching.normalise import phonetic_key

DEFAULT_MAX_BLOCK = 400


@dataclass(frozen=True)
class BlockingRule:
    """A named rule giving each record zero or more block keys."""

    name: str
    keys: Callable[[Features], tuple[np.ndarray, np.ndarray]]  # (record index, key) arrays
    max_block: int | None = None  # tighter cap than the default for broad rules


def _phonetic_surnames(f: Features) -> np.ndarray:
    cache: dict[int, int] = {}
    keys: dict[str, int] = {}
    out = np.full(len(f.sn), -1, dtype=np.int64)
    for i, sid in enumerate(f.sn.tolist()):
        if sid < 0:
            continue
        if sid not in cache:
            key = phonetic_key(f.names.strings[sid])
            cache[sid] = keys.setdefault(key, len(keys)) if key else -1
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


def _surname_initial(f: Features) -> tuple[np.ndarray, np.ndarray]:
    sk = f.sn_key.astype(np.int64)
    idx, keys = [], []
    for bit in range(26):
        has = np.flatnonzero((sk >= 0) & ((f.gn_init >> bit) & 1).astype(bool))
        idx.append(has)
        keys.append(sk[has] * 32 + bit)
    return np.concatenate(idx), np.concatenate(keys)


RULES: tuple[BlockingRule, ...] = (
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
    BlockingRule("surname+patronymic_class", lambda f: _single(_combine(f.sn_key, f.pt_cls))),
    BlockingRule("given_class+patronymic_class+region",
                 lambda f: _single(_combine(f.gn_cls, f.pt_cls, f.region))),
)


RULES_BY_NAME = {rule.name: rule for rule in RULES} | {
    "date_of_birth": BlockingRule("date_of_birth", lambda f: _single(_full_dob(f))),
    "surname+given+patronymic": BlockingRule(
        "surname+given+patronymic", lambda f: _single(_combine(f.sn, f.gn_cls, f.pt_cls))),
}


@dataclass
class BlockingStats:
    """Counts per rule: pairs generated and blocks skipped for exceeding the cap."""

    pairs_per_rule: dict[str, int]
    capped_blocks: dict[str, int]
    candidate_pairs: int


def _pairs_in_blocks(idx: np.ndarray, keys: np.ndarray, n_total: int, max_block: int,
                     only_cross: np.ndarray | None) -> tuple[np.ndarray, int]:
    """All pairs (as i * n + j codes, i < j) of records sharing a key; big blocks skipped."""
    if len(idx) == 0:
        return np.empty(0, dtype=np.int64), 0
    order = np.lexsort((idx, keys))
    idx, keys = idx[order], keys[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate([[0], bounds])
    sizes = np.diff(np.concatenate([starts, [len(keys)]]))
    capped = int(((sizes > max_block)).sum())
    out = []
    for size in np.unique(sizes):
        if size < 2 or size > max_block:
            continue
        group_starts = starts[sizes == size]
        a, b = np.triu_indices(int(size), k=1)
        left = idx[group_starts[:, None] + a[None, :]].ravel().astype(np.int64)
        right = idx[group_starts[:, None] + b[None, :]].ravel().astype(np.int64)
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        keep = lo != hi
        if only_cross is not None:
            keep &= only_cross[lo] | only_cross[hi]
        out.append(lo[keep] * n_total + hi[keep])
    codes = np.concatenate(out) if out else np.empty(0, dtype=np.int64)
    return codes, capped


def candidate_pairs(f: Features, *, max_block: int = DEFAULT_MAX_BLOCK,
                    rules: tuple[BlockingRule, ...] = RULES,
                    new_mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray,
                                                                 BlockingStats]:
    """Return sorted unique candidate pairs (i, j), i < j, and counts per rule.

    With `new_mask`, only pairs with at least one new record are kept (incremental mode).
    """
    n = len(f.records)
    all_codes, per_rule, capped = [], {}, {}
    for rule in rules:
        idx, keys = rule.keys(f)
        cap = min(max_block, rule.max_block or max_block)
        codes, n_capped = _pairs_in_blocks(idx, keys, n, cap, new_mask)
        per_rule[rule.name] = len(codes)
        capped[rule.name] = n_capped
        all_codes.append(codes)
    codes = np.unique(np.concatenate(all_codes)) if all_codes else np.empty(0, dtype=np.int64)
    i, j = codes // max(n, 1), codes % max(n, 1)
    return i, j, BlockingStats(per_rule, capped, len(codes))
