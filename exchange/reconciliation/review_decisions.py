"""A reviewer's answer to a record's question: which of its candidate persons it is, if any.

The open review items of a record are its candidates. Deciding on one of them:

- same: the record is that person. A record awaiting a decision is attached to them; a
  record of another person brings that whole person along (a merge). Checked first on
  the whole would-be person (`decisions.check_join`): only what the item's own two
  records disagree on is waived; anything else refuses the decision, naming the records
  and the fact. The record's other candidates are settled as "not this record".
- different: the record is not that person (a decision on the pair of persons, reused in
  later months). Said of the record's own person, it takes the record out into a person
  of its own. A record awaiting a decision that every candidate was refused becomes a
  new person.
- unsure: kept as such; a record awaiting a decision cannot be left unsure (it would be
  nobody): skip it instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.identity import record_key
from exchange.domain.person_facts import refresh_person
from exchange.domain.records import person_records
from exchange.models import Decision, Person, ReviewItem, ReviewStatus, SourceRecord
from exchange.reconciliation.decisions import (
    DecisionRefused,
    check_join,
    check_months_open,
    merge_into,
    record_pair_decision,
)


def open_items(session: Session, record: SourceRecord) -> list[ReviewItem]:
    """Return the record's open review items (its candidates), most probable first."""
    return list(
        session.scalars(
            select(ReviewItem)
            .where(ReviewItem.source_record_id == record.id, ReviewItem.status == ReviewStatus.OPEN)
            .order_by(ReviewItem.probability.desc(), ReviewItem.id)
        )
    )


def decide_review(
    session: Session, item: ReviewItem, decision: Decision, actor: Actor, reason: str | None = None
) -> ReviewItem:
    """Settle one candidate of a record: it is that person, is not, or unsure (one commit)."""
    decide_record(session, item.record, {item.id: decision}, actor, reason)
    return item


CHOICES = ("apart", "own", "unsure")  # besides `same:<review item id>`


def decide_choice(
    session: Session, record: SourceRecord, choice: str, actor: Actor, reason: str | None = None
) -> None:
    """Apply a choice made on the record's page (one commit).

    `same:<id>`: the record is that item's candidate; `apart`: it is none of the other
    candidates (awaiting a decision: a new person; else it stays with its person); `own`:
    none of the candidates, its own person included (it becomes a person of its own);
    `unsure`: every candidate kept as unsure.
    """
    items = open_items(session, record)
    current = record.person_id
    if choice.startswith("same:") and choice[5:].isdigit():
        decisions = {int(choice[5:]): Decision.SAME}
    elif choice == "apart":
        decisions = {i.id: Decision.DIFFERENT for i in items if i.candidate_person_id != current}
    elif choice == "own":
        decisions = {i.id: Decision.DIFFERENT for i in items}
    elif choice == "unsure":
        decisions = {i.id: Decision.UNSURE for i in items}
    else:
        raise DecisionRefused("unknown choice")
    decide_record(session, record, decisions, actor, reason, own_person=choice == "own")


def decide_record(
    session: Session,
    record: SourceRecord,
    decisions: Mapping[int, Decision],
    actor: Actor,
    reason: str | None = None,
    *,
    own_person: bool = False,
) -> None:
    """Settle some of the record's candidates (review item id -> decision) in one commit.

    `own_person`: the record is none of them and becomes a person of its own.
    """
    items = {i.id: i for i in open_items(session, record)}
    if (not decisions and not own_person) or any(i not in items for i in decisions):
        raise DecisionRefused("this question was already decided")
    own_person = own_person or any(  # not even its own person: it stands alone
        d is Decision.DIFFERENT and items[i].candidate_person_id == record.person_id
        for i, d in decisions.items()
    )
    same = [i for i, d in decisions.items() if d is Decision.SAME]
    if len(same) > 1:
        raise DecisionRefused("a record is one person: choose one candidate")
    if record.person_id is None and Decision.UNSURE in decisions.values():
        raise DecisionRefused("a record awaiting a decision cannot stay unsure: skip it instead")
    with acting_as(session, actor, reason=reason):
        check_months_open(session, [record])
        if same:
            _same(session, record, items[same[0]], actor, reason)
            for other in items.values():
                if other.id != same[0]:
                    _settle(other, Decision.DIFFERENT)
        for item_id, decision in decisions.items():
            if decision is not Decision.SAME:
                _not_same(session, record, items[item_id], decision, actor, reason)
        if record.person_id is None and not open_items(session, record):
            _own_person(session, record, actor, reason)
        elif own_person:
            _split_off(session, record, actor, reason)
        session.commit()


