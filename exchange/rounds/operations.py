"""Writes to rounds: create, add and remove persons, carry out, close, cancel.

Each service takes a Session, commits once and is audited in the same transaction (the
round and its entries are audited models; state changes also write an explicit entry).
A person is on at most one open round: the service refuses and names the other round,
and the unique `round_entry.open_person_id` makes it hold under concurrent adds too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exchange.audit import Actor, acting_as, write_entry
from exchange.models import Person, Round, RoundEntry, RoundState, RoundType
from exchange.models.base import utcnow
from exchange.models.classification import PersonClassification
from exchange.models.enums import Category
from exchange.rounds import queries
from exchange.rounds.errors import PersonOnOpenRound, RoundChanged, RoundError, RoundNotFound
from exchange.rounds.roster import Filters, roster
from exchange.rounds.states import check_transition, is_editable
from exchange.rounds.tables import categories_in_order, mechanism

__all__ = [
    "AddResult",
    "add_persons",
    "cancel_round",
    "close_round",
    "commit_round_change",
    "create_round",
    "execute_round",
    "get_round",
    "move_round",
    "release_holds",
    "remove_persons",
]

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def get_round(session: Session, ref: int | str) -> Round:
    """Return a round by number or exact name, or raise RoundNotFound."""
    text = str(ref).strip()
    found = session.get(Round, int(text)) if text.isdigit() else None
    found = found or session.scalar(select(Round).where(Round.name == text))
    if found is None:
        raise RoundNotFound(f"there is no round {text!r}")
    return found


def _check_date(value: str | None, what: str) -> str | None:
    if value and not DATE.match(value):
        raise RoundError(f"{what} must be a date YYYY-MM-DD, not {value!r}")
    if value:
        date.fromisoformat(value)
    return value or None


def create_round(session: Session, *, name: str, round_type: str, categories: Sequence[str],
                 actor: Actor, planned_on: str | None = None, note: str | None = None) -> Round:
    """Create a draft round of a type for categories whose mechanism is that type."""
    name = " ".join((name or "").split())
    if not name:
        raise RoundError("a round needs a name")
    try:
        kind = RoundType(round_type)
        wanted = [Category(c) for c in categories_in_order() if c in set(map(Category, categories))]
    except ValueError as exc:
        raise RoundError(str(exc)) from None
    if not wanted:
        raise RoundError("a round covers at least one category")
    for category in wanted:
        served = mechanism(category).round_type
        if served != kind:
            by = f"by {served.value} rounds" if served else "by no round (decided one by one)"
            raise RoundError(f"category {category.value} is served {by}, not by a "
                             f"{kind.value} round")
    if session.scalar(select(Round.id).where(Round.name == name)) is not None:
        raise RoundError(f"a round named {name!r} already exists")
    found = Round(name=name, round_type=kind, categories=[c.value for c in wanted],
                  planned_on=_check_date(planned_on, "the planned date"), note=note or None,
                  created_by_label=actor.label, created_by_id=actor.user_id)
    with acting_as(session, actor, reason="round created"):
        session.add(found)
        commit_round_change(session)
    return found


@dataclass
class AddResult:
    """Persons added, already on this round, and skipped because another open round has them."""

    added: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    taken: dict[int, tuple[int, str]] = field(default_factory=dict)


def _holders(session: Session, person_ids: list[int]) -> dict[int, Round]:
    found: dict[int, Round] = {}
    for chunk in queries.chunks(person_ids):
        found.update(session.execute(queries.holding_entries(chunk)).all())
    return found


def _begin_write(session: Session, round_id: int) -> Round | None:
    """Start the writing transaction with the round locked, so checks see every commit.

    SQLite has one writer: take its lock now (a read transaction begun earlier could not
    write later). PostgreSQL locks the round's row; adds to two different rounds still run
    side by side, and the unique open_person_id settles a race between them.
    """
    session.commit()  # end any read transaction: its snapshot may be stale
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Round).where(Round.id == round_id).values(name=Round.name))
    return session.get(Round, round_id, with_for_update=True, populate_existing=True)


def _editable(session: Session, round_id: int) -> Round:
    found = _begin_write(session, round_id)
    if found is None:
        raise RoundNotFound(f"there is no round {round_id}")
    if not is_editable(found.state):
        raise RoundError(f"the list of a {found.state.value} round cannot change")
    return found


def _explicit(session: Session, found: Round, person_ids: Iterable[int]) -> dict[int, str]:
    """Return id -> category of persons named one by one; refuse any that cannot go."""
    ids = sorted(set(person_ids))
    rows = dict(session.execute(
        select(Person.id, queries.category_of())
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .where(Person.id.in_(ids), Person.merged_into_id.is_(None), queries.still_held())
    ).all())
    for pid in ids:
        if pid not in rows:
            raise RoundError(f"person {pid} is not in the registry as still held")
        if rows[pid] not in found.categories:
            raise RoundError(f"person {pid} is in category {rows[pid]}, which round "
                             f"{found.id} does not cover")
    return rows


def _selected(session: Session, found: Round, filters: Filters, today: date,
              categories: Sequence[str] | None) -> dict[int, str]:
    """Return id -> category of the persons still held that the filters select."""
    chosen = [c for c in (categories or found.categories) if c in found.categories]
    return {r.person_id: r.category for c in chosen for r in roster(session, c, today, filters)}


def add_persons(session: Session, round_id: int, *, actor: Actor, today: date,
                person_ids: Iterable[int] | None = None, filters: Filters | None = None,
                categories: Sequence[str] | None = None) -> AddResult:
    """Add persons one by one (refused whole if one cannot go) or by roster filters.

    By filters, persons already held by another open round are skipped and reported.
    """
    found = _editable(session, round_id)
    explicit = person_ids is not None
    wanted = (_explicit(session, found, person_ids) if explicit
              else _selected(session, found, filters or Filters(), today, categories))
    result = AddResult()
    on_this = set(session.scalars(queries.entry_person_ids(found.id)))
    result.already = sorted(p for p in wanted if p in on_this)
    taken = {p: (r.id, r.name) for p, r in _holders(session, sorted(wanted)).items()
             if r.id != found.id}
    if taken and explicit:
        raise PersonOnOpenRound(taken)
    result.taken = taken
    result.added = [p for p in wanted if p not in on_this and p not in taken]
    with acting_as(session, actor, reason=f"added to round {found.id}"):
        session.add_all(RoundEntry(round_id=found.id, person_id=p, open_person_id=p,
                                   category=wanted[p], added_by_label=actor.label)
                        for p in result.added)
        _touch(found)
        commit_round_change(session, result.added)
    return result


def remove_persons(session: Session, round_id: int, person_ids: Iterable[int], *,
                   actor: Actor, reason: str) -> int:
    """Take persons off a round whose list may still change; return how many."""
    found = _editable(session, round_id)
    ids = set(person_ids)
    gone = [e for e in found.entries if e.person_id in ids]
    missing = ids - {e.person_id for e in gone}
    if missing:
        raise RoundError(f"person(s) {sorted(missing)} are not on round {found.id}")
    with acting_as(session, actor, reason=reason or f"removed from round {found.id}"):
        for entry in gone:
            session.delete(entry)  # explicit: an orphan removed by cascade escapes the audit
            found.entries.remove(entry)
        _touch(found)
        commit_round_change(session)
    return len(gone)


def _touch(found: Round) -> None:
    """Mark the list changed; the version check makes a concurrent change fail, not merge."""
    found.list_changed = True
    found.updated_at = utcnow()


def release_holds(entries: Iterable[RoundEntry]) -> None:
    """Free the persons of these entries for other rounds."""
    for entry in entries:
        entry.open_person_id = None


def move_round(session: Session, found: Round, to: RoundState, **details: object) -> None:
    """Move a round to a state the transition table allows, with an audit entry."""
    action = check_transition(found.state, to)
    before = found.state
    found.state = to
    write_entry(session, action=f"round_{action}", object_type="exchange_round",
                object_id=found.id, changes={"state": [before.value, to.value],
                                             **{k: [None, v] for k, v in details.items() if v}})


def execute_round(session: Session, round_id: int, *, actor: Actor, executed_on: str) -> Round:
    """Record that the round was carried out on a day (outcomes come next)."""
    found = get_round(session, round_id)
    check_transition(found.state, RoundState.EXECUTED)
    day = _check_date(executed_on, "the day it was carried out")
    if day and date.fromisoformat(day) > utcnow().date():
        raise RoundError(f"the day it was carried out cannot be in the future: {day}")
    with acting_as(session, actor, reason=f"round {found.id} carried out"):
        found.executed_on = day
        move_round(session, found, RoundState.EXECUTED, executed_on=day)
        commit_round_change(session)
    return found


def close_round(session: Session, round_id: int, *, actor: Actor) -> Round:
    """Close a carried-out round once every person on it has an outcome."""
    found = get_round(session, round_id)
    waiting = [e.person_id for e in found.entries if e.outcome is None]
    check_transition(found.state, RoundState.CLOSED)
    if waiting:
        raise RoundError(f"{len(waiting)} person(s) on round {found.id} have no outcome yet "
                         f"(first: {waiting[:5]}); record them with `round outcomes`")
    with acting_as(session, actor, reason=f"round {found.id} closed"):
        move_round(session, found, RoundState.CLOSED)
        release_holds(found.entries)
        commit_round_change(session)
    return found


def cancel_round(session: Session, round_id: int, *, actor: Actor, reason: str) -> Round:
    """Cancel a round with a reason; its persons are free for other rounds."""
    if not (reason or "").strip():
        raise RoundError("cancelling a round needs a reason")
    found = get_round(session, round_id)
    check_transition(found.state, RoundState.CANCELLED)
    with acting_as(session, actor, reason=reason.strip()):
        found.cancel_reason = reason.strip()
        move_round(session, found, RoundState.CANCELLED)
        release_holds(found.entries)
        commit_round_change(session)
    return found


def commit_round_change(session: Session, person_ids: Sequence[int] = ()) -> None:
    """Commit; a concurrent add of the same person or change of the round is refused."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise RoundChanged() from None
    except IntegrityError:
        session.rollback()
        taken = {p: (r.id, r.name) for p, r in _holders(session, list(person_ids)).items()}
        if taken:
            raise PersonOnOpenRound(taken) from None
        raise RoundChanged() from None
