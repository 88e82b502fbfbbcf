"""Problems found while reading a member list, and the refusal raised for fatal ones."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or repaired) in a file, located as precisely as possible."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """Return True when this problem blocks the import."""
        return self.severity == ERROR

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + f": {self.message}"
        if self.value not in (None, ""):
            text += f" (value {self.value!r})"
        if not self.is_error:
            text = "warning: " + text
        return text


class ImportRefused(Exception):
    """The file cannot be read at all (damaged, dangerous, empty, too large, ...)."""

    def __init__(self, file: str, message: str, *, row: int | None = None,
                 column: str | None = None, value: str | None = None) -> None:
        self.problem = Problem(file, row, column, value, message)
        super().__init__(str(self.problem))
