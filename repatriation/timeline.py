"""One person's road on one page: detention, every event, every list month, rehabilitation.

Entries are sorted by date; a date known in part sorts at the start of its month or year,
and entries with no date come last. A member editor sees only their own organisation's
records; the pages hide the record ids a user may not see (`exchange.auth.access`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.models import Person, RehabilitationItem, RepatriationFlag, StatusEvent
from repatriation.queries import list_appearances

__all__ = ["Entry", "ListMonth", "person_timeline"]

KIND_ORDER = {"detention": 0, "list": 1, "event": 2, "flag": 3, "rehabilitation": 4}


@dataclass(frozen=True)
class Named:
    """One record of a member's list naming the person in a month."""

    org: str
    record_id: str
    status: str
    released_on: str | None
    source_record_id: int


@dataclass(frozen=True)
class ListMonth:
    month: str
    records: tuple[Named, ...]

    @property
    def members(self) -> list[str]:
        return sorted({r.org for r in self.records})


@dataclass(frozen=True)
class Entry:
    date: str | None
    kind: str  # detention, list, event, flag, rehabilitation
    detention: object | None = None
    listed: ListMonth | None = None
    event: StatusEvent | None = None
    corrects: int | None = None  # the event a correction voided
    flag: RepatriationFlag | None = None
    item: RehabilitationItem | None = None

    @property
    def sort_key(self) -> tuple:
        parts = [int(p) for p in (self.date or "").split("-") if p.isdigit()]
        return (not parts, tuple(parts + [0] * (3 - len(parts))), KIND_ORDER[self.kind])


def list_months(session: Session, person_id: int, organisation_id: int | None) -> list[ListMonth]:
    """Return, month by month, the members' records naming the person."""
    by_month: dict[str, list[Named]] = defaultdict(list)
    for month, org, record_id, row, values, rid in session.execute(
        list_appearances(person_id, organisation_id)
    ):
        values = values or {}
        by_month[month].append(Named(
            org, record_id or f"row-{row}", values.get("release_status") or "detained",
            values.get("released_on"), rid,
        ))
    return [ListMonth(m, tuple(recs)) for m, recs in sorted(by_month.items())]


def _event_entries(events: Sequence[StatusEvent]) -> list[Entry]:
    corrected = {e.voided_by_id: e.id for e in events if e.voided_by_id is not None}
    return [Entry(e.occurred_on or e.list_month, "event", event=e, corrects=corrected.get(e.id))
            for e in events]


def person_timeline(
    session: Session, person: Person, organisation_id: int | None = None
) -> list[Entry]:
    """Return the person's timeline; `organisation_id` limits the lists to one member's."""
    entries = [Entry(d.detained_on, "detention", detention=d) for d in person.detentions]
    months = list_months(session, person.id, organisation_id)
    entries += [Entry(m.month, "list", listed=m) for m in months]
    entries += _event_entries(person.status_events)
    flags = session.scalars(select(RepatriationFlag).where(RepatriationFlag.person_id == person.id))
    entries += [Entry(f.list_month, "flag", flag=f) for f in flags]
    items = session.scalars(
        select(RehabilitationItem).where(RehabilitationItem.person_id == person.id)
    )
    entries += [Entry(i.status_on, "rehabilitation", item=i) for i in items]
    return sorted(entries, key=lambda e: e.sort_key)
