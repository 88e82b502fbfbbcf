"""Importing member lists: readers, header mapping, value normalisation and batches."""

from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.load import load_canonical
from exchange.importing.parsed import CanonicalRow, ParsedFile
from exchange.importing.problems import ImportRefused, Problem
from exchange.importing.safety import Limits

__all__ = [
    "CANONICAL_COLUMNS",
    "CanonicalRow",
    "ImportRefused",
    "Limits",
    "ParsedFile",
    "Problem",
    "load_canonical",
]
