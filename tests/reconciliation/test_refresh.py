"""`flask refresh-persons`: every person recomputed from their records, attributed."""

from __future__ import annotations

from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.models import AuditEntry, Person
from exchange.reconciliation.linking import reconcile_month
from tests.reconciliation.test_constraints import load  # noqa: F401 - the fixture

ACTOR = Actor(label="coordinator@test")


def test_refresh_compacts_old_provenance_and_sorts_names_again(session, load, runner):  # noqa: F811
    months = [f"2025-{m:02d}" for m in range(1, 5)]
    for month in months:
        load("CHRG", month, [["C-1", "Shevchenko", "Taras", "", "1970-03-09", "M"]])
        load("ZMINA", month, [["Z-1", "Шевченко", "Тарас", "Григорович", "1970-03-09", "M"]])
        reconcile_month(session, month, ACTOR)
    person = session.scalars(select(Person)).one()
    kept = person.field_provenance
    # a registry written before provenance kept one source per member and value, and
    # before the names sorted by their derived form
    old = {name: {**choice, "sources": choice["sources"] * 6} for name, choice in kept.items()}
    with acting_as(session, ACTOR, reason="an older version"):
        person.field_provenance = old
        person.sort_name = "zzz"
        session.commit()

    out = runner.invoke(args=["refresh-persons", "--reason", "provenance compacted"])
    assert out.exit_code == 0, out.output
    assert "refreshed 1 persons: 1 changed" in out.output
    session.expire_all()
    person = session.get(Person, person.id)
    assert person.field_provenance == kept
    assert len(person.field_provenance["surname"]["sources"]) == 2  # one per member and value
    assert person.sort_name != "zzz"
    # derived fields are not a person's facts: one entry for the whole run says who and why
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "refresh_persons")).one()
    assert entry.reason == "provenance compacted"
    assert entry.actor.startswith("cli:")
    assert entry.changes == {"persons": [None, 1], "changed": [None, 1]}

    again = runner.invoke(args=["refresh-persons", "--reason", "twice"])
    assert "refreshed 1 persons: 0 changed" in again.output


def test_refresh_needs_a_reason(runner):
    out = runner.invoke(args=["refresh-persons"])
    assert out.exit_code != 0
    assert "--reason" in out.output


def test_a_person_without_records_is_left_as_it_is(session, runner, create_person):
    # e.g. every list that named the person was rolled back: nothing to recompute from
    person = create_person(surname="Бондар", given_name="Ірина", date_of_birth="1990-02-03")
    out = runner.invoke(args=["refresh-persons", "--reason", "upgrade"])
    assert "refreshed 1 persons: 0 changed" in out.output
    session.expire_all()
    kept = session.get(Person, person.id)
    assert (kept.surname, kept.given_name, kept.date_of_birth) == ("Бондар", "Ірина", "1990-02-03")
