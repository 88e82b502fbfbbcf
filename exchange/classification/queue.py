"""The category review queue grouped by what would settle it, most urgent first.

A result waits for review because a fact that decides the category is missing, because a
recorded value contradicts the article table or could not be read, or because the result
changed. Persons are grouped by that fact (a person may wait in several groups), and the
groups whose answer could move persons still held to another roster come first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.classification.refresh import (
    CHANGED,
    CONFLICT,
    FAILED,
    NOTE,
    OVERRIDDEN,
    PROVISIONAL,
    doubt_key,
)
from exchange.classification.rules import ruleset
from exchange.classification.wording import doubt_key_text
from exchange.computed import remember
from exchange.domain.records import live_records
from exchange.domain.statuses import NOT_HELD
from exchange.labels import label
from exchange.models import Organisation, Person, SourceRecord
from exchange.models.classification import PersonClassification

__all__ = ["QueueGroup", "answerable_facts", "group_label", "group_sources", "listed_by",
           "queue_groups"]

# Facts a coordinator may answer for many persons at once: the person's own yes/no and status
# facts the rules read (a list such as citizenship, or a detention's facts, is answered on
# the person's page).
_NOT_ANSWERED_IN_BULK = frozenset({"citizenship"})
_SIMPLE = {CHANGED: "changed", OVERRIDDEN: "overridden", FAILED: "failed"}
_GROUP_ORDER = ("missing", "doubt", "changed", "overridden", "failed", "other", "settled")
_DOUBT = re.compile(r"^[a-z_]+:[a-z_0-9]+$")


@cache
def answerable_facts() -> dict[str, tuple[str, ...]]:
    """Return fact -> the values it may take, for the facts answerable for a group."""
    columns = Person.__table__.c
    return {fact: values for fact, values in ruleset().fact_values.items()
            if fact in columns and fact not in _NOT_ANSWERED_IN_BULK}


@dataclass
class QueueGroup:
    """Persons waiting for the same answer: `missing:legal_status`, `doubt:kind:fact`, ..."""

    key: str
    persons: list[int] = field(default_factory=list)
    roster: set[int] = field(default_factory=set)  # still held; the answer may move them

    @property
    def kind(self) -> str:
        return self.key.partition(":")[0]

    @property
    def fact(self) -> str:
        return self.key.rpartition(":")[2] if ":" in self.key else ""

    @property
    def answerable(self) -> bool:
        return self.kind == "missing" and self.fact in answerable_facts()

    def ordered(self) -> list[int]:
        """The persons whose answer could change a roster first, then the others."""
        return sorted(self.persons, key=lambda pid: pid not in self.roster)


@dataclass(frozen=True)
class _Waiting:
    person_id: int
    unknown: tuple[str, ...]
    reasons: tuple[str, ...]
    held: bool


def _keys(item: _Waiting) -> list[str]:
    """The groups a waiting result belongs to (each once).

    A `provisional:` reason is not read: the unknown fields stored now say what is missing.
    """
    keys = [f"missing:{fact}" for fact in item.unknown]
    for reason in item.reasons:
        if reason.startswith((CONFLICT, NOTE)):
            key = doubt_key(reason.partition(" ")[2])
            keys.append(f"doubt:{key}" if _DOUBT.match(key) else "other")
        elif not reason.startswith(PROVISIONAL):
            keys.append(next((k for start, k in _SIMPLE.items() if reason.startswith(start)),
                             "other"))
    return list(dict.fromkeys(keys)) or ["settled"]


def _waiting(session: Session) -> list[_Waiting]:
    stmt = (
        select(PersonClassification.person_id, PersonClassification.unknown_fields,
               PersonClassification.review_reasons, Person.release_status)
        .join(Person, Person.id == PersonClassification.person_id)
        .where(PersonClassification.needs_review.is_(True), Person.merged_into_id.is_(None))
        .order_by(PersonClassification.computed_at, PersonClassification.person_id)  # oldest first
    )
    return [
        _Waiting(pid, tuple(unknown or ()), tuple(reasons or ()),
                 status is None or str(getattr(status, "value", status)) not in NOT_HELD)
        for pid, unknown, reasons, status in session.execute(stmt)
    ]


def _conflicts_moving(session: Session, person_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(person, fact) of recorded values whose implied value would give another category."""
    ids = list(person_ids)
    found: set[tuple[int, str]] = set()
    for start in range(0, len(ids), 500):
        rows = session.execute(select(PersonClassification.person_id,
                                      PersonClassification.explanation)
                               .where(PersonClassification.person_id.in_(ids[start:start + 500])))
        for pid, explanation in rows:
            for conflict in (explanation or {}).get("conflicts", ()):
                if isinstance(conflict, Mapping) and conflict.get("would_give"):
                    found.add((pid, conflict.get("fact", "")))
    return found


def queue_groups(session: Session) -> list[QueueGroup]:
    """Group the results waiting for review, the groups that can move a roster first.

    Computed once per state of the registry (`exchange.computed`): do not change them.
    """
    return remember(session, "queue_groups", lambda: _groups(session))


def group_sources(session: Session, group: QueueGroup | None) -> dict[int, set[str]]:
    """Return `listed_by` of a group's persons, computed once per state of the registry."""
    if group is None:
        return {}
    return remember(session, ("queue_sources", group.key),
                    lambda: listed_by(session, group.persons))


def _groups(session: Session) -> list[QueueGroup]:
    groups: dict[str, QueueGroup] = {}
    conflicted: set[int] = set()
    waiting = _waiting(session)
    for item in waiting:
        for key in _keys(item):
            group = groups.setdefault(key, QueueGroup(key))
            group.persons.append(item.person_id)
            if key.startswith("missing:") and item.held:
                group.roster.add(item.person_id)
            if key.startswith("doubt:recorded_against_article:") and item.held:
                conflicted.add(item.person_id)
    if conflicted:
        for pid, fact in _conflicts_moving(session, conflicted):
            group = groups.get(f"doubt:recorded_against_article:{fact}")
            if group is not None:
                group.roster.add(pid)
    return sorted(groups.values(), key=lambda g: (-len(g.roster), _GROUP_ORDER.index(g.kind),
                                                  -len(g.persons), g.key))


def group_label(group: QueueGroup, language: str | None = None) -> str:
    """Say what a group waits for: `Legal status not recorded`."""
    if group.kind == "missing":
        return _("%(field)s not recorded", field=label("field", group.fact, language))
    if group.kind == "doubt":
        kind, _sep, fact = group.key.partition(":")[2].partition(":")
        return doubt_key_text(kind, fact, language)
    return {
        "changed": _("The computed result changed"),
        "overridden": _("Overridden; the computed result changed since the override"),
        "failed": _("Could not be recomputed"),
        "other": _("Other reasons: see each person"),
    }.get(group.kind, _("Nothing left to check: confirm and take off the queue"))


def listed_by(session: Session, person_ids: Iterable[int]) -> dict[int, set[str]]:
    """Return person -> the members whose live lists name them (the sources to ask)."""
    ids, found = list(person_ids), {}
    for start in range(0, len(ids), 500):
        stmt = (live_records().with_only_columns(SourceRecord.person_id, Organisation.code)
                .join(Organisation, Organisation.id == SourceRecord.organisation_id)
                .where(SourceRecord.person_id.in_(ids[start:start + 500])).distinct())
        for pid, code in session.execute(stmt):
            found.setdefault(pid, set()).add(code)
    return found
