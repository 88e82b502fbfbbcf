"""Give each header at most one column and each column at most one header, best total first.

A small Hungarian algorithm (Kuhn-Munkres with potentials) on a score matrix with one extra
"none" slot per header, so leaving a header unread is an option with its own score. A
file has a few dozen headers at most: numpy is plenty, SciPy is not needed for this.
"""

from __future__ import annotations

import numpy as np

FORBIDDEN = -1e6


def best_assignment(scores: np.ndarray, none_score: float) -> list[int | None]:
    """Return, per row, the column it takes (None: no column) maximising the total score."""
    rows, cols = scores.shape
    if rows == 0:
        return []
    none = np.full((rows, rows), FORBIDDEN)
    np.fill_diagonal(none, none_score)
    matrix = np.hstack([scores, none]) if cols else none
    chosen = _hungarian(-matrix)
    return [int(c) if c < cols else None for c in chosen]


def total(scores: np.ndarray, assignment: list[int | None], none_score: float) -> float:
    """Return the total score of an assignment."""
    return float(sum(none_score if c is None else scores[r, c]
                     for r, c in enumerate(assignment)))


def margin(scores: np.ndarray, row: int, column: int, none_score: float, best: float) -> float:
    """Return how much the best total drops if `row` may not take `column`."""
    forced = scores.copy()
    forced[row, column] = FORBIDDEN
    return best - total(forced, best_assignment(forced, none_score), none_score)


def _hungarian(cost: np.ndarray) -> list[int]:
    """Return the column of each row in a minimum-cost assignment (rows <= columns)."""
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=int)  # owner[j]: row (1-based) holding column j; 0 = free
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = owner[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < minv[1:])
            minv[1:][better] = reduced[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [0] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result
