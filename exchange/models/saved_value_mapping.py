"""A cell value an organisation told the import how to read, reused for its next lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, UTCDateTime, utcnow
from exchange.models.organisation import Organisation


class SavedValueMapping(Base):
    __tablename__ = "saved_value_mapping"
    __table_args__ = (
        UniqueConstraint("organisation_id", "column", "value_key",
                         name="uq_saved_value_mapping_org_column_key"),
    )
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    column: Mapped[str] = mapped_column(String(60))  # a canonical column
    value_key: Mapped[str] = mapped_column(String(200))  # case/punctuation-insensitive key
    value: Mapped[str] = mapped_column(String(200))  # the cell text as the user saw it
    canonical: Mapped[str] = mapped_column(String(200))  # what it is read as
    updated_by_label: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<SavedValueMapping {self.organisation_id} {self.column}:{self.value_key!r}>"
