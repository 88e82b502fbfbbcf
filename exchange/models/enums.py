"""Value sets of the canonical record (../shared/spec/record-format.md) and of the app."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER_EDITOR = "member_editor"
    NEGOTIATOR = "negotiator"
    VIEWER = "viewer"


class Sex(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


class PersonStatus(enum.StrEnum):
    CIVILIAN = "civilian"
    MILITARY = "military"
    FORMATION_MEMBER = "formation_member"


class LegalStatus(enum.StrEnum):
    NONE = "none"
    SUSPECT = "suspect"
    ACCUSED = "accused"
    CONVICTED = "convicted"
    SERVING_SENTENCE_BEFORE_OCCUPATION = "serving_sentence_before_occupation"


class FacilityType(enum.StrEnum):
    PRETRIAL = "pretrial"
    COLONY = "colony"
    FILTRATION_CAMP = "filtration_camp"
    SECRET_PRISON = "secret_prison"
    PSYCHIATRIC = "psychiatric"
    UNKNOWN_LOCATION = "unknown_location"
    OTHER = "other"


class Exclusion(enum.StrEnum):
    WAR_CRIMES = "war_crimes"
    GENERAL_CRIME = "general_crime"
    COLLABORATION = "collaboration"


class ReleaseStatus(enum.StrEnum):
    DETAINED = "detained"
    RELEASED = "released"
    EXCHANGED = "exchanged"
    REPATRIATED = "repatriated"
    DECEASED = "deceased"
    MISSING = "missing"


class Script(enum.StrEnum):
    """Writing system of a name variant."""

    CYRILLIC_UK = "cyrl-uk"
    CYRILLIC_RU = "cyrl-ru"
    CYRILLIC = "cyrl"  # Cyrillic that is neither clearly Ukrainian nor Russian
    LATIN = "latn"


class MonthStatus(enum.StrEnum):
    OPEN = "open"
    RECONCILED = "reconciled"
    PUBLISHED = "published"


class Category(enum.StrEnum):
    """A treatment category of the Concept (spec/categories.md); its rules are in classification."""

    WAR_CRIME_EXCHANGE = "war_crime_exchange"
    VOLUNTEERS = "volunteers"
    TRANSFER = "transfer"
    NON_VIOLENT_AMNESTY = "non_violent_amnesty"
    SECRET_PRISON = "secret_prison"
    CIVILIANS = "civilians"
    UNCLASSIFIED = "unclassified"


class BatchStatus(enum.StrEnum):
    COMMITTED = "committed"
    ROLLED_BACK = "rolled_back"
