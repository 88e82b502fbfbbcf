"""The picture of all persons: one row per person with every fact the dashboard counts.

The dashboard counts these rows and each of its numbers links to the list of the same rows
(`matches` with the number's filters), so a number and its list cannot disagree. Dates
known only in part count from their middle (1 July of a bare year, the 15th of a month).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.models import RehabilitationItem, RepatriationFlag, StatusEvent
from exchange.models.person import name_sort_text
from repatriation.criteria import latest_month, unfounded_listed
from repatriation.dates import age_on, midpoint, month_of, years_between
from repatriation.machine import group_of
from repatriation.queries import chunks, detentions, latest_events, picture_facts
from repatriation.rehabilitation import OPEN_STAGES, rows_for
from repatriation.tables import data_rows

__all__ = ["FACETS", "PictureRow", "Window", "matches", "picture", "picture_by_name"]

UNKNOWN = "unknown"
SINCE_YEAR = "2014"  # the occupation of Crimea: "held since 2014" means detained in 2014 or before
WINDOW_MONTHS = 24
# The filters a list page accepts; each is an attribute of PictureRow.
FACETS = (
    "stage", "group", "category", "region", "sex", "age_group", "detained_period",
    "freed_period", "time_held", "since_2014", "unfounded", "rehab_open",
)


@dataclass(frozen=True)
class Band:
    key: str
    low: float
    high: float | None

    def holds(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value < self.high)


@cache
def bands(name: str) -> tuple[Band, ...]:
    """Return the bands of a data file (age_groups.csv, time_held.csv), in order."""
    rows = [list(r.values()) for r in data_rows(name)]
    return tuple(Band(key, float(low), float(high) if high else None) for key, low, high in rows)


def band(name: str, value: float | None) -> str:
    if value is None:
        return UNKNOWN
    return next((b.key for b in bands(name) if b.holds(value)), UNKNOWN)


@dataclass(frozen=True)
class Window:
    """The months shown one by one; earlier ones are summed, as are later ones."""

    first: str
    last: str

    @classmethod
    def ending(cls, last: str, months: int = WINDOW_MONTHS) -> Window:
        year, month = int(last[:4]), int(last[5:7])
        index = year * 12 + month - 1 - (months - 1)
        return cls(f"{index // 12:04d}-{index % 12 + 1:02d}", last)

    def months(self) -> list[str]:
        found, year, month = [], int(self.first[:4]), int(self.first[5:7])
        while f"{year:04d}-{month:02d}" <= self.last:
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def period(self, month: str | None) -> str:
        if month is None:
            return UNKNOWN
        if month < self.first:
            return "earlier"
        return "later" if month > self.last else month


@dataclass(frozen=True)
class PictureRow:
    person_id: int
    surname: str | None
    given_name: str | None
    patronymic: str | None
    sex: str
    region: str
    category: str
    stage: str
    group: str
    age_group: str
    detained_on: str | None
    detained_period: str
    freed_on: str | None
    freed_period: str
    years_held: float | None  # so far, for persons still held
    time_held: str
    since_2014: str
    unfounded: str
    rehab_open: str

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p) or "—"


def matches(row: PictureRow, filters: Mapping[str, str]) -> bool:
    """Tell whether a row has every facet value the filters ask for."""
    return all(getattr(row, key) == value for key, value in filters.items() if key in FACETS)


def _text(value: object) -> str:
    return UNKNOWN if value is None else str(getattr(value, "value", value))


def _freed(events: Sequence[StatusEvent]) -> StatusEvent | None:
    """Return the first event that took the person out of detention alive."""
    return next((e for e in events if group_of(e.stage) in ("freed", "home")), None)


def _event_day(event: StatusEvent | None) -> str | None:
    if event is None:
        return None
    return event.occurred_on or event.list_month


def picture(
    session: Session, *, as_of: dt.date, organisation_id: int | None = None
) -> list[PictureRow]:
    """Return one row per person of the registry (of one member's lists, if given).

    Computed once per state of the registry and day (`exchange.computed`).
    """
    return remember(session, ("picture", as_of, organisation_id),
                    lambda: _picture(session, as_of, organisation_id))


def picture_by_name(
    session: Session, *, as_of: dt.date, organisation_id: int | None = None
) -> list[PictureRow]:
    """Return `picture` in the Ukrainian alphabet's order, computed once per state and day."""
    return remember(session, ("picture_by_name", as_of, organisation_id), lambda: sorted(
        picture(session, as_of=as_of, organisation_id=organisation_id),
        key=lambda r: (name_sort_text(r.surname, r.given_name, r.patronymic), r.person_id)))


def _picture(session: Session, as_of: dt.date, organisation_id: int | None) -> list[PictureRow]:
    facts = session.execute(picture_facts(organisation_id)).all()
    ids = [f[0] for f in facts]
    events, detained = latest_events(session, ids), detentions(session, ids)
    window = Window.ending(as_of.strftime("%Y-%m"))
    unfounded = unfounded_listed(session, latest_month(session)) & set(ids)
    stages = {pid: evs[-1].stage for pid, evs in events.items()}
    open_items = _open_items(session, [p for p, s in stages.items() if s in OPEN_STAGES])
    rows = []
    for pid, surname, given, patronymic, sex, dob, region, category, _elig in facts:
        stage = stages.get(pid)
        group = group_of(stage) or "none"
        since = detained.get(pid)
        freed_event = _freed(events.get(pid, []))
        freed = _event_day(freed_event)
        held_years = _years_held(since, as_of) if group == "held" else None
        rows.append(PictureRow(
            pid, surname, given, patronymic, _text(sex), _text(region), _text(category),
            _text(stage) if stage else "none", group, band("age_groups.csv", age_on(dob, as_of)),
            since, window.period(month_of(since)), freed,
            window.period(month_of(freed)) if freed_event else "not_freed",
            held_years, band("time_held.csv", held_years) if group == "held" else "not_held",
            _yes(group == "held" and bool(since) and since[:4] <= SINCE_YEAR),
            _yes(pid in unfounded), _yes(open_items.get(pid, 0) > 0),
        ))
    return rows


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _years_held(detained_on: str | None, as_of: dt.date) -> float | None:
    start = midpoint(detained_on)
    if start is None or start > as_of:
        return None
    return years_between(start, as_of)


def _open_items(session: Session, person_ids: Iterable[int]) -> dict[int, int]:
    """Return how many checklist items are open per person (an item never recorded is open)."""
    recorded: dict[int, list[RehabilitationItem]] = {}
    ids = list(person_ids)
    for chunk in chunks(ids):
        stmt = select(RehabilitationItem).where(RehabilitationItem.person_id.in_(chunk))
        for item in session.scalars(stmt):
            recorded.setdefault(item.person_id, []).append(item)
    return {pid: sum(r.is_open for r in rows_for(recorded.get(pid, []))) for pid in ids}


def open_flag_counts(session: Session, person_ids: Iterable[int]) -> Counter[str]:
    """Return the open flags by kind among these persons."""
    counts: Counter[str] = Counter()
    for chunk in chunks(person_ids):
        stmt = (
            select(RepatriationFlag.kind, func.count())
            .where(RepatriationFlag.person_id.in_(chunk), RepatriationFlag.resolved_at.is_(None))
            .group_by(RepatriationFlag.kind)
        )
        for kind, count in session.execute(stmt):
            counts[kind.value] += count
    return counts
