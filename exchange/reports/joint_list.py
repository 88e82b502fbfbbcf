"""The Coalition's joint list for a month: one row per person listed, still held, not excluded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.domain.fields import CONFLICT_FIELDS
from exchange.domain.merge import Observation, choose_most_recent, held_in_month
from exchange.domain.pending import PendingRecord
from exchange.labels import label, region_name
from exchange.models import ListMonth
from exchange.models.person import name_sort_text
from exchange.reports.notes import notes_reporting_release
from exchange.reports.queries import facts_of, month_observations, observations_of
from exchange.reports.watched import conflicting, watched_facts
from exchange.workbooks import document_title, saved_workbook, write_sheet

# (key of the report_column vocabulary, width): the headers are in the workbook's language.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("person_id", 8),
    ("surname", 17),
    ("given_name", 13),
    ("patronymic", 16),
    ("date_of_birth", 12),
    ("residence_region", 16),
    ("release_status", 12),
    ("category", 22),
    ("eligibility", 14),
    ("members", 14),
    ("sources", 22),
    ("conflicts", 14),
    ("noted", 22),
)
# The stored codes and the records' references, for programs reading the file: hidden
# columns after the printed ones, headed by the record format's names in every language.
CODE_COLUMNS = ("residence_region", "release_status", "category", "eligibility", "sources")


@dataclass(frozen=True)
class JointRow:
    """One person of the joint list with the members that list them that month."""

    person_id: int
    surname: str | None
    given_name: str | None
    patronymic: str | None
    date_of_birth: str | None
    residence_region: str | None
    status: str | None
    category: str | None
    eligibility: str | None
    members: tuple[str, ...]
    sources: str
    conflicts: tuple[str, ...]
    # a release, exchange or death that only a note of the month reports (see reports.notes)
    noted_status: str | None = None
    noted: str = ""

    def cells(self, language: str) -> list[object]:
        """Return the row's cells in the order of COLUMNS, then CODE_COLUMNS (codes)."""
        noted = label("release_status", self.noted_status, language)
        return [
            self.person_id,
            self.surname,
            self.given_name,
            self.patronymic,
            self.date_of_birth,
            region_name(self.residence_region, language) or None,
            label("release_status", self.status, language) or None,
            label("category", self.category, language) or None,
            label("eligibility", self.eligibility, language) or None,
            ", ".join(self.members),
            self.sources,
            "; ".join(label("field", f, language) for f in self.conflicts) or None,
            f"{noted}: {self.noted}" if self.noted_status else None,
            self.residence_region,
            self.status,
            self.category,
            self.eligibility,
            self.sources,
        ]


def sources_text(observations: Iterable[Observation]) -> str:
    """Return `ORG:record_id; ORG:record_id`, sorted, each reference once."""
    return "; ".join(sorted({f"{o.org}:{o.record_id}" for o in observations}))


def stored_conflicts(stored: str | None) -> list[str] | None:
    """Return the watched fields of `Person.conflict_fields` (None: no stored provenance)."""
    if stored is None:
        return None
    return [f for f in CONFLICT_FIELDS if f";{f};" in stored]


def computed_conflicts(observations: Sequence[Observation]) -> list[str]:
    """Merge the watched fields now and return those members disagree on."""
    return conflicting(watched_facts(observations))


def is_excluded(exclusion: object, eligibility: str | None) -> bool:
    """Return whether the Coalition excludes the person (own assessment or eligibility)."""
    return bool(exclusion) or (eligibility or "").startswith("excluded:")


def _value(item: object) -> str | None:
    return None if item is None else str(getattr(item, "value", item))


def _month_status(observations: Sequence[Observation]) -> str | None:
    choice = choose_most_recent(observations, "release_status")
    return None if choice is None else str(choice.value)


def published_snapshot(session: Session, month: str) -> list[dict] | None:
    """Return the rows frozen when the month was published (None: not published)."""
    row = session.scalar(select(ListMonth).where(ListMonth.month == month))
    if row is None or not row.is_frozen or row.snapshot is None:
        return None
    return row.snapshot


def _from_snapshot(item: Mapping[str, Any]) -> JointRow:
    """Rebuild a row kept in a published snapshot (fields added since then keep defaults)."""
    known = {f.name for f in fields(JointRow)}
    values = {k: v for k, v in item.items() if k in known}
    values["members"] = tuple(values.get("members") or ())
    values["conflicts"] = tuple(values.get("conflicts") or ())
    return JointRow(**values)


def joint_list_rows(session: Session, month: str) -> list[JointRow]:
    """Return the month's joint list: as published when it is, else as it stands now.

    Computed once per state of the registry (`exchange.computed`); the rows are shared, so
    callers must not change them (they are frozen dataclasses).
    """
    return remember(session, ("joint_list", month), lambda: _joint_list_rows(session, month))


def _joint_list_rows(session: Session, month: str) -> list[JointRow]:
    snapshot = published_snapshot(session, month)
    if snapshot is not None:
        return [_from_snapshot(item) for item in snapshot]
    return current_joint_list_rows(session, month)


