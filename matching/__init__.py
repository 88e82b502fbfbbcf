"""Record linkage for detainee lists: a pure library (no Flask, no database).

Normalise names across scripts and transliterations, compare records field by
field, score pairs with a Fellegi-Sunter model estimated from the data, calibrate
the probabilities, and cluster linked pairs into persons under identity constraints
that hold over whole persons; list what a person has to review; search by name.
"""

from matching.comparisons import COMPARISONS, compare_records
from matching.constraints import Conflict, conflicts, is_thin, join_conflicts
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
from matching.review import Candidate, ReviewItem
from matching.search import Hit, NameIndex

__all__ = [
    "COMPARISONS",
    "Candidate",
    "Conflict",
    "Contribution",
    "Hit",
    "LinkResult",
    "MatchModel",
    "NameIndex",
    "NothingToLink",
    "Person",
    "Record",
    "ReviewItem",
    "ScoredPair",
    "compare_records",
    "conflicts",
    "is_thin",
    "join_conflicts",
    "link_incremental",
    "link_records",
]
