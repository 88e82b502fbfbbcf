"""Stream the rows of an XLSX sheet or a CSV file, after the safety checks."""

from __future__ import annotations

import codecs
import csv
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from exchange.importing.problems import ImportRefused
from exchange.importing.safety import (
    Limits,
    check_size,
    check_zip,
    refuse_ole2,
    sniff_container,
)

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_DELIMITERS = ";,\t|"
_SAMPLE_CHARS = 64 * 1024
_SEP_HINT = re.compile(r"^sep=(.)\r?\n")  # written by Excel to name the delimiter


class Formula(str):
    """The text of a formula found in a cell (never evaluated, reported as a problem)."""


@dataclass
class Sheet:
    """One table of a file: its name, an estimate of its size and a way to stream its rows."""

    name: str | None
    row_estimate: int | None
    _rows: Callable[[], Iterator[tuple[int, list[object]]]] = field(repr=False)
    # merged ranges as (first row, last row, reference); read only when asked
    merged: Callable[[], list[tuple[int, int, str]]] = field(repr=False, default=lambda: [])

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """Yield (1-based row number, cell values) for every row of the sheet."""
        return self._rows()


@dataclass
class Source:
    """An opened file: its sheets plus what was detected (encoding, delimiter)."""

    sheets: list[Sheet]
    details: dict[str, str]
    close: Callable[[], None] = lambda: None


def open_source(path: Path, shown: str, limits: Limits) -> Source:
    """Open a CSV or XLSX file for reading, refusing anything unsafe or unreadable."""
    check_size(path, shown, limits)
    container = sniff_container(path)
    if container == "ole2":
        refuse_ole2(path, shown)
    suffix = path.suffix.lower()
    if container == "zip" or suffix in XLSX_SUFFIXES:
        if container != "zip":
            raise ImportRefused(shown, "not an XLSX file: it is not a zip archive (wrong "
                                       "extension, or the file is damaged)")
        return _open_xlsx(path, shown, limits)
    if suffix in CSV_SUFFIXES or suffix == "":
        return _open_csv(path, shown)
    raise ImportRefused(shown, f"unsupported file type {suffix!r}: import .xlsx or .csv")


def _open_xlsx(path: Path, shown: str, limits: Limits) -> Source:
    """Open a workbook in read-only mode once the zip checks have passed."""
    check_zip(path, shown, limits)
    import openpyxl  # imported late: only after the file passed the checks above

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise ImportRefused(shown, f"not a readable XLSX workbook ({type(exc).__name__}: "
                                   f"{str(exc)[:200]})") from exc
    sheets = [Sheet(ws.title, _estimate(ws), _xlsx_rows(ws, shown),
                    partial(merged_ranges, path, getattr(ws, "_worksheet_path", "")))
              for ws in wb.worksheets]
    return Source(sheets, {"format": "xlsx"}, wb.close)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="[A-Z]+(\d+):[A-Z]+(\d+)"')
_MERGE_REF = re.compile(rb'ref="([A-Z]+\d+:[A-Z]+\d+)"')


def merged_ranges(path: Path, part: str) -> list[tuple[int, int, str]]:
    """Return a sheet's merged ranges, streaming its XML (read-only openpyxl skips them)."""
    found: list[tuple[int, int, str]] = []
    if not part:
        return found
    with zipfile.ZipFile(path) as archive, archive.open(part) as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            text = tail + chunk
            cut = text.rfind(b"<")
            for match in _MERGE.finditer(text, 0, cut if cut > 0 else len(text)):
                ref = _MERGE_REF.search(match.group(0)).group(1).decode()
                found.append((int(match.group(1)), int(match.group(2)), ref))
            tail = text[cut:] if cut > 0 else b""
    return found


def _estimate(ws) -> int | None:
    """Return the row count the sheet's dimension claims, if any."""
    try:
        return ws.max_row
    except Exception:  # a missing or malformed dimension tag
        return None


def _xlsx_rows(ws, shown: str):
    """Return a function streaming a worksheet's rows, with formulas marked."""

    def rows() -> Iterator[tuple[int, list[object]]]:
        ws.reset_dimensions()  # a wrong dimension tag would silently cut rows off
        try:
            for number, cells in enumerate(ws.iter_rows(), start=1):
                yield number, [_cell_value(c) for c in cells]
        except ImportRefused:
            raise
        except Exception as exc:
            raise ImportRefused(shown, f"the sheet {ws.title!r} is damaged and cannot be read "
                                       f"({type(exc).__name__})") from exc

    return rows


def _cell_value(cell) -> object:
    """Return a cell's value, wrapping formulas so they are never taken as data."""
    value = cell.value
    if getattr(cell, "data_type", None) == "f" and isinstance(value, str):
        return Formula(value)
    return value


def _open_csv(path: Path, shown: str) -> Source:
    """Stream a CSV file (UTF-8 with/without BOM, UTF-16, Windows-1251); sniff the delimiter."""
    encoding = _detect_encoding(path, shown)
    with path.open(encoding=encoding, newline="") as fh:
        sample = fh.read(_SAMPLE_CHARS)
    if "\x00" in sample:
        raise ImportRefused(shown, "this is a binary file, not a CSV text file")
    hint = _SEP_HINT.match(sample)
    delimiter = hint[1] if hint else _sniff_delimiter(sample)

    def rows() -> Iterator[tuple[int, list[object]]]:
        start = 1
        with path.open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                for cells in reader:
                    if start == 1 and hint:
                        start = 2  # Excel's `sep=;` line is not part of the table
                        continue
                    yield start, [Formula(c) if c.startswith("=") and len(c) > 1 else c
                                  for c in cells]
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise ImportRefused(shown, f"the CSV text is malformed: {exc}",
                                    row=start) from exc

    details = {"format": "csv", "encoding": encoding, "delimiter": delimiter}
    return Source([Sheet(None, None, rows)], details)


def _detect_encoding(path: Path, shown: str) -> str:
    """Return the encoding from the BOM, else UTF-8 if the whole file decodes, else cp1251."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1251"]
    for encoding in candidates:
        if _decodes(path, encoding):
            return encoding
    raise ImportRefused(shown, "the text encoding is not UTF-8, UTF-16 or Windows-1251")


def _decodes(path: Path, encoding: str) -> bool:
    """Return True when the whole file decodes strictly (read in chunks: memory stays flat)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(text: str) -> str:
    """Return the delimiter used by the first lines of a CSV text."""
    lines = text.splitlines()
    if len(text) >= _SAMPLE_CHARS:
        lines = lines[:-1]  # the last line of a full sample is cut short
    sample = "\n".join(lines[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(_DELIMITERS, key=first.count)
