"""Turn data rows into canonical rows, with a problem for every cell that cannot be read."""

from __future__ import annotations

import datetime as dt
import re

from exchange.importing.characters import character_problem, visible
from exchange.importing.columns import CANONICAL_COLUMNS, NAME_PARTS
from exchange.importing.headers import HeaderMapping
from exchange.importing.messages import NO_NAME_COLUMN, NO_NAME_IN_ROW
from exchange.importing.names import file_name_order, split_full_name, split_given_patronymic
from exchange.importing.notes_facts import release_from_notes
from exchange.importing.parsed import CanonicalRow, ParsedFile, UnknownValue
from exchange.importing.problems import WARNING, Problem
from exchange.importing.readers import Formula
from exchange.importing.text import key
from exchange.importing.values import CellReader, cell_text
from exchange.importing.values_base import Notes

_TOTALS = re.compile(r"^\s*(total|totals|sum|всього|усього|разом|итого|всего)\b", re.IGNORECASE)

Rows = list[tuple[int, list[object]]]
NAME_COLUMNS = ("surname", "given_name", "full_name")


def build_rows(parsed: ParsedFile, mapping: HeaderMapping, data: Rows, today: dt.date,
               value_map: dict[str, dict[str, str]] | None = None) -> None:
    """Normalise every data row into `parsed.records`, collecting problems."""
    synthetic_ids = "record_id" not in mapping.columns.values()
    if synthetic_ids:
        parsed.problems.append(Problem(parsed.file, parsed.header_row, None, None,
                                       "no record id column: row numbers are used as ids",
                                       WARNING))
    names = _has_name_column(parsed, mapping)
    seen_ids: dict[str, int] = {}
    order = _file_name_order(mapping, data)
    reader = CellReader(today, value_map)
    for number, cells in data:
        if _is_totals(cells):
            parsed.problems.append(Problem(parsed.file, number, None, cell_text(cells[0]),
                                           "totals row skipped", WARNING))
            continue
        if _repeats_header(cells, mapping):
            parsed.problems.append(Problem(parsed.file, number, None, None,
                                           "repeated header row skipped", WARNING))
            continue
        row = _build_row(parsed, mapping, number, cells, reader)
        if synthetic_ids:
            row.values["record_id"] = f"row-{number}"
        _check_row(parsed, mapping, row, seen_ids, order, names)
        parsed.records.append(row)
    parsed.values_mapped = dict(reader.applied)


def _is_totals(cells: list[object]) -> bool:
    """Return True for a `Total: 476`-style row with at most two filled cells."""
    filled = [c for c in cells if c not in (None, "")]
    return len(filled) <= 2 and isinstance(filled[0], str) and bool(_TOTALS.match(filled[0]))


