"""Other sheets of a workbook: notes keyed by the list's ids are merged, others reported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exchange.importing.header_rules import best_by_words
from exchange.importing.headers import header_label
from exchange.importing.messages import SHEET_MERGED
from exchange.importing.parsed import CanonicalRow, ParsedFile
from exchange.importing.problems import ERROR, WARNING, ImportRefused, Problem
from exchange.importing.readers import Formula, Sheet
from exchange.importing.values import cell_text, normalise_value
from exchange.importing.values_base import BadValue, Notes

HEAD_ROWS = 30
APPENDABLE = {"notes"}


@dataclass
class Supplement:
    """A sheet whose rows add columns to the list's rows, matched by record id."""

    name: str
    header_row: int
    columns: dict[int, str]  # cell index -> canonical column (record_id included)
    labels: dict[int, str]
    rows: list[tuple[int, list[object]]]


def read_other_sheets(sheets: list[Sheet], main: Sheet, max_rows: int,
                      parsed: ParsedFile) -> list[Supplement]:
    """Return the sheets keyed by record id; report every other non-empty sheet as unread."""
    found = []
    for sheet in sheets:
        if sheet is main:
            continue
        supplement = _as_supplement(sheet, max_rows, parsed.file)
        if supplement is not None:
            found.append(supplement)
        elif _has_data(sheet):
            parsed.problems.append(Problem(
                parsed.file, None, None, sheet.name,
                "this sheet was not read: it is neither the list nor notes keyed by its ids",
                WARNING))
    return found


def _has_data(sheet: Sheet) -> bool:
    """Return True when the sheet has any non-empty cell."""
    return any(any(v not in (None, "") for v in cells) for _, cells in sheet.rows())


def _as_supplement(sheet: Sheet, max_rows: int, shown: str) -> Supplement | None:
    """Read a sheet whose header has a record-id column and at least one other known column."""
    for number, cells in sheet.rows():
        if number > HEAD_ROWS:
            return None
        columns, labels = _known_columns(cells)
        if "record_id" in columns.values() and len(set(columns.values())) >= 2:
            return Supplement(sheet.name, number, columns, labels,
                              _rows_below(sheet, number, max_rows, shown))
    return None


def _rows_below(sheet: Sheet, header_row: int, max_rows: int,
                shown: str) -> list[tuple[int, list[object]]]:
    """Return the non-blank rows under a supplement's header, refusing past the row limit."""
    rows = []
    for number, cells in sheet.rows():
        if number <= header_row or not any(v not in (None, "") for v in cells):
            continue
        if len(rows) >= max_rows:
            raise ImportRefused(shown, f"the sheet {sheet.name!r} has more than {max_rows} "
                                       f"rows; the limit is {max_rows}", row=number)
        rows.append((number, cells))
    return rows


def _known_columns(cells: list[object]) -> tuple[dict[int, str], dict[int, str]]:
    """Return the unambiguous known columns of a candidate header row."""
    columns, labels = {}, {}
    for i, cell in enumerate(cells):
        if cell in (None, "") or isinstance(cell, int | float):
            continue
        found = best_by_words(header_label(cell, i))
        if found and found not in columns.values():
            columns[i], labels[i] = found, header_label(cell, i)
    return columns, labels


def merge(parsed: ParsedFile, supplements: list[Supplement], today: dt.date) -> None:
    """Add each supplement row's values to the list row with the same record id."""
    by_id = {r.values["record_id"]: r for r in parsed.records if r.values["record_id"]}
    for sup in supplements:
        id_index = next(i for i, c in sup.columns.items() if c == "record_id")
        merged = 0
        for number, cells in sup.rows:
            rid = cell_text(cells[id_index]) if id_index < len(cells) else ""
            target = by_id.get(rid)
            if not any(cells[i] not in (None, "") for i in sup.columns if i != id_index
                       and i < len(cells)):
                _report(parsed, sup, number, id_index, rid, "a single filled cell: read as a "
                        "footnote, not merged", WARNING)
            elif target is None:
                _report(parsed, sup, number, id_index, rid, "no row of the list has this id: "
                        "this row was not merged", WARNING)
                continue
            merged += _merge_row(parsed, sup, number, cells, target, today)
        parsed.problems.append(Problem(parsed.file, None, None, sup.name, SHEET_MERGED,
                                       WARNING, params=(("n", merged),)))


def _merge_row(parsed: ParsedFile, sup: Supplement, number: int, cells: list[object],
               target: CanonicalRow, today: dt.date) -> int:
    """Merge one supplement row into its list row; return 1 when something was added."""
    added = 0
    for i, column in sup.columns.items():
        value = cells[i] if i < len(cells) else None
        if column == "record_id" or value in (None, ""):
            continue
        target.raw[f"{sup.name}: {sup.labels[i]}"] = value
        text = _value(parsed, sup, number, i, column, value, today)
        current = target.values.get(column)
        if text is None or current == text:
            continue
        if current and column in APPENDABLE:
            target.values[column] = f"{current}; {text}"
        elif current:
            _report(parsed, sup, number, i, cell_text(value),
                    f"differs from the list's {column} ({current}) on row {target.row_number}")
            continue
        else:
            target.values[column] = text
        added = 1
    return added


def _value(parsed: ParsedFile, sup: Supplement, number: int, i: int, column: str,
           value: object, today: dt.date) -> str | None:
    """Normalise one supplement cell, reporting what cannot be read."""
    if isinstance(value, Formula):
        _report(parsed, sup, number, i, str(value), "formula in cell: replace it with its value")
        return None
    notes = Notes()
    try:
        text = normalise_value(column, value, notes, today=today)
    except BadValue as exc:
        _report(parsed, sup, number, i, cell_text(value), str(exc))
        return None
    for message in notes.warnings:
        _report(parsed, sup, number, i, cell_text(value), message, WARNING)
    return text


def _report(parsed: ParsedFile, sup: Supplement, number: int, i: int, value: str | None,
            message: str, severity: str = ERROR) -> None:
    """Append a problem located in the supplement sheet."""
    parsed.problems.append(Problem(parsed.file, number, f"{sup.name}: {sup.labels[i]}", value,
                                   message, severity))
