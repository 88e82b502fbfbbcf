"""Where a round touches a person's release status: the one place to switch to repatriation.

The repatriation tracker (issue 13) will own the status state machine, its events and
their sources. Until it lands, a returned or dead person's status is written here, as the
registry's own edits do: a status event naming the round, and the person's status pinned
so that a member's stale list cannot turn it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from exchange.labels import label
from exchange.models import Outcome, Person, ReleaseStatus, Round, StatusEvent
from exchange.rounds.tables import round_types

__all__ = ["on_submitted", "outcome_status", "record_outcome_status"]


def on_submitted(session: Session, found: Round, person_ids: Sequence[int]) -> None:
    """Hook: a list went out. The repatriation tracker will mark these persons in exchange."""
    return None


def outcome_status(found: Round, outcome: Outcome) -> ReleaseStatus | None:
    """Return the release status an outcome gives (None: the person is still held)."""
    if outcome is Outcome.RETURNED:
        return round_types()[found.round_type].returned_status
    if outcome is Outcome.DIED:
        return ReleaseStatus.DECEASED
    return None


def record_outcome_status(session: Session, person: Person, found: Round, outcome: Outcome,
                          occurred_on: str | None) -> StatusEvent | None:
    """Write the status an outcome gives, with the round as evidence (inside the caller's
    audited transaction); return the event, or None when the status does not change."""
    status = outcome_status(found, outcome)
    if status is None:
        return None
    note = f"round {found.id} ({found.name}): {label('outcome', outcome, 'en')}"
    event = StatusEvent(status=status, occurred_on=occurred_on, note=note[:1000])
    person.status_events.append(event)
    person.release_status = status
    if status is not ReleaseStatus.DECEASED:
        person.released_on = occurred_on
    _pin(person, ("release_status", "released_on"), note)
    return event


def _pin(person: Person, fields: Sequence[str], note: str) -> None:
    """Keep these values over what the members' lists say until a coordinator changes them."""
    provenance = dict(person.field_provenance or {})
    for name in fields:
        value = getattr(person, name)
        value = getattr(value, "value", value)
        sources = (provenance.get(name) or {}).get("sources", [])
        provenance[name] = {"value": value, "rule": "coordinator", "sources": sources,
                            "conflict": any(s.get("value") != value for s in sources),
                            "reason": note}
    person.field_provenance = provenance
