"""The monthly loop's pages through the Flask test client."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.audit import Actor
from exchange.domain.merge import Observation, merge_facts
from exchange.models import Decision, Person, ReviewItem, ReviewStatus, Role
from exchange.reconciliation.linking import reconcile_month

ACTOR = Actor(label="coordinator@test")


@pytest.fixture
def reconciled(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COORDINATOR, 200), (Role.ADMIN, 200), (Role.VIEWER, 403), (Role.NEGOTIATOR, 403)],
)
def test_review_pages_are_for_reviewers(create_user, login, reconciled, role, status):
    client = login(create_user(role))
    assert client.get("/review").status_code == status
    assert client.get("/months").status_code == status


def test_review_decision_through_the_page(session, create_user, login, reconciled):
    client = login(create_user(Role.COORDINATOR))
    item = next(
        i
        for i in session.scalars(select(ReviewItem).where(ReviewItem.status == ReviewStatus.OPEN))
        if i.record.person_id not in (None, i.candidate_person_id)
    )
    page = client.get(f"/review/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert "Same person?" in page
    assert 'data-key="s"' in page
    assert item.record.organisation.code in page
    response = client.post(f"/review/{item.id}", data={"different": "1", "reason": "other DOB"})
    assert response.status_code == 302
    session.expire_all()
    item = session.get(ReviewItem, item.id)
    assert item.status is ReviewStatus.DECIDED
    assert item.decision is Decision.DIFFERENT


def test_person_page_shows_who_said_what(session, create_user, login, reconciled):
    person = session.scalars(select(Person).where(Person.date_of_birth.is_not(None))).first()
    client = login(create_user(Role.COORDINATOR))
    page = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Who said what" in page
    source = person.field_provenance["date_of_birth"]["sources"][0]
    assert f"{source['org']}:{source['record_id']}" in page


def _provenance(*born: tuple[str, str]) -> dict:
    """Merge what members said about a date of birth into stored provenance."""
    said = [Observation(org, f"{org}-1", "2025-01", {"date_of_birth": dob}) for org, dob in born]
    return {name: choice.as_dict() for name, choice in merge_facts(said).items()}


def test_conflicts_page_lists_disagreements(session, create_user, login, create_person):
    client = login(create_user(Role.VIEWER))
    assert "No conflicts." in client.get("/conflicts").get_data(as_text=True)
    create_person(surname="Disputed", field_provenance=_provenance(
        ("CHRG", "1980-01-02"), ("ZMINA", "1981-03-04")))
    create_person(surname="Agreed", field_provenance=_provenance(
        ("CHRG", "1980-01-02"), ("ZMINA", "1980")))
    page = client.get("/conflicts").get_data(as_text=True)
    assert "Disputed" in page
    assert "CHRG 1980-01-02; ZMINA 1981-03-04" in page
    assert "Agreed" not in page
    assert "No conflicts." not in page


def test_merge_and_undo_through_the_pages(
    session, create_user, login, reconciled, joinable_persons
):
    a, b = joinable_persons()
    client = login(create_user(Role.COORDINATOR))
    response = client.post(
        f"/persons/{a.id}/links",
        data={"merge-other_person": str(b.id), "merge-reason": "same person", "merge-submit": "1"},
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Person, b.id).merged_into_id == a.id
    page = client.get(f"/persons/{a.id}/links").get_data(as_text=True)
    assert "same person" in page
    from exchange.models import LinkChange

    change = session.scalars(select(LinkChange)).one()
    client.post(f"/link-changes/{change.id}/undo", data={"undo-reason": "two people"})
    session.expire_all()
    assert session.get(Person, b.id).merged_into_id is None


def test_reconcile_button(session, create_user, login, import_month):
    import_month("2025-01")
    client = login(create_user(Role.COORDINATOR))
    response = client.post("/months/2025-01/reconcile", follow_redirects=True)
    assert "2025-01 reconciled" in response.get_data(as_text=True)
    assert session.scalars(select(Person)).first() is not None


def test_publish_freezes_the_joint_list(session, create_user, login, reconciled):
    from exchange.domain.pending import pending_records
    from exchange.models import ListMonth
    from exchange.reconciliation.review_decisions import decide_choice

    client = login(create_user(Role.COORDINATOR))
    page = client.post("/months/2025-01/publish", follow_redirects=True).get_data(as_text=True)
    assert "await a decision in the match review" in page  # nobody is left undecided
    for record in session.scalars(pending_records("2025-01")).all():
        decide_choice(session, record, "apart", ACTOR, "a person of their own")
    page = client.post("/months/2025-01/publish", follow_redirects=True).get_data(as_text=True)
    assert "2025-01 published" in page
    month = session.scalars(select(ListMonth).where(ListMonth.month == "2025-01")).one()
    assert month.is_frozen
    assert month.snapshot
    assert {"person_id", "sources"} <= set(month.snapshot[0])
    again = client.post("/months/2025-01/reconcile", follow_redirects=True)
    assert "published and frozen" in again.get_data(as_text=True)
