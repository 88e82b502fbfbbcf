"""A spelling of a person's name as some source wrote it, with its script and system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, enum_column
from exchange.models.enums import Script

if TYPE_CHECKING:
    from exchange.models.person import Person


class NameVariant(Base):
    __tablename__ = "name_variant"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    surname: Mapped[str | None] = mapped_column(String(200))
    given_name: Mapped[str | None] = mapped_column(String(200))
    patronymic: Mapped[str | None] = mapped_column(String(200))
    script: Mapped[Script] = mapped_column(enum_column(Script, "script"))
    # Transliteration system for Latin forms: "kmu2010", "bgn_pcgn", "icao", "iso9",
    # "press", "crimean_tatar", or "source" when it is what a list wrote and the system is unknown.
    system: Mapped[str] = mapped_column(String(30), default="source")
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))

    person: Mapped[Person] = relationship(back_populates="name_variants")

    def __repr__(self) -> str:
        return f"<NameVariant {self.id} person={self.person_id} {self.script.value}>"