def _settle(item: ReviewItem, decision: Decision, decision_id: int | None = None) -> None:
    item.status, item.decision, item.decision_id = ReviewStatus.DECIDED, decision, decision_id


def _same(
    session: Session, record: SourceRecord, item: ReviewItem, actor: Actor, reason: str | None
) -> None:
    """The record is the item's candidate: attach it, or merge its person in."""
    candidate = item.candidate
    if candidate.merged_into_id is not None:
        raise DecisionRefused("the candidate was merged into another person since")
    own = person_records(session, record.person_id) if record.person_id else [record]
    waive = frozenset()
    if item.candidate_record is not None:
        waive = frozenset({frozenset((record_key(record), record_key(item.candidate_record)))})
    if record.person_id != candidate.id:
        check_join(session, own, person_records(session, candidate.id), waive)
    if record.person_id is None:
        record.person_id = candidate.id
        session.flush()
        session.expire(candidate, ["source_records"])
        refresh_person(session, candidate, person_records(session, candidate.id))
        write_entry(
            session,
            action="attach",
            object_type="source_record",
            object_id=record.id,
            person_id=candidate.id,
            changes={"person": [None, candidate.id]},
        )
        _settle(item, Decision.SAME)
        return
    if record.person_id == candidate.id:  # kept where it is
        _settle(item, Decision.SAME)
        return
    own_id = record.person_id
    pair = record_pair_decision(session, own_id, candidate.id, Decision.SAME, actor, reason)
    _settle(item, Decision.SAME, pair.id)
    merge_into(
        session, candidate, session.get(Person, own_id), actor, reason or "review: same person"
    )


def _not_same(
    session: Session,
    record: SourceRecord,
    item: ReviewItem,
    decision: Decision,
    actor: Actor,
    reason: str | None,
) -> None:
    """The record is not the item's candidate (or the reviewer is unsure)."""
    own = record.person_id
    if own is None:
        _settle(item, decision)
        return
    if own == item.candidate_person_id:  # said of its own person: it will stand alone
        _settle(item, decision)
        return
    pair = record_pair_decision(session, own, item.candidate_person_id, decision, actor, reason)
    _settle(item, decision, pair.id)


def _split_off(session: Session, record: SourceRecord, actor: Actor, reason: str | None) -> None:
    """Take the record out of its person into a person of its own."""
    person = session.get(Person, record.person_id)
    if len(person_records(session, person.id)) == 1:
        return  # it is already alone
    new = _own_person(session, record, actor, reason)
    session.expire(person, ["source_records"])
    refresh_person(session, person, person_records(session, person.id))
    record_pair_decision(session, person.id, new.id, Decision.DIFFERENT, actor, reason)


def _own_person(
    session: Session, record: SourceRecord, actor: Actor, reason: str | None
) -> Person:
    """Make the record a person of its own, apart from every candidate it was refused."""
    before = record.person_id
    new = Person()
    session.add(new)
    session.flush()
    record.person_id = new.id
    session.flush()
    refresh_person(session, new, [record])
    write_entry(
        session,
        action="new_person",
        object_type="source_record",
        object_id=record.id,
        person_id=new.id,
        changes={"person": [before, new.id]},
    )
    refused = session.scalars(
        select(ReviewItem.candidate_person_id).where(
            ReviewItem.source_record_id == record.id,
            ReviewItem.decision == Decision.DIFFERENT,
            ReviewItem.candidate_person_id != new.id,
        )
    ).all()
    for other in sorted(set(refused) - {before}):
        record_pair_decision(session, new.id, other, Decision.DIFFERENT, actor, reason)
    return new
