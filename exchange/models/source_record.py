"""One row of one member's list, exactly as it arrived, plus its normalised canonical values."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, utcnow
from exchange.models.import_batch import ImportBatch
from exchange.models.organisation import Organisation

if TYPE_CHECKING:
    from exchange.models.person import Person


class SourceRecord(Base):
    __tablename__ = "source_record"
    __table_args__ = (
        UniqueConstraint("batch_id", "row_number", name="uq_source_record_batch_row"),
        # a person's latest listing (the registry sorts by it) is one index lookup
        Index("ix_source_record_person_month", "person_id", "list_month"),
    )
    __audited__ = True
    __audit_inserts__ = False  # an import writes one audit entry per batch, not one per row

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    list_month: Mapped[str] = mapped_column(String(7), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_hash: Mapped[str] = mapped_column(String(64))
    row_number: Mapped[int]  # 1-based row in the file (sheet row for XLSX, line for CSV)
    record_id: Mapped[str | None] = mapped_column(String(100), index=True)  # the source's own id
    raw: Mapped[dict] = mapped_column(JSONType)  # header -> cell text, as it arrived
    values: Mapped[dict] = mapped_column(JSONType)  # canonical column -> canonical value
    problems: Mapped[list | None] = mapped_column(JSONType)  # warnings found on import
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    batch: Mapped[ImportBatch] = relationship(back_populates="records")
    organisation: Mapped[Organisation] = relationship()
    person: Mapped[Person | None] = relationship(back_populates="source_records")

    def value(self, column: str) -> str | None:
        """Return one canonical value of this row (None when the source left it empty)."""
        return (self.values or {}).get(column)

    def __repr__(self) -> str:
        return f"<SourceRecord {self.id} batch={self.batch_id} row={self.row_number}>"
