"""Record a person's status events through the state machine; correct by voiding.

The public service for other packages is `record_event` (commits) and `add_event` (inside
the caller's transaction and `acting_as`, e.g. an exchange round marking all of its
persons `in_exchange` at once). A person's current stage is their latest event that is
not voided. A correction is a new event that states the stage instead of the wrong one
and voids it; only the latest event can be corrected (correct the later ones first), so
the road stays a path the transition table allows.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, current_actor
from exchange.models import EventSource, Person, Stage, StatusEvent
from repatriation.dates import partial_date
from repatriation.machine import check_transition, stage_info
from repatriation.queries import effective_eligibility

__all__ = [
    "EventRefused",
    "add_event",
    "correct_event",
    "current_event",
    "current_stage",
    "live_events",
    "record_event",
]

REF_LENGTH, LABEL_LENGTH, EVIDENCE_LENGTH = 200, 300, 1000


class EventRefused(ValueError):
    """An event that cannot be recorded (bad date, criteria not recorded, voided, ...)."""


def live_events(person: Person) -> list[StatusEvent]:
    """Return the person's events that are not voided, oldest first."""
    return [e for e in person.status_events if e.voided_by_id is None]


def current_event(person: Person) -> StatusEvent | None:
    """Return the person's latest event that is not voided."""
    live = live_events(person)
    return live[-1] if live else None


def current_stage(person: Person) -> Stage | None:
    event = current_event(person)
    return None if event is None else event.stage


def _clip(text: str | None, length: int) -> str | None:
    text = (text or "").strip()
    return text[:length] or None


def add_event(
    session: Session,
    person: Person,
    stage: Stage,
    *,
    source_kind: EventSource,
    occurred_on: str | None = None,
    source_ref: str | None = None,
    source_label: str | None = None,
    evidence: str | None = None,
    list_month: str | None = None,
    source_record_id: int | None = None,
) -> StatusEvent:
    """Append an event to the person after checking the move from their current stage."""
    return _append(
        session, person, Stage(stage), current_stage(person), source_kind=source_kind,
        occurred_on=occurred_on, source_ref=source_ref, source_label=source_label,
        evidence=evidence, list_month=list_month, source_record_id=source_record_id,
    )


def _append(
    session: Session,
    person: Person,
    stage: Stage,
    from_stage: Stage | None,
    *,
    source_kind: EventSource,
    occurred_on: str | None,
    source_ref: str | None,
    source_label: str | None,
    evidence: str | None,
    list_month: str | None = None,
    source_record_id: int | None = None,
    restating: bool = False,
) -> StatusEvent:
    if not (restating and stage == from_stage):  # a correction may go back to where one was
        check_transition(from_stage, stage)
    if stage is Stage.VERIFIED and effective_eligibility(session, person) != "eligible":
        raise EventRefused(
            _("“Criteria checked” needs a recorded PACE criterion and no exclusion "
              "(memorandum 002).")
        )
    event = StatusEvent(
        stage=stage,
        status=stage_info(stage).release_status,
        occurred_on=partial_date(occurred_on),
        recorded_by=current_actor(session).label,
        source_kind=EventSource(source_kind),
        source_ref=_clip(source_ref, REF_LENGTH),
        source_label=_clip(source_label, LABEL_LENGTH),
        note=_clip(evidence, EVIDENCE_LENGTH),
        list_month=list_month,
        source_record_id=source_record_id,
    )
    person.status_events.append(event)
    return event


def record_event(
    session: Session,
    person: Person,
    stage: Stage,
    *,
    occurred_on: str | None,
    source_kind: EventSource,
    source_ref: str | None = None,
    source_label: str | None = None,
    evidence: str | None = None,
    actor: Actor,
) -> StatusEvent:
    """Record one status event for a person and commit; raise TransitionRefused or EventRefused."""
    with acting_as(session, actor, reason=_clip(evidence, EVIDENCE_LENGTH) or f"stage {stage}"):
        event = add_event(
            session, person, stage, occurred_on=occurred_on, source_kind=source_kind,
            source_ref=source_ref, source_label=source_label, evidence=evidence,
        )
        session.commit()
    return event


def correct_event(
    session: Session,
    wrong: StatusEvent,
    *,
    stage: Stage,
    occurred_on: str | None,
    evidence: str,
    actor: Actor,
) -> StatusEvent:
    """Void the person's latest event and state the stage instead; commit.

    The stage instead is checked as a move from the stage before the wrong event; going
    back to that very stage (the wrong event simply retracted) is always allowed.
    """
    person = wrong.person
    if not (evidence or "").strip():
        raise EventRefused(_("A correction needs the reason."))
    live = live_events(person)
    if not live or live[-1] is not wrong:
        raise EventRefused(
            _("Only the latest event that is not voided can be corrected: correct the later "
              "ones first.")
        )
    before = live[-2].stage if len(live) > 1 else None
    with acting_as(session, actor, reason=evidence.strip()):
        event = _append(
            session, person, Stage(stage), before, source_kind=EventSource.COORDINATOR,
            occurred_on=occurred_on, source_ref=f"correction of event {wrong.id}",
            source_label=None, evidence=evidence, restating=True,
        )
        session.flush()
        wrong.voided_by_id = event.id
        session.commit()
    return event
