"""Coalition eligibility (memorandum 002): eligible, excluded (which exclusion), not assessed."""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from exchange.classification.articles import data_text

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
    criteria: Mapping[str, str]
    exclusions: Mapping[str, str]


@dataclass(frozen=True)
class Eligibility:
    status: EligibilityStatus
    exclusion: str | None
    criteria: tuple[str, ...]
    reason: str
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        """`eligible`, `excluded:collaboration` or `not_assessed`."""
        if self.status is EligibilityStatus.EXCLUDED:
            return f"excluded:{self.exclusion}"
        return self.status.value


@cache
def eligibility_table() -> EligibilityTable:
    data = tomllib.loads(data_text(DATA_FILE))
    return EligibilityTable(data["criteria"], data["exclusions"])


def assess_eligibility(values: Mapping[str, str | None]) -> Eligibility:
    """Apply the memorandum: an exclusion wins; else a PACE criterion makes a person eligible."""
    table = eligibility_table()
    notes: list[str] = []
    criteria = _criteria(values.get("pace_criteria"), table, notes)
    exclusion = (values.get("exclusion") or "").strip().lower()
    if exclusion:
        if exclusion not in table.exclusions:
            notes.append(
                f"exclusion {exclusion!r} is not one of {', '.join(table.exclusions)}; "
                "it is kept as recorded and needs review"
            )
            wording = "an exclusion the memorandum does not name"
        else:
            wording = f"“{table.exclusions[exclusion]}”"
        return Eligibility(
            EligibilityStatus.EXCLUDED,
            exclusion,
            criteria,
            f"excluded ({exclusion}): the Coalition holds reliable evidence that {wording}",
            tuple(notes),
        )
    if criteria:
        quoted = "; ".join(f"({letter}) “{table.criteria[letter]}”" for letter in criteria)
        return Eligibility(
            EligibilityStatus.ELIGIBLE,
            None,
            criteria,
            f"eligible: PACE 1900 (2012) criteria recorded and no exclusion: {quoted}",
            tuple(notes),
        )
    return Eligibility(
        EligibilityStatus.NOT_ASSESSED,
        None,
        (),
        "not assessed: no PACE criterion and no exclusion recorded",
        tuple(notes),
    )


def _criteria(text: str | None, table: EligibilityTable, notes: list[str]) -> tuple[str, ...]:
    letters = []
    for item in (text or "").replace(",", ";").split(";"):
        letter = item.strip().strip("()").lower()
        if not letter:
            continue
        if letter in table.criteria:
            letters.append(letter)
        else:
            notes.append(f"PACE criterion {item.strip()!r} is not one of a-e; ignored")
    return tuple(sorted(set(letters)))
