"""Who goes first on a roster: the priority table (data/priority.toml) applied to a person.

Pure functions on plain values, no database. Dates are the registry's partial dates
(`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); comparing them as text compares their earliest day,
which is what "could hold" needs (see the table's header).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from exchange.rounds.tables import PriorityGroup, priority_groups
from matching.spelling import sort_key

__all__ = ["Priority", "PriorityFacts", "name_key", "order_key", "priority_of"]

_LAST = "\uffff"  # sorts after every date: an unknown detention date goes last


@dataclass(frozen=True)
class PriorityFacts:
    """The facts the priority table reads."""

    health_concern: str | None = None
    sex: str | None = None
    date_of_birth: str | None = None
    detained_on: str | None = None  # the earliest recorded detention


@dataclass(frozen=True)
class Priority:
    """Where a person sits: the group (rank, key) and the detention date that orders it."""

    rank: int
    group: str
    detained_on: str | None


def _years_before(today: date, years: int) -> str:
    try:
        return today.replace(year=today.year - years).isoformat()
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28).isoformat()


def _latest_day(partial: str) -> str:
    """Return a text that sorts after every day a partial date allows."""
    return partial + "-99" * (2 - partial.count("-"))


def _holds(condition: Mapping[str, object], facts: PriorityFacts, today: date) -> bool:
    if "fact" in condition:
        return getattr(facts, str(condition["fact"]), None) == condition["is"]
    born = facts.date_of_birth
    if "age_at_least" in condition:
        return bool(born) and born <= _years_before(today, int(condition["age_at_least"]))
    if "age_under" in condition:
        limit = _years_before(today, int(condition["age_under"]))
        return bool(born) and _latest_day(born) > limit
    detained = facts.detained_on
    return bool(detained) and detained < str(condition["detained_before"])


def priority_of(facts: PriorityFacts, today: date) -> Priority:
    """Return the first group of the table whose condition holds for the person."""
    group: PriorityGroup = next(
        g for g in priority_groups() if g.condition is None or _holds(g.condition, facts, today)
    )
    return Priority(group.rank, group.key, facts.detained_on)


@cache
def _collation() -> dict[int, str | None]:
    """Return a str.translate table that sorts letters as matching.spelling.sort_key does."""
    letters: dict[tuple, list[str]] = {}
    table: dict[int, str | None] = {}
    for code in [*range(0x400, 0x500), *range(0x41, 0x5B), *range(0x61, 0x7B),
                 *range(0xC0, 0x250), *map(ord, "'’ʼ`")]:
        ch = chr(code)
        key = sort_key(ch)[0][0]
        if not key:
            table[code] = None  # apostrophes do not count
        elif key[0] == 1:
            letters.setdefault(key, []).append(ch)
    for index, key in enumerate(sorted(letters)):
        for ch in letters[key]:
            table[ord(ch)] = chr(0xE000 + index)  # private use: after every other character
    return table


def name_key(*parts: str | None) -> tuple[str, ...]:
    """Return a key sorting names in Ukrainian alphabetical order (as `sort_key`, faster)."""
    table = _collation()
    return tuple(unicodedata.normalize("NFC", (p or "").casefold()).translate(table)
                 for p in parts)


def order_key(priority: Priority, names: tuple[str, ...], person_id: int) -> tuple:
    """Return the roster's sort key: group, earliest detention (unknown last), name, id."""
    return (priority.rank, priority.detained_on or _LAST, names, person_id)
