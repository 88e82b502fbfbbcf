"""The Concept's six measures (`data/measures.toml`): the one home of their titles and texts.

The rule table names a measure by its number; the rounds, the pages and the exports read
the words from here, in English (quoted from the document) and in Ukrainian.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from exchange.classification.articles import data_text
from exchange.labels import Text, bilingual

__all__ = ["DATA_FILE", "Measure", "Source", "concept", "measure", "measures", "read_source"]

DATA_FILE = "measures.toml"


@dataclass(frozen=True)
class Source:
    """Where a quoted text comes from: the document, its section, and how it was translated."""

    document: Text
    section: Text
    translation: Text  # a note on the Ukrainian text (empty in English: the original)
    file: str


@dataclass(frozen=True)
class Measure:
    number: int
    title: Text
    text: Text


def read_source(data: Mapping[str, object], where: str) -> Source:
    """Read a `[source]` table of a data file."""
    return Source(
        bilingual(data, "document", where),
        bilingual(data, "section", where),
        {"en": "", "uk": str(data.get("translation_uk", ""))},
        str(data.get("file", "")),
    )


@cache
def _table() -> tuple[Source, dict[int, Measure]]:
    data = tomllib.loads(data_text(DATA_FILE))
    found: dict[int, Measure] = {}
    for item in data["measure"]:
        where = f"{DATA_FILE}: measure {item.get('number')}"
        number = int(item["number"])
        if number in found:
            raise ValueError(f"{where} is listed twice")
        found[number] = Measure(number, bilingual(item, "title", where),
                                bilingual(item, "text", where))
    return read_source(data["source"], DATA_FILE), dict(sorted(found.items()))


def measures() -> dict[int, Measure]:
    """Return the measures by number (1 to 6)."""
    return _table()[1]


def measure(number: int) -> Measure:
    return measures()[number]


def concept() -> Source:
    """Return the document the measures are quoted from."""
    return _table()[0]
