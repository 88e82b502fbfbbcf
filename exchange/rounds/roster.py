"""Rosters: the persons still held in a category, in priority order, with what a row shows.

The database orders a roster (`queries.ranked_persons`): a page is one LIMIT/OFFSET
(`page_of`), an export reads the ids in order (`ordered`); the full facts are read only
for the rows shown or written (`roster_rows`, `iter_rows`), a chunk at a time, so a page
of a 20,000-person roster and a 20,000-row export stay fast and small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from exchange.pagination import Page
from exchange.rounds import queries
from exchange.rounds.identity import identity_flags
from exchange.rounds.priority import Priority, group_of
from exchange.rounds.tables import priority_groups

__all__ = [
    "Filters", "Ranked", "RosterRow", "iter_rows", "ordered", "page_of", "roster",
    "roster_rows", "roster_select",
]


@dataclass(frozen=True)
class Filters:
    """Narrow a roster: a region (ISO code), a member (organisation id), a priority group,
    only persons no open round holds (`free`)."""

    region: str | None = None
    member: int | None = None
    group: str | None = None
    free: bool = False

    def rank(self) -> int | None:
        return next((g.rank for g in priority_groups() if g.key == self.group), None)


@dataclass(frozen=True)
class Ranked:
    """A person's place on a roster, and what the filters and counts read."""

    person_id: int
    priority: Priority
    region: str | None
    category: str


def _ranked(rows) -> list[Ranked]:
    return [Ranked(pid, group_of(rank, detained), region, str(category))
            for pid, rank, detained, region, category in rows]


def roster_select(category: str, today: date, filters: Filters = Filters(),
                  user: Any = None) -> Select:
    """Select the persons still held in a category, narrowed by filters, in roster order."""
    return queries.roster_persons(category, today, region=filters.region,
                                  member=filters.member, free=filters.free,
                                  rank=filters.rank(), user=user)


def ordered(session: Session, stmt: Select) -> list[Ranked]:
    """Return every person of a `queries.ranked_persons` select, in order."""
    return _ranked(session.execute(stmt))


def roster(session: Session, category: str, today: date, filters: Filters = Filters(),
           user: Any = None) -> list[Ranked]:
    """Return the persons still held in a category, in priority order, narrowed by filters."""
    return ordered(session, roster_select(category, today, filters, user))


def page_of(session: Session, stmt: Select, page: int, per_page: int) -> Page:
    """Return one page of a `queries.ranked_persons` select (past the end: the last page)."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
    return Page(_ranked(rows), page, per_page, total)


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
    facts = {row.id: row for row in session.execute(queries.shown_facts(ids))}
    detentions = _grouped(session, queries.detentions_of(ids))
    charges = _grouped(session, queries.charges_of(ids))
    members = _grouped(session, queries.members_of(ids))
    flags = identity_flags(session, {pid: facts[pid].date_of_birth for pid in facts})
    rows = []
    for place in ranked:
        fact = facts.get(place.person_id)
        if fact is None:
            continue  # merged away since the order was read
        held = detentions.get(fact.id, [])
        rows.append(RosterRow(
            fact.id, fact.surname, fact.given_name, fact.patronymic, _value(fact.sex),
            fact.date_of_birth, fact.citizenship, fact.residence_region,
            place.priority.detained_on, held[-1][1] if held else None, _value(fact.legal_status),
            "; ".join(f"{a} ч.{p}" if p else a for a, p in charges.get(fact.id, [])) or None,
            fact.health_concern, _value(fact.release_status), str(fact.category), fact.rule,
            bool(fact.provisional), fact.eligibility, place.priority,
            tuple(sorted(code for (code,) in members.get(fact.id, []))),
            flags.get(fact.id, ()),
        ))
    return rows


def iter_rows(session: Session, ranked: Sequence[Ranked]) -> Iterator[RosterRow]:
    """Yield the full rows of a whole roster, reading a chunk at a time."""
    for start in range(0, len(ranked), queries.CHUNK):
        yield from roster_rows(session, ranked[start : start + queries.CHUNK])
