"""Rounds pages through the real Flask client: roles, labels, the whole path of a round."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.importing.operations import import_list
from exchange.models import Role, Round, RoundEntry, RoundState, RoundVersion, SourceRecord
from exchange.rounds import operations

from .conftest import ACTOR, LISTS, TODAY


@pytest.mark.parametrize(
    "url",
    ["/rounds/", "/rounds/rosters", "/rounds/rosters/non_violent_amnesty", "/rounds/coverage"],
)
@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_pages(create_user, login, held, url, role):
    held()
    client = login(create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MEMBER_EDITOR])
def test_readers_cannot_build_rounds(session, create_user, login, held, new_round, role):
    held()
    number = new_round()
    client = login(create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None))
    assert client.post("/rounds/", data={"name": "x", "round_type": "amnesty",
                                         "categories": ["non_violent_amnesty"]}).status_code == 403
    assert client.post("/rounds/rosters/non_violent_amnesty/add",
                       data={"round_id": number, "selection": "all"}).status_code == 403
    assert client.post(f"/rounds/{number}/submit").status_code == 403
    assert client.post(f"/rounds/{number}/cancel", data={"reason": "x"}).status_code == 403
    assert operations.get_round(session, number).entries == []
    assert session.scalar(select(Round.id).where(Round.name == "x")) is None


def test_a_negotiator_builds_and_sends_a_round_in_ukrainian(session, create_user, login, held):
    ill = held(surname="Щербак", given_name="Олександр", health_concern="yes")
    thin = held(surname="Гнатюк", given_name="Юрій", date_of_birth="1975")
    client = login(create_user(Role.NEGOTIATOR))
    client.get("/language/uk")
    response = client.post("/rounds/", data={"name": "Весна", "round_type": "amnesty",
                                              "categories": ["non_violent_amnesty"]})
    assert response.status_code == 302
    found = session.scalar(select(Round).where(Round.name == "Весна"))
    page = client.get("/rounds/rosters/non_violent_amnesty").get_data(as_text=True)
    assert "Серйозна загроза здоров&#39;ю" in page
    assert "Немає повної дати народження" in page
    assert "non_violent_amnesty" not in page.replace("/non_violent_amnesty", "")
    client.post("/rounds/rosters/non_violent_amnesty/add",
                data={"round_id": found.id, "selection": "all"})
    assert {e.person_id for e in found.entries} == {ill.id, thin.id}
    form = client.get(f"/rounds/{found.id}/submit").get_data(as_text=True)
    assert f'name="confirm" value="{thin.id}"' in form
    assert f'name="confirm" value="{ill.id}"' not in form
    client.post(f"/rounds/{found.id}/submit", data={})  # nobody ticked: refused
    assert session.scalar(select(RoundVersion.id)) is None
    client.post(f"/rounds/{found.id}/submit", data={"confirm": [str(thin.id)]})
    session.expire_all()
    assert found.state is RoundState.SUBMITTED
    page = client.get(f"/rounds/{found.id}").get_data(as_text=True)
    assert "Передано" in page
    assert "Амністія" in page
    download = client.get(f"/rounds/{found.id}.xlsx?version=1")
    wb = load_workbook(io.BytesIO(download.data))
    assert wb.worksheets[1].max_row == 3


def test_a_refusal_names_the_other_round_in_ukrainian(session, create_user, login, held,
                                                      new_round):
    person = held()
    first, second = new_round(name="Перший"), new_round(name="Другий")
    operations.add_persons(session, first, actor=ACTOR, today=TODAY, person_ids=[person.id])
    client = login(create_user(Role.COORDINATOR))
    client.get("/language/uk")
    response = client.post("/rounds/rosters/non_violent_amnesty/add",
                           data={"round_id": second, "selection": "chosen",
                                 "person": [str(person.id)]}, follow_redirects=True)
    assert "вже в незавершеному раунді «Перший»" in response.get_data(as_text=True)
    assert session.scalars(select(RoundEntry.round_id)).all() == [first]


def test_a_member_editor_sees_only_persons_its_organisation_lists(session, create_user, login,
                                                                 held, new_round):
    if not LISTS.exists():
        pytest.fail(f"the shared dev data is missing: {LISTS}")
    ours, theirs = held(surname="Нашенко"), held(surname="Чуженко")
    import_list(session, LISTS / "2025-01" / "CHRG_political_prisoners_2025-01.xlsx",
                org_code="CHRG", month="2025-01", actor=Actor(label="test"))
    record = session.scalars(select(SourceRecord)).first()
    with acting_as(session, ACTOR):
        record.person_id = ours.id
        session.commit()
    number = new_round()
    operations.add_persons(session, number, actor=ACTOR, today=TODAY,
                           person_ids=[ours.id, theirs.id])
    client = login(create_user(Role.MEMBER_EDITOR, org_code="CHRG"))
    for url in ("/rounds/rosters/non_violent_amnesty", f"/rounds/{number}"):
        page = client.get(url).get_data(as_text=True)
        assert "Нашенко" in page
        assert "Чуженко" not in page
    for url in (f"/rounds/{number}.xlsx", f"/rounds/{number}/diff", f"/rounds/{number}/reply"):
        assert client.get(url).status_code == 403