def current_joint_list_rows(session: Session, month: str) -> list[JointRow]:
    """Return the month's joint list computed from the records now, sorted by name."""
    listed = month_observations(session, month)
    facts = list(facts_of(session, listed).values())  # by known ids: see facts_of
    missing = [f[0] for f in facts if stored_conflicts(f[7]) is None]
    history = observations_of(session, missing, month) if missing else {}
    rows = []
    for fact in facts:
        pid, exclusion, stored, eligibility = fact[0], fact[6], fact[7], fact[9]
        current = listed.get(pid, [])
        if not held_in_month(current, month) or is_excluded(exclusion, eligibility):
            continue
        found = stored_conflicts(stored)
        if found is None:
            found = computed_conflicts(history.get(pid, current))
        rows.append(_joint_row(fact, current, found))
    # Ukrainian alphabetical order, a Latin name by its derived Cyrillic form (as the registry)
    return sorted(rows, key=lambda r: (name_sort_text(r.surname, r.given_name, r.patronymic),
                                       r.person_id))


def _joint_row(fact: Sequence, current: Sequence[Observation], found: list[str]) -> JointRow:
    """Build one row from a `person_facts` row and the month's observations of the person."""
    pid, surname, given, patronymic, dob, region, _exclusion, _stored, category, eligibility = fact
    return JointRow(
        pid,
        surname,
        given,
        patronymic,
        dob,
        region,
        _month_status(current),
        _value(category),
        eligibility,
        tuple(sorted({o.org for o in current})),
        sources_text(current),
        tuple(found),
        *notes_reporting_release(current),
    )


CHECKS = ("conflicts", "notes")


def narrow(
    rows: Iterable[JointRow],
    *,
    member: str | None = None,
    category: str | None = None,
    check: str | None = None,
) -> list[JointRow]:
    """Keep the rows a member lists, of a category, or to check (conflicts, release in notes)."""
    return [
        r
        for r in rows
        if (not member or member in r.members)
        and (not category or r.category == category)
        and (check != "conflicts" or r.conflicts)
        and (check != "notes" or r.noted_status)
    ]


# The records awaiting a decision, on a sheet of their own after the persons' sheet:
# (key of the report_column vocabulary, width).
PENDING_COLUMNS: tuple[tuple[str, int], ...] = (
    ("record", 18),
    ("month", 9),
    ("surname", 17),
    ("given_name", 13),
    ("patronymic", 16),
    ("date_of_birth", 12),
    ("why_waiting", 28),
    ("may_be", 40),
)


def pending_cells(pending: PendingRecord, language: str = "uk",
                  refs: Callable[[str], str | None] | None = None) -> list[object]:
    """Return one record awaiting a decision as cells of PENDING_COLUMNS.

    `refs` shows a reference as the reader may see it (`exchange.auth.access.visible_refs`).
    """
    record = pending.record
    values = record.values or {}
    ref = f"{record.organisation.code}:{record.record_id or f'row-{record.row_number}'}"
    return [
        refs(ref) if refs is not None else ref,
        record.list_month,
        values.get("surname"),
        values.get("given_name"),
        values.get("patronymic"),
        values.get("date_of_birth"),
        label("review_reason", pending.reason, language) if pending.reason else "",
        "; ".join(f"{c.person_id} {c.name} ({c.probability:.2f})" for c in pending.candidates),
    ]


def write_joint_list(rows: Iterable[JointRow], out: str | Path | IO[bytes], month: str,
                     pending: Sequence[PendingRecord] = (), *, language: str = "uk",
                     published: bool = False,
                     refs: Callable[[str], str | None] | None = None) -> int:
    """Write the joint list to an XLSX file (or a binary stream); return the rows written.

    Headers and values are in `language`; the stored codes follow in hidden columns. The
    month's records awaiting a decision (attached to no person yet, with every person they
    may be) follow on a sheet of their own.
    """
    header = [label("report_column", key, language) for key, _ in COLUMNS] + list(CODE_COLUMNS)
    title = document_title("joint_list", language, month=month, published=published)
    with saved_workbook(out) as wb:
        count = write_sheet(
            wb,
            f"{label('sheet', 'joint_list', language)} {month}",
            header,
            (row.cells(language) for row in rows),
            widths=[width for _, width in COLUMNS] + [12] * len(CODE_COLUMNS),
            print_title=title,
            hidden=range(len(COLUMNS), len(COLUMNS) + len(CODE_COLUMNS)),
            wrap=True,
        )
        if pending:
            write_sheet(
                wb,
                label("sheet", "pending", language),
                [label("report_column", key, language) for key, _ in PENDING_COLUMNS],
                (pending_cells(p, language, refs) for p in pending),
                widths=[width for _, width in PENDING_COLUMNS],
                print_title=document_title("joint_list", language, month=month,
                                           published=published,
                                           detail=label("sheet", "pending", language)),
                wrap=True,
            )
        return count
