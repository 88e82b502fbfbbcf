"""What reading a member list produces: canonical rows, the mapping used and every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from exchange.importing.headers import HeaderReading
from exchange.importing.problems import Problem


@dataclass(slots=True)
class CanonicalRow:
    """One data row: where it was, its raw cells by header and its canonical values."""

    row_number: int
    raw: dict[str, object]
    values: dict[str, str | None]


@dataclass
class UnknownValue:
    """A cell text the import could not read, where it is, and how often."""

    header: str
    column: str
    value: str
    message: str  # why it could not be read
    rows: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Return how many cells hold this text."""
        return len(self.rows)


@dataclass
class ParsedFile:
    """A whole file read onto the canonical columns; `ok` when nothing blocks an import."""

    file: str
    sha256: str
    sheet: str | None = None
    header_row: int | None = None
    details: dict[str, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)  # left to the user
    readings: list[HeaderReading] = field(default_factory=list)  # how each header was read
    unknown_values: dict[tuple[str, str], UnknownValue] = field(default_factory=dict)
    # (column, cell text, value) -> cells read by the user's value mappings
    values_mapped: dict[tuple[str, str, str], int] = field(default_factory=dict)
    records: list[CanonicalRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that block an import."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Return the repairs and guesses the user should check."""
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """Return True when the file can be imported as it is."""
        return not self.errors
