"""Value mappings: the user says how to read a cell text the vocabularies do not know.

Written `column:text=canonical` on the command line (`legal_status:under arrest=accused`),
chosen in a form on the check page, and saved per organisation like header mappings.
A mapping applies to a whole cell whose text matches (case and punctuation aside).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.text import key
from exchange.importing.values import normalise_value
from exchange.importing.values_base import BadValue, Notes

ValueMap = dict[str, dict[str, str]]  # column -> {cell text key: canonical value}


def parse_value_maps(items: Iterable[str] | Mapping[tuple[str, str], str] | None,
                     today: dt.date | None = None) -> ValueMap:
    """Return a value map from `column:text=canonical` strings or {(column, text): value}."""
    out: ValueMap = {}
    if not items:
        return out
    pairs = items.items() if isinstance(items, Mapping) else (split_item(i) for i in items)
    for (column, text), canonical in pairs:
        out.setdefault(column, {})[key(text)] = checked_value(column, canonical, today)
    return out


def split_item(item: str) -> tuple[tuple[str, str], str]:
    """Split `column:text=canonical` (the text may hold `:` and `=`; the last `=` ends it)."""
    head, sep, canonical = item.rpartition("=")
    column, colon, text = head.partition(":")
    if not sep or not colon or not text.strip():
        raise ValueError(f"{item!r} is not of the form column:text=canonical")
    return (column.strip(), text), canonical


def checked_value(column: str, canonical: str, today: dt.date | None = None) -> str:
    """Return the canonical value if the column accepts it as it is; raise ValueError if not."""
    if column not in CANONICAL_COLUMNS:
        raise ValueError(f"{column!r} is not a canonical column")
    try:
        read = normalise_value(column, canonical.strip(), Notes(), today=today or dt.date.today())
    except BadValue as exc:
        raise ValueError(f"{canonical!r} is not a value of {column}: {exc}") from exc
    if read is None:
        raise ValueError(f"no value given for {column}")
    return read


def merged(*maps: ValueMap) -> ValueMap:
    """Return the maps combined, later ones winning."""
    out: ValueMap = {}
    for m in maps:
        for column, values in m.items():
            out.setdefault(column, {}).update(values)
    return out
