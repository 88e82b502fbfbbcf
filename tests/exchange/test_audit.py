"""Every change to a person's data is attributable: who, when, what, why."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from exchange.audit import Actor, UnattributedChange, acting_as
from exchange.models import AuditEntry, Person, Role
from exchange.registry.operations import EditConflict, ReasonRequired, edit_person


def _entries(session, person):
    return session.scalars(
        select(AuditEntry).where(AuditEntry.person_id == person.id).order_by(AuditEntry.id)
    ).all()


def test_creating_a_person_is_audited(session, create_person):
    person = create_person(surname="Мельник")
    (entry,) = _entries(session, person)
    assert entry.action == "create"
    assert entry.actor == "test"
    assert entry.changes["surname"] == [None, "Мельник"]


def test_edit_records_who_what_old_new_and_why(session, create_user, create_person):
    coordinator = create_user(Role.COORDINATOR)
    person = create_person(date_of_birth="1984")
    edit_person(
        session,
        person,
        {"date_of_birth": "1984-03-12"},
        actor=Actor.for_user(coordinator),
        reason="passport copy from the family",
    )
    entry = _entries(session, person)[-1]
    assert entry.action == "update"
    assert entry.user_id == coordinator.id
    assert entry.changes == {"date_of_birth": ["1984", "1984-03-12"]}
    assert entry.reason == "passport copy from the family"


def test_release_status_change_adds_a_dated_event(session, create_user, create_person):
    person = create_person(release_status="detained")
    edit_person(
        session,
        person,
        {"release_status": "exchanged", "released_on": "2025-02-14"},
        actor=Actor.for_user(create_user(Role.ADMIN)),
        reason="exchange of 14 Feb",
    )
    assert [e.status.value for e in person.status_events] == ["exchanged"]
    assert person.status_events[0].occurred_on == "2025-02-14"


def test_edit_without_reason_is_refused(session, create_user, create_person):
    person = create_person()
    with pytest.raises(ReasonRequired):
        edit_person(
            session,
            person,
            {"surname": "Інший"},
            actor=Actor.for_user(create_user(Role.ADMIN)),
            reason="  ",
        )


def test_stale_edit_is_refused(session, create_user, create_person):
    person = create_person()
    with pytest.raises(EditConflict):
        edit_person(
            session,
            person,
            {"surname": "Інший"},
            actor=Actor.for_user(create_user(Role.ADMIN)),
            reason="x",
            expected_version=person.version - 1,
        )


def test_unattributed_change_is_refused(session, create_person):
    person = create_person()
    person.surname = "Хтось"
    with pytest.raises(UnattributedChange):
        session.flush()
    session.rollback()


def test_audit_trail_is_append_only_in_the_database(session, create_person):
    create_person()
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text("UPDATE audit_entry SET reason = 'rewritten'"))
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text("DELETE FROM audit_entry"))


def test_edit_through_the_web_page(session, create_user, create_person, login):
    person = create_person(surname="Бондар")
    client = login(create_user(Role.COORDINATOR))
    response = client.post(
        f"/persons/{person.id}/edit",
        data={
            "version": str(person.version),
            "surname": "Бондаренко",
            "given_name": "Олександр",
            "reason": "spelling confirmed by the family",
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Person, person.id).surname == "Бондаренко"
    entry = _entries(session, person)[-1]
    assert entry.changes["surname"] == ["Бондар", "Бондаренко"]
    assert entry.reason == "spelling confirmed by the family"
    page = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "spelling confirmed by the family" in page


def test_person_repr_never_shows_the_name(create_person):
    assert "Коваленко" not in repr(create_person())


def test_cli_actor_names_the_os_user():
    assert Actor.for_cli().label.startswith("cli:")


def test_acting_as_restores_the_previous_actor(session):
    with acting_as(session, Actor(label="outer")):
        with acting_as(session, Actor(label="inner")):
            assert session.info["audit_actor"].label == "inner"
        assert session.info["audit_actor"].label == "outer"
