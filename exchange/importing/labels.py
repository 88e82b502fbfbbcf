"""What the import pages call canonical columns, values and how sure a reading is.

Stored values are English keys; pages show these labels in the reader's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.vocabulary import LABELS

COLUMN_LABELS = {
    "record_id": _l("Record id"),
    "surname": _l("Surname"),
    "given_name": _l("Given name"),
    "patronymic": _l("Patronymic"),
    "full_name": _l("Full name (one cell)"),
    "sex": _l("Sex"),
    "date_of_birth": _l("Date of birth"),
    "place_of_birth": _l("Place of birth"),
    "citizenship": _l("Citizenship"),
    "residence_region": _l("Region of residence"),
    "lived_in_ukraine_1991_borders": _l("Lived in Ukraine (1991 borders)"),
    "person_status": _l("Civilian or military"),
    "captured_in_ukraine": _l("Captured in Ukraine"),
    "detained_on": _l("Date of detention"),
    "detained_where": _l("Place of capture"),
    "held_at": _l("Place of custody"),
    "facility_type": _l("Type of facility"),
    "held_incommunicado": _l("Held incommunicado"),
    "legal_status": _l("Legal status"),
    "charges": _l("Charges (RF Criminal Code articles)"),
    "violent_offence": _l("Violent offence"),
    "offence_has_victims": _l("Offence has victims"),
    "against_russian_interests": _l("Against Russian interests"),
    "war_crime_accusation": _l("Accused of a war crime"),
    "sentence": _l("Sentence"),
    "pace_criteria": _l("PACE criteria"),
    "exclusion": _l("Exclusion"),
    "health_concern": _l("Health concern"),
    "signs": _l("Special signs"),
    "source_org": _l("Source organisation"),
    "list_month": _l("List month"),
    "release_status": _l("Release status"),
    "released_on": _l("Date of release"),
    "notes": _l("Notes"),
}

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
    return str(COLUMN_LABELS.get(column, column or ""))


def value_label(value: str) -> str:
    """Return a canonical value's label (an unlabelled value as it is)."""
    return str(LABELS.get(value, value))
