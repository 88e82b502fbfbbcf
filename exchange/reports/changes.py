"""What changed in the joint list from one month to another: plain dataclasses, then XLSX.

"New": listed by some member in the later month and by none in the earlier one; "no longer
listed" the reverse. Status changes and new conflicts compare what the records said up to
each month (merged by `exchange.domain.merge`); changed facts are what a member
changed in its own record (`exchange.reports.facts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.domain.fields import CURRENT_FIELDS, DETENTION_FIELDS, IDENTITY_FIELDS
from exchange.domain.merge import FieldChoice, Observation, choose_most_recent
from exchange.domain.pending import pending_candidates, pending_records
from exchange.domain.statuses import NOT_HELD, NOT_HELD_ORDER
from exchange.labels import value_label
from exchange.models import SourceRecord
from exchange.models.person import name_sort_text
from exchange.reports.facts import member_changes
from exchange.reports.joint_list import sources_text
from exchange.reports.notes import notes_reporting_release
from exchange.reports.queries import (
    month_observations,
    observations_of,
    person_names,
    review_partners,
)
from exchange.reports.watched import conflicting, watched_facts

STATUS_KINDS = NOT_HELD_ORDER
# `pending`: persons who would be new or no longer listed, unless an open decision shows they
# are someone listed in the other month: a candidate of a record of the other month awaiting a
# decision (exchange.domain.pending), or in an open match review with a person listed in the
# other month. Counted apart until a reviewer decides. `pending_records`: the later month's
# records awaiting a decision (never "new": they are nobody yet).
# `pending_review`: new or no longer listed persons whom an open match review may join to
# another person; until it is decided, they may be one human counted as new and as gone.
# `status_in_notes`: persons whom only a note of the later month reports released, exchanged
# or dead (see exchange.reports.notes): for a coordinator to confirm.
COUNT_KEYS = (
    "new",
    "no_longer_listed",
    "pending",
    "pending_records",
    *STATUS_KINDS,
    "changed",
    "conflicts",
    "status_in_notes",
    "pending_review",
)
# Facts compared month to month. Names are not: members spell them differently from month to
# month (script, initials, typos) and the registry keeps every spelling as a name variant.
# Notes are free text that members rewrite every month.
COMPARED_FIELDS = tuple(
    f for f in (*IDENTITY_FIELDS, *CURRENT_FIELDS, *DETENTION_FIELDS) if f != "notes"
)
STATUS_FIELDS = ("release_status", "released_on")


@dataclass(frozen=True)
class PersonRef:
    """Who a change is about, as the registry names them now."""

    person_id: int
    surname: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    date_of_birth: str | None = None

    def cells(self) -> list[object]:
        return [self.person_id, self.surname, self.given_name, self.patronymic, self.date_of_birth]


@dataclass(frozen=True)
class NewPerson:
    person: PersonRef
    members: tuple[str, ...]
    sources: str
    status: str | None
    in_review_with: tuple[int, ...] = ()  # persons an open match review may join them to


@dataclass(frozen=True)
class NoLongerListed:
    person: PersonRef
    last_month: str
    last_members: tuple[str, ...]
    last_sources: str
    in_review_with: tuple[int, ...] = ()
    last_status: str | None = None  # what their last records said: detained is an alarm


@dataclass(frozen=True)
class MaybeListed:
    """A person new or gone unless an open decision shows they are someone listed all along.

    Gone from the later month's lists, or new in it, while a record of the other month
    awaiting a decision may be them (they are its candidate), or an open match review
    asks whether they are a person listed in the other month.
    """

    person: PersonRef
    kind: str  # "new" or "no_longer_listed": what they would be counted as
    month: str  # the month they are listed in (for one gone: the last)
    sources: str  # their records of that month
    pending_records: str = ""  # records awaiting a decision that may be them (`ORG:id (month)`)
    in_review_with: tuple[int, ...] = ()  # persons of the other month an open review names


@dataclass(frozen=True)
class StatusChange:
    person: PersonRef
    before: str | None
    after: str
    released_on: str | None
    sources: str
    # the notes of those records: the importer may have read the status from them, and a
    # note like "включений до списку на обмін" deserves a second look before anyone is dropped
    notes: str = ""


@dataclass(frozen=True)
class NotedStatus:
    person: PersonRef
    status: str
    notes: str


@dataclass(frozen=True)
class FactChange:
    person: PersonRef
    field: str
    before: str | None
    after: str | None
    sources: str


@dataclass(frozen=True)
class NewConflict:
    person: PersonRef
    field: str
    values: tuple[tuple[str | None, tuple[str, ...]], ...]  # (value or withheld, records)

    def values_text(self, language: str | None = None) -> str:
        """Each value with who gives it: `Автономна Республіка Крим (CHRG:1); ...`."""
        return "; ".join(
            f"{value_label(self.field, value, language)} ({', '.join(refs)})"
            if value is not None else f"({', '.join(refs)})"  # withheld from this reader
            for value, refs in self.values)


@dataclass
class ChangesReport:
    """Every change between two months, by kind."""

    from_month: str
    to_month: str
    new: list[NewPerson] = field(default_factory=list)
    no_longer_listed: list[NoLongerListed] = field(default_factory=list)
    pending: list[MaybeListed] = field(default_factory=list)
    pending_records: int = 0
    status_changes: list[StatusChange] = field(default_factory=list)
    changed: list[FactChange] = field(default_factory=list)
    conflicts: list[NewConflict] = field(default_factory=list)
    noted: list[NotedStatus] = field(default_factory=list)

    def of_status(self, kind: str) -> list[StatusChange]:
        """Return the status changes into `kind` (released, exchanged, ...)."""
        return [c for c in self.status_changes if c.after == kind]

    def counts(self) -> dict[str, int]:
        """Return the number of persons per kind of change, in COUNT_KEYS order."""
        counts = {
            "new": len(self.new),
            "no_longer_listed": len(self.no_longer_listed),
            "pending": len(self.pending),
            "pending_records": self.pending_records,
        }
        counts.update({kind: len(self.of_status(kind)) for kind in STATUS_KINDS})
        counts["changed"] = len({c.person.person_id for c in self.changed})
        counts["conflicts"] = len({c.person.person_id for c in self.conflicts})
        counts["status_in_notes"] = len(self.noted)
        counts["pending_review"] = sum(
            1 for r in (*self.new, *self.no_longer_listed) if r.in_review_with
        )
        return counts


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _pinned(provenance: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Return the coordinator's hand-chosen values, which hold in every month."""
    return {
        name: choice
        for name, choice in (provenance or {}).items()
        if isinstance(choice, Mapping) and choice.get("rule") == "coordinator"
    }


