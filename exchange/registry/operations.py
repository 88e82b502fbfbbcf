"""Writes to a person's merged facts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from exchange.audit import Actor, acting_as
from exchange.models import Person, StatusEvent
from exchange.models.enums import ReleaseStatus


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
    changed = []
    with acting_as(session, actor, reason=reason.strip()):
        for field, value in changes.items():
            value = value if value not in ("",) else None
            if field == "release_status" and value is not None:
                value = ReleaseStatus(value)
            if getattr(person, field) != value:
                setattr(person, field, value)
                changed.append(field)
        _pin(person, changed, actor, reason.strip())
        if "release_status" in changed and person.release_status is not None:
            person.status_events.append(
                StatusEvent(
                    status=person.release_status,
                    occurred_on=person.released_on,
                    note=reason.strip(),
                )
            )
        try:
            session.commit()
        except StaleDataError:
            session.rollback()
            raise EditConflict(
                "the person was changed by someone else; reload and try again"
            ) from None
    return changed


def _pin(person: Person, fields: list[str], actor: Actor, reason: str) -> None:
    """Keep a coordinator's values over what the members' lists say, until changed by hand."""
    provenance = dict(person.field_provenance or {})
    for field in fields:
        value = getattr(person, field)
        value = getattr(value, "value", value)
        sources = (provenance.get(field) or {}).get("sources", [])
        provenance[field] = {
            "value": value,
            "rule": "coordinator",
            "sources": sources,
            "conflict": any(s.get("value") != value for s in sources),
            "by": actor.label,
            "reason": reason,
        }
    person.field_provenance = provenance
