"""Where a round touches a person's road home: events through the repatriation machine.

Submitting a round puts its persons `in_exchange`; an outcome moves them on (returned:
exchanged or released as the round's mechanism says; died: deceased; not handed over or
refused to return: back to the stage they held before the round). Each event names the
round as its source. A returned or dead person's release status is also pinned on the
person, so that a member's stale list cannot turn it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from exchange.labels import label
from exchange.models import (
    EventSource,
    Outcome,
    Person,
    ReleaseStatus,
    Round,
    Stage,
    StatusEvent,
)
from exchange.models.base import utcnow
from exchange.rounds.tables import round_types
from repatriation.events import add_event, current_stage, live_events

__all__ = ["on_submitted", "outcome_status", "record_outcome_status"]


def _source(found: Round) -> dict[str, object]:
    return {"source_kind": EventSource.EXCHANGE_ROUND, "source_ref": f"round:{found.id}",
            "source_label": found.name}


def on_submitted(session: Session, found: Round, person_ids: Sequence[int]) -> None:
    """Put the persons of a list that went out `in_exchange` (once, whatever the version)."""
    for person in session.query(Person).filter(Person.id.in_(person_ids)):
        if current_stage(person) is not Stage.IN_EXCHANGE:
            add_event(session, person, Stage.IN_EXCHANGE, occurred_on=utcnow().date().isoformat(),
                      evidence=f"round {found.id} ({found.name}) submitted", **_source(found))


def outcome_status(found: Round, outcome: Outcome) -> ReleaseStatus | None:
    """Return the release status an outcome gives (None: the person is still held)."""
    if outcome is Outcome.RETURNED:
        return round_types()[found.round_type].returned_status
    if outcome is Outcome.DIED:
        return ReleaseStatus.DECEASED
    return None


def _stage_after(person: Person, status: ReleaseStatus | None) -> Stage:
    """The stage an outcome leads to: the status's, or the one held before the round."""
    if status is not None:
        return Stage(status.value)
    earlier = [e.stage for e in live_events(person) if e.stage is not Stage.IN_EXCHANGE]
    return earlier[-1] if earlier else Stage.REPORTED


def record_outcome_status(session: Session, person: Person, found: Round, outcome: Outcome,
                          occurred_on: str | None) -> StatusEvent:
    """Write the event an outcome gives, with the round as evidence (inside the caller's
    audited transaction); pin a returned or dead person's release status."""
    status = outcome_status(found, outcome)
    note = f"round {found.id} ({found.name}): {label('outcome', outcome, 'en')}"
    event = add_event(session, person, _stage_after(person, status), occurred_on=occurred_on,
                      evidence=note, **_source(found))
    if status is not None:
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
