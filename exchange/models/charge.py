"""One RF Criminal Code article a person is charged under or convicted of."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base

if TYPE_CHECKING:
    from exchange.models.person import Person


class Charge(Base):
    __tablename__ = "charge"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    article: Mapped[str] = mapped_column(String(20))  # "205.5"
    part: Mapped[str | None] = mapped_column(String(20))  # "2"
    as_written: Mapped[str] = mapped_column(String(200))  # "ст. 205.5 ч.2 УК РФ"
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))

    person: Mapped[Person] = relationship(back_populates="charges")

    def __repr__(self) -> str:
        return f"<Charge {self.article} part={self.part}>"
