"""Read a member list onto the canonical columns: `load_canonical`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from exchange.importing.headers import (
    MIN_HEADER_SCORE,
    HeaderMapping,
    header_score,
    map_headers,
    parse_explicit,
)
from exchange.importing.messages import MERGED_ROWS
from exchange.importing.parsed import ParsedFile
from exchange.importing.problems import ImportRefused, Problem
from exchange.importing.readers import Sheet, open_source
from exchange.importing.recognise import recognise
from exchange.importing.rows import build_rows, releases_from_notes
from exchange.importing.safety import Limits
from exchange.importing.supplements import merge, read_other_sheets
from exchange.importing.value_maps import ValueMap

HEADER_SEARCH_ROWS = 30


def load_canonical(path: str | Path, *,
                   explicit_map: Mapping[str, str] | Iterable[str] | None = None,
                   saved_map: Mapping[str, str] | None = None,
                   value_map: ValueMap | None = None,
                   ignore: Iterable[str] = (), ignore_unknown: bool = False,
                   max_rows: int | None = None, limits: Limits | None = None,
                   today: dt.date | None = None, display_name: str | None = None) -> ParsedFile:
    """Read a CSV/XLSX member list; raise ImportRefused when the file itself cannot be read."""
    path = Path(path)
    shown = display_name or path.name
    limits = limits or Limits()
    if max_rows is not None:
        limits = replace(limits, max_rows=max_rows)
    try:
        explicit = parse_explicit(explicit_map)
        saved = parse_explicit(saved_map)
    except ValueError as exc:
        raise ImportRefused(shown, str(exc)) from exc
    source = open_source(path, shown, limits)
    try:
        parsed = ParsedFile(shown, _sha256(path), details=source.details)
        sheet, header_row, header = _find_header(source.sheets, {**saved, **explicit}, shown)
        _check_estimate(sheet, header_row, limits, shown)
        data = _data_rows(sheet, header_row, limits, shown)
        merged = [(first, ref) for first, last, ref in sheet.merged()
                  if last > first and last > header_row]
        others = read_other_sheets(source.sheets, sheet, limits.max_rows, parsed)
    finally:
        source.close()
    parsed.sheet, parsed.header_row = sheet.name, header_row
    width = max([len(header)] + [_last_filled(cells) for _, cells in data])
    header = list(header) + [None] * (width - len(header))
    has_data = {i for _, cells in data for i, v in enumerate(cells) if v not in (None, "")}
    mapping = map_headers(header, explicit, ignore, has_data, saved)
    recognise(mapping, data, today or dt.date.today())
    _report_mapping(parsed, mapping, ignore_unknown)
    build_rows(parsed, mapping, data, today or dt.date.today(), value_map)
    parsed.problems.extend(Problem(shown, first, None, ref, MERGED_ROWS) for first, ref in merged)
    if not parsed.records:
        raise ImportRefused(shown, f"the header is on row {header_row} but there are no data "
                                   "rows below it (only totals)", row=header_row)
    merge(parsed, others, today or dt.date.today())
    releases_from_notes(parsed)  # after the merge: some members keep notes on a second sheet
    return parsed


def _sha256(path: Path) -> str:
    """Return the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _find_header(sheets: list[Sheet], explicit: Mapping[str, str],
                 shown: str) -> tuple[Sheet, int, list[object]]:
    """Return the sheet holding the list, its header row number and the header cells."""
    best: tuple[int, Sheet, int, list[object]] | None = None
    fallback: tuple[Sheet, int, list[object]] | None = None
    for sheet in sheets:
        for number, cells in _head(sheet):
            filled = sum(1 for c in cells if c not in (None, ""))
            if fallback is None and filled >= 2:
                fallback = (sheet, number, cells)
            score = header_score(cells, explicit)
            if score >= MIN_HEADER_SCORE and (best is None or score > best[0]):
                best = (score, sheet, number, cells)
    if best is not None:
        return best[1], best[2], best[3]
    if fallback is not None:
        return fallback
    where = "the sheet is" if len(sheets) == 1 else "every sheet is"
    raise ImportRefused(shown, f"no list found: {where} empty or has no header row")


def _head(sheet: Sheet) -> list[tuple[int, list[object]]]:
    """Return the first rows of a sheet, where a header row may be."""
    rows = []
    for number, cells in sheet.rows():
        rows.append((number, cells))
        if number >= HEADER_SEARCH_ROWS:
            break
    return rows


def _check_estimate(sheet: Sheet, header_row: int, limits: Limits, shown: str) -> None:
    """Refuse at once a sheet whose declared size is past the row limit."""
    if sheet.row_estimate and sheet.row_estimate - header_row > limits.max_rows:
        raise ImportRefused(shown, f"the sheet {sheet.name!r} declares "
                                   f"{sheet.row_estimate - header_row} data rows; the limit is "
                                   f"{limits.max_rows}: split the file")


def _data_rows(sheet: Sheet, header_row: int, limits: Limits,
               shown: str) -> list[tuple[int, list[object]]]:
    """Return the non-blank rows below the header, refusing once past the row limit."""
    data = []
    for number, cells in sheet.rows():
        if number <= header_row or not _last_filled(cells):
            continue
        if len(data) >= limits.max_rows:
            raise ImportRefused(shown, f"more than {limits.max_rows} data rows; the limit is "
                                       f"{limits.max_rows}: split the file", row=number)
        data.append((number, list(cells)))
    if not data:
        raise ImportRefused(shown, f"the header is on row {header_row} but there are no data "
                                   "rows below it", row=header_row)
    return data


def _last_filled(cells: list[object]) -> int:
    """Return 1 + the index of the last non-empty cell (0 for a blank row)."""
    for i in range(len(cells) - 1, -1, -1):
        v = cells[i]
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return i + 1
    return 0


def _report_mapping(parsed: ParsedFile, mapping: HeaderMapping, ignore_unknown: bool) -> None:
    """Record how every header was read and turn headers left to the user into problems."""
    parsed.headers = [mapping.labels[i] for i in mapping.present]
    parsed.mapping = mapping.as_dict()
    parsed.readings = [mapping.readings[i] for i in mapping.present]  # one per header
    parsed.ignored_headers = list(mapping.ignored)
    parsed.unknown_headers = list(mapping.unknown)
    for label in mapping.unknown:
        if ignore_unknown:
            parsed.problems.append(Problem(parsed.file, parsed.header_row, label, None,
                                           "unknown header ignored", "warning"))
        else:
            parsed.problems.append(Problem(
                parsed.file, parsed.header_row, label, None,
                "unknown header: map it to a canonical column or ignore it"))
    if ignore_unknown:
        parsed.ignored_headers += mapping.unknown
    for message in mapping.conflicts:
        parsed.problems.append(Problem(parsed.file, parsed.header_row, None, None, message))
