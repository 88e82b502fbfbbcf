"""Writes of classification results: recompute, override, review. Audit entries included.

Results are recomputed automatically when a person's facts change (see `hooks`, installed
by `create_app`);
`recompute_all` is for a rule-table change (`flask reclassify`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as
from exchange.classification import Category
from exchange.classification.hooks import refresh_guarded
from exchange.classification.refresh import (
    audit_entry,
    person_values,
    persons_with_facts,
    refresh_classification,
)
from exchange.models import Person, Role, User
from exchange.models.base import utcnow
from exchange.models.classification import PersonClassification

__all__ = [
    "ELIGIBILITY_VALUES",
    "NotAllowed",
    "ReasonRequired",
    "RecomputeSummary",
    "clear_override",
    "mark_reviewed",
    "mark_reviewed_many",
    "override_classification",
    "person_values",
    "recompute_all",
    "recompute_person",
    "refresh_classification",
    "settle_review",
]

ELIGIBILITY_VALUES = (
    "eligible",
    "excluded:war_crimes",
    "excluded:general_crime",
    "excluded:collaboration",
    "not_assessed",
)
OVERRIDE_ROLES = (Role.ADMIN, Role.COORDINATOR)


class NotAllowed(PermissionError):
    """Only a coordinator or an admin may override or review a classification."""


class ReasonRequired(ValueError):
    """An override needs a written reason."""


@dataclass
class RecomputeSummary:
    persons: int = 0
    created: int = 0
    changed: int = 0
    flagged: int = 0
    failed: int = 0
    moves: dict[str, int] = field(default_factory=dict)  # "old → new" category: count


def recompute_person(session: Session, person: Person, *, actor: Actor) -> PersonClassification:
    """Recompute one person's result and commit."""
    with acting_as(session, actor):
        row, _ = refresh_classification(session, person)
        session.commit()
    return row


def recompute_all(
    session: Session, *, actor: Actor, reason: str | None = None, dry_run: bool = False
) -> RecomputeSummary:
    """Recompute every person of the registry (after a rule-table change) and commit once.

    `dry_run`: count what would change, then roll everything back.
    """
    summary = RecomputeSummary()
    existing = {row.person_id: row for row in session.scalars(select(PersonClassification))}
    persons = session.scalars(persons_with_facts().where(Person.merged_into_id.is_(None)))
    with acting_as(session, actor, reason=reason):
        for person in persons:
            row = existing.get(person.id)
            was_flagged = bool(row and row.needs_review)
            before = str(row.category) if row else None
            row, changed, failed = refresh_guarded(session, person, row)
            summary.persons += 1
            summary.failed += failed
            if row is None:
                continue
            summary.created += row.id is None
            summary.changed += changed
            summary.flagged += row.needs_review and not was_flagged
            if before is not None and before != str(row.category):
                move = f"{before} → {row.category}"
                summary.moves[move] = summary.moves.get(move, 0) + 1
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return summary


def override_classification(
    session: Session,
    person: Person,
    *,
    user: User,
    reason: str,
    category: Category | str | None = None,
    eligibility: str | None = None,
) -> PersonClassification:
    """Store a reviewer's category and/or eligibility beside the computed result; commit."""
    _check_reviewer(user)
    if not reason or not reason.strip():
        raise ReasonRequired("an override needs a written reason")
    if category is None and eligibility is None:
        raise ValueError("override a category, an eligibility or both")
    if eligibility is not None and eligibility not in ELIGIBILITY_VALUES:
        raise ValueError(f"eligibility must be one of {', '.join(ELIGIBILITY_VALUES)}")
    with acting_as(session, user, reason=reason.strip()):
        row = _row(session, person)
        before = _override_state(row)
        row.override_category = Category(category) if category is not None else None
        row.override_eligibility = eligibility
        row.override_reason = reason.strip()
        row.override_by_id = user.id
        row.override_at = utcnow()
        row.override_basis = {"category": str(row.category), "eligibility": row.eligibility}
        audit_entry(session, "override", row, _changes(before, _override_state(row)))
        session.commit()
    return row


def clear_override(session: Session, person: Person, *, user: User, reason: str) -> None:
    """Remove a reviewer's override (it stays in the audit trail); commit."""
    _check_reviewer(user)
    if not reason or not reason.strip():
        raise ReasonRequired("removing an override needs a written reason")
    with acting_as(session, user, reason=reason.strip()):
        row = _row(session, person)
        before = _override_state(row)
        row.override_category = row.override_eligibility = None
        row.override_reason = row.override_by_id = row.override_at = row.override_basis = None
        audit_entry(session, "override_cleared", row, _changes(before, _override_state(row)))
        session.commit()


def mark_reviewed(
    session: Session, person: Person, *, user: User, note: str | None = None
) -> PersonClassification:
    """Take a person off the review queue until the result changes again; commit."""
    _check_reviewer(user)
    with acting_as(session, user, reason=(note or "").strip() or None):
        row = _row(session, person)
        settle_review(session, row, user)
        session.commit()
    return row


def mark_reviewed_many(
    session: Session, person_ids: list[int], *, user: User, note: str | None = None
) -> int:
    """Take several persons off the review queue at once (each audited); commit once."""
    _check_reviewer(user)
    rows = session.scalars(select(PersonClassification).where(
        PersonClassification.person_id.in_(person_ids),
        PersonClassification.needs_review.is_(True))).all()
    with acting_as(session, user, reason=(note or "").strip() or None):
        for row in rows:
            settle_review(session, row, user)
        session.commit()
    return len(rows)


def settle_review(session: Session, row: PersonClassification, user: User) -> None:
    """Clear a result's review flag and write the audit entry (the caller acts and commits)."""
    reasons = list(row.review_reasons or [])
    row.needs_review = False
    row.review_reasons = []
    row.reviewed_at = utcnow()
    row.reviewed_by_id = user.id
    audit_entry(session, "review", row,
                {"needs_review": [True, False], "review_reasons": [reasons, []]})


def _check_reviewer(user: User) -> None:
    if user.role not in OVERRIDE_ROLES:
        raise NotAllowed("only a coordinator or an admin may override or review a classification")


def _row(session: Session, person: Person) -> PersonClassification:
    row = session.scalar(
        select(PersonClassification).where(PersonClassification.person_id == person.id)
    )
    if row is None:
        row, _ = refresh_classification(session, person)
        session.flush()
    return row


def _override_state(row: PersonClassification) -> dict[str, Any]:
    return {
        "override_category": str(row.override_category) if row.override_category else None,
        "override_eligibility": row.override_eligibility,
        "computed_category": str(row.category),
        "computed_eligibility": row.eligibility,
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    # both values are always shown: the computed one is part of every override entry
    for key in ("computed_category", "computed_eligibility"):
        changes.setdefault(key, [before[key], after[key]])
    return changes
