"""A month of the Coalition's joint list as a unit of work: open, reconciled, published."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow
from exchange.models.enums import MonthStatus


class ListMonth(Base):
    __tablename__ = "list_month"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)  # YYYY-MM
    status: Mapped[MonthStatus] = mapped_column(
        enum_column(MonthStatus, "month_status"), default=MonthStatus.OPEN
    )
    reconciled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The joint list as published, frozen: later corrections go into the next month.
    # Loaded only when read: thousands of rows a month, and most reads want the status.
    snapshot: Mapped[list | None] = mapped_column(JSONType, deferred=True)

    @property
    def is_frozen(self) -> bool:
        """Return whether the month is published and so can no longer change."""
        return self.status is MonthStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<ListMonth {self.month} {self.status.value}>"
