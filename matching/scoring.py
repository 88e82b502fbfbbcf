"""Match weights of compared pairs: level weights, term frequencies, the prior."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from matching.comparisons import COMPARISONS
from matching.features import Features
from matching.model import TF_MINIMUM, MatchModel

TF_MIN_VALUES = 500  # fewer values than this: no term-frequency adjustment


class Contribution(NamedTuple):
    """What one comparison said about a pair: its level and the weight it added (log2)."""

    comparison: str
    level: str
    weight: float


def term_frequencies(f: Features, at: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Per comparison with term frequencies: the share of records holding each record's value.

    Counted over all records of f; returned for the records `at` (their profiles'
    representatives). Columns with too few values to tell are left out.
    """
    out = {}
    for c in COMPARISONS:
        if not c.term_frequency:
            continue
        values = getattr(f, c.term_frequency)
        present = values >= 0
        if present.sum() < TF_MIN_VALUES:
            continue
        counts = np.bincount(values[present], minlength=int(values.max(initial=0)) + 1)
        tf = np.ones(len(values), dtype=np.float64)
        tf[present] = counts[values[present]] / max(int(present.sum()), 1)
        out[c.name] = tf if at is None else tf[at]
    return out


def tf_adjustments(model: MatchModel, tf: dict[str, np.ndarray], a: np.ndarray,
                   b: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Per pair and comparison: log2(u / term frequency) where the values agree."""
    adj = np.zeros(levels.shape, dtype=np.float32)
    for k, c in enumerate(COMPARISONS):
        if c.name not in tf:
            continue
        params = model.comparisons[k]
        tf_levels = [c.level(name) for name in c.tf_levels]
        u_ref = sum(params.u[lv] for lv in tf_levels)
        agree = np.isin(levels[:, k], tf_levels)
        value_tf = np.maximum(np.maximum(tf[c.name][a], tf[c.name][b]), TF_MINIMUM)
        adj[agree, k] = np.log2(u_ref / value_tf[agree])
    return adj


def match_weights(model: MatchModel, levels: np.ndarray, adj: np.ndarray,
                  prior_weight: float) -> np.ndarray:
    """log2 odds of each pair: the prior, each level's weight, the tf adjustments."""
    table = model.weight_table()
    weights = np.full(len(levels), prior_weight)
    for k in range(len(COMPARISONS)):
        weights += table[k][levels[:, k]]
    return weights + adj.sum(axis=1, dtype=np.float64)


def explanations(model: MatchModel, levels: np.ndarray, adj: np.ndarray,
                 prior_weight: float) -> list[tuple[Contribution, ...]]:
    """The contributions of every pair: the prior, then each comparison's level and weight."""
    table = model.weight_table()
    names = [c.name for c in COMPARISONS]
    level_names = [c.levels for c in COMPARISONS]
    if len(levels) == 0:
        return []
    weights = np.column_stack([table[k][levels[:, k]] + adj[:, k]
                               for k in range(len(COMPARISONS))])
    weights = np.round(weights, 3).tolist()
    prior = Contribution("prior", "", round(prior_weight, 3))
    seen: dict[tuple[int, int, float], Contribution] = {}  # pairs repeat the same terms

    def term(k: int, lv: int, w: float) -> Contribution:
        found = seen.get((k, lv, w))
        if found is None:
            found = seen[(k, lv, w)] = Contribution(names[k], level_names[k][lv], w)
        return found

    return [(prior, *(term(k, lv, w[k]) for k, lv in enumerate(row)))
            for row, w in zip(levels.tolist(), weights, strict=True)]
