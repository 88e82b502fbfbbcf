"""Normalise one cell to the canonical text of its column, collecting repairs as warnings."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from exchange.importing import columns as kinds
from exchange.importing.charges import normalise_charges
from exchange.importing.dates import normalise_date
from exchange.importing.places import normalise_citizenship, normalise_region
from exchange.importing.text import clean, key, repair_mixed_script
from exchange.importing.values_base import BadValue, Notes
from exchange.importing.vocab import (
    normalise_choice,
    normalise_pace,
    normalise_tags,
    normalise_yes_no,
)


def cell_text(raw: object) -> str:
    """Return a cell as text: whole numbers without `.0`, dates as ISO, spaces cleaned."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(" ")
    return clean(raw)


def normalise_value(column: str, raw: object, notes: Notes, *, today: dt.date) -> str | None:
    """Return the canonical text for `raw` in `column`; raise BadValue when unreadable."""
    kind = kinds.COLUMNS[column]
    if kind == kinds.DATE:
        return normalise_date(raw if not isinstance(raw, str) else clean(raw), notes, today=today)
    text = cell_text(raw)
    if not text:
        return None
    if kind == kinds.NAME:
        return _name(text, notes)
    handler = _HANDLERS.get(kind)
    if handler is not None:
        return handler(text, notes)
    if kind in (kinds.CHOICE, kinds.TAGS):
        return (normalise_choice if kind == kinds.CHOICE else normalise_tags)(column, text, notes)
    return text


class CellReader:
    """Normalise cells, remembering the outcome for each distinct (column, value) of a file.

    `value_map` ({column: {cell text key: canonical}}) holds the user's own readings of
    texts the vocabularies do not know; `applied` counts how often each was used.
    """

    MAX_REMEMBERED = 200_000

    def __init__(self, today: dt.date,
                 value_map: dict[str, dict[str, str]] | None = None) -> None:
        self.today = today
        self.value_map = value_map or {}
        self.applied: Counter[tuple[str, str, str]] = Counter()  # (column, text, value)
        self._seen: dict[tuple[str, type, object], tuple[str | None, str | None,
                                                         tuple[str, ...]]] = {}

    def read(self, column: str, value: object) -> tuple[str | None, str | None, tuple[str, ...]]:
        """Return (canonical value, error message or None, warnings) for one cell."""
        if column in self.value_map:
            text = cell_text(value)
            mapped = self.value_map[column].get(key(text))
            if mapped is not None:
                self.applied[(column, text, mapped)] += 1
                return mapped, None, ()
        k = (column, type(value), value)
        found = self._seen.get(k)
        if found is None:
            found = self._compute(column, value)
            if len(self._seen) < self.MAX_REMEMBERED:
                self._seen[k] = found
        return found

    def _compute(self, column: str, value: object) -> tuple[str | None, str | None,
                                                            tuple[str, ...]]:
        notes = Notes()
        try:
            result = normalise_value(column, value, notes, today=self.today)
        except BadValue as exc:
            return None, str(exc), ()
        return result, None, tuple(notes.warnings)


def _name(text: str, notes: Notes) -> str:
    """Return a name with stray spaces removed and mixed-script words repaired."""
    fixed, changed = repair_mixed_script(text)
    if changed:
        notes.warn("mixed Latin and Cyrillic letters repaired in " + ", ".join(changed))
    return fixed


def _month(text: str, notes: Notes) -> str:
    """Return a list month as `YYYY-MM`."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?|(\d{1,2})[./](\d{4})", text)
    if not m:
        raise BadValue("not a month: use YYYY-MM")
    year, month = (m[1], m[2]) if m[1] else (m[4], m[3])
    if not 1 <= int(month) <= 12:
        raise BadValue("no such month")
    return f"{int(year):04d}-{int(month):02d}"


_HANDLERS = {
    "citizenship": normalise_citizenship,
    "region": normalise_region,
    kinds.YES_NO: normalise_yes_no,
    "pace": normalise_pace,
    "charges": normalise_charges,
    "month": _month,
}
