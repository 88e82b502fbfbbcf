"""What the import pages call canonical columns, values and how sure a reading is.

Stored values are English keys; pages show these labels in the reader's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.labels import label
from exchange.labels import value_label as _value_label

SURENESS = {
    "certain": _l("your choice"),
    "high": _l("sure"),
    "medium": _l("fairly sure"),
    "low": _l("not sure: not applied"),
}

SOURCES = {
    "explicit": _l("your choice for this file"),
    "saved": _l("saved choice of the organisation"),
    "ignored": _l("ignored"),
    "read": _l("read from the header and the values"),
    "unread": _l("not read"),
}


def column_label(column: str | None) -> str:
    """Return a canonical column's label (an unknown name as it is)."""
    return label("field", column) if column else ""


def value_label(column: str, value: str | None) -> str:
    """Return a canonical column's value as people read it (free text as it is)."""
    return _value_label(column, value)
