"""Writes of classification results: recompute, override, review. Audit entries included.

Recomputing is automatic: any flush that inserts, changes or deletes a person, a charge
or a detention marks that person, and before the transaction commits their result is
recomputed (`refresh_pending`). Import, merge and edit services therefore need to do
nothing; `recompute_all` is for a rule-table change (`flask reclassify`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from exchange.audit import Actor, UnattributedChange, acting_as, current_actor, write_entry
from exchange.classification import Category, classify
from exchange.classification.result import Classification
from exchange.models import Charge, Detention, Person, Role, User
from exchange.models.base import utcnow
from exchange.models.classification import PersonClassification

__all__ = [
    "ELIGIBILITY_VALUES",
    "NotAllowed",
    "ReasonRequired",
    "RecomputeSummary",
    "clear_override",
    "mark_reviewed",
    "override_classification",
    "person_values",
    "recompute_all",
    "recompute_person",
    "refresh_classification",
]

ELIGIBILITY_VALUES = (
    "eligible",
    "excluded:war_crimes",
    "excluded:general_crime",
    "excluded:collaboration",
    "not_assessed",
)
OVERRIDE_ROLES = (Role.ADMIN, Role.COORDINATOR)
PERSON_FIELDS = (
    "citizenship",
    "lived_in_ukraine_1991_borders",
    "person_status",
    "captured_in_ukraine",
    "legal_status",
    "violent_offence",
    "offence_has_victims",
    "against_russian_interests",
    "war_crime_accusation",
    "pace_criteria",
    "exclusion",
)
# Review reasons start with these, so that the queue can be narrowed by them.
CHANGED = "computed result changed:"
OVERRIDDEN = "overridden record:"
PROVISIONAL = "provisional:"
_PENDING_KEY = "classification_pending"
_CHUNK = 500
_SYSTEM = Actor(label="system:classification")


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


def person_values(person: Person) -> dict[str, str | None]:
    """The canonical facts of a person that the rules and the eligibility read."""
    values: dict[str, str | None] = {}
    for name in PERSON_FIELDS:
        value = getattr(person, name)
        values[name] = getattr(value, "value", value)
    detention = person.current_detention
    facility = detention.facility_type if detention else None
    values["facility_type"] = getattr(facility, "value", facility)
    values["held_incommunicado"] = detention.held_incommunicado if detention else None
    values["charges"] = "; ".join(
        charge.article + (f" ч.{charge.part}" if charge.part else "")
        for charge in sorted(person.charges, key=lambda c: c.id or 0)
    )
    return values


def refresh_classification(
    session: Session, person: Person, *, existing: PersonClassification | None = None
) -> tuple[PersonClassification, bool]:
    """Recompute one person's result in the current transaction; return (row, changed).

    A result that changes is audited and flagged for review, with the reason; so is a
    change under an override. The first result is flagged when it is provisional.
    """
    values = person_values(person)
    result = classify(values)
    digest = _digest(values, result.ruleset_version)
    row = existing or session.scalar(
        select(PersonClassification).where(PersonClassification.person_id == person.id)
    )
    if row is not None and row.facts_digest == digest:
        return row, False
    new = (str(result.category), str(result.eligibility), result.provisional)
    if row is None:
        row = PersonClassification(person_id=person.id)
        _store(row, result, digest)
        session.add(row)
        if result.needs_review:
            _flag(row, _first_reasons(result))
        return row, False
    old = (str(row.category), row.eligibility, row.provisional)
    old_doubts = set(_first_reasons_of(row.explanation))
    _store(row, result, digest)
    if old == new:
        new_doubts = [r for r in _first_reasons(result) if r not in old_doubts]
        if new_doubts and not result.provisional:
            _flag(row, new_doubts)  # same result, but the facts now contradict each other
        return row, False
    reasons = [f"{CHANGED} {_show(old)} → {_show(new)}"]
    if row.overridden:
        reasons.append(f"{OVERRIDDEN} the computed result changed since the override")
    if result.provisional:
        reasons.append(f"{PROVISIONAL} " + ", ".join(u.field for u in result.unknown_fields))
    _flag(row, reasons)
    session.flush()
    _audit(
        session,
        "classify",
        row,
        {
            "category": [old[0], new[0]],
            "eligibility": [old[1], new[1]],
            "provisional": [old[2], new[2]],
            "ruleset_version": [None, result.ruleset_version],
        },
        reason="; ".join(reasons),
    )
    return row, True


def recompute_person(session: Session, person: Person, *, actor: Actor) -> PersonClassification:
    """Recompute one person's result and commit."""
    with acting_as(session, actor):
        row, _ = refresh_classification(session, person)
        session.commit()
    return row


