"""A dated event on a person's road home; corrections void, never delete.

`stage` is the repatriation stage (`repatriation/data/stages.csv`); `status` keeps the
release status that stage means (detained, released, ...) for the reports that read it.
Writes go through `repatriation.events` (the transition table is checked there).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, UTCDateTime, enum_column, utcnow
from exchange.models.enums import EventSource, ReleaseStatus, Stage

if TYPE_CHECKING:
    from exchange.models.person import Person


class StatusEvent(Base):
    __tablename__ = "status_event"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "repatriation_stage"), index=True)
    status: Mapped[ReleaseStatus] = mapped_column(enum_column(ReleaseStatus, "release_status"))
    occurred_on: Mapped[str | None] = mapped_column(String(10))  # partial date
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    source_kind: Mapped[EventSource] = mapped_column(enum_column(EventSource, "event_source"))
    # `ORG:record_id; ...` of the records behind a list event, an opaque id for a round
    source_ref: Mapped[str | None] = mapped_column(String(200))
    source_label: Mapped[str | None] = mapped_column(String(300))  # e.g. the round's name
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    list_month: Mapped[str | None] = mapped_column(String(7))
    note: Mapped[str | None] = mapped_column(String(1000))  # the evidence
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("status_event.id"))

    person: Mapped[Person] = relationship(back_populates="status_events")

    @property
    def voided(self) -> bool:
        return self.voided_by_id is not None

    def __repr__(self) -> str:
        return f"<StatusEvent {self.id} {self.stage.value}>"
