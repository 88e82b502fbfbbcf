"""The canonical columns of `shared/spec/record-format.md` and the kind of value each holds."""

from __future__ import annotations

NAME = "name"
TEXT = "text"
DATE = "date"
YES_NO = "yes_no"
CHOICE = "choice"
TAGS = "tags"

# column -> kind, in the order of the spec (also the export's column order)
COLUMNS: dict[str, str] = {
    "record_id": "id",
    "surname": NAME,
    "given_name": NAME,
    "patronymic": NAME,
    "full_name": NAME,
    "sex": CHOICE,
    "date_of_birth": DATE,
    "place_of_birth": TEXT,
    "citizenship": "citizenship",
    "residence_region": "region",
    "lived_in_ukraine_1991_borders": YES_NO,
    "person_status": CHOICE,
    "captured_in_ukraine": YES_NO,
    "detained_on": DATE,
    "detained_where": TEXT,
    "held_at": TEXT,
    "facility_type": CHOICE,
    "held_incommunicado": YES_NO,
    "legal_status": CHOICE,
    "charges": "charges",
    "violent_offence": YES_NO,
    "offence_has_victims": YES_NO,
    "against_russian_interests": YES_NO,
    "war_crime_accusation": YES_NO,
    "sentence": TEXT,
    "pace_criteria": "pace",
    "exclusion": CHOICE,
    "health_concern": YES_NO,
    "signs": TAGS,
    "source_org": TEXT,
    "list_month": "month",
    "release_status": CHOICE,
    "released_on": DATE,
    "notes": TEXT,
}

CANONICAL_COLUMNS: tuple[str, ...] = tuple(COLUMNS)
NAME_PARTS = ("surname", "given_name", "patronymic")
