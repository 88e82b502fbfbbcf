"""The pure estimators: exact tables, intervals, the check, and when they refuse."""

from __future__ import annotations

import re

import numpy as np
import pytest

from exchange.estimation import latent_class, mse
from exchange.estimation.loglinear import Profile, Terms, fit
from exchange.estimation.refusals import Refusal
from exchange.estimation.tables import CaptureTable, patterns_matrix


def exact_independent(size: int, found: list[float]) -> CaptureTable:
    """Return the expected table of independent lists (no sampling noise), rounded."""
    bits = patterns_matrix(len(found))
    p = np.prod(np.where(bits == 1, found, 1 - np.array(found)), axis=1)
    counts = np.rint(size * p).astype(np.int64)
    counts[0] = 0
    return CaptureTable(tuple(f"L{j}" for j in range(len(found))), counts)


def test_independence_model_recovers_the_total_of_an_exact_table() -> None:
    # every pattern of three lists holding half of 1000 persons holds 125: 125 missed
    table = exact_independent(1000, [0.5, 0.5, 0.5])
    model = fit(table, Terms())
    assert table.observed == 875
    assert model.total == pytest.approx(1000, abs=0.01)


def test_estimate_of_an_exact_table_is_the_truth_inside_its_interval() -> None:
    table = exact_independent(2000, [0.3, 0.4, 0.5, 0.35])
    result = mse.estimate(table, check=False)
    assert isinstance(result, mse.Estimate)
    assert result.total == pytest.approx(2000, rel=0.01)
    assert table.observed < result.lower < 2000 < result.upper


def test_profile_interval_is_around_the_estimate_and_above_the_observed() -> None:
    table = exact_independent(600, [0.4, 0.3, 0.5])
    model = fit(table, Terms())
    lower, upper = Profile(table, model).interval()
    assert table.observed <= lower < model.total < upper < 2 * model.total


def test_interaction_between_two_lists_that_share_cases_is_chosen() -> None:
    rng = np.random.default_rng(7)
    found = rng.random((3000, 4)) < [0.3, 0.3, 0.4, 0.35]
    found[:, 1] |= found[:, 0] & (rng.random(3000) < 0.6)  # list 0 passes cases to list 1
    result = mse.estimate(CaptureTable.from_matrix("ABCD", found), check=False)
    best = result.averaged()[0].fit.terms
    assert (0, 1) in best.interactions
    assert result.lower <= 3000 <= result.upper


def test_latent_class_check_agrees_on_independent_lists() -> None:
    posterior = latent_class.estimate(exact_independent(1000, [0.5, 0.4, 0.45, 0.3]), seed=1)
    assert posterior.lower <= 1000 <= posterior.upper
    assert posterior.total == pytest.approx(1000, rel=0.03)


def test_figures_line() -> None:
    result = mse.estimate(exact_independent(1000, [0.5, 0.4, 0.45]), check=False)
    assert re.fullmatch(r"observed=\d+ estimate=\d+ lower=\d+ upper=\d+", result.figures())
    assert result.figures().startswith(f"observed={result.observed} ")


def _table(*histories: tuple[str, int]) -> CaptureTable:
    """Build a table from (lists joined, persons) pairs, e.g. ("AB", 30)."""
    rows = [set(lists) for lists, n in histories for _ in range(n)]
    return CaptureTable.from_histories(sorted({c for lists, _ in histories for c in lists}), rows)


@pytest.mark.parametrize(
    ("table", "code"),
    [
        (_table(("A", 50), ("B", 40), ("AB", 30)), "few_lists"),
        (_table(("A", 50), ("B", 40), ("C", 30), ("AB", 30)), "no_overlap"),
        (_table(("A", 10), ("B", 10), ("C", 10), ("AB", 5), ("BC", 5), ("AC", 5)), "few_persons"),
        (_table(("A", 40), ("B", 40), ("C", 40), ("AB", 5), ("BC", 5), ("AC", 5)),
         "small_overlap"),
        (_table(("A", 40), ("B", 40), ("AB", 30), ("AC", 10), ("ABC", 10)), "contained"),
    ],
)
def test_refuses_what_the_lists_cannot_support(table: CaptureTable, code: str) -> None:
    result = mse.estimate(table, check=False)
    assert isinstance(result, Refusal)
    assert result.code == code
    assert result.english()


def test_empty_lists_do_not_count_as_lists() -> None:
    table = _table(("A", 50), ("B", 40), ("AB", 30))
    wider = CaptureTable.from_histories(["A", "B", "Z"], [set("A")] * 50 + [set("AB")] * 30)
    assert mse.estimate(wider, check=False).code == "few_lists"
    assert mse.estimate(table, check=False).code == "few_lists"


def test_capture_table_counts_patterns() -> None:
    table = CaptureTable.from_histories(["A", "B", "C"], [{"A"}, {"A", "C"}, {"C", "A"}, set()])
    assert table.observed == 3
    assert table.list_sizes().tolist() == [3, 0, 2]
    assert table.rows() == [((True, False, False), 1), ((True, False, True), 2)]
