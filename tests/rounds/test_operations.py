"""Rounds from draft to closed: what the services accept, refuse, and write to the audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.models import AuditEntry, RoundEntry, RoundState
from exchange.rounds import operations
from exchange.rounds.errors import PersonOnOpenRound, RoundError
from exchange.rounds.roster import Filters
from exchange.rounds.states import IllegalTransition, check_transition

from .conftest import ACTOR, TODAY, force_state


@pytest.mark.parametrize(
    ("current", "wanted", "action"),
    [
        ("draft", "submitted", "submit"),
        ("submitted", "submitted", "submit"),
        ("verified", "submitted", "submit"),
        ("submitted", "verified", "verify"),
        ("verified", "executed", "execute"),
        ("executed", "closed", "close"),
        ("draft", "cancelled", "cancel"),
        ("verified", "cancelled", "cancel"),
    ],
)
def test_allowed_moves(current, wanted, action):
    assert check_transition(current, wanted) == action


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        ("draft", "executed"),
        ("draft", "verified"),
        ("submitted", "executed"),
        ("executed", "cancelled"),
        ("closed", "draft"),
        ("cancelled", "cancelled"),
        ("closed", "cancelled"),
    ],
)
def test_illegal_moves_name_both_states(current, wanted):
    with pytest.raises(IllegalTransition, match=f"from {current} to {wanted}"):
        check_transition(current, wanted)


@pytest.mark.parametrize(
    ("round_type", "categories", "message"),
    [
        ("exchange", ["non_violent_amnesty"], "served by amnesty rounds, not by a exchange"),
        ("amnesty", ["unclassified"], "served by no round"),
        ("amnesty", [], "at least one category"),
        ("barter", ["transfer"], "barter"),
    ],
)
def test_a_round_type_must_match_its_categories_mechanism(session, round_type, categories,
                                                          message):
    with pytest.raises(RoundError, match=message):
        operations.create_round(session, name="x", round_type=round_type,
                                categories=categories, actor=ACTOR)


def test_round_names_are_unique(session, new_round):
    new_round(name="Spring")
    with pytest.raises(RoundError, match="already exists"):
        new_round(name="  Spring ")


def test_a_person_on_an_open_round_is_refused_and_the_other_round_named(session, held,
                                                                        new_round):
    person = held()
    first, second = new_round(name="First"), new_round(name="Second")
    operations.add_persons(session, first, actor=ACTOR, today=TODAY, person_ids=[person.id])
    named = rf"person {person.id} .* round {first} \('First'\)"
    with pytest.raises(PersonOnOpenRound, match=named):
        operations.add_persons(session, second, actor=ACTOR, today=TODAY, person_ids=[person.id])
    assert session.scalars(select(RoundEntry.round_id)).all() == [first]


def test_adding_everyone_skips_and_reports_persons_held_by_another_round(session, held,
                                                                         new_round):
    taken, free = held(surname="Бойко"), held(surname="Мельник")
    first, second = new_round(), new_round()
    operations.add_persons(session, first, actor=ACTOR, today=TODAY, person_ids=[taken.id])
    result = operations.add_persons(session, second, actor=ACTOR, today=TODAY,
                                    filters=Filters())
    assert result.added == [free.id]
    assert result.taken == {taken.id: (first, "round 1")}


def test_cancelling_frees_the_persons_for_another_round(session, held, new_round):
    person = held()
    first, second = new_round(), new_round()
    operations.add_persons(session, first, actor=ACTOR, today=TODAY, person_ids=[person.id])
    operations.cancel_round(session, first, actor=ACTOR, reason="the talks broke down")
    result = operations.add_persons(session, second, actor=ACTOR, today=TODAY,
                                    person_ids=[person.id])
    assert result.added == [person.id]
    entry = session.scalar(select(RoundEntry).where(RoundEntry.round_id == first))
    assert entry.open_person_id is None  # kept as history, holding no one


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"release_status": "exchanged"}, "not in the registry as still held"),
        ({"person_status": "military", "legal_status": "none"}, "category unclassified"),
    ],
)
def test_persons_not_held_or_of_another_category_are_refused(session, held, new_round, facts,
                                                             message):
    person = held(**facts)
    with pytest.raises(RoundError, match=message):
        operations.add_persons(session, new_round(), actor=ACTOR, today=TODAY,
                               person_ids=[person.id])


def test_cancel_needs_a_reason_and_is_audited(session, held, new_round):
    number = new_round()
    with pytest.raises(RoundError, match="needs a reason"):
        operations.cancel_round(session, number, actor=ACTOR, reason="  ")
    operations.cancel_round(session, number, actor=ACTOR, reason="merged into another round")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "round_cancel")).one()
    assert entry.changes["state"] == ["draft", "cancelled"]
    assert entry.reason == "merged into another round"
    with pytest.raises(IllegalTransition):
        operations.cancel_round(session, number, actor=ACTOR, reason="again")


def test_adding_and_removing_persons_is_audited_per_person(session, held, new_round):
    person = held()
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY, person_ids=[person.id])
    operations.remove_persons(session, number, [person.id], actor=ACTOR, reason="duplicate")
    trail = session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "round_entry", AuditEntry.person_id == person.id)
        .order_by(AuditEntry.id)).all()
    assert [t.action for t in trail] == ["create", "delete"]
    assert trail[1].reason == "duplicate"


def test_a_list_cannot_change_once_carried_out(session, held, new_round):
    person = held()
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY, person_ids=[person.id])
    force_state(session, number, RoundState.EXECUTED)  # as if sent, verified, carried out
    with pytest.raises(RoundError, match="cannot change"):
        operations.remove_persons(session, number, [person.id], actor=ACTOR, reason="late")


def test_close_needs_every_outcome(session, held, new_round):
    person = held()
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY, person_ids=[person.id])
    force_state(session, number, RoundState.EXECUTED)
    with pytest.raises(RoundError, match="1 person.* have no outcome"):
        operations.close_round(session, number, actor=ACTOR)
