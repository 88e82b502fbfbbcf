"""Submitting: a numbered version frozen as sent; doubts about identity confirmed one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.audit import acting_as
from exchange.models import AuditEntry, RoundEntry, RoundState, RoundVersion
from exchange.rounds import operations
from exchange.rounds.errors import IdentityNotConfirmed, RoundError
from exchange.rounds.submission import submit_round

from .conftest import ACTOR, TODAY


def _round_with(session, new_round, *persons) -> int:
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY,
                           person_ids=[p.id for p in persons])
    return number


def test_submitting_freezes_the_list_as_sent(session, held, new_round):
    person = held(surname="Щербак", given_name="Олександр", detained_on="2016-03-02",
                  held_at="СІЗО-1 Сімферополь")
    number = _round_with(session, new_round, person)
    version = submit_round(session, number, actor=ACTOR, today=TODAY)
    assert (version.number, version.row_count) == (1, 1)
    (row,) = version.rows
    assert (row["surname_latin"], row["given_name_latin"]) == ("Shcherbak", "Oleksandr")
    assert (row["held_at"], row["priority_group"]) == ("СІЗО-1 Сімферополь",
                                                       "held_since_before_2022")
    assert operations.get_round(session, number).state is RoundState.SUBMITTED
    # later changes to the person do not touch what was sent
    with acting_as(session, ACTOR):
        person.surname = "Щербань"
        session.commit()
    session.expire_all()
    sent = session.scalar(select(RoundVersion).where(RoundVersion.round_id == number))
    assert sent.rows[0]["surname"] == "Щербак"


def test_a_new_version_only_when_the_list_changed(session, held, new_round):
    first, second = held(surname="Бойко"), held(surname="Мельник")
    number = _round_with(session, new_round, first)
    submit_round(session, number, actor=ACTOR, today=TODAY)
    with pytest.raises(RoundError, match="has not changed since version 1"):
        submit_round(session, number, actor=ACTOR, today=TODAY)
    operations.add_persons(session, number, actor=ACTOR, today=TODAY, person_ids=[second.id])
    version = submit_round(session, number, actor=ACTOR, today=TODAY)
    assert (version.number, version.row_count) == (2, 2)


def test_flagged_persons_need_an_explicit_confirmation_each(session, held, new_round):
    clear = held(surname="Бойко")
    thin = held(surname="Мельник", date_of_birth="1980")
    number = _round_with(session, new_round, clear, thin)
    with pytest.raises(IdentityNotConfirmed) as refused:
        submit_round(session, number, actor=ACTOR, today=TODAY)
    assert refused.value.flagged == {thin.id: ("thin_identity",)}
    assert session.scalar(select(RoundVersion.id)) is None  # nothing written
    submit_round(session, number, actor=ACTOR, today=TODAY, confirmed=[thin.id])
    entry = session.scalar(select(RoundEntry).where(RoundEntry.person_id == thin.id))
    assert (entry.identity_confirmed_flags, entry.identity_confirmed_by) == (
        ["thin_identity"], ACTOR.label)
    trail = session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "round_entry", AuditEntry.person_id == thin.id,
        AuditEntry.action == "update")).all()
    assert any("identity_confirmed_flags" in t.changes for t in trail)


def test_an_empty_list_is_not_sent(session, new_round):
    with pytest.raises(RoundError, match="empty list"):
        submit_round(session, new_round(), actor=ACTOR, today=TODAY)
