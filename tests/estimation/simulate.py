"""Populations of known size sampled into lists with known capture probabilities."""

from __future__ import annotations

import numpy as np

from exchange.estimation.tables import CaptureTable

# eight lists, each finding 25-45% of the persons, like the Coalition's members
FOUND = np.array([0.30, 0.25, 0.35, 0.45, 0.30, 0.25, 0.40, 0.30])
LISTS = tuple(f"L{j}" for j in range(len(FOUND)))


def independent(rng: np.random.Generator, size: int) -> CaptureTable:
    """Every list finds each person independently with its own probability."""
    return CaptureTable.from_matrix(LISTS, rng.random((size, len(FOUND))) < FOUND)


def dependent(rng: np.random.Generator, size: int, spread: float = 0.5) -> CaptureTable:
    """Persons differ, lists share cases, and two lists work mostly in one region.

    Heterogeneity: each person's log-odds of being found move together by a normal
    amount (sd `spread`) on every list. Dependence: list 0 passes 40% of its persons to
    list 1; lists 4 and 5 find persons of one region (30% of all) far more often.
    """
    odds = np.log(FOUND / (1 - FOUND)) + rng.normal(0, spread, size)[:, None]
    region = rng.random(size) < 0.3
    odds[:, 4:6] += np.where(region, 1.5, -1.5)[:, None]
    found = rng.random(odds.shape) < 1 / (1 + np.exp(-odds))
    found[:, 1] |= found[:, 0] & (rng.random(size) < 0.4)
    return CaptureTable.from_matrix(LISTS, found)
