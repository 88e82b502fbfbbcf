"""Recompute automatically: whenever a person's facts change, before the commit.

`install()`, called by `create_app`, turns this on for every session. Any flush that
inserts, changes or deletes a person, a charge or a detention marks the person; before
the transaction commits, their results are recomputed in the same transaction
(`refresh_pending`). Import, merge and edit services need to do nothing.
A savepoint rolled back inside a transaction does not clear the marks: a stale mark
only costs a recompute that changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from exchange.audit import Actor, UnattributedChange, acting_as, current_actor
from exchange.classification.refresh import (
    FAILED,
    flag,
    persons_with_facts,
    refresh_classification,
)
from exchange.models import Charge, Detention, Person
from exchange.models.classification import PersonClassification

__all__ = ["install", "refresh_guarded", "refresh_pending"]

_log = logging.getLogger(__name__)

_PENDING_KEY = "classification_pending"
_CHUNK = 500
_SYSTEM = Actor(label="system:classification")


def refresh_pending(session: Session) -> None:
    """Recompute the persons whose facts changed in this transaction (before commit)."""
    for _ in range(3):  # recomputing flushes; a flush may mark more persons
        session.flush()
        pending = sorted(session.info.pop(_PENDING_KEY, set()))
        if not pending:
            return
        try:
            current_actor(session)
        except UnattributedChange:
            # facts changed under an actor that is gone by commit time: say it was the system
            with acting_as(session, _SYSTEM):
                _refresh_many(session, pending)
        else:
            _refresh_many(session, pending)
        session.flush()


def _refresh_many(session: Session, person_ids: list[int]) -> None:
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start : start + _CHUNK]
        persons = session.scalars(persons_with_facts().where(Person.id.in_(chunk))).all()
        existing = {
            row.person_id: row
            for row in session.scalars(
                select(PersonClassification).where(PersonClassification.person_id.in_(chunk))
            )
        }
        for person in persons:
            if person.merged_into_id is None:
                refresh_guarded(session, person, existing.get(person.id))


def refresh_guarded(
    session: Session, person: Person, existing: PersonClassification | None
) -> tuple[PersonClassification | None, bool, bool]:
    """Recompute one person; a fault in the rules flags the result instead of blocking the save.

    Return the row (None when a first computation failed), whether the result changed and
    whether the recompute failed. Database errors are not caught: the transaction cannot
    go on after them.
    """
    try:
        row, changed = refresh_classification(session, person, existing=existing, looked_up=True)
    except SQLAlchemyError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in the rules must not block saving facts
        _log.exception("could not recompute the classification of person %s", person.id)
        if existing is not None:
            flag(existing, [f"{FAILED} {type(exc).__name__}; the result shown may be out of date"])
        return existing, False, True
    return row, changed, False


def _mark_changed_persons(session: Session, objects: Iterable[Any]) -> None:
    pending = session.info.setdefault(_PENDING_KEY, set())
    for obj in objects:
        if isinstance(obj, Person) and obj.id is not None:
            pending.add(obj.id)
        elif isinstance(obj, Charge | Detention) and obj.person_id is not None:
            pending.add(obj.person_id)


def install() -> None:
    """Recompute classifications before every commit of every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)


def _after_flush(session: Session, _context: Any) -> None:
    _mark_changed_persons(session, [*session.new, *session.dirty, *session.deleted])


def _before_commit(session: Session) -> None:
    # the commit's own flush comes after this hook: flush first to see what changed
    if session.new or session.dirty or session.deleted or session.info.get(_PENDING_KEY):
        refresh_pending(session)