def _status(observations: Sequence[Observation]) -> str | None:
    choice = choose_most_recent(observations, "release_status")
    return None if choice is None else _text(choice.value)


def _disputing(choice: FieldChoice) -> list[dict[str, Any]]:
    """Return the sources the conflict is about: the latest month, or each member's latest."""
    if choice.rule == "most_recent":
        last = max(s["month"] for s in choice.sources)
        return [s for s in choice.sources if s["month"] == last]
    latest: dict[str, str] = {}
    for s in choice.sources:
        latest[s["org"]] = max(latest.get(s["org"], ""), s["month"])
    return [s for s in choice.sources if s["month"] == latest[s["org"]]]


def _conflict_values(choice: FieldChoice) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return each value members give with who gives it: `(UA-43, (CHRG:1,)), ...`."""
    refs: dict[str, set[str]] = {}
    for s in _disputing(choice):
        refs.setdefault(str(s["value"]), set()).add(f"{s['org']}:{s['record_id']}")
    return tuple((v, tuple(sorted(r))) for v, r in sorted(refs.items()))


class _Builder:
    """Collect the report from the two months' observations (one pass per person)."""

    def __init__(self, session: Session, from_month: str, to_month: str) -> None:
        self.first = month_observations(session, from_month)
        self.second = month_observations(session, to_month)
        ids = set(self.first) | set(self.second)
        self.history = observations_of(session, ids, to_month)
        self.names = person_names(session, ids)
        self.partners = review_partners(session)
        self.report = ChangesReport(from_month, to_month)
        self.waiting = pending_by_candidate(session, to_month)
        self.waiting_before = pending_by_candidate(session, from_month)
        self.report.pending_records = session.scalar(
            pending_records(to_month).with_only_columns(func.count(SourceRecord.id))
        )

    def ref(self, person_id: int) -> PersonRef:
        row = self.names.get(person_id)
        return PersonRef(*row[:5]) if row else PersonRef(person_id)

    def build(self) -> ChangesReport:
        for pid in sorted(set(self.first) - set(self.second), key=self.sort_key):
            self.add_gone(pid)
        for pid in sorted(self.second, key=self.sort_key):
            self.add_listed(pid)
        return self.report

    def maybe_listed(
        self,
        pid: int,
        kind: str,
        month: str,
        listed: list[Observation],
        waiting: dict[int, str],
        other_month: dict[int, list[Observation]],
    ) -> bool:
        """Put a new or gone person aside when an open decision may show they are not."""
        partners = tuple(sorted(self.partners.get(pid, set()) & set(other_month)))
        if pid not in waiting and not partners:
            return False
        self.report.pending.append(
            MaybeListed(
                self.ref(pid), kind, month, sources_text(listed), waiting.get(pid, ""), partners
            )
        )
        return True

    def in_review(self, pid: int) -> tuple[int, ...]:
        return tuple(sorted(self.partners.get(pid, ())))

    def sort_key(self, pid: int) -> tuple:
        ref = self.ref(pid)
        return (name_sort_text(ref.surname, ref.given_name, ref.patronymic), pid)

    def add_gone(self, pid: int) -> None:
        seen = [o for o in self.history.get(pid, []) if o.month < self.report.to_month]
        last = max(o.month for o in seen)
        at_last = [o for o in seen if o.month == last]
        members = tuple(sorted({o.org for o in at_last}))
        if self.maybe_listed(pid, "no_longer_listed", last, at_last, self.waiting, self.second):
            return
        self.report.no_longer_listed.append(
            NoLongerListed(
                self.ref(pid),
                last,
                members,
                sources_text(at_last),
                self.in_review(pid),
                _status(at_last),
            )
        )

    def add_listed(self, pid: int) -> None:
        current = self.second[pid]
        everything = self.history.get(pid, current)
        earlier = [o for o in everything if o.month <= self.report.from_month]
        month = self.report.to_month
        if pid not in self.first and self.maybe_listed(
            pid, "new", month, current, self.waiting_before, self.first
        ):
            pass
        elif pid not in self.first:
            members = tuple(sorted({o.org for o in current}))
            self.report.new.append(
                NewPerson(
                    self.ref(pid),
                    members,
                    sources_text(current),
                    _status(current),
                    self.in_review(pid),
                )
            )
        pinned = _pinned(self.names[pid][5] if pid in self.names else None)
        after = watched_facts(everything, pinned)
        before = watched_facts(earlier, pinned) if earlier else {}
        moved = self.add_status(pid, current, before)
        noted, notes = notes_reporting_release(current)
        if noted and not moved:
            self.report.noted.append(NotedStatus(self.ref(pid), noted, notes))
        fields = [f for f in COMPARED_FIELDS if not (moved and f in STATUS_FIELDS)]
        for change in member_changes(earlier, current, fields):
            self.report.changed.append(
                FactChange(self.ref(pid), change.field, change.before, change.after, change.sources)
            )
        self.add_conflicts(pid, before, after)

    def add_status(self, pid: int, current: list[Observation], before: dict) -> bool:
        now = _status(current)
        was = _text(before["release_status"].value) if "release_status" in before else None
        if now not in NOT_HELD or now == was:
            return False
        released_on = choose_most_recent(current, "released_on")
        saying = [o for o in current if _status([o]) == now]
        self.report.status_changes.append(
            StatusChange(
                self.ref(pid),
                was,
                now,
                None if released_on is None else _text(released_on.value),
                sources_text(saying),
                "; ".join(
                    sorted(
                        {
                            f"{o.org}:{o.record_id}: {o.get('notes')}"
                            for o in saying
                            if o.get("notes")
                        }
                    )
                ),
            )
        )
        return True

    def add_conflicts(self, pid: int, before: dict, after: dict) -> None:
        for name in conflicting(after):
            if name not in conflicting(before):
                self.report.conflicts.append(
                    NewConflict(self.ref(pid), name, _conflict_values(after[name]))
                )


def pending_by_candidate(session: Session, month: str) -> dict[int, str]:
    """Return, per candidate person, the month's records awaiting a decision that may be them."""
    found: dict[int, set[str]] = {}
    for pid, code, record_id, row in session.execute(pending_candidates(month)):
        found.setdefault(pid, set()).add(f"{code}:{record_id or f'row-{row}'} ({month})")
    return {pid: "; ".join(sorted(refs)) for pid, refs in found.items()}


def compute_changes(session: Session, from_month: str, to_month: str) -> ChangesReport:
    """Return what changed between two months (both checked by the caller).

    Computed once per state of the registry (`exchange.computed`); the report is shared,
    so callers must not change it (`dataclasses.replace` makes a changed copy).
    """
    return remember(session, ("changes", from_month, to_month),
                    lambda: _Builder(session, from_month, to_month).build())
