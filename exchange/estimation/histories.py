"""Capture histories of a reconciled month: which members list each person still held.

The month's records are read through one select (`_month_records`), so that a shared
"live records of a month" select can replace it in one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange.domain.statuses import NOT_HELD
from exchange.importing.export import month_records
from exchange.models import Person
from exchange.models.classification import PersonClassification

STRATA = ("region", "category", "sex")
_CHUNK = 500


@dataclass(frozen=True)
class MonthRecord:
    """One committed record of the month: its member, its person (if linked) and values."""

    source_record_id: int
    org: str
    person_id: int | None
    values: dict


@dataclass(frozen=True)
class Listed:
    """A person the month's lists hold, with the lists and the strata they fall in."""

    person_id: int
    lists: frozenset[str]
    strata: dict[str, str | None] = field(default_factory=dict)


@dataclass
class MonthHistories:
    """Who is on which list in a month, and what was left out and why."""

    month: str
    lists: tuple[str, ...]  # the members with a list this month
    persons: list[Listed]  # persons the month's records say are held
    records: list[MonthRecord]
    not_held: int = 0  # persons whose month's records say released, exchanged, dead
    unlinked: int = 0  # records not linked to a person yet (month not reconciled)


def _month_records(session: Session, month: str) -> list[MonthRecord]:
    """Return the month's records of committed batches (the one read of records here)."""
    return [
        MonthRecord(record.id, code, record.person_id, dict(record.values or {}))
        for record, code in session.execute(month_records(month))
    ]


def _roots(session: Session) -> dict[int, int]:
    """Return merged person id -> the person it was merged into, followed to the end."""
    merged = dict(session.execute(
        select(Person.id, Person.merged_into_id).where(Person.merged_into_id.is_not(None))
    ).all())
    roots = {}
    for pid in merged:
        seen, target = {pid}, merged[pid]
        while target in merged and target not in seen:
            seen.add(target)
            target = merged[target]
        roots[pid] = target
    return roots


def _strata(session: Session, person_ids: Iterable[int]) -> dict[int, dict[str, str | None]]:
    """Return region, treatment category and sex of each person."""
    ids = sorted(set(person_ids))
    category = func.coalesce(PersonClassification.override_category,
                             PersonClassification.category)
    found: dict[int, dict[str, str | None]] = {}
    for start in range(0, len(ids), _CHUNK):
        stmt = (
            select(Person.id, Person.residence_region, category, Person.sex)
            .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
            .where(Person.id.in_(ids[start : start + _CHUNK]))
        )
        for pid, region, cat, sex in session.execute(stmt):
            found[pid] = {"region": region, "category": _text(cat), "sex": _text(sex)}
    return found


def _text(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def group_held(records: Iterable[MonthRecord], key) -> tuple[dict, int]:  # type: ignore[no-untyped-def]
    """Group records by key(record); return held groups' lists and the count not held."""
    lists: dict[object, set[str]] = defaultdict(set)
    statuses: dict[object, set[str]] = defaultdict(set)
    for record in records:
        group = key(record)
        lists[group].add(record.org)
        statuses[group].add(str(record.values.get("release_status") or ""))
    held = {g: frozenset(orgs) for g, orgs in lists.items() if not statuses[g] & NOT_HELD}
    return held, len(lists) - len(held)


def month_histories(session: Session, month: str) -> MonthHistories:
    """Return the capture history of every person held in the month, with their strata."""
    records = _month_records(session, month)
    roots = _roots(session)
    linked = [r for r in records if r.person_id is not None]
    held, not_held = group_held(linked, lambda r: roots.get(r.person_id, r.person_id))
    strata = _strata(session, held)
    lists = tuple(sorted({r.org for r in records}))
    persons = [Listed(pid, orgs, strata.get(pid, {})) for pid, orgs in sorted(held.items())]
    return MonthHistories(month, lists, persons, records, not_held,
                          unlinked=len(records) - len(linked))
