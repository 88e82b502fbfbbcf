"""What the import pages call canonical columns, values and how sure a reading is.

Stored values are English keys; pages show these labels in the reader's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.labels import label

# The vocabulary that labels the values of each choice column (others: yes/no).
_VALUE_VOCABULARIES = ("sex", "person_status", "legal_status", "facility_type", "exclusion",
                       "release_status", "yes_no", "sign")

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


def value_label(value: str) -> str:
    """Return a canonical value's label (an unlabelled value as it is)."""
    for vocabulary in _VALUE_VOCABULARIES:
        text = label(vocabulary, value)
        if text != value:
            return text
    return value
