"""Role checks on every view and organisation scoping of source records."""

from __future__ import annotations

import pytest

from exchange.audit import Actor, acting_as
from exchange.models import ImportBatch, Role, SourceRecord


@pytest.fixture
def record_of(session, org):
    """Make a source record of an organisation, attached to a person."""

    def make(code: str, person) -> SourceRecord:
        organisation = org(code)
        batch = ImportBatch(
            organisation=organisation,
            list_month="2025-01",
            file_name="f.xlsx",
            file_hash="0" * 64,
            created_by_label="test",
        )
        record = SourceRecord(
            batch=batch,
            organisation=organisation,
            list_month="2025-01",
            file_name="f.xlsx",
            file_hash="0" * 64,
            row_number=2,
            record_id=f"{code}-1",
            raw={"ПІБ": "x"},
            values={"surname": "Секретний"},
            person=person,
        )
        with acting_as(session, Actor(label="test")):
            session.add(record)
            session.commit()
        return record

    return make


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.COORDINATOR, 200),
        (Role.MEMBER_EDITOR, 403),
        (Role.NEGOTIATOR, 403),
        (Role.VIEWER, 403),
    ],
)
def test_only_reviewers_may_edit_a_person(create_user, create_person, login, role, status):
    person = create_person()
    client = login(create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None))
    assert client.get(f"/persons/{person.id}/edit").status_code == status


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_merged_registry(create_user, create_person, login, role):
    person = create_person()
    client = login(create_user(role, org_code="ZMINA"))
    assert client.get(f"/persons/{person.id}").status_code == 200


def test_member_editor_sees_only_own_organisations_records(
    create_user, create_person, login, record_of
):
    person = create_person()
    own = record_of("ZMINA", person)
    other = record_of("CHRG", person)
    client = login(create_user(Role.MEMBER_EDITOR, org_code="ZMINA"))
    assert client.get(f"/records/{own.id}").status_code == 200
    assert client.get(f"/records/{other.id}").status_code == 404
    page = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "ZMINA-1" in page
    assert "CHRG-1" not in page


def test_coordinator_sees_every_organisations_records(create_user, create_person, login, record_of):
    person = create_person()
    other = record_of("CHRG", person)
    client = login(create_user(Role.COORDINATOR))
    assert client.get(f"/records/{other.id}").status_code == 200
    assert "CHRG-1" in client.get(f"/persons/{person.id}").get_data(as_text=True)


def test_unknown_person_is_404(create_user, login):
    client = login(create_user(Role.VIEWER))
    assert client.get("/persons/999999").status_code == 404


def test_registry_filters_by_category(session, create_user, create_person, login):
    from exchange.models.enums import LegalStatus, PersonStatus

    civilian = create_person(
        surname="Цивільна", person_status=PersonStatus.CIVILIAN, legal_status=LegalStatus.NONE
    )
    soldier = create_person(
        surname="Військовий", person_status=PersonStatus.MILITARY, legal_status=LegalStatus.NONE
    )
    client = login(create_user(Role.VIEWER))
    page = client.get("/?category=civilians").get_data(as_text=True)
    assert civilian.surname in page
    assert soldier.surname not in page
    assert 'name="category"' in page
