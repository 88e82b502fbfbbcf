"""The Coalition's criteria check for one person (memorandum 002): what is recorded, by whom.

The memorandum admits a person to the joint list on one or more PACE criteria (a-e), pays
special attention to certain signs, and excludes three kinds of person. The registry keeps,
per field, which member said what (`Person.field_provenance`); this module reads it back
per criterion, sign and exclusion. A person on the joint list with no recorded criterion
is flagged: they are listed without the memorandum's ground for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.classification.eligibility import assess_eligibility
from exchange.domain.merge import Observation, held_in_month
from exchange.models import Person
from exchange.reports.joint_list import is_excluded
from exchange.reports.queries import (
    by_person,
    facts_of,
    month_observations,
    person_facts,
)
from repatriation.queries import chunks, imported_months, person_month_records

__all__ = [
    "CriteriaCheck",
    "Recorded",
    "criteria_check",
    "joint_list_ids",
    "latest_month",
    "on_joint_list",
    "on_latest_joint_list",
    "unfounded_listed",
]


@dataclass(frozen=True)
class Recorded:
    """One criterion, sign or exclusion, whether it is in force, and who recorded it."""

    value: str
    by: tuple[str, ...]
    in_force: bool


@dataclass(frozen=True)
class CriteriaCheck:
    criteria: tuple[Recorded, ...]
    exclusions: tuple[Recorded, ...]
    signs: tuple[Recorded, ...]
    health_concern: tuple[str, ...]  # who says the person's health is under serious threat
    eligibility: str
    on_joint_list: bool

    @property
    def unfounded(self) -> bool:
        """On the joint list with no PACE criterion in force."""
        return self.on_joint_list and not any(c.in_force for c in self.criteria)


def _items(value: Any) -> list[str]:
    return [p.strip().strip("()").lower() for p in str(value or "").replace(",", ";").split(";")
            if p.strip()]


def _who(source: Mapping[str, Any]) -> str:
    return f"{source.get('org')}:{source.get('record_id')} ({source.get('month')})"


def recorded(provenance: Mapping[str, Any] | None, in_force: Iterable[str]) -> tuple[Recorded, ...]:
    """Return each value the sources (and a coordinator) gave a `;` list field, with who."""
    prov = provenance or {}
    by: dict[str, list[str]] = {}
    for source in prov.get("sources") or []:
        for item in _items(source.get("value")):
            by.setdefault(item, []).append(_who(source))
    if prov.get("rule") == "coordinator":
        for item in _items(prov.get("value")):
            by.setdefault(item, []).append(f"{prov.get('by')}: {prov.get('reason') or ''}".strip())
    force = set(in_force)
    for item in force - set(by):
        by[item] = []
    return tuple(Recorded(item, tuple(who), item in force) for item, who in sorted(by.items()))


def criteria_check(
    person: Person, eligibility: str, *, on_joint_list: bool, override: str | None = None
) -> CriteriaCheck:
    """Return what the registry holds on the person's criteria, signs and exclusions."""
    prov = person.field_provenance or {}
    letters = assess_eligibility({"pace_criteria": person.pace_criteria}).criteria
    exclusion = getattr(person.exclusion, "value", person.exclusion)
    exclusions = list(recorded(prov.get("exclusion"), [exclusion] if exclusion else []))
    if eligibility.startswith("excluded:") and override:
        exclusions.append(Recorded(eligibility.split(":", 1)[1], (override,), True))
    health = prov.get("health_concern") or {}
    return CriteriaCheck(
        criteria=recorded(prov.get("pace_criteria"), letters),
        exclusions=tuple(exclusions),
        signs=recorded(prov.get("signs"), _items(person.signs)),
        health_concern=tuple(
            _who(s) for s in health.get("sources") or [] if s.get("value") == "yes"
        ),
        eligibility=eligibility,
        on_joint_list=on_joint_list,
    )


def latest_month(session: Session) -> str | None:
    """Return the latest month of which a member list is imported."""
    return next(iter(session.scalars(imported_months().limit(1))), None)


def on_joint_list(observations: Sequence[Observation], fact: Sequence | None, month: str) -> bool:
    """Tell whether a person is on the month's joint list (the rule of reports.joint_list).

    `fact` is the person's row of `reports.queries.person_facts`.
    """
    excluded = fact is not None and is_excluded(fact[6], fact[9])
    return bool(held_in_month(observations, month)) and not excluded


def joint_list_ids(session: Session, month: str) -> set[int]:
    """Return the persons on the month's joint list: listed, held, not excluded."""
    listed = month_observations(session, month)
    facts = facts_of(session, listed).values()
    return {f[0] for f in facts if on_joint_list(listed.get(f[0], []), f, month)}


def on_latest_joint_list(session: Session, person_id: int) -> bool:
    """Tell whether the person is on the joint list of the latest imported month."""
    month = latest_month(session)
    if month is None:
        return False
    observations = by_person(session.execute(person_month_records(person_id, month)))
    fact = session.execute(person_facts(select(Person.id).where(Person.id == person_id))).first()
    return on_joint_list(observations.get(person_id, []), fact, month)


def unfounded_listed(session: Session, month: str | None) -> set[int]:
    """Return the persons on the month's joint list with no PACE criterion in force."""
    if month is None:
        return set()
    ids = joint_list_ids(session, month)
    unfounded = set()
    for chunk in chunks(ids):
        stmt = select(Person.id, Person.pace_criteria).where(Person.id.in_(chunk))
        for pid, pace in session.execute(stmt):
            if not assess_eligibility({"pace_criteria": pace}).criteria:
                unfounded.add(pid)
    return unfounded
