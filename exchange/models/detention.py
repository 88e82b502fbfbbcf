"""One detention episode of a person: when, where captured, where held, how."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, enum_column
from exchange.models.enums import FacilityType

if TYPE_CHECKING:
    from exchange.models.person import Person


class Detention(Base):
    __tablename__ = "detention"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    detained_on: Mapped[str | None] = mapped_column(String(10))  # partial date
    detained_where: Mapped[str | None] = mapped_column(String(300))
    held_at: Mapped[str | None] = mapped_column(String(300))
    facility_type: Mapped[FacilityType | None] = mapped_column(
        enum_column(FacilityType, "facility_type")
    )
    held_incommunicado: Mapped[str | None] = mapped_column(String(3))
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))

    person: Mapped[Person] = relationship(back_populates="detentions")

    def __repr__(self) -> str:
        return f"<Detention {self.id} person={self.person_id}>"