def recompute_all(session: Session, *, actor: Actor, reason: str | None = None) -> RecomputeSummary:
    """Recompute every person of the registry (after a rule-table change) and commit once."""
    summary = RecomputeSummary()
    existing = {row.person_id: row for row in session.scalars(select(PersonClassification))}
    persons = session.scalars(_persons_with_facts().where(Person.merged_into_id.is_(None)))
    with acting_as(session, actor, reason=reason):
        for person in persons:
            row = existing.get(person.id)
            was_flagged = bool(row and row.needs_review)
            row, changed = refresh_classification(session, person, existing=row)
            summary.persons += 1
            summary.created += row.id is None
            summary.changed += changed
            summary.flagged += row.needs_review and not was_flagged
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
        _audit(session, "override", row, _changes(before, _override_state(row)))
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
        _audit(session, "override_cleared", row, _changes(before, _override_state(row)))
        session.commit()


def mark_reviewed(
    session: Session, person: Person, *, user: User, note: str | None = None
) -> PersonClassification:
    """Take a person off the review queue until the result changes again; commit."""
    _check_reviewer(user)
    with acting_as(session, user, reason=(note or "").strip() or None):
        row = _row(session, person)
        reasons = list(row.review_reasons or [])
        row.needs_review = False
        row.review_reasons = []
        row.reviewed_at = utcnow()
        row.reviewed_by_id = user.id
        _audit(
            session,
            "review",
            row,
            {"needs_review": [True, False], "review_reasons": [reasons, []]},
        )
        session.commit()
    return row


def refresh_pending(session: Session) -> None:
    """Recompute the persons whose facts changed in this transaction (before commit)."""
    for _ in range(3):  # recomputing flushes; a flush may mark more persons
        session.flush()
        pending = sorted(session.info.pop(_PENDING_KEY, set()))
        if not pending:
            return
        try:
            current_actor(session)
        except UnattributedChange:
            # facts changed under an actor that is gone by commit time: say it was the system
            with acting_as(session, _SYSTEM):
                _refresh_many(session, pending)
        else:
            _refresh_many(session, pending)
        session.flush()


def _refresh_many(session: Session, person_ids: list[int]) -> None:
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start : start + _CHUNK]
        persons = session.scalars(_persons_with_facts().where(Person.id.in_(chunk))).all()
        existing = {
            row.person_id: row
            for row in session.scalars(
                select(PersonClassification).where(PersonClassification.person_id.in_(chunk))
            )
        }
        for person in persons:
            if person.merged_into_id is None:
                refresh_classification(session, person, existing=existing.get(person.id))


def _persons_with_facts():
    return select(Person).options(selectinload(Person.charges), selectinload(Person.detentions))


def _mark_changed_persons(session: Session, objects: Iterable[Any]) -> None:
    pending = session.info.setdefault(_PENDING_KEY, set())
    for obj in objects:
        if isinstance(obj, Person) and obj.id is not None:
            pending.add(obj.id)
        elif isinstance(obj, Charge | Detention) and obj.person_id is not None:
            pending.add(obj.person_id)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    _mark_changed_persons(session, [*session.new, *session.dirty, *session.deleted])


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # the commit's own flush comes after this hook: flush first to see what changed
    if session.new or session.dirty or session.deleted or session.info.get(_PENDING_KEY):
        refresh_pending(session)


# No clearing on rollback: a savepoint rolled back inside a transaction must not drop the
# persons its outer transaction changed. A stale id only costs a recompute with no change.


def _store(row: PersonClassification, result: Classification, digest: str) -> None:
    row.category = result.category
    row.rule = result.rule
    row.measure = result.measure
    row.provisional = result.provisional
    row.eligibility = str(result.eligibility)
    row.unknown_fields = [unknown.field for unknown in result.unknown_fields]
    row.explanation = result.to_dict()
    row.ruleset_version = result.ruleset_version
    row.facts_digest = digest
    row.computed_at = utcnow()


def _first_reasons(result: Classification) -> list[str]:
    reasons = []
    if result.provisional:
        reasons.append(f"{PROVISIONAL} " + ", ".join(u.field for u in result.unknown_fields))
    reasons += [f"conflict: {conflict}" for conflict in result.conflicts]
    reasons += [f"note: {note}" for note in result.notes]
    return reasons


def _first_reasons_of(explanation: dict | None) -> list[str]:
    explanation = explanation or {}
    return [f"conflict: {c}" for c in explanation.get("conflicts", [])] + [
        f"note: {n}" for n in explanation.get("notes", [])
    ]


def _flag(row: PersonClassification, reasons: list[str]) -> None:
    row.needs_review = True
    row.review_reasons = list(dict.fromkeys([*(row.review_reasons or []), *reasons]))


def _show(state: tuple[str, str, bool]) -> str:
    category, eligibility, provisional = state
    return f"{category} / {eligibility}" + (" (provisional)" if provisional else "")


def _digest(values: Mapping[str, str | None], version: str) -> str:
    payload = json.dumps({"values": values, "version": version}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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


def _audit(
    session: Session,
    action: str,
    row: PersonClassification,
    changes: dict[str, list[Any]],
    reason: str | None = None,
) -> None:
    if row.id is None:
        session.flush()
    write_entry(
        session,
        action=action,
        object_type="person_classification",
        object_id=row.id,
        person_id=row.person_id,
        changes=changes,
        reason=reason,
    )
