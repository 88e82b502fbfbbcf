"""When the lists cannot support an estimate, say why instead of printing a number (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations

import numpy as np

from exchange.estimation.tables import CaptureTable

MIN_LISTS = 3  # with two lists, dependence between them cannot be modelled at all
MIN_PERSONS = 50  # fewer persons: the 2^k table is nearly all zeros
MIN_ON_TWO = 20  # persons on two lists or more: the overlap the estimate rests on

# English texts; the web page translates them by code (exchange.estimation.texts).
REASONS = {
    "few_lists": "fewer than three lists hold anyone here ({lists})",
    "no_overlap": "fewer than three lists share persons with another list ({lists})",
    "few_persons": "too few persons to estimate from ({persons}; at least {minimum} needed)",
    "small_overlap": (
        "too few persons are on two lists or more ({persons}; at least {minimum} needed)"
    ),
    "contained": (
        "every person {inner} lists is also on the list of {outer}: one list inside "
        "another says nothing about who both missed"
    ),
    "no_model": "no log-linear model has a finite fit on these lists",
    "unbounded": "the lists' overlap puts no upper bound on the number missed",
}


@dataclass(frozen=True)
class Refusal:
    """Why no estimate is given: a reason code and the figures that explain it."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return REASONS[self.code].format(**self.params)


def _overlapping(table: CaptureTable) -> list[str]:
    """Return the lists that share at least one person with another list."""
    bits = table.bits()
    shared = (bits.sum(axis=1) >= 2) & (table.counts > 0)
    return [name for j, name in enumerate(table.lists) if (bits[shared, j] > 0).any()]


def _contained(table: CaptureTable) -> tuple[str, str] | None:
    """Return (inner, outer) when every person of one list is on another list too."""
    bits = table.bits()
    for a, b in permutations(range(table.k), 2):
        on_a = (bits[:, a] == 1) & (table.counts > 0)
        if on_a.any() and np.all(bits[on_a, b] == 1):
            return table.lists[a], table.lists[b]
    return None


def refusal(table: CaptureTable) -> Refusal | None:
    """Return why the table cannot support an estimate, or None when it can."""
    names = ", ".join(table.lists)
    if table.k < MIN_LISTS:
        return Refusal("few_lists", {"lists": names or "-"})
    overlapping = _overlapping(table)
    if len(overlapping) < MIN_LISTS:
        return Refusal("no_overlap", {"lists": ", ".join(overlapping) or "-"})
    if table.observed < MIN_PERSONS:
        return Refusal("few_persons", {"persons": table.observed, "minimum": MIN_PERSONS})
    on_two = int(table.times_listed()[2:].sum())
    if on_two < MIN_ON_TWO:
        return Refusal("small_overlap", {"persons": on_two, "minimum": MIN_ON_TWO})
    inside = _contained(table)
    if inside:
        return Refusal("contained", {"inner": inside[0], "outer": inside[1]})
    return None
