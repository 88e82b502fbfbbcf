"""The Coalition's joint list for a month: one row per person listed, still held, not excluded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.domain.fields import CONFLICT_FIELDS
from exchange.domain.merge import Observation, choose_most_recent, held_in_month
from exchange.domain.pending import PendingRecord
from exchange.importing.export import write_sheet
from exchange.models import ListMonth
from exchange.reports.notes import notes_reporting_release
from exchange.reports.queries import listed_person_ids, month_observations, observations_of
from exchange.reports.queries import person_facts as person_facts_select
from exchange.reports.watched import conflicting, watched_facts

# (header, width): Ukrainian beside English, so both teams can filter the same file.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("ID / ID особи", 10),
    ("Surname / Прізвище", 22),
    ("Given name / Ім'я", 18),
    ("Patronymic / По батькові", 20),
    ("Date of birth / Дата народження", 14),
    ("Region / Регіон", 10),
    ("Status / Статус", 12),
    ("Category / Категорія", 20),
    ("Eligibility / Відповідність критеріям", 22),
    ("Members / Організації", 20),
    ("Sources / Джерела", 40),
    ("Conflicts / Розбіжності", 24),
    ("Release in notes, to check / Звільнення у примітках, перевірити", 40),
)


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

    def cells(self) -> list[object]:
        """Return the row's cells in the order of COLUMNS."""
        return [
            self.person_id,
            self.surname,
            self.given_name,
            self.patronymic,
            self.date_of_birth,
            self.residence_region,
            self.status,
            self.category,
            self.eligibility,
            ", ".join(self.members),
            self.sources,
            "; ".join(self.conflicts),
            f"{self.noted_status}: {self.noted}" if self.noted_status else None,
        ]


def sources_text(observations: Iterable[Observation]) -> str:
    """Return `ORG:record_id; ORG:record_id`, sorted, each reference once."""
    return "; ".join(sorted({f"{o.org}:{o.record_id}" for o in observations}))


def stored_conflicts(provenance: Mapping[str, Any] | None) -> list[str] | None:
    """Return the watched fields flagged in stored provenance (None when there is none)."""
    if not provenance:
        return None
    return [f for f in CONFLICT_FIELDS if (provenance.get(f) or {}).get("conflict")]


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
    """Return the month's joint list: as published when it is, else as it stands now."""
    snapshot = published_snapshot(session, month)
    if snapshot is not None:
        return [_from_snapshot(item) for item in snapshot]
    return current_joint_list_rows(session, month)


def current_joint_list_rows(session: Session, month: str) -> list[JointRow]:
    """Return the month's joint list computed from the records now, sorted by name."""
    listed = month_observations(session, month)
    facts = session.execute(person_facts_select(listed_person_ids(month))).all()
    missing = [f[0] for f in facts if stored_conflicts(f[7]) is None]
    history = observations_of(session, missing, month) if missing else {}
    rows = []
    for fact in facts:
        pid, exclusion, provenance, eligibility = fact[0], fact[6], fact[7], fact[9]
        current = listed.get(pid, [])
        if not held_in_month(current, month) or is_excluded(exclusion, eligibility):
            continue
        found = stored_conflicts(provenance)
        if found is None:
            found = computed_conflicts(history.get(pid, current))
        rows.append(_joint_row(fact, current, found))
    return sorted(
        rows,
        key=lambda r: ((r.surname or "").casefold(), (r.given_name or "").casefold(), r.person_id),
    )


def _joint_row(fact: Sequence, current: Sequence[Observation], found: list[str]) -> JointRow:
    """Build one row from a `person_facts` row and the month's observations of the person."""
    pid, surname, given, patronymic, dob, region, _exclusion, _prov, category, eligibility = fact
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


# The records awaiting a decision, on a sheet of their own after the persons' sheet.
PENDING_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Record / Запис", 22),
    ("Month / Місяць", 10),
    ("Surname / Прізвище", 22),
    ("Given name / Ім'я", 18),
    ("Patronymic / По батькові", 20),
    ("Date of birth / Дата народження", 14),
    ("Why it waits / Чому чекає", 36),
    ("May be (ID, probability) / Може бути (ID, імовірність)", 60),
)
PENDING_REASONS_SHOWN = {
    "ambiguous": "fits several persons equally / однаково підходить кільком особам",
    "duplicate": (
        "reads like a person already in the same list / "
        "схожий на особу, яка вже є в тому ж списку"
    ),
}


def pending_cells(pending: PendingRecord) -> list[object]:
    """Return one record awaiting a decision as cells of PENDING_COLUMNS."""
    record = pending.record
    values = record.values or {}
    return [
        f"{record.organisation.code}:{record.record_id or f'row-{record.row_number}'}",
        record.list_month,
        values.get("surname"),
        values.get("given_name"),
        values.get("patronymic"),
        values.get("date_of_birth"),
        PENDING_REASONS_SHOWN.get(pending.reason or "", pending.reason),
        "; ".join(
            f"{c.person_id} {c.name} ({c.probability:.2f})" for c in pending.candidates
        ),
    ]


def write_joint_list(
    rows: Iterable[JointRow],
    out: str | Path | IO[bytes],
    month: str,
    pending: Sequence[PendingRecord] = (),
) -> int:
    """Write the joint list to an XLSX file (or a binary stream); return the rows written.

    The persons' sheet comes first; the month's records awaiting a decision (attached to
    no person yet, with every person they may be) follow on a sheet of their own.
    """
    wb = Workbook(write_only=True)
    count = write_sheet(
        wb,
        f"joint list {month}",
        [header for header, _ in COLUMNS],
        (row.cells() for row in rows),
        widths=[width for _, width in COLUMNS],
    )
    if pending:
        write_sheet(
            wb,
            "awaiting a decision",
            [header for header, _ in PENDING_COLUMNS],
            (pending_cells(p) for p in pending),
            widths=[width for _, width in PENDING_COLUMNS],
        )
    wb.save(out if not isinstance(out, str) else Path(out))
    return count
