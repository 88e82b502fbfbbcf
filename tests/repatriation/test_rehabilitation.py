"""The rehabilitation checklist after return: each step with status, date and amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from exchange.audit import Actor
from exchange.models import AuditEntry, ChecklistStatus, Stage
from repatriation.rehabilitation import (
    ChecklistRefused,
    checklist,
    open_rows,
    person_checklist,
    update_item,
)

COORDINATOR = Actor(label="coordinator@example.org")


@pytest.fixture
def home(person, move):
    return move(person("Бойко"), Stage.LISTED, Stage.EXCHANGED, Stage.REPATRIATED)


def test_the_checklist_is_the_concepts_list():
    assert [e.item for e in checklist()] == [
        "medical_examination", "identity_documents", "restrictions_lifted", "family_reunited",
        "compensation_lost_income", "compensation_actual_damages", "compensation_moral_harm",
    ]
    assert [e.item for e in checklist() if e.is_compensation] == [
        "compensation_lost_income", "compensation_actual_damages", "compensation_moral_harm"]


def test_every_item_is_open_until_recorded_and_then_counts_as_done(session, home):
    assert len(open_rows(person_checklist(session, home.id))) == 7
    update_item(session, home, "medical_examination", status=ChecklistStatus.DONE,
                status_on="2025-03-12", note="Lviv clinic", actor=COORDINATOR)
    update_item(session, home, "compensation_moral_harm", status=ChecklistStatus.IN_PROGRESS,
                status_on="2025-04", amount="1 250 000,50", actor=COORDINATOR)
    update_item(session, home, "family_reunited", status=ChecklistStatus.NOT_NEEDED,
                status_on=None, actor=COORDINATOR)
    rows = {r.entry.item: r for r in person_checklist(session, home.id)}
    claim = rows["compensation_moral_harm"].item
    assert (claim.amount, claim.currency, claim.status_on) == (Decimal("1250000.50"), "UAH",
                                                               "2025-04")
    assert [r.entry.item for r in open_rows(list(rows.values()))] == [
        "identity_documents", "restrictions_lifted", "compensation_lost_income",
        "compensation_actual_damages", "compensation_moral_harm"]
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.object_type == "rehabilitation_item", AuditEntry.person_id == home.id)).all()
    assert len(entries) == 3
    assert {e.actor for e in entries} == {COORDINATOR.label}


def test_a_second_update_changes_the_same_row(session, home):
    for status in (ChecklistStatus.IN_PROGRESS, ChecklistStatus.DONE):
        update_item(session, home, "identity_documents", status=status, status_on="2025-03",
                    actor=COORDINATOR)
    rows = [r for r in person_checklist(session, home.id) if r.item is not None]
    assert [(r.entry.item, r.status) for r in rows] == [("identity_documents",
                                                          ChecklistStatus.DONE)]


@pytest.mark.parametrize(
    ("item", "kwargs", "message"),
    [
        ("medical_examination", {"status": "done", "status_on": None}, "date"),
        ("medical_examination", {"status": "open", "status_on": None, "amount": "10"},
         "compensation"),
        ("compensation_lost_income", {"status": "open", "status_on": None, "amount": "-5"},
         "amount"),
        ("compensation_lost_income", {"status": "open", "status_on": None, "amount": "1.005"},
         "amount"),
        ("compensation_lost_income", {"status": "open", "status_on": None, "amount": "abc"},
         "amount"),
        ("massage", {"status": "open", "status_on": None}, "checklist"),
    ],
)
def test_bad_entries_are_refused(session, home, item, kwargs, message):
    with pytest.raises(ChecklistRefused, match=message):
        update_item(session, home, item, actor=COORDINATOR, **kwargs)


def test_the_checklist_starts_after_return(session, person, move):
    held = move(person("Коваль"), Stage.LISTED, Stage.RELEASED)
    with pytest.raises(ChecklistRefused, match="back in Ukraine"):
        update_item(session, held, "medical_examination", status="done",
                    status_on="2025-03-01", actor=COORDINATOR)
