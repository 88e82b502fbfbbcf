"""Who falls through: eligible persons on no round, refused persons not put forward again."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from exchange.models import Outcome, Person, ReplyStatus, RoundEntry, User
from exchange.models.classification import PersonClassification
from exchange.rounds import queries

__all__ = ["Coverage", "coverage", "on_no_round", "refused_not_again"]



def eligibility_group():
    """`eligible`, `excluded` or `not_assessed` (no result yet counts as not assessed)."""
    value = func.coalesce(PersonClassification.override_eligibility,
                          PersonClassification.eligibility, "not_assessed")
    return case((value.like("excluded%"), "excluded"), else_=value)


def _held(user: User | None) -> Select:
    stmt = (
        select(Person.id, queries.category_of().label("category"),
               eligibility_group().label("eligibility"))
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .where(Person.merged_into_id.is_(None), queries.still_held())
    )
    visible = queries.visible_to(user)
    return stmt if visible is None else stmt.where(visible)


def on_no_round(user: User | None = None) -> Select:
    """Select (id, category, eligibility) of persons still held whom no open round holds."""
    return _held(user).where(~exists().where(RoundEntry.open_person_id == Person.id))


def refused_not_again(user: User | None = None) -> Select:
    """Select (id, category, eligibility) of persons still held whom the other side refused
    or did not hand over, and who are on no later round."""
    refused = aliased(RoundEntry)
    later = aliased(RoundEntry)
    put_again = exists().where(later.person_id == refused.person_id, later.id > refused.id)
    stmt = _held(user).join(refused, refused.person_id == Person.id).where(
        or_(refused.reply_status == ReplyStatus.REFUSED,
            refused.outcome == Outcome.NOT_HANDED_OVER),
        ~put_again,
    )
    return stmt.distinct()


@dataclass(frozen=True)
class Coverage:
    """Counts per (category, eligibility group) of each kind of gap."""

    on_no_round: Counter
    refused_not_again: Counter

    def total(self, gap: str, category: str, eligibility: str | None = None) -> int:
        counts: Counter = getattr(self, gap)
        return sum(n for (c, e), n in counts.items()
                   if c == category and eligibility in (None, e))


def _count(session: Session, stmt: Select) -> Counter:
    sub = stmt.subquery()
    rows = session.execute(select(sub.c.category, sub.c.eligibility, func.count())
                           .group_by(sub.c.category, sub.c.eligibility))
    return Counter({(str(c), str(e)): n for c, e, n in rows})


def coverage(session: Session, user: User | None = None) -> Coverage:
    """Count the gaps per category and eligibility."""
    return Coverage(_count(session, on_no_round(user)), _count(session, refused_not_again(user)))
