"""Write source records to XLSX in the canonical columns, safe to open in Excel."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from sqlalchemy import Select
from sqlalchemy.orm import Session

from exchange.domain.months import is_published
from exchange.domain.records import live_records
from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.models import Organisation, SourceRecord
from exchange.workbooks import (
    PrintTitle,
    column_widths,
    document_title,
    safe_cell,
    saved_workbook,
    write_sheet,
)

__all__ = ["export_month_records", "month_records", "safe_cell", "write_canonical_xlsx",
           "write_sheet"]

_WIDE = ("surname", "given_name", "patronymic", "held_at", "notes", "charges")


def month_records(month: str) -> Select[tuple[SourceRecord, str]]:
    """Select the month's source records of committed batches, with the organisation's code."""
    return (
        live_records()
        .add_columns(Organisation.code)
        .join(Organisation, SourceRecord.organisation_id == Organisation.id)
        .where(SourceRecord.list_month == month)
        .order_by(Organisation.code, SourceRecord.batch_id, SourceRecord.row_number)
    )


def export_month_records(session: Session, month: str, out: str | Path, *,
                         language: str = "uk") -> int:
    """Write the month's source records to `out`; return the number of rows written.

    Columns and values stay canonical, so the file can be imported again; the printed title
    says what it is, for which month and whether the month is published, in `language`.
    """
    rows = (
        {**record.values, "source_org": code, "list_month": record.list_month}
        for record, code in session.execute(month_records(month))
    )
    title = document_title("records", language, month=month,
                           published=is_published(session, month))
    return write_canonical_xlsx(rows, out, title=f"records {month}", print_title=title)


def write_canonical_xlsx(rows: Iterable[Mapping[str, str | None]], out: str | Path, *,
                         title: str = "records",
                         columns: tuple[str, ...] = CANONICAL_COLUMNS,
                         print_title: PrintTitle | None = None) -> int:
    """Stream rows to an XLSX file (write-only mode) with a frozen, filterable header."""
    wide = [i for i, c in enumerate(columns) if c in _WIDE]
    with saved_workbook(out) as wb:
        cells = ([row.get(c) for c in columns] for row in rows)
        return write_sheet(wb, title, columns, cells, widths=column_widths(columns, wide),
                           print_title=print_title)
