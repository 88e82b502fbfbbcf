"""Record linkage for detainee lists: a pure library (no Flask, no database).

Normalise names across scripts and transliterations, compare records field by
field, score pairs with a Fellegi-Sunter model estimated from the data, block,
and cluster linked pairs into persons without chaining different people.
"""

from matching.comparisons import COMPARISONS, compare_records
from matching.engine import (
    Contribution,
    LinkResult,
    NothingToLink,
    ScoredPair,
    link_incremental,
    link_records,
)
from matching.model import MatchModel
from matching.records import Person, Record

__all__ = [
    "COMPARISONS",
    "Contribution",
    "LinkResult",
    "MatchModel",
    "NothingToLink",
    "Person",
    "Record",
    "ScoredPair",
    "compare_records",
    "link_incremental",
    "link_records",
]
