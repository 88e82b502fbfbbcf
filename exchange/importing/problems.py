"""Problems found while reading a member list, and the refusal raised for fatal ones."""

from __future__ import annotations

import re
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
    # values of a message that carries them: `message` is then a template (`%(n)d rows`),
    # so the pages can translate it; `text` is the message with its values
    params: tuple[tuple[str, object], ...] = ()

    @property
    def text(self) -> str:
        """Return the message with its values (English: the pages translate the template)."""
        return self.message % dict(self.params) if self.params else self.message

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
        text = ", ".join(where) + f": {self.text}"
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


FIRST_ROWS = 5
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """The same problem in many rows: one line with its count and the first rows."""

    first: Problem
    count: int
    rows: tuple[int, ...]  # the first rows it is on
    values: tuple[str, ...]  # a few of its values

    @property
    def is_error(self) -> bool:
        """Return True when the problem blocks the import."""
        return self.first.is_error

    def __str__(self) -> str:
        if self.count == 1:
            return str(self.first)
        p = self.first
        where = p.file + (f", column {p.column!r}" if p.column else "")
        text = f"{where}: {p.message} — {self.count} rows ({_rows_text(self)})"
        if self.values:
            text += ", e.g. " + ", ".join(repr(v) for v in self.values)
        return text if self.is_error else "warning: " + text


def _rows_text(group: ProblemGroup) -> str:
    """Return `rows 2, 5, 9, ...` for the first rows of a group."""
    shown = ", ".join(str(r) for r in group.rows)
    return f"rows {shown}" + (", …" if group.count > len(group.rows) else "")


def group_problems(problems: list[Problem]) -> list[ProblemGroup]:
    """Group problems that say the same thing about the same column; errors first."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        k = (p.file, p.severity, p.column, _NUMBERS.sub("#", p.message))
        groups.setdefault(k, []).append(p)
    out = []
    for members in groups.values():
        rows = tuple(dict.fromkeys(p.row for p in members if p.row is not None))[:FIRST_ROWS]
        values = tuple(dict.fromkeys(p.value for p in members if p.value))[:3]
        out.append(ProblemGroup(members[0], len(members), rows, values))
    return sorted(out, key=lambda g: not g.is_error)
