"""Write a ChangesReport to XLSX: a summary sheet, then one sheet per kind of change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from exchange.importing.export import write_sheet
from exchange.reports.changes import STATUS_KINDS, ChangesReport

PERSON = (
    ("ID / ID особи", 10),
    ("Surname / Прізвище", 22),
    ("Given name / Ім'я", 18),
    ("Patronymic / По батькові", 20),
    ("Date of birth / Дата народження", 14),
)
LABELS = {
    "new": "New persons / Нові особи",
    "no_longer_listed": "No longer listed / Більше не в списках",
    "pending": (
        "New or gone unless a record awaiting a decision is them / "
        "Нові або зниклі, якщо тільки запис, що чекає рішення, не про них"
    ),
    "pending_records": "Records awaiting a decision / Записи, що чекають рішення",
    "released": "Released / Звільнені",
    "exchanged": "Exchanged / Обміняні",
    "deceased": "Deceased / Померлі",
    "repatriated": "Repatriated / Репатрійовані",
    "changed": "Changed facts (persons) / Змінені відомості (осіб)",
    "conflicts": "New conflicts (persons) / Нові розбіжності (осіб)",
    "status_in_notes": "Release only in a note (persons) / Звільнення лише у примітці (осіб)",
    "pending_review": "New or gone, in an open match review / Нові або зниклі, на перевірці",
}
REVIEW = ("Open match review with (IDs) / На перевірці збігу з (ID)", 20)
SHEET_COLUMNS = {
    "new": (
        ("Members / Організації", 20),
        ("Sources / Джерела", 40),
        ("Status / Статус", 12),
        REVIEW,
    ),
    "no_longer_listed": (
        ("Last listed in / Востаннє у списку", 14),
        ("Last members / Останні організації", 20),
        ("Last sources / Останні джерела", 40),
        REVIEW,
        ("Last status / Останній статус", 12),
    ),
    "pending": (
        ("Would be / Було б", 16),
        ("Listed in / У списку за", 14),
        ("Sources / Джерела", 40),
        ("May be the record awaiting a decision / Може бути записом, що чекає рішення", 40),
        REVIEW,
    ),
    "status": (
        ("Before / Було", 12),
        ("After / Стало", 12),
        ("Released on / Дата звільнення", 14),
        ("Sources / Джерела", 40),
        ("Their notes / Їхні примітки", 50),
    ),
    "changed": (
        ("Field / Поле", 20),
        ("Before / Було", 24),
        ("After / Стало", 24),
        ("Sources / Джерела", 40),
    ),
    "conflicts": (("Field / Поле", 20), ("Values / Значення", 60)),
    "noted": (("Status in the note / Статус у примітці", 14), ("Notes / Примітки", 60)),
}


def _ids(ids: tuple[int, ...]) -> str:
    return ", ".join(str(i) for i in ids)


def _add(wb: Workbook, title: str, kind: str, rows: Iterable[Sequence[object]]) -> None:
    columns = (*PERSON, *SHEET_COLUMNS[kind])
    write_sheet(wb, title, [h for h, _ in columns], rows, widths=[w for _, w in columns])


def write_changes(report: ChangesReport, out: str | Path | IO[bytes]) -> dict[str, int]:
    """Write the report to an XLSX file (or a binary stream); return its counts."""
    counts = report.counts()
    wb = Workbook(write_only=True)
    summary = [
        ["from", "", report.from_month],
        ["to", "", report.to_month],
        *([key, LABELS[key], n] for key, n in counts.items()),
    ]
    header = ["Key / Ключ", "Change / Зміна", "Count / Кількість"]
    write_sheet(wb, "summary", header, summary, widths=[18, 50, 14])
    _add(
        wb,
        "new",
        "new",
        (
            [*r.person.cells(), ", ".join(r.members), r.sources, r.status, _ids(r.in_review_with)]
            for r in report.new
        ),
    )
    _add(
        wb,
        "no longer listed",
        "no_longer_listed",
        (
            [
                *r.person.cells(),
                r.last_month,
                ", ".join(r.last_members),
                r.last_sources,
                _ids(r.in_review_with),
                r.last_status,
            ]
            for r in report.no_longer_listed
        ),
    )
    _add(
        wb,
        "awaiting a decision",
        "pending",
        (
            [
                *r.person.cells(),
                LABELS[r.kind],
                r.month,
                r.sources,
                r.pending_records,
                _ids(r.in_review_with),
            ]
            for r in report.pending
        ),
    )
    for kind in STATUS_KINDS:
        _add(
            wb,
            kind,
            "status",
            (
                [*r.person.cells(), r.before, r.after, r.released_on, r.sources, r.notes]
                for r in report.of_status(kind)
            ),
        )
    _add(
        wb,
        "changed facts",
        "changed",
        ([*r.person.cells(), r.field, r.before, r.after, r.sources] for r in report.changed),
    )
    _add(
        wb,
        "new conflicts",
        "conflicts",
        ([*r.person.cells(), r.field, r.values] for r in report.conflicts),
    )
    _add(
        wb,
        "status in notes",
        "noted",
        ([*r.person.cells(), r.status, r.notes] for r in report.noted),
    )
    wb.save(out if not isinstance(out, str) else Path(out))
    return counts


def counts_text(counts: dict[str, int]) -> str:
    """Return the counts as `key=value` lines."""
    return "\n".join(f"{key}={n}" for key, n in counts.items())
