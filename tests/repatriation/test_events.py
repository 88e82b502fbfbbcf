"""Recording events through the machine, corrections that void, and the audit of both."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.audit import Actor
from exchange.models import AuditEntry, EventSource, Role, Stage, StatusEvent
from exchange.registry.operations import edit_person
from repatriation.events import (
    EventRefused,
    correct_event,
    current_stage,
    live_events,
    record_event,
)
from repatriation.machine import TransitionRefused

ROUND = {"source_kind": EventSource.EXCHANGE_ROUND, "source_ref": "round:17",
         "source_label": "Round 3 (exchange of 2025-03-05)"}


def _events(session, person):
    return session.scalars(
        select(StatusEvent).where(StatusEvent.person_id == person.id).order_by(StatusEvent.id)
    ).all()


def test_a_round_records_in_exchange_then_exchanged_with_itself_as_source(session, person, move):
    someone = move(person("Бойко"), Stage.LISTED)
    actor = Actor(label="round-service")
    record_event(session, someone, Stage.IN_EXCHANGE, occurred_on="2025-03-01", actor=actor,
                 evidence="submitted", **ROUND)
    event = record_event(session, someone, Stage.EXCHANGED, occurred_on="2025-03-05",
                         actor=actor, evidence="returned", **ROUND)
    assert current_stage(someone) is Stage.EXCHANGED
    assert (event.source_kind, event.source_ref, event.source_label) == (
        EventSource.EXCHANGE_ROUND, "round:17", "Round 3 (exchange of 2025-03-05)")
    assert event.status.value == "exchanged"  # the release status the stage stands for
    assert event.recorded_by == "round-service"
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "status_event", AuditEntry.object_id == str(event.id))).one()
    assert (entry.action, entry.actor, entry.person_id) == ("create", "round-service", someone.id)
    assert entry.changes["stage"] == [None, "exchanged"]


def test_a_refused_move_writes_nothing(session, person, move):
    someone = move(person("Бойко"), Stage.LISTED, Stage.IN_EXCHANGE, Stage.EXCHANGED)
    before = len(_events(session, someone))
    with pytest.raises(TransitionRefused, match="Exchanged.*On the joint list"):
        record_event(session, someone, Stage.LISTED, occurred_on=None,
                     source_kind=EventSource.COORDINATOR, actor=Actor(label="c"))
    session.rollback()
    assert len(_events(session, someone)) == before


@pytest.mark.parametrize(("pace", "allowed"), [(None, False), ("x", False), ("a;e", True)])
def test_criteria_checked_needs_a_recorded_pace_criterion(session, person, move, pace, allowed):
    someone = move(person("Бойко", pace_criteria=pace), Stage.REPORTED)
    if allowed:
        record_event(session, someone, Stage.VERIFIED, occurred_on=None,
                     source_kind=EventSource.COORDINATOR, actor=Actor(label="c"))
        assert current_stage(someone) is Stage.VERIFIED
    else:
        with pytest.raises(EventRefused, match="PACE criterion"):
            record_event(session, someone, Stage.VERIFIED, occurred_on=None,
                         source_kind=EventSource.COORDINATOR, actor=Actor(label="c"))


@pytest.mark.parametrize("day", ["2099-01-01", "31.02.2025", "soon"])
def test_a_date_in_the_future_or_no_date_is_refused(session, person, move, day):
    someone = move(person("Бойко"), Stage.LISTED)
    with pytest.raises(ValueError, match=day):
        record_event(session, someone, Stage.RELEASED, occurred_on=day,
                     source_kind=EventSource.COORDINATOR, actor=Actor(label="c"))


def test_a_correction_voids_the_wrong_event_and_keeps_it(session, person, move):
    someone = move(person("Бойко"), Stage.LISTED, Stage.EXCHANGED)
    wrong = live_events(someone)[-1]
    fixed = correct_event(session, wrong, stage=Stage.IN_EXCHANGE, occurred_on="2025-03-01",
                          evidence="he was on the round, not yet handed over",
                          actor=Actor(label="coordinator"))
    events = _events(session, someone)
    assert [e.stage for e in events] == [Stage.LISTED, Stage.EXCHANGED, Stage.IN_EXCHANGE]
    assert events[1].voided_by_id == fixed.id
    assert current_stage(someone) is Stage.IN_EXCHANGE
    assert fixed.source_ref == f"correction of event {wrong.id}"
    voiding = session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "status_event", AuditEntry.object_id == str(wrong.id),
        AuditEntry.action == "update")).one()
    assert voiding.changes == {"voided_by_id": [None, fixed.id]}
    assert voiding.reason == "he was on the round, not yet handed over"


def test_a_correction_is_checked_from_the_stage_before_the_wrong_event(session, person, move):
    someone = move(person("Бойко"), Stage.LISTED, Stage.EXCHANGED)
    with pytest.raises(TransitionRefused, match="On the joint list.*Back in Ukraine"):
        correct_event(session, live_events(someone)[-1], stage=Stage.REPATRIATED,
                      occurred_on=None, evidence="home, not exchanged", actor=Actor(label="c"))
    session.rollback()
    correct_event(session, live_events(someone)[-1], stage=Stage.LISTED, occurred_on=None,
                  evidence="retracted: not exchanged", actor=Actor(label="c"))
    assert current_stage(someone) is Stage.LISTED


def test_a_first_event_entered_by_mistake_can_be_replaced(session, person, move):
    someone = move(person("Бойко"), Stage.DECEASED)
    correct_event(session, live_events(someone)[-1], stage=Stage.LISTED, occurred_on=None,
                  evidence="confused with a namesake", actor=Actor(label="c"))
    assert current_stage(someone) is Stage.LISTED


@pytest.mark.parametrize("which", ["earlier", "voided"])
def test_only_the_latest_live_event_can_be_corrected(session, person, move, which):
    someone = move(person("Бойко"), Stage.LISTED, Stage.IN_EXCHANGE)
    first, latest = live_events(someone)
    target = first
    if which == "voided":
        correct_event(session, latest, stage=Stage.EXCHANGED, occurred_on=None, evidence="x",
                      actor=Actor(label="c"))
        target = latest
    with pytest.raises(EventRefused, match="latest"):
        correct_event(session, target, stage=Stage.REPORTED, occurred_on=None, evidence="y",
                      actor=Actor(label="c"))


def test_editing_the_release_status_goes_through_the_machine(session, person, move,
                                                             create_user):
    someone = move(person("Бойко", release_status="detained"), Stage.LISTED, Stage.EXCHANGED)
    admin = Actor.for_user(create_user(Role.ADMIN))
    with pytest.raises(TransitionRefused):
        edit_person(session, someone, {"release_status": "released"}, actor=admin,
                    reason="a call from the family")
    session.rollback()
    assert someone.release_status.value == "detained"
    edit_person(session, someone, {"release_status": "repatriated", "released_on": "2025-03"},
                actor=admin, reason="back home")
    latest = live_events(someone)[-1]
    assert (latest.stage, latest.source_kind, latest.occurred_on, latest.note) == (
        Stage.REPATRIATED, EventSource.COORDINATOR, "2025-03", "back home")
