"""Give each header at most one column and each column at most one header, best total first.

The Hungarian method (SciPy's `linear_sum_assignment`) on a score matrix with one extra
"none" slot per header, so leaving a header unread is an option with its own score.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

FORBIDDEN = -1e6


def best_assignment(scores: np.ndarray, none_score: float) -> list[int | None]:
    """Return, per row, the column it takes (None: no column) maximising the total score."""
    rows, cols = scores.shape
    if rows == 0:
        return []
    none = np.full((rows, rows), FORBIDDEN)
    np.fill_diagonal(none, none_score)
    matrix = np.hstack([scores, none]) if cols else none
    chosen = dict(zip(*linear_sum_assignment(matrix, maximize=True), strict=True))
    return [int(chosen[r]) if chosen[r] < cols else None for r in range(rows)]


def total(scores: np.ndarray, assignment: list[int | None], none_score: float) -> float:
    """Return the total score of an assignment."""
    return float(sum(none_score if c is None else scores[r, c]
                     for r, c in enumerate(assignment)))


def margin(scores: np.ndarray, row: int, column: int, none_score: float, best: float) -> float:
    """Return how much the best total drops if `row` may not take `column`."""
    forced = scores.copy()
    forced[row, column] = FORBIDDEN
    return best - total(forced, best_assignment(forced, none_score), none_score)
