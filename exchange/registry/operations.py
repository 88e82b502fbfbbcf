"""Writes to a person's merged facts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exchange.audit import Actor, acting_as
from exchange.domain.person_facts import pin_values
from exchange.models import EventSource, Person, Stage
from exchange.models.enums import ReleaseStatus
from repatriation.events import add_event, current_stage
from repatriation.machine import check_transition


class EditConflict(RuntimeError):
    """Someone else changed the person since the page was loaded."""


class ReasonRequired(ValueError):
    """A change to a person's facts needs a written reason."""


def edit_person(
    session: Session,
    person: Person,
    changes: dict[str, Any],
    *,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
) -> list[str]:
    """Apply field changes to a person with a reason; return the fields that changed."""
    if not reason or not reason.strip():
        raise ReasonRequired("a reason is required")
    if expected_version is not None and expected_version != person.version:
        raise EditConflict("the person was changed by someone else; reload and try again")
    stage = _stage_for(changes.get("release_status"), person)
    changed = []
    with acting_as(session, actor, reason=reason.strip()):
        for field, value in changes.items():
            value = value if value not in ("",) else None
            if field == "release_status" and value is not None:
                value = ReleaseStatus(value)
            if getattr(person, field) != value:
                setattr(person, field, value)
                changed.append(field)
        pin_values(person, changed, by=actor.label, reason=reason.strip())
        if "release_status" in changed and stage is not None:
            add_event(
                session, person, stage, source_kind=EventSource.COORDINATOR,
                occurred_on=person.released_on, evidence=reason.strip(),
            )
        try:
            session.commit()
        except StaleDataError:
            session.rollback()
            raise EditConflict(
                "the person was changed by someone else; reload and try again"
            ) from None
    return changed


def _stage_for(status: str | None, person: Person) -> Stage | None:
    """Return the stage a new release status moves the person to (checked before any change).

    `detained` moves nobody: a wrong release is corrected on the person's road home.
    """
    if not status or status == ReleaseStatus.DETAINED or current_stage(person) == status:
        return None
    stage = Stage(ReleaseStatus(status).value)
    check_transition(current_stage(person), stage)
    return stage
