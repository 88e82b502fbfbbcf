"""The home page: each role's to-dos counted from a known registry, each linking to its list."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from exchange.audit import Actor, acting_as
from exchange.models import (
    FlagKind,
    ListMonth,
    MonthStatus,
    RepatriationFlag,
    ReviewItem,
    ReviewStatus,
    Role,
)
from exchange.models.classification import PersonClassification
from exchange.rounds import operations
from tests.reports.conftest import Registry

LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def _conflict(field: str, conflict: bool) -> dict:
    return {field: {"rule": "latest", "conflict": conflict, "sources": []}}


@pytest.fixture
def world(session, org, create_person):
    """A registry whose every count is known (the comments give the count each adds)."""
    registry = Registry(session, org)
    people = [create_person(surname=f"Особа{i}") for i in range(6)]
    # lists: January reconciled after its list came (done), February never reconciled,
    # March reconciled before a second list came (to do), April published (done)
    registry.record(people[0], "ZMINA", "2025-01", "Z-1")
    registry.record(people[1], "ZMINA", "2025-02", "Z-2")
    registry.record(people[2], "ZMINA", "2025-03", "Z-3")
    registry.record(people[3], "CHRG", "2025-04", "C-4")
    registry.batches[("ZMINA", "2025-01")].created_at = LONG_AGO
    registry.batches[("ZMINA", "2025-03")].created_at = LONG_AGO + timedelta(days=60)
    with acting_as(session, Actor("test")):
        session.add_all([
            ListMonth(month="2025-01", status=MonthStatus.RECONCILED,
                      reconciled_at=LONG_AGO + timedelta(days=1)),
            ListMonth(month="2025-03", status=MonthStatus.RECONCILED,
                      reconciled_at=LONG_AGO + timedelta(days=1)),
            ListMonth(month="2025-04", status=MonthStatus.PUBLISHED,
                      reconciled_at=datetime.now(UTC)),
        ])
        # pairs: two open, one decided
        for status in (ReviewStatus.OPEN, ReviewStatus.OPEN, ReviewStatus.DECIDED):
            session.add(ReviewItem(list_month="2025-02", source_record_id=registry.record(
                None, "ZMINA", "2025-02", f"R-{len(session.new)}{status}").id,
                candidate_person_id=people[1].id, weight=1.0, probability=0.5, status=status))
        # conflicts: one person in conflict, one agreeing, one in conflict but merged away
        people[0].field_provenance = _conflict("date_of_birth", True)
        people[1].field_provenance = _conflict("legal_status", False)
        people[5].field_provenance = _conflict("residence_region", True)
        people[5].merged_into_id = people[4].id
        # flags: one dropped while held (open), one resolved, one of another kind
        session.add_all([
            RepatriationFlag(person_id=people[0].id, kind=FlagKind.DROPPED_WHILE_HELD,
                             list_month="2025-02"),
            RepatriationFlag(person_id=people[1].id, kind=FlagKind.DROPPED_WHILE_HELD,
                             list_month="2025-02", resolved_at=datetime.now(UTC)),
            RepatriationFlag(person_id=people[2].id, kind=FlagKind.MEMBERS_DISAGREE,
                             list_month="2025-03"),
        ])
        session.commit()
        # category review: exactly two persons wait (one of them merged away: not counted)
        session.execute(update(PersonClassification).values(needs_review=False))
        session.execute(update(PersonClassification).where(PersonClassification.person_id.in_(
            [people[2].id, people[3].id, people[5].id])).values(needs_review=True))
        session.commit()
    # rounds: one in progress, one cancelled
    for name in ("Весна", "Осінь"):
        operations.create_round(session, name=name, round_type="amnesty",
                                categories=["non_violent_amnesty"], actor=Actor("test"))
    cancelled = session.query(operations.Round).filter_by(name="Осінь").one()
    operations.cancel_round(session, cancelled.id, actor=Actor("test"), reason="test")
    return people


def _todos(html: str) -> dict[str, tuple[int, str]]:
    found = re.findall(r'data-todo="(\w+)">\s*<a href="([^"]+)"><strong class="count">(\d+)',
                       html)
    return {key: (int(count), url.replace("&amp;", "&")) for key, url, count in found}


COORDINATOR_TODOS = {
    "lists_to_reconcile": (2, "/months"),
    "pairs_to_review": (2, "/review"),
    "persons_in_conflict": (1, "/conflicts"),
    "category_review": (2, "/classification/review"),
    "months_to_publish": (2, "/months"),
    "dropped_while_held": (1, "/repatriation/flags?kind=dropped_while_held"),
    "flags_to_check": (1, "/repatriation/flags"),
    "rounds_in_progress": (1, "/rounds/"),
}


def test_coordinator_home_counts_each_to_do_and_links_its_list(world, create_user, login):
    client = login(create_user(Role.COORDINATOR))
    todos = _todos(client.get("/home").get_data(as_text=True))
    assert todos == COORDINATOR_TODOS
    for _count, url in todos.values():
        assert client.get(url).status_code == 200


def test_member_editor_sees_their_own_lists_and_persons(world, create_user, login):
    client = login(create_user(Role.MEMBER_EDITOR, "ZMINA"))
    todos = _todos(client.get("/home").get_data(as_text=True))
    assert todos["own_lists"] == (3, "/import/batches")
    assert todos["own_persons"] == (3, "/?member=ZMINA")
    assert todos["dropped_while_held"] == (1, "/repatriation/flags?kind=dropped_while_held")
    assert todos["flags_to_check"] == (1, "/repatriation/flags")
    assert "pairs_to_review" not in todos


def test_negotiator_home_opens_with_rosters_and_rounds(world, create_user, login):
    client = login(create_user(Role.NEGOTIATOR))
    html = client.get("/home").get_data(as_text=True)
    assert html.index("home-rosters") < html.index("home-rounds") < html.index("home-todos")
    assert "Весна" in html
    assert "Осінь" not in html
    assert "pairs_to_review" not in _todos(html)
    menu = re.findall(r'data-group="(\w+)"', html)
    assert menu[0] == "exchange"


def test_coordinator_menu_is_grouped_by_task(world, create_user, login):
    html = login(create_user(Role.COORDINATOR)).get("/home").get_data(as_text=True)
    assert re.findall(r'data-group="(\w+)"', html) == ["registry", "lists", "exchange", "road"]


def test_sign_in_lands_on_the_home_page(create_user, client):
    user = create_user(Role.VIEWER)
    response = client.post("/login", data={"email": user.email,
                                           "password": "a long test password"})
    assert response.headers["Location"] == "/home"
