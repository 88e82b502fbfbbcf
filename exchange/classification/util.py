"""Reusable reads of classification results, each returning a select()."""

from __future__ import annotations

from sqlalchemy import Select, String, cast, func, select

from exchange.classification.refresh import CHANGED, OVERRIDDEN, PROVISIONAL
from exchange.models import Person
from exchange.models.classification import PersonClassification
from exchange.models.enums import Category

__all__ = [
    "classification_of",
    "classification_of_many",
    "filter_by_classification",
    "review_queue",
]

PROVISIONAL_CHOICES = ("yes", "no")
ELIGIBILITY_FILTERS = (
    "eligible",
    "excluded",
    "excluded:war_crimes",
    "excluded:general_crime",
    "excluded:collaboration",
    "not_assessed",
)


def effective_category():
    """The reviewer's category when there is one, else the computed one (SQL expression)."""
    return func.coalesce(PersonClassification.override_category, PersonClassification.category)


def effective_eligibility():
    return func.coalesce(
        PersonClassification.override_eligibility, PersonClassification.eligibility
    )


def filter_by_classification(
    stmt: Select,
    *,
    category: str | None = None,
    eligibility: str | None = None,
    provisional: str | None = None,
) -> Select:
    """Narrow a select of Person by category, eligibility and provisional.

    Category and eligibility are the effective ones (a reviewer's override wins);
    `eligibility="excluded"` matches every exclusion. Unknown filter values are ignored.
    """
    if not (category or eligibility or provisional):
        return stmt
    stmt = stmt.join(PersonClassification, PersonClassification.person_id == Person.id)
    if category in {c.value for c in Category}:
        stmt = stmt.where(effective_category() == category)
    if eligibility == "excluded":
        stmt = stmt.where(effective_eligibility().like("excluded%"))
    elif eligibility in ("eligible", "not_assessed") or (eligibility or "").startswith("excluded:"):
        stmt = stmt.where(effective_eligibility() == eligibility)
    if provisional in PROVISIONAL_CHOICES:
        stmt = stmt.where(PersonClassification.provisional.is_(provisional == "yes"))
    return stmt


def classification_of(person_id: int) -> Select[tuple[PersonClassification]]:
    return select(PersonClassification).where(PersonClassification.person_id == person_id)


def classification_of_many(person_ids: list[int]) -> Select[tuple[PersonClassification]]:
    return select(PersonClassification).where(PersonClassification.person_id.in_(person_ids))


def review_queue(reason: str | None = None) -> Select[tuple[PersonClassification]]:
    """Results waiting for a reviewer, of persons still in the registry; oldest first.

    `reason`: `provisional`, `changed` or `overridden` narrows the queue.
    """
    stmt = (
        select(PersonClassification)
        .join(Person, Person.id == PersonClassification.person_id)
        .where(PersonClassification.needs_review.is_(True), Person.merged_into_id.is_(None))
    )
    prefix = {"provisional": PROVISIONAL, "changed": CHANGED, "overridden": OVERRIDDEN}.get(
        reason or ""
    )
    if prefix:
        reasons = cast(PersonClassification.review_reasons, String)
        stmt = stmt.where(reasons.like(f'%"{prefix}%'))
    return stmt.order_by(PersonClassification.computed_at, PersonClassification.id)
