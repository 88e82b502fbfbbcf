"""Write source records to XLSX in the canonical columns, safe to open in Excel."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Select
from sqlalchemy.orm import Session

from exchange.domain.records import live_records
from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.models import Organisation, SourceRecord

# Text starting with these is run as a formula by spreadsheet programs (CSV/DDE injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def month_records(month: str) -> Select[tuple[SourceRecord, str]]:
    """Select the month's source records of committed batches, with the organisation's code."""
    return (
        live_records()
        .add_columns(Organisation.code)
        .join(Organisation, SourceRecord.organisation_id == Organisation.id)
        .where(SourceRecord.list_month == month)
        .order_by(Organisation.code, SourceRecord.batch_id, SourceRecord.row_number)
    )


def export_month_records(session: Session, month: str, out: str | Path) -> int:
    """Write the month's source records to `out`; return the number of rows written."""
    rows = (
        {**record.values, "source_org": code, "list_month": record.list_month}
        for record, code in session.execute(month_records(month))
    )
    return write_canonical_xlsx(rows, out, title=f"records {month}")


def write_canonical_xlsx(rows: Iterable[Mapping[str, str | None]], out: str | Path, *,
                         title: str = "records",
                         columns: tuple[str, ...] = CANONICAL_COLUMNS) -> int:
    """Stream rows to an XLSX file (write-only mode) with a frozen, filterable header."""
    out = Path(out)
    with out.open("wb") as fh:  # fails before any work when the place is not writable
        try:
            wb = Workbook(write_only=True)
            cells = ([row.get(c) for c in columns] for row in rows)
            count = write_sheet(wb, title, columns, cells, widths=_widths(columns))
            wb.save(fh)
        except BaseException:
            fh.close()
            out.unlink(missing_ok=True)  # never leave half a file behind
            raise
    return count


def write_sheet(wb: Workbook, title: str, header: Sequence[str],
                rows: Iterable[Sequence[object]], *,
                widths: Sequence[int] | None = None) -> int:
    """Append a sheet to a write-only workbook: bold frozen header, filter, formula-safe cells."""
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths or _widths(header), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = _cell(ws, text)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    count = 0
    for row in rows:
        ws.append([safe_cell(ws, value) for value in row])
        count += 1
    # write-only sheets write the filter after the rows, so its range can be exact
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{count + 1}"
    return count


def _widths(columns: Sequence[str]) -> list[int]:
    """Return a width fitting each header (write-only sheets are sized up front)."""
    widths = []
    for column in columns:
        width = max(_MIN_WIDTH, min(_MAX_WIDTH, len(column) + 2, 40))
        if column in ("surname", "given_name", "patronymic", "held_at", "notes", "charges"):
            width = max(width, 22)
        widths.append(width)
    return widths


def safe_cell(ws, value: object) -> object:
    """Return a cell that Excel shows as text when the text could be taken for a formula."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    return _cell(ws, value)


def _cell(ws, value: object):
    """Return a write-only cell holding `value`, as text when it could be taken for a formula."""
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise store `=...` as a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell
