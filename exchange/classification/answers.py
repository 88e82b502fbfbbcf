"""One answer for many persons: a fact that the same source settles for all of them.

A coordinator reading, say, a court's list records `legal_status = convicted` for every
person of the category review's group that the list names. Each person's change is written
and audited as a hand edit (pinned over the members' lists, with the source as the reason),
each person's category is recomputed in the same transaction, and a result left with no
doubt is taken off the review queue by the same coordinator. One commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as
from exchange.classification.hooks import refresh_pending
from exchange.classification.operations import (
    OVERRIDE_ROLES,
    NotAllowed,
    ReasonRequired,
    settle_review,
)
from exchange.classification.queue import answerable_facts
from exchange.domain.person_facts import pin_values, typed_value
from exchange.models import Person, User
from exchange.models.classification import PersonClassification

__all__ = ["AnswerRefused", "AnswerSummary", "record_answer"]


class AnswerRefused(ValueError):
    """The fact cannot be answered for a group, or the value is not one of its values."""


@dataclass
class AnswerSummary:
    changed: list[int] = field(default_factory=list)  # persons whose fact changed
    settled: list[int] = field(default_factory=list)  # taken off the review queue


def record_answer(session: Session, person_ids: list[int], fact: str, value: str, *,
                  user: User, reason: str) -> AnswerSummary:
    """Record `fact = value` for these persons, each audited with the reason; commit once."""
    if user.role not in OVERRIDE_ROLES:
        raise NotAllowed("only a coordinator or an admin may answer for a group")
    if fact not in answerable_facts():
        raise AnswerRefused(f"{fact} is not answered for a group")
    if value not in answerable_facts()[fact]:
        raise AnswerRefused(f"{value!r} is not a value of {fact}")
    if not reason or not reason.strip():
        raise ReasonRequired("a reason is required: say which source settles it")
    actor, summary = Actor.for_user(user), AnswerSummary()
    persons = session.scalars(select(Person).where(
        Person.id.in_(person_ids), Person.merged_into_id.is_(None))).all()
    with acting_as(session, actor, reason=reason.strip()):
        stored = typed_value(fact, value)
        for person in persons:
            if getattr(person, fact) != stored:
                setattr(person, fact, stored)
                pin_values(person, [fact], by=actor.label, reason=reason.strip())
                summary.changed.append(person.id)
        refresh_pending(session)  # the categories the answers give, before deciding the queue
        rows = session.scalars(select(PersonClassification).where(
            PersonClassification.person_id.in_(summary.changed),
            PersonClassification.needs_review.is_(True))).all()
        for row in rows:
            if not (row.unknown_fields or _doubts(row)):
                settle_review(session, row, user)
                summary.settled.append(row.person_id)
        session.commit()
    return summary


def _doubts(row: PersonClassification) -> bool:
    explanation = row.explanation or {}
    return bool(explanation.get("conflicts") or explanation.get("notes"))
