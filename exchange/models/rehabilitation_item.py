"""One step of a returned person's rehabilitation checklist (repatriation/data/checklist.csv)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, UTCDateTime, enum_column, utcnow
from exchange.models.enums import ChecklistStatus

if TYPE_CHECKING:
    from exchange.models.person import Person


class RehabilitationItem(Base):
    __tablename__ = "rehabilitation_item"
    __audited__ = True
    __table_args__ = (UniqueConstraint("person_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))  # a key of checklist.csv
    status: Mapped[ChecklistStatus] = mapped_column(
        enum_column(ChecklistStatus, "checklist_status"), index=True
    )
    status_on: Mapped[str | None] = mapped_column(String(10))  # partial date
    # compensation claims: the amount claimed, in `currency` (ISO 4217)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<RehabilitationItem {self.id} {self.item} {self.status.value}>"
