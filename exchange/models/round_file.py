"""A file the other side sent for a round: its list, its verification reply, the outcomes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from exchange.models.round_file_row import RoundFileRow


class FileKind(enum.StrEnum):
    COUNTERPART = "counterpart"  # the other side's own list (exchange rounds)
    REPLY = "reply"  # their verification reply to our list
    OUTCOMES = "outcomes"  # who came home, after the round was carried out


class RoundFile(Base):
    __tablename__ = "round_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("exchange_round.id"), index=True)
    kind: Mapped[FileKind] = mapped_column(enum_column(FileKind, "round_file_kind"))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    answer_column: Mapped[str | None] = mapped_column(String(200))  # the status column read
    counts: Mapped[dict] = mapped_column(JSONType)
    # A later file of the same kind replaces this one; the rows are kept as history.
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_by_label: Mapped[str] = mapped_column(String(254))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    rows: Mapped[list[RoundFileRow]] = relationship(
        back_populates="file", cascade="all, delete-orphan", order_by="RoundFileRow.row_number"
    )

    def __repr__(self) -> str:
        return f"<RoundFile {self.id} {self.kind.value}>"
