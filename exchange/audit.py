"""Attribute every change to a person's data: who, when, what, why.

Services say who acts with `acting_as(session, actor)`; a flush listener then
writes one `AuditEntry` per inserted, changed or deleted audited object (models
with `__audited__ = True`) in the same transaction. A flush that changes audited
data with no actor set is refused, so no change can slip in unattributed.
"""

from __future__ import annotations

import enum
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from exchange.models import AuditEntry, User
from exchange.sqlite import writing

_ACTOR_KEY = "audit_actor"
# Columns derived from other data (kept in the trail through that data), or bookkeeping.
DERIVED_FIELDS = ("updated_at", "version", "search_text", "sort_name", "field_provenance",
                  "conflict_fields")
_REASON_KEY = "audit_reason"
VIEW = "view"  # an entry saying who opened a page about a person


class UnattributedChange(RuntimeError):
    """Audited data was about to change with no actor set on the session."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a signed-in user, or a command run by an operating-system user."""

    label: str
    user_id: int | None = None

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(label=user.email, user_id=user.id)

    @classmethod
    def for_cli(cls) -> Actor:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
        return cls(label=f"cli:{name}")


@contextmanager
def acting_as(session: Session, actor: Actor | User, reason: str | None = None) -> Iterator[None]:
    """Attribute the changes flushed inside the block to `actor`, with an optional reason."""
    if isinstance(actor, User):
        actor = Actor.for_user(actor)
    previous = session.info.get(_ACTOR_KEY), session.info.get(_REASON_KEY)
    session.info[_ACTOR_KEY], session.info[_REASON_KEY] = actor, reason
    try:
        yield
    finally:
        session.info[_ACTOR_KEY], session.info[_REASON_KEY] = previous


def current_actor(session: Session) -> Actor:
    """Return the actor set on the session, or raise UnattributedChange."""
    actor = session.info.get(_ACTOR_KEY)
    if actor is None:
        raise UnattributedChange("a change to audited data needs an actor (use acting_as)")
    return actor


def write_entry(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: str | int,
    changes: dict[str, list[Any]] | None = None,
    person_id: int | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Add an explicit audit entry (imports, merges, rollbacks) for the current actor."""
    actor = current_actor(session)
    entry = AuditEntry(
        user_id=actor.user_id,
        actor=actor.label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        person_id=person_id,
        changes=changes,
        reason=reason if reason is not None else session.info.get(_REASON_KEY),
    )
    session.add(entry)
    return entry


def record_view(session: Session, actor: Actor, *, object_type: str, object_id: int,
                person_id: int | None) -> None:
    """Audit that someone opened a page about a person (kept out of the person's history)."""
    with writing(session), acting_as(session, actor):
        write_entry(session, action=VIEW, object_type=object_type, object_id=object_id,
                    person_id=person_id)
        session.commit()


def _plain(value: Any) -> Any:
    """Turn a column value into something JSON can hold."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # an amount keeps its exact digits (JSON floats would not)
    return value


def _column_changes(obj: Any, *, deleted: bool = False) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in DERIVED_FIELDS:
            continue
        hist = state.attrs[key].history
        if deleted:
            old = (
                hist.unchanged[0] if hist.unchanged else (hist.deleted[0] if hist.deleted else None)
            )
            if old is not None:
                changes[key] = [_plain(old), None]
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _plain(old) != _plain(new):
                changes[key] = [_plain(old), _plain(new)]
    return changes


def _person_id_of(obj: Any) -> int | None:
    if type(obj).__tablename__ == "person":
        return obj.id
    return getattr(obj, "person_id", None)


def _is_audited(obj: Any) -> bool:
    return getattr(type(obj), "__audited__", False)


@event.listens_for(Session, "before_flush")
def _audit_before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    pending = [
        ("update", o) for o in session.dirty if _is_audited(o) and session.is_modified(o)
    ] + [("delete", o) for o in session.deleted if _is_audited(o)]
    inserts = [
        o for o in session.new if _is_audited(o) and getattr(type(o), "__audit_inserts__", True)
    ]
    if not pending and not inserts:
        return
    actor = current_actor(session)
    queued = session.info.setdefault("audit_inserts", [])
    queued.extend(inserts)
    for action, obj in pending:
        changes = _column_changes(obj, deleted=action == "delete")
        if changes:
            _add(session, actor, action, obj, changes)


@event.listens_for(Session, "after_flush_postexec")
def _audit_after_flush(session: Session, _flush_context: Any) -> None:
    # Inserted rows have their ids only now; their entries go into the next flush of
    # the same transaction (the commit flushes again before it commits).
    queued = session.info.pop("audit_inserts", [])
    if not queued:
        return
    actor = current_actor(session)
    for obj in queued:
        state = inspect(obj)
        changes = {
            a.key: [None, _plain(getattr(obj, a.key))]
            for a in state.mapper.column_attrs
            if getattr(obj, a.key) is not None
            and a.key not in ("id", "created_at", *DERIVED_FIELDS)
        }
        _add(session, actor, "create", obj, changes)


def _add(session: Session, actor: Actor, action: str, obj: Any, changes: dict) -> None:
    session.add(
        AuditEntry(
            user_id=actor.user_id,
            actor=actor.label,
            action=action,
            object_type=type(obj).__tablename__,
            object_id=str(inspect(obj).identity[0]) if inspect(obj).identity else "?",
            person_id=_person_id_of(obj),
            changes=changes,
            reason=session.info.get(_REASON_KEY),
        )
    )
