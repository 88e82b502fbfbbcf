"""Coalition eligibility (memorandum 002): eligible, excluded (which exclusion), not assessed."""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from exchange.classification.articles import data_text
from exchange.classification.measures import Source, read_source
from exchange.classification.observed import Doubt
from exchange.labels import Text, bilingual

__all__ = [
    "FIELDS_READ",
    "Eligibility",
    "EligibilityStatus",
    "assess_eligibility",
    "eligibility_table",
]

DATA_FILE = "eligibility.toml"
# The record fields `assess_eligibility` reads.
FIELDS_READ = frozenset({"pace_criteria", "exclusion"})


class EligibilityStatus(enum.StrEnum):
    ELIGIBLE = "eligible"
    EXCLUDED = "excluded"
    NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class EligibilityTable:
    """The memorandum's PACE criteria (a-e) and exclusions, quoted, with their source."""

    criteria: Mapping[str, Text]
    exclusions: Mapping[str, Text]
    source: Source


@dataclass(frozen=True)
class Eligibility:
    status: EligibilityStatus
    exclusion: str | None
    criteria: tuple[str, ...]
    notes: tuple[Doubt, ...] = field(default=())

    def __str__(self) -> str:
        """`eligible`, `excluded:collaboration` or `not_assessed`."""
        if self.status is EligibilityStatus.EXCLUDED:
            return f"excluded:{self.exclusion}"
        return self.status.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": str(self),
            "status": str(self.status),
            "exclusion": self.exclusion,
            "criteria": list(self.criteria),
            "notes": [asdict(note) for note in self.notes],
        }


@cache
def eligibility_table() -> EligibilityTable:
    data = tomllib.loads(data_text(DATA_FILE))

    def texts(section: str) -> dict[str, Text]:
        return {key: bilingual(item, "text", f"{DATA_FILE}: {section}.{key}")
                for key, item in data[section].items()}

    return EligibilityTable(texts("criteria"), texts("exclusions"),
                            read_source(data["source"], DATA_FILE))


def assess_eligibility(values: Mapping[str, str | None]) -> Eligibility:
    """Apply the memorandum: an exclusion wins; else a PACE criterion makes a person eligible."""
    table = eligibility_table()
    notes: list[Doubt] = []
    criteria = _criteria(values.get("pace_criteria"), table, notes)
    exclusion = (values.get("exclusion") or "").strip().lower()
    if exclusion:
        if exclusion not in table.exclusions:
            notes.append(Doubt("unknown_exclusion", "exclusion", exclusion))
        return Eligibility(EligibilityStatus.EXCLUDED, exclusion, criteria, tuple(notes))
    if criteria:
        return Eligibility(EligibilityStatus.ELIGIBLE, None, criteria, tuple(notes))
    return Eligibility(EligibilityStatus.NOT_ASSESSED, None, (), tuple(notes))


def _criteria(text: str | None, table: EligibilityTable, notes: list[Doubt]) -> tuple[str, ...]:
    letters = []
    for item in (text or "").replace(",", ";").split(";"):
        letter = item.strip().strip("()").lower()
        if not letter:
            continue
        if letter in table.criteria:
            letters.append(letter)
        else:
            notes.append(Doubt("unknown_criterion", "pace_criteria", item.strip()))
    return tuple(sorted(set(letters)))
