"""The estimator on populations of known size: coverage of its 95% interval, its error."""

from __future__ import annotations

import numpy as np
import pytest

from exchange.estimation import selection
from tests.estimation.simulate import dependent, independent

RUNS = 100
SIZE = 1500


def _runs(sample) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Return (share of intervals covering the truth, median relative error)."""
    covered, errors = 0, []
    for seed in range(RUNS):
        table = sample(np.random.default_rng(seed), SIZE)
        result = selection.estimate(table)
        covered += result.lower <= SIZE <= result.upper
        errors.append(abs(result.total - SIZE) / SIZE)
    return covered / RUNS, float(np.median(errors))


@pytest.mark.slow
def test_independent_lists_are_covered_and_close() -> None:
    coverage, error = _runs(independent)
    assert coverage >= 0.90
    assert error < 0.10


@pytest.mark.slow
def test_dependent_heterogeneous_lists_are_covered() -> None:
    coverage, _error = _runs(dependent)
    assert coverage >= 0.90
