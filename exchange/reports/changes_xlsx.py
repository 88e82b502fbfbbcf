"""Write a ChangesReport to XLSX: a summary sheet, then one sheet per kind of change.

Headers, sheet names and values are in the workbook's language (labels, never codes); the
person ID column is the key for programs reading the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from exchange.labels import label, value_label
from exchange.reports.changes import STATUS_KINDS, ChangesReport
from exchange.workbooks import PrintTitle, document_title, saved_workbook, write_sheet

PERSON = (
    ("person_id", 9),
    ("surname", 20),
    ("given_name", 16),
    ("patronymic", 18),
    ("date_of_birth", 12),
)
SHEET_COLUMNS = {
    "new": (("members", 16), ("sources", 34), ("release_status", 12), ("in_review_with", 16)),
    "no_longer_listed": (
        ("last_month", 12),
        ("last_members", 16),
        ("last_sources", 34),
        ("in_review_with", 16),
        ("last_status", 12),
    ),
    "pending": (
        ("would_be", 16),
        ("listed_in", 12),
        ("sources", 30),
        ("may_be_record", 30),
        ("in_review_with", 16),
    ),
    "status": (
        ("before", 12),
        ("after", 12),
        ("released_on", 12),
        ("sources", 30),
        ("their_notes", 44),
    ),
    "changed": (("field", 20), ("before", 24), ("after", 24), ("sources", 34)),
    "conflicts": (("field", 20), ("values", 60)),
    "noted": (("noted_status", 14), ("notes", 60)),
}


def _ids(ids: tuple[int, ...]) -> str:
    return ", ".join(str(i) for i in ids)


class _Writer:
    """Add the report's sheets to a workbook, in one language, each with its printed title."""

    def __init__(self, wb: Workbook, report: ChangesReport, language: str) -> None:
        self.wb, self.report, self.language = wb, report, language
        self.title = document_title(
            "changes", language, month=f"{report.from_month} → {report.to_month}")

    def say(self, vocabulary: str, value: object) -> str | None:
        return label(vocabulary, value, self.language) or None

    def add(self, kind: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
        cols = (*PERSON, *SHEET_COLUMNS[columns])
        name = label("change_kind", kind, self.language)
        write_sheet(self.wb, name, [label("report_column", key, self.language) for key, _ in cols],
                    rows, widths=[w for _, w in cols],
                    print_title=PrintTitle(f"{self.title.text} · {name}", self.language))

    def summary(self, counts: dict[str, int]) -> None:
        rows = [
            [label("report_column", "from_month", self.language), self.report.from_month],
            [label("report_column", "to_month", self.language), self.report.to_month],
            *([label("change_kind", key, self.language), n] for key, n in counts.items()),
        ]
        header = [label("report_column", "change", self.language),
                  label("report_column", "count", self.language)]
        write_sheet(self.wb, label("sheet", "summary", self.language), header, rows,
                    widths=[50, 14], print_title=self.title)

    def sheets(self) -> None:
        report, say = self.report, self.say
        self.add("new", "new", (
            [*r.person.cells(), ", ".join(r.members), r.sources, say("release_status", r.status),
             _ids(r.in_review_with)] for r in report.new))
        self.add("no_longer_listed", "no_longer_listed", (
            [*r.person.cells(), r.last_month, ", ".join(r.last_members), r.last_sources,
             _ids(r.in_review_with), say("release_status", r.last_status)]
            for r in report.no_longer_listed))
        self.add("pending", "pending", (
            [*r.person.cells(), say("change_kind", r.kind), r.month, r.sources,
             r.pending_records, _ids(r.in_review_with)]
            for r in report.pending))
        for kind in STATUS_KINDS:
            self.add(kind, "status", (
                [*r.person.cells(), say("release_status", r.before),
                 say("release_status", r.after), r.released_on, r.sources, r.notes]
                for r in report.of_status(kind)))
        self.add("changed", "changed", (
            [*r.person.cells(), say("field", r.field),
             value_label(r.field, r.before, self.language) or None,
             value_label(r.field, r.after, self.language) or None, r.sources]
            for r in report.changed))
        self.add("conflicts", "conflicts", (
            [*r.person.cells(), say("field", r.field), r.values_text(self.language)]
            for r in report.conflicts))
        self.add("status_in_notes", "noted", (
            [*r.person.cells(), say("release_status", r.status), r.notes]
            for r in report.noted))


def write_changes(report: ChangesReport, out: str | Path | IO[bytes], *,
                  language: str = "uk") -> dict[str, int]:
    """Write the report to an XLSX file (or a binary stream); return its counts."""
    counts = report.counts()
    with saved_workbook(out) as wb:
        writer = _Writer(wb, report, language)
        writer.summary(counts)
        writer.sheets()
    return counts


def counts_text(counts: dict[str, int]) -> str:
    """Return the counts as `key=value` lines."""
    return "\n".join(f"{key}={n}" for key, n in counts.items())