def _repeats_header(cells: list[object], mapping: HeaderMapping) -> bool:
    """Return True for a copy of the header row inside the data (lists pasted together)."""
    named = [(i, key(mapping.labels[i])) for i in mapping.columns if i < len(cells)]
    same = sum(1 for i, k in named if cells[i] not in (None, "") and key(cells[i]) == k)
    return len(named) >= 2 and same >= max(2, len(named) // 2)


def _build_row(parsed: ParsedFile, mapping: HeaderMapping, number: int, cells: list[object],
               reader: CellReader) -> CanonicalRow:
    """Normalise the mapped cells of one row."""
    raw = {label: (cells[i] if i < len(cells) else None) for i, label in enumerate(mapping.labels)
           if i < len(cells) and cells[i] not in (None, "")}
    values: dict[str, str | None] = dict.fromkeys(CANONICAL_COLUMNS)
    for i, column in mapping.columns.items():
        value = cells[i] if i < len(cells) else None
        values[column] = _cell(parsed, number, mapping.labels[i], column, value, reader)
    return CanonicalRow(number, raw, values)


def _cell(parsed: ParsedFile, number: int, label: str, column: str, value: object,
          reader: CellReader) -> str | None:
    """Normalise one cell, turning failures and repairs into problems."""
    if isinstance(value, Formula):
        parsed.problems.append(Problem(parsed.file, number, label, str(value),
                                       "formula in cell: replace it with its value"))
        return None
    refused = character_problem(column, value)
    if refused is not None:
        parsed.problems.append(Problem(parsed.file, number, label, visible(str(value)), refused))
        return None
    result, error, warnings = reader.read(column, value)
    if error is not None:
        text = cell_text(value)
        parsed.problems.append(Problem(parsed.file, number, label, text, error))
        unknown = parsed.unknown_values.setdefault((column, key(text)),
                                                   UnknownValue(label, column, text, error))
        unknown.rows.append(number)
        return None
    for message in warnings:
        parsed.problems.append(Problem(parsed.file, number, label, cell_text(value), message,
                                       WARNING))
    return result


def _file_name_order(mapping: HeaderMapping, data: Rows) -> str | None:
    """Return the name order the file's full names agree on (None when they do not)."""
    index = next((i for i, c in mapping.columns.items() if c == "full_name"), None)
    if index is None:
        return None
    names = [cell_text(cells[index]) for _, cells in data[:2000] if index < len(cells)]
    return file_name_order([n for n in names if n])


def _has_name_column(parsed: ParsedFile, mapping: HeaderMapping) -> bool:
    """Report once, not on every row, that no column holds the names."""
    if any(c in NAME_COLUMNS for c in mapping.columns.values()):
        return True
    parsed.problems.append(Problem(parsed.file, parsed.header_row, None, None, NO_NAME_COLUMN))
    return False


def _check_row(parsed: ParsedFile, mapping: HeaderMapping, row: CanonicalRow,
               seen_ids: dict[str, int], order: str | None, names: bool) -> None:
    """Split a full name and check the rules that span cells: name, id, date order."""
    v = row.values
    label = {c: lab for lab, c in mapping.as_dict().items()}
    if v["full_name"] and not any(v[p] for p in NAME_PARTS):
        notes = Notes()
        parts = split_full_name(v["full_name"], notes, order)
        v["surname"], v["given_name"], v["patronymic"] = parts.surname, parts.given_name, \
            parts.patronymic
        for message in notes.warnings:
            _problem(parsed, row, label.get("full_name"), v["full_name"], message, WARNING)
    if v["given_name"] and not v["patronymic"] and (pair := split_given_patronymic(
            v["given_name"])):
        _problem(parsed, row, label.get("given_name"), v["given_name"],
                 "the patronymic was moved out of the given-name cell", WARNING)
        v["given_name"], v["patronymic"] = pair
    if names and not (v["surname"] or v["given_name"] or v["full_name"]):
        _problem(parsed, row, None, None, NO_NAME_IN_ROW)
    _check_id(parsed, row, label.get("record_id"), seen_ids)
    _check_date_order(parsed, row, label)


def releases_from_notes(parsed: ParsedFile) -> None:
    """Take a release the notes report for rows that have no release status of their own."""
    for row in parsed.records:
        v = row.values
        if v.get("release_status") or not v.get("notes"):
            continue
        found = release_from_notes(v["notes"])
        if found is None:
            continue
        v["release_status"] = found.release_status
        if found.released_on and not v.get("released_on"):
            v["released_on"] = found.released_on
        _problem(parsed, row, "notes", found.phrase,
                 f"release status read from the notes: {found.release_status}", WARNING)


# (earlier column, later column, message) for dates that cannot come in the other order
_DATE_ORDER = (
    ("date_of_birth", "detained_on", "date of birth is after the date of detention"),
    ("date_of_birth", "released_on", "date of birth is after the date of release"),
    ("detained_on", "released_on", "date of release is before the date of detention"),
)


def _check_date_order(parsed: ParsedFile, row: CanonicalRow, label: dict[str, str]) -> None:
    """Report dates of one row that contradict each other."""
    v = row.values
    for first, second, message in _DATE_ORDER:
        if v[first] and v[second] and _later(v[first], v[second]):
            column = first if first == "date_of_birth" else second
            _problem(parsed, row, label.get(column), v[column],
                     f"{message} ({v[second] if column == first else v[first]})")


def _check_id(parsed: ParsedFile, row: CanonicalRow, label: str | None,
              seen_ids: dict[str, int]) -> None:
    """Require a record id, unique within the file."""
    rid = row.values["record_id"]
    if not rid:
        _problem(parsed, row, label, None, "record id is empty")
    elif rid in seen_ids:
        _problem(parsed, row, label, rid,
                 f"record id already used on row {seen_ids[rid]}: ids must be unique in a file")
    else:
        seen_ids[rid] = row.row_number


def _later(a: str, b: str) -> bool:
    """Return True when partial date `a` is certainly after partial date `b`."""
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def _problem(parsed: ParsedFile, row: CanonicalRow, column: str | None, value: str | None,
             message: str, severity: str = "error") -> None:
    """Append a problem located at `row`."""
    parsed.problems.append(Problem(parsed.file, row.row_number, column, value, message, severity))
