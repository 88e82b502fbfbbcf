"""What each role sees of other members' records and of restricted facts, on pages and in files.

A member's record ids, raw values and notes are for coordinators, admins and that member's
own editors; health, signs and charges for the roles that need them
(exchange/auth/data/field_access.csv). The "who said what" panel, the conflicts page, the
person page and its history, the joint list, the changes report and their downloads all ask
`exchange.auth.access`.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from exchange.audit import Actor
from exchange.auth import access
from exchange.domain.merge import Observation, merge_facts
from exchange.models import Role
from exchange.registry.operations import edit_person
from exchange.reports.views import CHANGE_LISTS
from tests.reports.conftest import M1, M2, Registry

ROLES = [Role.ADMIN, Role.COORDINATOR, Role.MEMBER_EDITOR, Role.NEGOTIATOR, Role.VIEWER]


def _provenance() -> dict:
    said = [
        Observation("ZMINA", "Z-OWN-1", M2, {"date_of_birth": "1980-01-02",
                                             "health_concern": "yes", "notes": "own note"}),
        Observation("MIHR", "M-3", M2, {"date_of_birth": "1980-01-02"}),
        Observation("CHRG", "C-OTHER-9", M2, {"date_of_birth": "1981-03-04",
                                              "health_concern": "yes",
                                              "notes": "informant: cousin"}),
    ]
    return {name: choice.as_dict() for name, choice in merge_facts(said).items()}


@pytest.fixture
def disputed(create_person):
    return create_person(surname="Спірний", date_of_birth="1980-01-02", health_concern="yes",
                         notes="informant: cousin", sentence="12 років",
                         field_provenance=_provenance())


def _user(create_user, role: Role):
    return create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None)


# (role, sees CHRG's record id, sees CHRG's value, sees health, sees notes)
EXPECTED = [
    (Role.ADMIN, True, True, True, True),
    (Role.COORDINATOR, True, True, True, True),
    (Role.MEMBER_EDITOR, False, False, False, False),
    (Role.NEGOTIATOR, False, True, True, False),
    (Role.VIEWER, False, True, False, False),
]


@pytest.mark.parametrize(("role", "other_id", "other_value", "health", "notes"), EXPECTED)
def test_person_page_panel(login, create_user, disputed, role, other_id, other_value, health,
                           notes):
    page = login(_user(create_user, role)).get(f"/persons/{disputed.id}").get_data(as_text=True)
    assert "Who said what" in page
    assert ("C-OTHER-9" in page) is other_id
    assert ("1981-03-04" in page) is other_value
    assert ("Health concern" in page) is health
    assert ("informant: cousin" in page) is notes
    assert ("12 років" in page) is health  # charges and sentence: the same roles as health
    if role is Role.MEMBER_EDITOR:
        assert "Z-OWN-1" in page  # its own record id stays visible to the member


@pytest.mark.parametrize(("role", "other_id", "other_value", "health", "notes"), EXPECTED)
def test_conflicts_page(login, create_user, disputed, role, other_id, other_value, health,
                        notes):
    page = login(_user(create_user, role)).get("/conflicts").get_data(as_text=True)
    assert "Спірний" in page
    assert ("1981-03-04" in page) is other_value
    assert "C-OTHER-9" not in page  # the conflicts page names members, not record ids


@pytest.mark.parametrize("role", ROLES)
def test_history_hides_restricted_changes_and_staff_addresses(
        session, login, create_user, disputed, role):
    editor = create_user(Role.COORDINATOR, email="staff.member@example.org")
    edit_person(session, disputed, {"health_concern": "no", "place_of_birth": "Херсон"},
                actor=Actor.for_user(editor), reason="medical letter of 3 March")
    page = login(_user(create_user, role)).get(f"/persons/{disputed.id}").get_data(as_text=True)
    staff = role in (Role.ADMIN, Role.COORDINATOR)
    assert ("staff.member@example.org" in page) is staff
    health = access.may_see_field(_user(create_user, role), "health_concern")
    assert ("medical letter of 3 March" in page) is True  # the reason of a visible change
    history = page[page.index('<section class="history">'):]
    assert ("Serious health concern" in history) is health
    assert "set Place of birth to “Херсон”" in history


@pytest.fixture
def months(session, org, create_person):
    registry = Registry(session, org)
    held = create_person(surname="Бондаренко", given_name="Ігор")
    registry.record(held, "ZMINA", M1, "Z-1")
    registry.record(held, "ZMINA", M2, "Z-1")
    registry.record(held, "CHRG", M2, "CHRG-7", notes="звільнений (обмін) 15.02.2025")
    return held


def _cells(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                    for c in row if c is not None)
    book.close()
    return text


@pytest.mark.parametrize("role", ROLES)
def test_joint_list_page_and_file(login, create_user, months, role):
    client = login(_user(create_user, role))
    page = client.get(f"/reports/joint-list?month={M2}").get_data(as_text=True)
    file = _cells(client.get(f"/reports/joint-list.xlsx?month={M2}").data)
    sees_all = role in (Role.ADMIN, Role.COORDINATOR)
    for shown in (page, file):
        assert "Бондаренко" in shown  # the merged facts are shared by design
        assert ("CHRG-7" in shown) is sees_all
        assert ("15.02.2025" in shown) is sees_all  # the member's note
    if role is Role.MEMBER_EDITOR:
        assert "ZMINA:Z-1" in page
        assert "ZMINA:Z-1" in file


@pytest.mark.parametrize("role", ROLES)
def test_changes_page_and_file(login, create_user, months, role):
    client = login(_user(create_user, role))
    page = "".join(  # the page shows one list at a time
        client.get(f"/reports/changes?from={M1}&to={M2}&list={shown}").get_data(as_text=True)
        for shown in CHANGE_LISTS)
    file = _cells(client.get(f"/reports/changes.xlsx?from={M1}&to={M2}").data)
    sees_all = role in (Role.ADMIN, Role.COORDINATOR)
    for shown in (page, file):
        assert ("CHRG-7" in shown) is sees_all
        assert ("15.02.2025" in shown) is sees_all


@pytest.mark.parametrize(
    ("role", "text", "shown"),
    [
        (Role.COORDINATOR, "ZMINA:1; CHRG:7", "ZMINA:1; CHRG:7"),
        (Role.MEMBER_EDITOR, "ZMINA:1; CHRG:7", "ZMINA:1; CHRG"),
        (Role.VIEWER, "ZMINA:1; CHRG:7", "ZMINA; CHRG"),
        (Role.NEGOTIATOR, "CHRG:7; CHRG:8", "CHRG"),
    ],
)
def test_visible_refs(create_user, role, text, shown):
    assert access.visible_refs(_user(create_user, role), text) == shown


def test_every_restricted_field_is_a_person_fact():
    from exchange.domain.fields import PERSON_FIELDS

    assert set(access._field_roles()) <= {*PERSON_FIELDS, "charges"}


@pytest.mark.parametrize(("role", "reasons"), [
    (Role.COORDINATOR, True), (Role.NEGOTIATOR, True), (Role.MEMBER_EDITOR, False),
    (Role.VIEWER, False)])
def test_classification_reasons_follow_the_charges(session, login, create_user, create_person,
                                                   role, reasons):
    person = create_person(surname="Причина", person_status="civilian", legal_status="accused",
                           citizenship="UA")
    page = login(_user(create_user, role)).get(f"/classification/persons/{person.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ("Rule set" in text) is reasons


@pytest.mark.parametrize(("role", "label", "shown"), [
    (Role.ADMIN, "staff.member@example.org", "staff.member@example.org"),
    (Role.COORDINATOR, "cli:root", "cli:root"),
    (Role.NEGOTIATOR, "staff.member@example.org", "staff member"),
    (Role.MEMBER_EDITOR, "cli:root", "command line"),
    (Role.VIEWER, None, "staff member"),
])
def test_staff_addresses_only_for_reviewers(app, create_user, role, label, shown):
    with app.test_request_context():
        assert access.staff_label(_user(create_user, role), label) == shown
