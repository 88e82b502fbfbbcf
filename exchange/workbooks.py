"""Workbooks the app writes: safe cells, frozen filtered headers, and pages that print.

Every XLSX export goes through `write_sheet`: text that a spreadsheet program would run
as a formula is stored as text; the header row is bold, frozen, filterable and repeated
on every printed page; pages print landscape, fit to the page width, with a title (what
the sheet is, for which month, draft or published) and a footer with the page number and
the word "confidential". Streaming (write-only) workbooks keep memory flat on large lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from exchange.labels import label
from matching.formulas import FORMULA_TRIGGERS, is_formula_like, neutralise

__all__ = ["FORMULA_TRIGGERS", "PrintTitle", "document_title", "is_formula_like", "neutralise",
           "safe_cell", "saved_workbook", "write_sheet"]

_MIN_WIDTH, _MAX_WIDTH = 8, 60
_LINE_HEIGHT = 15  # points per line of wrapped text at the default font
CONFIDENTIAL = {"en": "Confidential", "uk": "Конфіденційно"}
_PAGE = {"en": "Page &P of &N", "uk": "Сторінка &P з &N"}


@dataclass(frozen=True)
class PrintTitle:
    """What a printed page says at its top: the sheet's subject, month and state."""

    text: str
    language: str = "en"


def document_title(document: str, language: str, *, month: str | None = None,
                   published: bool | None = None, detail: str = "") -> PrintTitle:
    """Say what a printed page is: `Спільний список Коаліції · 2025-02 · Чернетка: ...`.

    `document` is a key of the `document` vocabulary; `published` None: no month state.
    """
    state = None if published is None else ("published" if published else "draft")
    parts = (label("document", document, language), detail, month,
             label("document_state", state, language))
    return PrintTitle(" · ".join(part for part in parts if part), language)


def safe_cell(ws, value: object) -> object:
    """Return a cell value that Excel shows as text when it could be taken for a formula."""
    if not is_formula_like(value):
        return value
    return _cell(ws, value)


def _cell(ws, value: object, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
    """Return a write-only cell; text that looks like a formula is stored as text."""
    formula_like = is_formula_like(value)
    cell = WriteOnlyCell(ws, str(value).replace("\x00", "") if formula_like else value)
    if formula_like:
        cell.data_type = "s"  # openpyxl would otherwise store `=...` as a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if bold:
        cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def column_widths(header: Sequence[str], wide: Iterable[int] = ()) -> list[int]:
    """Return a width fitting each header; columns in `wide` get room for names and places."""
    wide = set(wide)
    return [max(_MIN_WIDTH, min(_MAX_WIDTH, len(str(text)) + 2, 40), 22 if i in wide else 0)
            for i, text in enumerate(header)]


def write_sheet(wb: Workbook, title: str, header: Sequence[str],
                rows: Iterable[Sequence[object]], *, widths: Sequence[int] | None = None,
                print_title: PrintTitle | None = None, wrap: bool = False,
                hidden: Iterable[int] = ()) -> int:
    """Append a sheet to a write-only workbook; return the number of data rows written.

    `hidden`: columns (0-based) kept for programs that read the file (stored codes beside
    their labels); they are neither shown nor printed.
    """
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    widths = list(widths or column_widths(header))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    hidden = set(hidden)
    for i in hidden:
        ws.column_dimensions[get_column_letter(i + 1)].hidden = True
    shown = [w if i not in hidden else 0 for i, w in enumerate(widths)]
    _page_setup(ws, print_title or PrintTitle(title))
    _fit_height(ws, 1, header, shown)
    ws.append([_cell(ws, str(text), bold=True, wrap=True) for text in header])
    count = 0
    for row in rows:
        row = list(row)
        if wrap:
            _fit_height(ws, count + 2, row, shown)
        ws.append([_cell(ws, v, wrap=True) if wrap and isinstance(v, str) else safe_cell(ws, v)
                   for v in row])
        count += 1
    # write-only sheets write the filter after the rows, so its range can be exact
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{count + 1}"
    return count


def _lines(value: object, width: int) -> int:
    """Count the lines a cell's text takes when wrapped at word boundaries in `width` chars."""
    if not isinstance(value, str) or not value:
        return 1
    lines = 0
    for paragraph in value.split("\n"):
        used, count = 0, 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > width:
                count, used = count + 1, 0
            used += len(word) + (1 if used else 0)
            count += max(0, (len(word) - 1) // width) if len(word) > width else 0
        lines += count
    return lines


def _fit_height(ws, row: int, values: Sequence[object], widths: Sequence[int]) -> None:
    """Give a row of wrapped text the height of its longest cell, as printed."""
    lines = max((_lines(v, max(1, w - 1)) for v, w in zip(values, widths, strict=False) if w),
                default=1)
    if lines > 1:
        ws.row_dimensions[row].height = lines * _LINE_HEIGHT


def _page_setup(ws, title: PrintTitle) -> None:
    """Landscape, fit to the page width, header row repeated, title and page footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    language = title.language if title.language in CONFIDENTIAL else "en"
    ws.oddHeader.left.text = _escape(title.text)
    ws.oddHeader.left.size = 10
    ws.oddFooter.left.text = CONFIDENTIAL[language]
    ws.oddFooter.right.text = _PAGE[language]
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8


def _escape(text: str) -> str:
    """Escape `&` in header text (Excel reads `&x` as a code)."""
    return text.replace("&", "&&")[:250]


@contextmanager
def saved_workbook(out: str | Path | IO[bytes]) -> Iterator[Workbook]:
    """Yield a write-only workbook saved to `out` (a path or a binary stream).

    On any failure no half file is left behind.
    """
    if not isinstance(out, str | Path):
        wb = Workbook(write_only=True)
        try:
            yield wb
            wb.save(out)
        except BaseException:
            _discard(wb)
            raise
        return
    out = Path(out)
    with out.open("wb") as fh:  # fails before any work when the place is not writable
        wb = Workbook(write_only=True)
        try:
            yield wb
            wb.save(fh)
        except BaseException:
            _discard(wb)
            fh.close()
            out.unlink(missing_ok=True)
            raise


def _discard(wb: Workbook) -> None:
    """Close the sheets of a workbook that will not be saved (their writers hold files)."""
    for ws in wb.worksheets:
        with suppress(Exception):  # the save already failed; nothing here is kept
            ws.close()
