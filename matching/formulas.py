"""Cells that a spreadsheet program would run as a formula, and how to make them plain text.

Shared by every CSV and XLSX the project writes (`exchange.workbooks` imports it): a
member-supplied id such as `=HYPERLINK(...)`, `+cmd|...` or `@SUM(...)` must never run when
a coordinator opens the file in Excel or LibreOffice.
"""

from __future__ import annotations

__all__ = ["FORMULA_TRIGGERS", "is_formula_like", "neutralise"]

# Text starting with these is run as a formula (or DDE) by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "|", "%", "\t", "\r", "\n", "\x00")
_LEADING_NOISE = " \ufeff\u00a0"


def is_formula_like(value: object) -> bool:
    """Tell whether text would be read as a formula (also after leading spaces or a BOM)."""
    return isinstance(value, str) and value.lstrip(_LEADING_NOISE).startswith(FORMULA_TRIGGERS)


def neutralise(value: object) -> object:
    """Return text for a CSV file that no spreadsheet program runs as a formula."""
    if is_formula_like(value):
        return "'" + str(value).replace("\x00", "")
    return value
