"""A person a month's lists leave in doubt: members disagree, dropped while held, ...

Raised by `repatriation.list_events` after a month's reconciliation, resolved by a
coordinator with a reason (or by the next reconciliation of that month when it no
longer holds). Never deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow
from exchange.models.enums import FlagKind

if TYPE_CHECKING:
    from exchange.models.person import Person


class RepatriationFlag(Base):
    __tablename__ = "repatriation_flag"
    __audited__ = True
    __table_args__ = (UniqueConstraint("person_id", "kind", "list_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[FlagKind] = mapped_column(enum_column(FlagKind, "repatriation_flag_kind"))
    list_month: Mapped[str] = mapped_column(String(7), index=True)
    # what each member said: [{"org", "record_id", "status"}], or the stage the lists contradict
    detail: Mapped[dict | None] = mapped_column(JSONType)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolution: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def __repr__(self) -> str:
        return f"<RepatriationFlag {self.id} {self.kind.value} {self.list_month}>"
