"""The review queue grouped by the fact that settles it, and one answer for a group."""

import pytest
from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.classification import Category, answers, operations, queue, util
from exchange.models import AuditEntry, Charge, Detention, ReleaseStatus, Role

from .test_operations import CIVILIAN_CONVICTED


@pytest.fixture
def civilian_charged(session, create_person):
    """A civilian charged under 280.3 whose legal status no list gives: rule 4, provisional."""

    def make(**facts):
        person = create_person(**{**CIVILIAN_CONVICTED, "legal_status": None, **facts})
        with acting_as(session, Actor(label="test")):
            person.charges.append(Charge(article="280.3", part="1", as_written="280.3 ч.1"))
            person.detentions.append(Detention(facility_type="colony", held_incommunicado="no"))
            session.commit()
        return person

    return make


@pytest.fixture
def waiting(session, civilian_charged, create_person):
    """Two held and one released person without a legal status; one recorded contradiction."""
    held = [civilian_charged(surname="Бондар"), civilian_charged(surname="Гнатюк")]
    released = civilian_charged(surname="Вовк", release_status=ReleaseStatus.RELEASED)
    contradicted = create_person(**CIVILIAN_CONVICTED, surname="Дяченко")
    with acting_as(session, Actor(label="test")):
        contradicted.charges.append(Charge(article="105", part="1", as_written="105 ч.1"))
        session.commit()
    return {"held": held, "released": released, "contradicted": contradicted}


def _group(session, key):
    return next(g for g in queue.queue_groups(session) if g.key == key)


def test_groups_lead_with_the_answers_that_can_move_a_roster(session, waiting):
    groups = queue.queue_groups(session)
    legal = groups[0]
    assert legal.key == "missing:legal_status"
    held, released = [p.id for p in waiting["held"]], waiting["released"].id
    assert sorted(legal.persons) == sorted([*held, released])
    assert legal.roster == set(held)  # a released person is on no roster
    assert legal.ordered()[-1] == released
    violent = _group(session, "doubt:recorded_against_article:violent_offence")
    assert violent.persons == [waiting["contradicted"].id]
    assert violent.roster == {waiting["contradicted"].id}  # `yes` would give transfer
    assert queue.group_label(legal, "en") == "Legal status not recorded"


def test_one_answer_for_a_group_is_recorded_audited_and_settles_the_queue(
        session, waiting, create_user):
    coordinator = create_user(Role.COORDINATOR)
    ids = [p.id for p in waiting["held"]]
    summary = answers.record_answer(session, ids, "legal_status", "convicted",
                                    user=coordinator, reason="court list of 2025-02")
    assert sorted(summary.changed) == sorted(ids)
    assert sorted(summary.settled) == sorted(ids)  # nothing else was in doubt
    for person in waiting["held"]:
        session.refresh(person)
        assert person.legal_status.value == "convicted"
        assert person.field_provenance["legal_status"]["rule"] == "coordinator"
        assert person.field_provenance["legal_status"]["reason"] == "court list of 2025-02"
        row = session.scalar(util.classification_of(person.id))
        assert (row.category, row.provisional, row.needs_review) == (
            Category.NON_VIOLENT_AMNESTY, False, False)
        entries = session.scalars(select(AuditEntry).where(
            AuditEntry.person_id == person.id, AuditEntry.reason == "court list of 2025-02"))
        assert {(e.action, e.object_type) for e in entries} >= {
            ("update", "person"), ("review", "person_classification")}
    assert _group(session, "missing:legal_status").persons == [waiting["released"].id]


@pytest.mark.parametrize(
    ("role", "fact", "value", "reason", "error"),
    [
        (Role.VIEWER, "legal_status", "convicted", "court list", operations.NotAllowed),
        (Role.COORDINATOR, "legal_status", "guilty", "court list", answers.AnswerRefused),
        (Role.COORDINATOR, "citizenship", "UA", "court list", answers.AnswerRefused),
        (Role.COORDINATOR, "legal_status", "convicted", "  ", operations.ReasonRequired),
    ],
)
def test_an_answer_that_cannot_be_given_changes_nothing(
        session, waiting, create_user, role, fact, value, reason, error):
    person = waiting["held"][0]
    with pytest.raises(error):
        answers.record_answer(session, [person.id], fact, value, user=create_user(role),
                              reason=reason)
    session.refresh(person)
    assert person.legal_status is None


def test_the_queue_page_shows_groups_and_records_an_answer(session, waiting, create_user,
                                                           login):
    client = login(create_user(Role.COORDINATOR))
    client.get("/language/uk")
    page = client.get("/classification/review").get_data(as_text=True)
    assert "Процесуальний статус" in page
    assert "Бондар" in page
    assert "Засуджений(а)" in page
    ids = [p.id for p in waiting["held"]]
    response = client.post("/classification/review/group", data={
        "group": "missing:legal_status", "person": ids, "value": "convicted",
        "reason": "court list of 2025-02", "answer": "1"})
    assert response.status_code == 302
    assert "group=missing:legal_status" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Вовк" in page
    assert "Бондар" not in page


def test_checked_persons_are_marked_reviewed_at_once(session, waiting, create_user, login):
    client = login(create_user(Role.COORDINATOR))
    person = waiting["contradicted"]
    client.post("/classification/review/group", data={
        "group": "doubt:recorded_against_article:violent_offence", "person": [person.id],
        "reason": "the court found no violence", "confirm": "1"})
    assert not session.scalar(util.classification_of(person.id)).needs_review
