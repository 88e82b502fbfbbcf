"""Names in Ukrainian alphabetical order inside the database (Є after Е, І and Ї after И,
Ґ after Г; apostrophes ignored; Latin after Cyrillic), as `matching.spelling.sort_key`.

SQLite gets a collation `uk_name` (this module's key) on every connection; PostgreSQL uses
the ICU collation `uk-x-icu` its standard builds ship (it differs only in counting an
apostrophe). `ukrainian(column)` in an ORDER BY picks the right one. `casefolded(column)`
lowers every script (SQLite's own `lower` lowers only ASCII): `lower` on PostgreSQL, a
function registered on every SQLite connection.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from matching.spelling import sort_key

__all__ = ["casefolded", "name_key", "ukrainian"]

COLLATION = "uk_name"
CASEFOLD = "uk_casefold"
ICU_COLLATION = "uk-x-icu"


@cache
def _table() -> dict[int, str | None]:
    """Return a str.translate table that sorts letters as `sort_key` does."""
    letters: dict[tuple, list[str]] = {}
    table: dict[int, str | None] = {}
    for code in [*range(0x400, 0x500), *range(0x41, 0x5B), *range(0x61, 0x7B),
                 *range(0xC0, 0x250), *map(ord, "'’ʼ`")]:
        ch = chr(code)
        key = sort_key(ch)[0][0]
        if not key:
            table[code] = None  # apostrophes do not count
        elif key[0] == 1:
            letters.setdefault(key, []).append(ch)
    for index, key in enumerate(sorted(letters)):
        for ch in letters[key]:
            table[ord(ch)] = chr(0xE000 + index)  # private use: after every other character
    return table


@lru_cache(maxsize=200_000)  # a sort compares the same names many times
def name_key(text: str | None) -> str:
    """Return a key sorting one name part as `sort_key` does (a str, fast to compare)."""
    return unicodedata.normalize("NFC", (text or "").casefold()).translate(_table())


def _compare(a: str | None, b: str | None) -> int:
    ka, kb = name_key(a), name_key(b)
    return (ka > kb) - (ka < kb)


@event.listens_for(Engine, "connect")
def _register(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_collation(COLLATION, _compare)
        dbapi_connection.create_function(CASEFOLD, 1, _casefold, deterministic=True)


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


class ukrainian(ColumnElement):  # noqa: N801 - used like a SQL function
    """A name column ordered in Ukrainian alphabetical order."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement) -> None:
        self.column = column
        self.type = column.type


@compiles(ukrainian)
def _plain(element: ukrainian, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(ukrainian, "postgresql")
def _icu(element: ukrainian, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "{ICU_COLLATION}"'


@compiles(ukrainian, "sqlite")
def _collated(element: ukrainian, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(element.column, **kw)} COLLATE {COLLATION}"


class casefolded(ColumnElement):  # noqa: N801 - used like a SQL function
    """A text column lowered in every script, for a case-blind LIKE."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement) -> None:
        self.column = column
        self.type = column.type


@compiles(casefolded)
def _lower(element: casefolded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.column, **kw)})"


@compiles(casefolded, "sqlite")
def _folded(element: casefolded, compiler: Any, **kw: Any) -> str:
    return f"{CASEFOLD}({compiler.process(element.column, **kw)})"
