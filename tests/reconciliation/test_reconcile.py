"""The monthly loop on real member lists: link, review, decide, merge, split, publish."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from exchange.audit import Actor
from exchange.domain.identity import join_conflicts
from exchange.domain.months import MonthFrozen, MonthRefused, get_month
from exchange.domain.pending import pending_records
from exchange.domain.records import person_records
from exchange.models import (
    AuditEntry,
    Decision,
    LinkChange,
    MonthStatus,
    Person,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)
from exchange.reconciliation.decisions import (
    DecisionRefused,
    merge_persons,
    split_person,
    undo_link_change,
)
from exchange.reconciliation.linking import reconcile_month
from exchange.reconciliation.publishing import publish_month
from exchange.reconciliation.review_decisions import decide_choice, decide_review

ACTOR = Actor(label="coordinator@test")


def _persons(session) -> int:
    return session.scalar(select(func.count(Person.id)).where(Person.merged_into_id.is_(None)))


def _open_item(session) -> ReviewItem:
    """An open item of a record with a person, naming another person it can be joined to."""
    items = session.scalars(
        select(ReviewItem)
        .where(ReviewItem.status == ReviewStatus.OPEN)
        .order_by(ReviewItem.probability.desc(), ReviewItem.id)
    ).all()
    for item in items:
        own = item.record.person_id
        if own is None or own == item.candidate_person_id:
            continue
        if not join_conflicts(person_records(session, own),
                              person_records(session, item.candidate_person_id)):
            return item
    raise AssertionError("the month produced no open item between two joinable persons")


def _decide_pending(session, month: str) -> None:
    for record in session.scalars(pending_records(month)).all():
        decide_choice(session, record, "apart", ACTOR, "checked: a person of their own")


def test_reconcile_links_every_record_and_merges_the_members_lists(session, import_month):
    import_month("2025-01")
    summary = reconcile_month(session, "2025-01", ACTOR)
    records = session.scalar(select(func.count(SourceRecord.id)))
    assert summary.records == records == 406 + 378
    # every record is linked, or waits for a decision with its candidates (never dropped)
    unlinked = session.scalar(
        select(func.count(SourceRecord.id)).where(SourceRecord.person_id.is_(None))
    )
    assert unlinked == summary.pending == session.scalar(
        pending_records("2025-01").with_only_columns(func.count(SourceRecord.id))
    )
    assert summary.attached + summary.pending + summary.new_persons >= 0
    # The two Crimean lists overlap: far fewer persons than rows.
    assert summary.new_persons == _persons(session) < 0.75 * records
    assert get_month(session, "2025-01").status is MonthStatus.RECONCILED


def test_second_month_attaches_to_existing_persons(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    before = _persons(session)
    import_month("2025-02")
    summary = reconcile_month(session, "2025-02", ACTOR)
    assert summary.attached > 0.9 * summary.records
    assert _persons(session) - before == summary.new_persons < 0.1 * summary.records


def test_reconcile_again_changes_nothing(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    again = reconcile_month(session, "2025-01", ACTOR)
    assert (again.records, again.new_persons) == (0, 0)


def test_merged_facts_carry_provenance(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    person = session.scalars(select(Person).where(Person.date_of_birth.is_not(None))).first()
    provenance = person.field_provenance["date_of_birth"]
    assert provenance["rule"] == "majority"
    assert provenance["sources"]
    assert {s["org"] for s in provenance["sources"]} <= {"CHRG", "CRIMEASOS"}


def _pair(item: ReviewItem) -> frozenset[int]:
    return frozenset((item.record.person_id, item.candidate_person_id))


def test_pairs_decided_different_stay_apart_next_month(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    decided = set()
    waiting = select(ReviewItem).where(ReviewItem.status == ReviewStatus.OPEN)
    for item in session.scalars(waiting).all():
        if item.record.person_id in (None, item.candidate_person_id):
            continue  # not a pair of persons
        decided.add(_pair(item))
        decide_review(session, item, Decision.DIFFERENT, ACTOR, "different fathers' names")
    import_month("2025-02")
    summary = reconcile_month(session, "2025-02", ACTOR)
    assert decided, "2025-01 asked about no pair of persons: nothing was tested"
    later = session.scalars(select(ReviewItem).where(ReviewItem.list_month == "2025-02")).all()
    again = [item for item in later if _pair(item) in decided]
    assert {(i.status, i.decision) for i in again} <= {(ReviewStatus.REUSED, Decision.DIFFERENT)}
    assert summary.decisions_reused >= len(again)
    for pair in decided:
        assert all(session.get(Person, pid).merged_into_id is None for pid in pair)


def test_same_person_decision_merges_and_is_audited(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    item = _open_item(session)
    own = item.record.person_id
    decide_review(session, item, Decision.SAME, ACTOR, "same passport number")
    assert session.get(Person, own).merged_into_id == item.candidate_person_id
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "decide_same")).all()
    assert len(entries) == 1
    assert entries[0].actor == ACTOR.label
    assert entries[0].reason == "same passport number"


def test_merge_then_split_restores_both_persons_and_their_records(
    session, import_month, joinable_persons
):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    a, b = joinable_persons()
    a_records = {r.id for r in person_records(session, a.id)}
    b_records = {r.id for r in person_records(session, b.id)}
    merge = merge_persons(session, a, b, ACTOR, "looked like one person")
    assert {r.id for r in person_records(session, a.id)} == a_records | b_records
    undo_link_change(session, merge, ACTOR, "they are two people")
    assert {r.id for r in person_records(session, a.id)} == a_records
    assert {r.id for r in person_records(session, b.id)} == b_records
    assert session.get(Person, b.id).merged_into_id is None
    assert session.get(LinkChange, merge.id).undone_at is not None


def test_split_moves_records_to_a_new_person_and_can_be_undone(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    person = next(
        p for p in session.scalars(select(Person)) if len(person_records(session, p.id)) > 1
    )
    first, *rest = person_records(session, person.id)
    change = split_person(session, person, [first.id], ACTOR, "two namesakes")
    new = session.get(Person, change.other_person_id)
    assert [r.id for r in person_records(session, new.id)] == [first.id]
    assert first.id not in {r.id for r in person_records(session, person.id)}
    undo_link_change(session, change, ACTOR, "split was a mistake")
    assert first.id in {r.id for r in person_records(session, person.id)}


def test_merge_needs_a_reason(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    a, b = session.scalars(select(Person).limit(2)).all()
    with pytest.raises(DecisionRefused):
        merge_persons(session, a, b, ACTOR, " ")


def test_published_month_cannot_change(session, import_month):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    item = _open_item(session)
    with pytest.raises(MonthRefused, match="await a decision"):
        publish_month(session, "2025-01", ACTOR)
    session.rollback()
    _decide_pending(session, "2025-01")
    count = publish_month(session, "2025-01", ACTOR)
    frozen = get_month(session, "2025-01").snapshot
    assert count == len(frozen) > 0
    with pytest.raises(MonthFrozen):
        publish_month(session, "2025-01", ACTOR)
    session.rollback()
    with pytest.raises(MonthFrozen):
        reconcile_month(session, "2025-01", ACTOR)
    session.rollback()
    with pytest.raises(MonthFrozen):
        decide_review(session, item, Decision.SAME, ACTOR, "too late")
    session.rollback()
    a, b = session.scalars(select(Person).limit(2)).all()
    with pytest.raises(MonthFrozen):
        merge_persons(session, a, b, ACTOR, "too late")
    session.rollback()
    assert get_month(session, "2025-01").snapshot == frozen


def test_only_a_reconciled_month_is_published(session, import_month):
    import_month("2025-01")
    with pytest.raises(MonthRefused, match="must be reconciled before it is published"):
        publish_month(session, "2025-01", ACTOR)
    session.rollback()
    assert get_month(session, "2025-01") is None


def test_coordinators_choice_survives_the_next_reconciliation(session, import_month):
    from exchange.registry.operations import edit_person

    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    person = session.scalars(
        select(Person)
        .join(SourceRecord, SourceRecord.person_id == Person.id)
        .where(SourceRecord.record_id == "CHRG-0012")
    ).first()  # CHRG's ids are stable: the person is listed again in 2025-02
    edit_person(
        session,
        person,
        {"date_of_birth": "1900-01-01"},
        actor=ACTOR,
        reason="birth certificate seen",
    )
    assert person.field_provenance["date_of_birth"]["rule"] == "coordinator"
    import_month("2025-02")
    reconcile_month(session, "2025-02", ACTOR)
    session.refresh(person)
    assert "2025-02" in {r.list_month for r in person_records(session, person.id)}
    assert person.date_of_birth == "1900-01-01"
    assert person.field_provenance["date_of_birth"]["rule"] == "coordinator"


def test_unlinking_a_batch_recomputes_its_persons(session, import_month):
    from exchange.audit import acting_as
    from exchange.domain.unlink import unlink_batch
    from exchange.models import ImportBatch

    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    batch = session.scalars(select(ImportBatch).order_by(ImportBatch.id)).first()
    waiting = session.scalar(
        pending_records("2025-01")
        .with_only_columns(func.count(SourceRecord.id))
        .where(SourceRecord.batch_id == batch.id)
    )
    with acting_as(session, ACTOR, reason="wrong file"):
        detached = unlink_batch(session, batch.id)
        session.commit()
    assert detached == 406 - waiting
    left = session.scalars(select(SourceRecord).where(SourceRecord.batch_id == batch.id)).all()
    assert all(r.person_id is None for r in left)
    for person in session.scalars(select(Person).where(Person.merged_into_id.is_(None))):
        orgs = {s["org"] for p in (person.field_provenance or {}).values() for s in p["sources"]}
        assert "CHRG" not in orgs


def test_merge_then_split_gives_back_two_persons_with_their_records(
    session, import_month, joinable_persons
):
    import_month("2025-01")
    reconcile_month(session, "2025-01", ACTOR)
    a, b = joinable_persons()
    a_records = {r.id for r in person_records(session, a.id)}
    b_records = {r.id for r in person_records(session, b.id)}
    merge_persons(session, a, b, ACTOR, "looked like one person")
    change = split_person(session, a, sorted(b_records), ACTOR, "they are two people")
    assert {r.id for r in person_records(session, a.id)} == a_records
    assert {r.id for r in person_records(session, change.other_person_id)} == b_records
    assert session.get(Person, change.other_person_id).surname == b.surname
