"""Who goes first on a roster: the priority table (data/priority.toml) as one SQL expression.

The database orders a roster (a page of 20,000 persons is then one LIMIT/OFFSET away), so
the table is compiled into a CASE expression giving each person the rank of the first
group that holds. Dates are the registry's partial dates (`YYYY`, `YYYY-MM`,
`YYYY-MM-DD`); compared as text, a partial date compares as its earliest day, which is
what "could hold" needs (see the table's header).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, literal, or_

from exchange.models import Person
from exchange.rounds.tables import PriorityGroup, priority_groups

__all__ = ["FULL_DATE", "Priority", "group_of", "rank_expression"]

FULL_DATE = 10  # YYYY-MM-DD


@dataclass(frozen=True)
class Priority:
    """Where a person sits: the group (rank, key) and the detention date that orders it."""

    rank: int
    group: str
    detained_on: str | None


def group_of(rank: int, detained_on: str | None) -> Priority:
    """Return the priority of a rank the database computed."""
    return Priority(rank, priority_groups()[rank - 1].key, detained_on)


def years_before(today: date, years: int) -> str:
    """Return the day `years` before `today` as YYYY-MM-DD (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - years).isoformat()
    except ValueError:
        return today.replace(year=today.year - years, day=28).isoformat()


def _condition(condition: Mapping[str, object], detained: ColumnElement,
               today: date) -> ColumnElement[bool]:
    born = Person.date_of_birth
    if "fact" in condition:
        return getattr(Person, str(condition["fact"])) == condition["is"]
    if "age_at_least" in condition:  # the earliest day the date allows is old enough
        return born <= years_before(today, int(condition["age_at_least"]))
    if "age_under" in condition:  # the latest day the date allows is young enough
        limit = years_before(today, int(condition["age_under"]))
        partial = and_(func.length(born) < FULL_DATE,
                       func.substr(literal(limit), 1, func.length(born)) == born)
        return or_(born > limit, partial)
    return detained < str(condition["detained_before"])


def rank_expression(detained: ColumnElement, today: date) -> ColumnElement[int]:
    """Return the rank of the first priority group that holds (the last holds for all)."""
    groups: tuple[PriorityGroup, ...] = priority_groups()
    whens = [(_condition(g.condition, detained, today), g.rank)
             for g in groups if g.condition is not None]
    return case(*whens, else_=groups[-1].rank)
