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


class Stage(enum.StrEnum):
    """Where a person stands on the road home (repatriation/data/stages.csv)."""

    REPORTED = "reported"
    IDENTIFIED = "identified"
    VERIFIED = "verified"
    LISTED = "listed"
    IN_EXCHANGE = "in_exchange"
    RELEASED = "released"
    EXCHANGED = "exchanged"
    REPATRIATED = "repatriated"
    REHABILITATION = "rehabilitation"
    CLOSED = "closed"
    DECEASED = "deceased"
    MISSING = "missing"
    EXCLUDED = "excluded"


class EventSource(enum.StrEnum):
    """Who says a status event happened."""

    MEMBER_LIST = "member_list"
    JOINT_LIST = "joint_list"
    EXCHANGE_ROUND = "exchange_round"
    COORDINATOR = "coordinator"


class FlagKind(enum.StrEnum):
    """Why a person needs a coordinator's look after a month's lists."""

    MEMBERS_DISAGREE = "members_disagree"
    DROPPED_WHILE_HELD = "dropped_while_held"
    LISTS_CONTRADICT_STAGE = "lists_contradict_stage"


class ChecklistStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_NEEDED = "not_needed"
