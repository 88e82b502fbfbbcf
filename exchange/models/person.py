"""The registry's entity: one real human, with the current merged facts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow
from exchange.models.enums import (
    Exclusion,
    LegalStatus,
    PersonStatus,
    ReleaseStatus,
    Sex,
)
from matching.spelling import reading_form, sort_text

if TYPE_CHECKING:
    from exchange.models.charge import Charge
    from exchange.models.detention import Detention
    from exchange.models.name_variant import NameVariant
    from exchange.models.source_record import SourceRecord
    from exchange.models.status_event import StatusEvent

SORT_NAME_LENGTH = 400

# Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) are kept as text: a bare year is a fact, not a guess.
PartialDate = String(10)
YesNo = String(3)


class Person(Base):
    __tablename__ = "person"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    # Identity (merged view: the values the registry currently believes)
    surname: Mapped[str | None] = mapped_column(String(200), index=True)
    given_name: Mapped[str | None] = mapped_column(String(200))
    patronymic: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "sex"))
    date_of_birth: Mapped[str | None] = mapped_column(PartialDate)
    place_of_birth: Mapped[str | None] = mapped_column(String(300))
    citizenship: Mapped[str | None] = mapped_column(String(100))
    residence_region: Mapped[str | None] = mapped_column(String(10))
    lived_in_ukraine_1991_borders: Mapped[str | None] = mapped_column(YesNo)
    # Status and legal position
    person_status: Mapped[PersonStatus | None] = mapped_column(
        enum_column(PersonStatus, "person_status")
    )
    captured_in_ukraine: Mapped[str | None] = mapped_column(YesNo)
    legal_status: Mapped[LegalStatus | None] = mapped_column(
        enum_column(LegalStatus, "legal_status")
    )
    violent_offence: Mapped[str | None] = mapped_column(YesNo)
    offence_has_victims: Mapped[str | None] = mapped_column(YesNo)
    against_russian_interests: Mapped[str | None] = mapped_column(YesNo)
    war_crime_accusation: Mapped[str | None] = mapped_column(YesNo)
    sentence: Mapped[str | None] = mapped_column(String(200))
    # Coalition assessment
    pace_criteria: Mapped[str | None] = mapped_column(String(20))
    exclusion: Mapped[Exclusion | None] = mapped_column(enum_column(Exclusion, "exclusion"))
    health_concern: Mapped[str | None] = mapped_column(YesNo)
    signs: Mapped[str | None] = mapped_column(String(500))
    # Tracking
    release_status: Mapped[ReleaseStatus | None] = mapped_column(
        enum_column(ReleaseStatus, "release_status"), index=True
    )
    released_on: Mapped[str | None] = mapped_column(PartialDate)
    notes: Mapped[str | None] = mapped_column(Text)
    # Every known spelling of the name, case-folded, for search in any script (derived)
    search_text: Mapped[str | None] = mapped_column(Text)
    # The name's place in Ukrainian alphabetical order (derived: `name_sort_text`), so lists
    # sort by an index: a Latin-only name sorts by its derived Cyrillic form
    sort_name: Mapped[str | None] = mapped_column(String(SORT_NAME_LENGTH), index=True)
    # Which rule chose each merged field, and which source said what: {field: {...}}
    field_provenance: Mapped[dict | None] = mapped_column(JSONType)
    # The fields whose provenance says members disagree, `;a;b;` (derived from the
    # provenance at each flush; None: no provenance): pages read this, not the provenance
    conflict_fields: Mapped[str | None] = mapped_column(String(300))
    # Set when this person was merged into another; the row is kept so a merge can be undone.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic locking: an edit made on a stale page is refused, not silently applied.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    source_records: Mapped[list[SourceRecord]] = relationship(back_populates="person")
    name_variants: Mapped[list[NameVariant]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    charges: Mapped[list[Charge]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    detentions: Mapped[list[Detention]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Detention.detained_on"
    )
    status_events: Mapped[list[StatusEvent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="StatusEvent.id"
    )

    @property
    def display_name(self) -> str:
        """Return the name as the registry shows it: surname first."""
        parts = [self.surname, self.given_name, self.patronymic]
        return " ".join(p for p in parts if p) or "—"

    @property
    def current_detention(self) -> Detention | None:
        """Return the most recent detention episode, if any."""
        return self.detentions[-1] if self.detentions else None

    def __repr__(self) -> str:  # never the name: reprs end up in logs
        return f"<Person {self.id}>"


def name_search_text(person: Person) -> str:
    """Return the case-folded spellings of a person's name, one searchable string."""
    parts = {person.surname, person.given_name, person.patronymic}
    for variant in person.name_variants:
        parts.update((variant.surname, variant.given_name, variant.patronymic))
    return " ".join(sorted(p.casefold() for p in parts if p))


def name_sort_text(surname: str | None, given_name: str | None, patronymic: str | None) -> str:
    """Return the key sorting a name in Ukrainian alphabetical order (Latin by its derived form)."""
    parts = zip((surname, given_name, patronymic), ("surname", "given_name", "patronymic"),
                strict=True)
    return sort_text(*(reading_form(text, part)[0] for text, part in parts))[:SORT_NAME_LENGTH]


def conflicts_text(provenance: dict | None) -> str | None:
    """Return the fields a provenance marks in conflict as `;a;b;` ("" none, None no provenance)."""
    if not provenance:
        return None
    fields = sorted(name for name, choice in provenance.items()
                    if isinstance(choice, dict) and choice.get("conflict"))
    return f";{';'.join(fields)};" if fields else ""


@event.listens_for(Session, "before_flush")
def _refresh_search_text(session: Session, _context: object, _instances: object) -> None:
    touched = {o for o in (*session.new, *session.dirty) if isinstance(o, Person)}
    touched |= {
        o.person
        for o in (*session.new, *session.dirty)
        if type(o).__name__ == "NameVariant" and o.person is not None
    }
    for person in touched:
        refresh_derived(person)


def refresh_derived(person: Person) -> None:
    """Recompute the columns derived from a person's name and provenance, where they differ."""
    text = name_search_text(person)
    if person.search_text != text:
        person.search_text = text
    key = name_sort_text(person.surname, person.given_name, person.patronymic)
    if person.sort_name != key:
        person.sort_name = key
    conflicts = conflicts_text(person.field_provenance)
    if person.conflict_fields != conflicts:
        person.conflict_fields = conflicts
