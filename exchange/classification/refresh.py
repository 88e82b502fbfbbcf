"""Recompute one person's stored result from their facts; flag and audit what changed."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from exchange.audit import write_entry
from exchange.classification import classify, engine, fields_read
from exchange.classification.result import Classification
from exchange.domain.charges import format_stored_charges
from exchange.domain.fields import DETENTION_FIELDS
from exchange.models import Person
from exchange.models.base import utcnow
from exchange.models.classification import PersonClassification

__all__ = [
    "CHANGED",
    "FAILED",
    "flag",
    "OVERRIDDEN",
    "PROVISIONAL",
    "person_values",
    "persons_with_facts",
    "refresh_classification",
]

# Review reasons start with these, so that the queue can be narrowed by them.
CHANGED = "computed result changed:"
OVERRIDDEN = "overridden record:"
PROVISIONAL = "provisional:"
FAILED = "could not be recomputed:"
CONFLICT = "conflict:"
NOTE = "note:"


def person_values(person: Person) -> dict[str, str | None]:
    """The canonical facts of a person that the rules and the eligibility read."""
    values: dict[str, str | None] = {}
    detention = person.current_detention
    for name in sorted(fields_read()):
        if name == "charges":
            values[name] = format_stored_charges(person.charges)
            continue
        holder = detention if name in DETENTION_FIELDS else person
        value = getattr(holder, name) if holder is not None else None
        values[name] = getattr(value, "value", value)
    return values


def persons_with_facts():
    """Select persons with the charges and detentions the rules read, loaded at once."""
    return select(Person).options(selectinload(Person.charges), selectinload(Person.detentions))


def refresh_classification(
    session: Session,
    person: Person,
    *,
    existing: PersonClassification | None = None,
    looked_up: bool = False,
) -> tuple[PersonClassification, bool]:
    """Recompute one person's result in the current transaction; return (row, changed).

    A result that changes is audited and flagged for review, with the reason; so is a
    change under an override. The first result is flagged when it is provisional.
    `looked_up`: the caller already searched, and `existing` is the stored row or None.
    """
    values = person_values(person)
    digest = _digest(values, engine.ruleset().version)  # the rules the engine will use
    row = existing
    if row is None and not looked_up:
        row = session.scalar(
            select(PersonClassification).where(PersonClassification.person_id == person.id)
        )
    if row is not None and row.facts_digest == digest:
        return row, False  # same facts, same rules: the stored result stands (no rerun)
    result = classify(values)
    new = (str(result.category), str(result.eligibility), result.provisional)
    if row is None:
        row = PersonClassification(person_id=person.id)
        _store(row, result, digest)
        session.add(row)
        if result.needs_review:
            flag(row, _first_reasons(result))
        return row, False
    old = (str(row.category), row.eligibility, row.provisional)
    old_version = row.ruleset_version
    old_doubts = set(_first_reasons_of(row.explanation))
    _store(row, result, digest)
    if old == new:
        new_doubts = [r for r in _first_reasons(result) if r not in old_doubts]
        if new_doubts:
            flag(row, new_doubts)  # same result, but the facts now contradict each other
        return row, False
    reasons = [f"{CHANGED} {_show(old)} → {_show(new)}"]
    if row.overridden:
        reasons.append(f"{OVERRIDDEN} the computed result changed since the override")
    if result.provisional:
        reasons.append(f"{PROVISIONAL} " + ", ".join(u.field for u in result.unknown_fields))
    flag(row, reasons)
    session.flush()
    audit_entry(
        session,
        "classify",
        row,
        {
            "category": [old[0], new[0]],
            "eligibility": [old[1], new[1]],
            "provisional": [old[2], new[2]],
            "ruleset_version": [old_version, result.ruleset_version],
        },
        reason="; ".join(reasons),
    )
    return row, True


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
    reasons += [f"{CONFLICT} {conflict.key()}" for conflict in result.conflicts]
    reasons += [f"{NOTE} {note.key()}" for note in result.notes]
    return reasons


def _first_reasons_of(explanation: dict | None) -> list[str]:
    """The doubts of a stored result, as review reasons (kept as codes: `kind:field`)."""
    explanation = explanation or {}
    return [f"{CONFLICT} {doubt_key(c)}" for c in explanation.get("conflicts", [])] + [
        f"{NOTE} {doubt_key(n)}" for n in explanation.get("notes", [])
    ]


# A result stored before doubts were kept as data said them in English; these say which.
_STORED_DOUBTS = (
    (re.compile(r"^(\w+) = \w+ is recorded although"), "recorded_against_article"),
    (re.compile(r"^art\. \S+ is not in the article table"), "article_not_in_table:charges"),
    (re.compile(r"^charges could not be read"), "charges_unreadable:charges"),
    (re.compile(r"^citizenship '"), "not_a_country:citizenship"),
    (re.compile(r"^(\w+) = '.*' is not a known value"), "unknown_value"),
)


def doubt_key(doubt: dict | str) -> str:
    """Return `kind:field` of a stored doubt (also of one stored as an English sentence)."""
    if isinstance(doubt, dict):
        return f"{doubt.get('kind')}:{doubt.get('fact')}"
    for pattern, key in _STORED_DOUBTS:
        found = pattern.match(doubt)
        if found:
            return key if ":" in key else f"{key}:{found[1]}"
    return doubt


def flag(row: PersonClassification, reasons: list[str]) -> None:
    row.needs_review = True
    row.review_reasons = list(dict.fromkeys([*(row.review_reasons or []), *reasons]))


def _show(state: tuple[str, str, bool]) -> str:
    category, eligibility, provisional = state
    return f"{category} / {eligibility}" + (" (provisional)" if provisional else "")


def _digest(values: Mapping[str, str | None], version: str) -> str:
    payload = json.dumps({"values": values, "version": version}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def audit_entry(
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
