"""A list as it is sent: one plain record per person, and what changed between two versions.

Records hold stored values (codes, not labels) and the name in every form it was sent in,
so a version shows later exactly what left the building. Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from exchange.rounds.names import name_forms
from exchange.rounds.roster import RosterRow

__all__ = ["COMPARED", "VersionDiff", "diff_versions", "row_record"]

Record = dict[str, Any]

# The fields a difference between versions reports, in the order shown.
COMPARED = (
    "surname", "given_name", "patronymic",
    "surname_latin", "given_name_latin", "patronymic_latin",
    "surname_ru", "given_name_ru", "patronymic_ru",
    "date_of_birth", "sex", "citizenship", "residence_region", "detained_on", "held_at",
    "legal_status", "charges", "category", "priority_group",
)


def row_record(row: RosterRow) -> Record:
    """Return the JSON-ready record of a roster row, with the name in every form."""
    forms = name_forms(row.surname, row.given_name, row.patronymic)
    return {
        "person_id": row.person_id,
        "surname": forms.ukrainian[0],
        "given_name": forms.ukrainian[1],
        "patronymic": forms.ukrainian[2],
        "surname_latin": forms.latin[0],
        "given_name_latin": forms.latin[1],
        "patronymic_latin": forms.latin[2],
        "surname_ru": forms.russian[0],
        "given_name_ru": forms.russian[1],
        "patronymic_ru": forms.russian[2],
        "name_derived": forms.derived,
        "date_of_birth": row.date_of_birth,
        "sex": row.sex,
        "citizenship": row.citizenship,
        "residence_region": row.residence_region,
        "detained_on": row.detained_on,
        "held_at": row.held_at,
        "legal_status": row.legal_status,
        "charges": row.charges,
        "health_concern": row.health_concern,
        "category": row.category,
        "rule": row.rule,
        "provisional": row.provisional,
        "eligibility": row.eligibility,
        "priority_rank": row.priority.rank,
        "priority_group": row.priority.group,
        "members": list(row.members),
        "flags": list(row.flags),
    }


@dataclass(frozen=True)
class Change:
    person_id: int
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionDiff:
    """Persons added and removed, and the fields that changed for the persons kept."""

    added: list[Record] = field(default_factory=list)
    removed: list[Record] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len({c.person_id for c in self.changed}),
        }


def _by_person(rows: Iterable[Mapping[str, Any]]) -> dict[int, Mapping[str, Any]]:
    return {int(row["person_id"]): row for row in rows}


def diff_versions(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]
) -> VersionDiff:
    """Compare two versions of a list person by person."""
    old, new = _by_person(before), _by_person(after)
    changed = [
        Change(pid, name, old[pid].get(name), new[pid].get(name))
        for pid in new
        if pid in old
        for name in COMPARED
        if old[pid].get(name) != new[pid].get(name)
    ]
    return VersionDiff(
        added=[dict(new[pid]) for pid in new if pid not in old],
        removed=[dict(old[pid]) for pid in old if pid not in new],
        changed=changed,
    )
