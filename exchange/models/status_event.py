"""A dated event in a person's release status history; corrections void, never delete."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, UTCDateTime, enum_column, utcnow
from exchange.models.enums import ReleaseStatus

if TYPE_CHECKING:
    from exchange.models.person import Person


class StatusEvent(Base):
    __tablename__ = "status_event"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[ReleaseStatus] = mapped_column(enum_column(ReleaseStatus, "release_status"))
    occurred_on: Mapped[str | None] = mapped_column(String(10))  # partial date
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    list_month: Mapped[str | None] = mapped_column(String(7))
    note: Mapped[str | None] = mapped_column(String(1000))
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("status_event.id"))

    person: Mapped[Person] = relationship(back_populates="status_events")

    def __repr__(self) -> str:
        return f"<StatusEvent {self.id} {self.status.value}>"
