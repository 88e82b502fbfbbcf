"""Results kept until the registry changes: every kind of write shows on the next page."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import update

from exchange.audit import Actor, acting_as
from exchange.classification.operations import override_classification
from exchange.computed import registry_token, remember
from exchange.downloads import record_export
from exchange.importing.operations import import_list
from exchange.models import EventSource, Person, Role, Stage
from exchange.reconciliation.decisions import merge_persons, split_person
from exchange.reconciliation.linking import reconcile_month
from exchange.reconciliation.publishing import publish_month
from exchange.rounds import operations as rounds
from repatriation.events import record_event
from tests.reports.conftest import M1, M2, Registry

ACTOR = Actor(label="test")


@pytest.fixture
def world(session, org, create_person, create_user, login):
    """Two persons on the joint list of M2, and a coordinator signed in."""
    registry = Registry(session, org)
    held = create_person(surname="Бондаренко", given_name="Ігор", date_of_birth="1980-01-02")
    registry.record(held, "ZMINA", M1, "Z-1", surname="Бондаренко")
    registry.record(held, "ZMINA", M2, "Z-1", surname="Бондаренко")
    other = create_person(surname="Шевчук", given_name="Тарас", date_of_birth="1975-03-04")
    registry.record(other, "CHRG", M2, "C-1", surname="Шевчук")
    coordinator = create_user(Role.COORDINATOR)
    return SimpleNamespace(registry=registry, held=held, other=other, user=coordinator,
                           client=login(coordinator))


def joint_list(world, month: str = M2) -> str:
    return world.client.get(f"/reports/joint-list?month={month}").get_data(as_text=True)


def test_a_commit_writing_registry_data_gives_a_new_token(session, create_person):
    before = registry_token(session)
    create_person(surname="Новенко")
    assert registry_token(session) != before


def test_sign_in_and_audit_entries_keep_the_token(session, create_user, login):
    before = registry_token(session)
    login(create_user(Role.COORDINATOR))
    record_export(session, ACTOR, what="joint_list", filters={}, rows=1)
    assert registry_token(session) == before


def test_a_rolled_back_write_keeps_the_token(session, world):
    before = registry_token(session)
    with acting_as(session, ACTOR):
        world.held.surname = "Інший"
        session.flush()
        session.rollback()
    session.commit()  # nothing written since: no new token either
    assert registry_token(session) == before


def test_a_bulk_statement_gives_a_new_token(session, world):
    before = registry_token(session)
    with acting_as(session, ACTOR):
        session.execute(update(Person).where(Person.id == world.other.id)
                        .values(surname="Шевчишин"))
        session.commit()
    assert registry_token(session) != before


def test_a_result_is_kept_until_a_write(session, world):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert remember(session, "test-kept", compute) == 1
    assert remember(session, "test-kept", compute) == 1
    world.registry.record(world.other, "CHRG", M1, "C-1")
    assert remember(session, "test-kept", compute) == 2


def test_a_result_of_an_uncommitted_state_is_not_kept(session, world):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    with acting_as(session, ACTOR):
        world.held.surname = "Незбережений"
        session.flush()
        assert remember(session, "test-uncommitted", compute) == 1
        session.rollback()
    assert remember(session, "test-uncommitted", compute) == 2


def test_an_edit_shows_on_the_joint_list(session, world):
    assert "Бондаренко" in joint_list(world)
    response = world.client.post(f"/persons/{world.held.id}/edit", data={
        "version": str(world.held.version), "surname": "Бондар", "given_name": "Ігор",
        "date_of_birth": "1980-01-02", "reason": "spelling in the passport"})
    assert response.status_code == 302
    page = joint_list(world)
    assert "Бондар " in page or "Бондар<" in page
    assert "Бондаренко" not in page


def test_a_merge_and_a_split_show_on_the_joint_list(session, world):
    assert "Шевчук" in joint_list(world)
    merge_persons(session, world.held, world.other, ACTOR, "one person")
    assert "Шевчук" not in joint_list(world)
    chrg = [r.id for r in world.held.source_records if r.record_id == "C-1"]
    split_person(session, world.held, chrg, ACTOR, "two persons after all")
    assert "Шевчук" in joint_list(world)


def test_an_override_shows_on_the_joint_list_download(session, world):
    def categories() -> set[str]:
        data = world.client.get(f"/reports/joint-list.xlsx?month={M2}").get_data()
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        return {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}

    assert "civilians" not in categories()
    override_classification(session, world.held, user=world.user, reason="court papers",
                            category="civilians")
    assert "civilians" in categories()


def test_an_import_and_reconciliation_show_on_the_joint_list(session, world, tmp_path):
    path = tmp_path / "mihr.csv"
    path.write_text("ID,Прізвище,Ім'я,Дата народження\nM-1,Новенко,Олег,1990-05-06\n",
                    encoding="utf-8")
    import_list(session, path, org_code="MIHR", month=M2, actor=ACTOR)
    assert "Новенко" not in joint_list(world)
    reconcile_month(session, M2, ACTOR)
    assert "Новенко" in joint_list(world)


def test_a_rolled_back_list_leaves_the_joint_list(session, world):
    assert "Шевчук" in joint_list(world)
    world.registry.roll_back("CHRG", M2)
    assert "Шевчук" not in joint_list(world)


def test_publishing_shows_on_the_joint_list(session, world):
    reconcile_month(session, M2, ACTOR)
    unlabelled = joint_list(world)
    publish_month(session, M2, ACTOR)
    assert joint_list(world) != unlabelled


def test_the_changes_page_follows_the_lists(session, world):
    def changes() -> str:
        return world.client.get(f"/reports/changes?from={M1}&to={M2}&list=status_changes"
                                ).get_data(as_text=True)

    assert "Бондаренко" not in changes()
    with acting_as(session, ACTOR):
        record = next(r for r in world.held.source_records if r.list_month == M2)
        record.values = {**record.values, "release_status": "released"}
        session.commit()
    assert "Бондаренко" in changes()


def test_the_conflicts_page_follows_the_persons(session, world):
    assert "Шевчук" not in world.client.get("/conflicts").get_data(as_text=True)
    with acting_as(session, ACTOR):
        world.other.field_provenance = {"date_of_birth": {
            "value": "1975-03-04", "rule": "majority", "conflict": True,
            "sources": [{"org": "CHRG", "record_id": "C-1", "month": M2, "value": "1975-03-04"},
                        {"org": "ZMINA", "record_id": "Z-9", "month": M2,
                         "value": "1976-03-04"}]}}
        session.commit()
    assert "Шевчук" in world.client.get("/conflicts").get_data(as_text=True)


def test_the_road_home_follows_events(session, world):
    def released() -> str:
        return world.client.get("/repatriation/persons?stage=released").get_data(as_text=True)

    def dashboard() -> str:
        return world.client.get("/repatriation/").get_data(as_text=True)

    before = dashboard()
    assert "Шевчук" not in released()
    record_event(session, world.other, Stage.RELEASED, occurred_on="2025-02-10",
                 source_kind=EventSource.COORDINATOR, evidence="the family called",
                 actor=ACTOR)
    assert "Шевчук" in released()
    assert dashboard() != before


def test_a_round_gives_a_new_token(session, world):
    before = registry_token(session)
    rounds.create_round(session, name="Весна", round_type="amnesty",
                        categories=["non_violent_amnesty"], actor=ACTOR)
    assert registry_token(session) != before


def test_the_picture_is_kept_per_day(session, world):
    from repatriation.picture import picture

    today = dt.date(2025, 3, 1)
    assert picture(session, as_of=today) is picture(session, as_of=today)
    assert picture(session, as_of=today) is not picture(session, as_of=dt.date(2025, 3, 2))


def test_a_kept_download_is_kept_per_reader(session, world, create_user, login, app):
    def sources(browser) -> str:
        data = browser.get(f"/reports/joint-list.xlsx?month={M2}").get_data()
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)

    assert "ZMINA:Z-1" in sources(world.client)
    peer = login(create_user(Role.MEMBER_EDITOR, org_code="CHRG"), app.test_client())
    shown = sources(peer)
    assert "ZMINA:Z-1" not in shown
    assert "CHRG:C-1" in shown


def test_the_overlap_follows_the_lists(session, world):
    def overlap() -> str:
        return world.client.get(f"/reports/overlap?month={M2}").get_data(as_text=True)

    before = overlap()
    world.registry.record(world.held, "CHRG", M2, "C-2")  # now listed by both members
    assert overlap() != before
