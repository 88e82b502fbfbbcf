"""Fellegi-Sunter model: m and u probabilities, EM estimation, match weights, JSON."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from matching.comparisons import COMPARISONS

_FLOOR = 1e-6
MODEL_VERSION = 2  # 2: calibrated probabilities, others_per_record
DEFAULT_OTHERS_PER_RECORD = 5.0  # a person in about six rows: a few members, a few months
TF_MINIMUM = 1e-4


@dataclass
class ComparisonParameters:
    """m and u probability of every level of one comparison (the missing level excluded)."""

    name: str
    levels: list[str]
    m: list[float]
    u: list[float]

    def weights(self) -> np.ndarray:
        """log2(m/u) per level, 0 for the missing level."""
        m = np.maximum(np.asarray(self.m), _FLOOR)
        u = np.maximum(np.asarray(self.u), _FLOOR)
        return np.append(np.log2(m / u), 0.0)


@dataclass
class MatchModel:
    """Estimated parameters and decision thresholds; save/load as JSON to reuse them."""

    comparisons: list[ComparisonParameters]
    prior: float = 1e-4  # EM's working prior on training pairs (not used to score)
    # Expected other records of the same person per record: with the number of records
    # linked, the odds that two records taken at random are one person (calibration.py).
    others_per_record: float = DEFAULT_OTHERS_PER_RECORD
    link_threshold: float = 0.5  # calibrated probability: more likely one person than not
    review_threshold: float = 0.1
    em_iterations: int = 0
    notes: dict[str, str] = field(default_factory=dict)
    version: int = MODEL_VERSION

    @classmethod
    def initial(cls) -> MatchModel:
        """A model with prior guesses, the starting point for estimation."""
        params = []
        for c in COMPARISONS:
            n = len(c.levels) - 1
            m = [0.9 * (0.35 ** k) for k in range(n)]
            u = [0.02 * (2.0 ** k) for k in range(n)]
            params.append(ComparisonParameters(c.name, list(c.levels[:-1]),
                                               _normalise(m), _normalise(u)))
        return cls(params)

    @classmethod
    def default(cls) -> MatchModel:
        """The bundled parameters, for batches too small to estimate their own."""
        text = resources.files("matching").joinpath("data", "default_model.json").read_text(
            encoding="utf-8")
        return cls.from_json(text)

    def weight_table(self) -> list[np.ndarray]:
        return [p.weights() for p in self.comparisons]

    def prior_weight(self, n_records: int) -> float:
        """log2 odds that two of n records taken at random are one person."""
        share = min(max(self.others_per_record, 1e-3) / max(n_records - 1, 1), 0.5)
        return math.log2(share / (1.0 - share))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        data = json.loads(text)
        if data.get("version", 1) < MODEL_VERSION:  # thresholds were on another scale
            for key in ("link_threshold", "review_threshold", "version"):
                data.pop(key, None)
        data["comparisons"] = [ComparisonParameters(**c) for c in data["comparisons"]]
        model = cls(**data)
        names = [c.name for c in model.comparisons]
        if names != [c.name for c in COMPARISONS]:
            raise ValueError(f"model comparisons {names} do not match this engine's")
        return model

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> MatchModel:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def _normalise(values) -> list[float]:
    arr = np.maximum(np.asarray(values, dtype=float), _FLOOR)
    return [float(x) for x in arr / arr.sum()]


def level_frequencies(levels: np.ndarray) -> list[list[float]]:
    """Share of each non-missing level per comparison among the pairs (u from random pairs)."""
    out = []
    for k, c in enumerate(COMPARISONS):
        counts = np.bincount(levels[:, k], minlength=len(c.levels))[:-1].astype(float)
        out.append(_normalise(counts + 0.5))
    return out


def level_patterns(levels: np.ndarray, ignore: tuple[str, ...] = (),
                   counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a level matrix (ignored comparisons as missing) and their counts."""
    levels = levels.copy()
    for k, c in enumerate(COMPARISONS):
        if c.name in ignore:
            levels[:, k] = c.missing
    codes = np.zeros(len(levels), dtype=np.int64)
    for k, c in enumerate(COMPARISONS):
        codes = codes * len(c.levels) + levels[:, k]
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    weights = np.ones(len(levels)) if counts is None else np.asarray(counts, dtype=float)
    return levels[first].astype(np.int64), np.bincount(inverse, weights=weights)


def pattern_weights(model: MatchModel, patterns: np.ndarray,
                    ignore: tuple[str, ...] = ()) -> np.ndarray:
    """log2 Bayes factor of each level pattern (no prior, no term frequencies)."""
    table = model.weight_table()
    out = np.zeros(len(patterns))
    for k, c in enumerate(COMPARISONS):
        if c.name not in ignore:
            out += table[k][patterns[:, k]]
    return out


def estimate_u(model: MatchModel, random_levels: np.ndarray) -> None:
    """Set u probabilities from comparisons of random record pairs (nearly all non-matches)."""
    for params, u in zip(model.comparisons, level_frequencies(random_levels), strict=True):
        params.u = u


def expectation_maximisation(model: MatchModel, levels: np.ndarray, *, iterations: int = 40,
                             fix_u: bool = True, fix_m: bool = False,
                             ignore: tuple[str, ...] = (), tolerance: float = 1e-6,
                             counts: np.ndarray | None = None) -> None:
    """Estimate m (and the prior; u too unless fixed) from unlabelled candidate pairs.

    Comparisons in `ignore` (those a training block was built on, which agree by
    construction) are left out of the likelihood and keep their parameters. `counts`
    weighs each row (a profile pair stands for that many record pairs).
    """
    if len(levels) == 0:
        return
    pattern_levels, counts = level_patterns(levels, ignore, counts)
    prior = min(max(model.prior, 1e-3), 0.5)
    radix = [len(c.levels) for c in COMPARISONS]
    for it in range(iterations):
        log_m = np.zeros(len(counts))
        log_u = np.zeros(len(counts))
        for k, params in enumerate(model.comparisons):
            m = np.append(np.maximum(params.m, _FLOOR), 1.0)
            u = np.append(np.maximum(params.u, _FLOOR), 1.0)
            log_m += np.log(m[pattern_levels[:, k]])
            log_u += np.log(u[pattern_levels[:, k]])
        a = np.log(prior) + log_m
        b = np.log(1 - prior) + log_u
        p_match = 1.0 / (1.0 + np.exp(np.clip(b - a, -700, 700)))
        wm, wu = counts * p_match, counts * (1 - p_match)
        new_prior = wm.sum() / counts.sum()
        change = abs(new_prior - prior)
        prior = float(min(max(new_prior, 1e-6), 1 - 1e-6))
        for k, params in enumerate(model.comparisons):
            if fix_m or COMPARISONS[k].name in ignore:
                continue
            n = radix[k]
            lv = pattern_levels[:, k]
            m_counts = np.bincount(lv, weights=wm, minlength=n)[:-1]
            params.m = _normalise(m_counts + 1e-3)
            if not fix_u:
                params.u = _normalise(np.bincount(lv, weights=wu, minlength=n)[:-1] + 1e-3)
        model.em_iterations = it + 1
        if change < tolerance:
            break
    model.prior = prior
