"""A header mapping an organisation chose once and reuses for its next monthly lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, UTCDateTime, utcnow
from exchange.models.organisation import Organisation


class SavedHeaderMapping(Base):
    __tablename__ = "saved_header_mapping"
    __table_args__ = (
        UniqueConstraint("organisation_id", "header_key", name="uq_saved_header_mapping_org_key"),
    )
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    header_key: Mapped[str] = mapped_column(String(200))  # case/punctuation-insensitive key
    header: Mapped[str] = mapped_column(String(200))  # the header as the user saw it
    column: Mapped[str] = mapped_column(String(60))  # a canonical column, or "ignore"
    updated_by_label: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<SavedHeaderMapping {self.organisation_id} {self.header!r}->{self.column}>"
