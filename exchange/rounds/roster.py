"""Rosters: the persons still held in a category, in priority order, with what a row shows.

Ordering reads a few columns of every person concerned (`ordered`); the full facts are
read only for the rows shown or written (`roster_rows`, `iter_rows`), a chunk at a time,
so a page of a 20,000-person roster and a 20,000-row export stay fast and small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from exchange.rounds import queries
from exchange.rounds.identity import identity_flags
from exchange.rounds.priority import Priority, PriorityFacts, name_key, order_key, priority_of

__all__ = [
    "Filters", "Ranked", "RosterRow", "iter_rows", "ordered", "rank", "roster", "roster_rows",
]


@dataclass(frozen=True)
class Filters:
    """Narrow a roster: a region (ISO code), a member (organisation id), a priority group,
    only persons no open round holds (`free`)."""

    region: str | None = None
    member: int | None = None
    group: str | None = None
    free: bool = False


@dataclass(frozen=True)
class Ranked:
    """A person's place on a roster, and what the filters and counts read."""

    person_id: int
    priority: Priority
    region: str | None
    category: str


def rank(rows: Sequence[Sequence], today: date) -> list[Ranked]:
    """Order rows of `queries.ordering_facts()` by the priority table."""
    keyed = []
    for pid, health, sex, born, detained, region, category, *names in rows:
        priority = priority_of(PriorityFacts(health, sex, born, detained), today)
        keyed.append((order_key(priority, name_key(*names), pid),
                      Ranked(pid, priority, region, category)))
    keyed.sort(key=lambda item: item[0])
    return [ranked for _, ranked in keyed]


def ordered(session: Session, stmt: Select, today: date, group: str | None = None) -> list[Ranked]:
    """Return the persons of an `ordering_facts()` select in order, optionally of one group."""
    ranked = rank(session.execute(stmt).all(), today)
    return [r for r in ranked if r.priority.group == group] if group else ranked


def roster(session: Session, category: str, today: date, filters: Filters = Filters(),
           user: Any = None) -> list[Ranked]:
    """Return the persons still held in a category, in priority order, narrowed by filters."""
    stmt = queries.roster_persons(category, region=filters.region, member=filters.member,
                                  free=filters.free, user=user)
    return ordered(session, stmt, today, filters.group)


@dataclass(frozen=True)
class RosterRow:
    """One person as a roster or a round shows them."""

    person_id: int
    surname: str | None
    given_name: str | None
    patronymic: str | None
    sex: str | None
    date_of_birth: str | None
    citizenship: str | None
    residence_region: str | None
    detained_on: str | None
    held_at: str | None
    legal_status: str | None
    charges: str | None
    health_concern: str | None
    release_status: str | None
    category: str
    rule: str | None
    provisional: bool
    eligibility: str | None
    priority: Priority
    members: tuple[str, ...]
    flags: tuple[str, ...]


def _value(item: object) -> str | None:
    return None if item is None else str(getattr(item, "value", item))


def _grouped(session: Session, stmt: Select) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for pid, *rest in session.execute(stmt):
        grouped[pid].append(tuple(rest))
    return grouped


def roster_rows(session: Session, ranked: Sequence[Ranked]) -> list[RosterRow]:
    """Return the full rows of these persons, in the order given."""
    ids = [r.person_id for r in ranked]
    facts = {row[0].id: row for row in session.execute(queries.shown_facts(ids))}
    detentions = _grouped(session, queries.detentions_of(ids))
    charges = _grouped(session, queries.charges_of(ids))
    members = _grouped(session, queries.members_of(ids))
    flags = identity_flags(session, {pid: facts[pid][0].date_of_birth for pid in facts})
    rows = []
    for place in ranked:
        if place.person_id not in facts:
            continue  # merged away since the order was read
        person, category, rule, provisional, eligibility = facts[place.person_id]
        held = detentions.get(person.id, [])
        rows.append(RosterRow(
            person.id, person.surname, person.given_name, person.patronymic,
            _value(person.sex), person.date_of_birth, person.citizenship,
            person.residence_region, place.priority.detained_on,
            held[-1][1] if held else None, _value(person.legal_status),
            "; ".join(f"{a} ч.{p}" if p else a for a, p in charges.get(person.id, [])) or None,
            person.health_concern, _value(person.release_status), str(category), rule,
            bool(provisional), eligibility, place.priority,
            tuple(sorted(code for (code,) in members.get(person.id, []))),
            flags.get(person.id, ()),
        ))
    return rows


def iter_rows(session: Session, ranked: Sequence[Ranked]) -> Iterator[RosterRow]:
    """Yield the full rows of a whole roster, reading a chunk at a time."""
    for start in range(0, len(ranked), queries.CHUNK):
        yield from roster_rows(session, ranked[start : start + queries.CHUNK])
