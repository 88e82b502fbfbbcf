"""A numbered snapshot of a round's list exactly as it was sent; never changed afterwards."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from exchange.models.round import Round


class RoundVersion(Base):
    __tablename__ = "round_version"
    __table_args__ = (UniqueConstraint("round_id", "number", name="uq_round_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("exchange_round.id"), index=True)
    number: Mapped[int]
    rows: Mapped[list] = mapped_column(JSONType)  # one dict per person, as sent
    row_count: Mapped[int]
    submitted_by_label: Mapped[str] = mapped_column(String(254))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    round: Mapped[Round] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"<RoundVersion round={self.round_id} v{self.number}>"
