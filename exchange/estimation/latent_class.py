"""Bayesian latent-class estimate of the total, the model behind HRDAG's LCMCR (pure).

Persons fall into latent classes; within a class the lists find a person independently,
each with its own probability, so persons differ in how easy they are to find
(heterogeneity) and lists that find the same kind of person look dependent. The number of
classes is left to the data by a truncated Dirichlet-process (stick-breaking) prior
(Manrique-Vallier 2016, "Bayesian population size estimation using Dirichlet process
mixtures", Biometrics 72). The Gibbs sampler works on pattern counts, not persons, so a
sweep costs the same for 100 or 100,000 persons. No Python library ships this model;
the sampler uses numpy's distributions only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exchange.estimation.tables import CaptureTable

CLASSES = 10  # truncation of the stick-breaking prior (LCMCR's default K* is 10)
ALPHA_PRIOR = (0.25, 0.25)  # Gamma(shape, rate) on the concentration, as in LCMCR
BURN_IN = 1500
DRAWS = 2000
THIN = 2


@dataclass(frozen=True)
class Posterior:
    """Posterior median of the total and its equal-tailed credible interval."""

    total: float
    lower: float
    upper: float
    draws: int


def _class_likelihood(bits: np.ndarray, found: np.ndarray) -> np.ndarray:
    """Return P(pattern | class) for every pattern (rows) and class (columns)."""
    logp = bits @ np.log(found) + (1 - bits) @ np.log1p(-found)
    return np.exp(logp)


def _stick_weights(v: np.ndarray) -> np.ndarray:
    return v * np.concatenate(([1.0], np.cumprod(1 - v[:-1])))


class _Sampler:
    def __init__(self, table: CaptureTable, rng: np.random.Generator) -> None:
        self.rng = rng
        self.bits = table.bits().astype(float)
        self.counts = table.counts.copy()
        self.n = table.observed
        self.found = rng.uniform(0.2, 0.8, size=(table.k, CLASSES))
        self.weights = np.full(CLASSES, 1.0 / CLASSES)
        self.alpha = 1.0

    def sweep(self) -> int:
        """Draw the unseen count, the classes, then the parameters; return the unseen count."""
        like = _class_likelihood(self.bits, self.found)
        unseen_share = float(like[0] @ self.weights)
        # with the prior p(N) ~ 1/N, the unseen count is negative binomial (Manrique-Vallier)
        counts = self.counts.copy()
        counts[0] = self.rng.negative_binomial(self.n, max(1.0 - unseen_share, 1e-12))
        share = like * self.weights
        share /= share.sum(axis=1, keepdims=True)
        members = self.rng.multinomial(counts, share)  # patterns x classes
        self._update(members)
        return int(counts[0])

    def _update(self, members: np.ndarray) -> None:
        size = members.sum(axis=0)
        found = self.bits.T @ members
        self.found = np.clip(self.rng.beta(1 + found, 1 + size - found), 1e-9, 1 - 1e-9)
        later = np.concatenate((np.cumsum(size[::-1])[::-1][1:], [0]))
        v = np.clip(self.rng.beta(1 + size, self.alpha + later), 1e-12, 1 - 1e-12)
        v[-1] = 1.0
        self.weights = _stick_weights(v)
        shape, rate = ALPHA_PRIOR
        self.alpha = self.rng.gamma(shape + CLASSES - 1, 1.0 / (rate - np.log1p(-v[:-1]).sum()))


def estimate(table: CaptureTable, seed: int = 20250107, *, burn_in: int = BURN_IN,
             draws: int = DRAWS, thin: int = THIN, level: float = 0.95) -> Posterior:
    """Sample the posterior of the total; return its median and credible interval."""
    sampler = _Sampler(table, np.random.default_rng(seed))
    for _ in range(burn_in):
        sampler.sweep()
    totals = np.empty(draws)
    for i in range(draws):
        for _ in range(thin - 1):
            sampler.sweep()
        totals[i] = table.observed + sampler.sweep()
    tail = (1 - level) / 2 * 100
    low, mid, high = np.percentile(totals, [tail, 50, 100 - tail])
    return Posterior(float(mid), float(low), float(high), draws)
