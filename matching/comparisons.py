"""Field comparisons with graded levels, computed for many pairs at once.

Each comparison maps a pair of records to one level; the last level of every
comparison is ``missing`` (either side unknown), which carries no weight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.features import Features

SURNAME_CLOSE, SURNAME_FAIR = 0.92, 0.84
GIVEN_CLOSE = 0.88
PATRONYMIC_CLOSE = 0.9
PLACE_CLOSE = 0.88


@dataclass(frozen=True)
class Comparison:
    """One field comparison: its name, its ordered levels and the function computing them."""

    name: str
    levels: tuple[str, ...]
    compute: Callable[[Features, np.ndarray, np.ndarray], np.ndarray]
    term_frequency: str | None = None  # feature array whose value frequency adjusts agreement
    tf_levels: tuple[str, ...] = ()

    @property
    def missing(self) -> int:
        return len(self.levels) - 1

    def level(self, name: str) -> int:
        return self.levels.index(name)


def _select(n: int, conditions: list[tuple[np.ndarray, int]], default: int) -> np.ndarray:
    """First matching condition wins (like SQL CASE WHEN)."""
    out = np.full(n, default, dtype=np.int8)
    decided = np.zeros(n, dtype=bool)
    for cond, level in conditions:
        take = cond & ~decided
        out[take] = level
        decided |= take
    return out


def _swapped_names(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Surname and given name written the other way round in one of the two records."""
    return (f.sn[i] >= 0) & (f.gn[i] >= 0) & (f.sn[i] == f.gn[j]) & (f.gn[i] == f.sn[j])


def swapped_close(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Name order swapped with a spelling difference (Олех Мороз for Мороз Олег).

    Each surname is close to the other record's given name and each given name to the
    other's surname, while the two surnames are not even a fair match.
    """
    out = np.zeros(len(i), dtype=bool)
    full = (f.sn[i] >= 0) & (f.gn[i] >= 0) & (f.sn[j] >= 0) & (f.gn[j] >= 0)
    if not full.any():
        return out
    # Cheapest test first: most candidate pairs share or nearly share a surname.
    k = np.flatnonzero(full & (f.sn[i] != f.sn[j]))
    k = k[f.similarity(f.names, f.sn[i[k]], f.sn[j[k]]) < SURNAME_FAIR]
    k = k[f.similarity(f.names, f.sn[i[k]], f.gn[j[k]]) >= SURNAME_CLOSE]
    k = k[f.similarity(f.names, f.gn[i[k]], f.sn[j[k]]) >= GIVEN_CLOSE]
    out[k] = True
    return out


def compare_surname(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    a, b = f.sn[i], f.sn[j]
    missing = (a < 0) | (b < 0)
    sim = f.similarity(f.names, np.where(missing, -1, a), np.where(missing, -1, b))
    swapped = swapped_close(f, i, j)
    return _select(len(i), [
        (missing, 5),
        ((a == b) | _swapped_names(f, i, j) | (swapped & (a == f.gn[j])), 0),
        (f.sn_key[i] == f.sn_key[j], 1),
        ((sim >= SURNAME_CLOSE) | swapped, 2),
        (sim >= SURNAME_FAIR, 3),
    ], 4)


def _compare_name_part(f: Features, i, j, ids, classes, masks, close: float) -> np.ndarray:
    a, b = ids[i], ids[j]
    ma, mb = masks[i], masks[j]
    missing = (ma == 0) | (mb == 0)
    full = (a >= 0) & (b >= 0)
    sim = f.similarity(f.names, np.where(full, a, -1), np.where(full, b, -1))
    return _select(len(i), [
        (missing, 5),
        (full & (a == b), 0),
        (full & (classes[i] == classes[j]), 1),
        (full & (sim >= close), 2),
        (~full & ((ma & mb) != 0), 3),
    ], 4)


def compare_given_name(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    levels = _compare_name_part(f, i, j, f.gn, f.gn_cls, f.gn_init, GIVEN_CLOSE)
    levels[_swapped_names(f, i, j)] = 0
    swapped = swapped_close(f, i, j)
    levels[swapped] = np.where(f.gn[i[swapped]] == f.sn[j[swapped]], 0, 2)
    return levels


def compare_patronymic(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    return _compare_name_part(f, i, j, f.pt, f.pt_cls, f.pt_init, PATRONYMIC_CLOSE)


def compare_date_of_birth(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    y1, m1, d1 = f.year[i], f.month[i], f.day[i]
    y2, m2, d2 = f.year[j], f.month[j], f.day[j]
    full = f.full_dob[i] & f.full_dob[j]
    partial = ~full
    same_md = (m1 == m2) & (d1 == d2)
    one_year = np.abs(y1.astype(np.int32) - y2) == 1
    month_known = (m1 > 0) & (m2 > 0)
    parts_equal = (y1 == y2).astype(np.int8) + (m1 == m2) + (d1 == d2)
    return _select(len(i), [
        ((y1 == 0) | (y2 == 0), 7),
        (full & (y1 == y2) & same_md, 0),
        (full & (y1 == y2) & (d1 == m2) & (m1 == d2), 1),
        (partial & (y1 == y2) & month_known & (m1 == m2), 2),
        (partial & (y1 == y2) & ~month_known, 3),
        (one_year & ((full & same_md) | (partial & ~month_known)), 4),
        (full & (parts_equal == 2), 5),
    ], 6)


def compare_sex(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    a, b = f.sex[i], f.sex[j]
    return _select(len(i), [((a == 0) | (b == 0), 2), (a == b, 0)], 1)


def compare_region(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    a, b = f.region[i], f.region[j]
    return _select(len(i), [((a < 0) | (b < 0), 2), (a == b, 0)], 1)


def compare_place_of_birth(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    a, b = f.pob[i], f.pob[j]
    missing = (a < 0) | (b < 0)
    sim = f.similarity(f.places, np.where(missing, -1, a), np.where(missing, -1, b))
    return _select(len(i), [(missing, 3), (a == b, 0), (sim >= PLACE_CLOSE, 1)], 2)


COMPARISONS: tuple[Comparison, ...] = (
    Comparison("surname", ("exact", "equivalent", "close", "fair", "different", "missing"),
               compare_surname, "sn_key", ("exact", "equivalent")),
    Comparison("given_name", ("exact", "equivalent", "close", "initial", "different", "missing"),
               compare_given_name, "gn_cls", ("exact", "equivalent")),
    Comparison("patronymic", ("exact", "equivalent", "close", "initial", "different", "missing"),
               compare_patronymic, "pt_cls", ("exact", "equivalent")),
    Comparison("date_of_birth", ("exact", "day_month_swapped", "same_year_month", "same_year",
                                 "one_year_apart", "one_part_differs", "different", "missing"),
               compare_date_of_birth),
    Comparison("sex", ("same", "different", "missing"), compare_sex),
    Comparison("region", ("same", "different", "missing"), compare_region),
    Comparison("place_of_birth", ("exact", "close", "different", "missing"),
               compare_place_of_birth, "pob", ("exact",)),
)


def compare_pairs(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Return the level matrix (pairs x comparisons) for record index pairs (i, j)."""
    out = np.empty((len(i), len(COMPARISONS)), dtype=np.int8)
    for k, comparison in enumerate(COMPARISONS):
        out[:, k] = comparison.compute(f, i, j)
    return out


def compare_records(left, right) -> dict[str, str]:
    """Compare two records field by field: comparison name -> level name."""
    f = Features([left, right])
    i, j = np.array([0]), np.array([1])
    return {c.name: c.levels[int(c.compute(f, i, j)[0])] for c in COMPARISONS}
