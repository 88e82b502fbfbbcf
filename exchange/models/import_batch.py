"""One member list file imported for one organisation and month: applied whole or not at all."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow
from exchange.models.enums import BatchStatus
from exchange.models.organisation import Organisation

if TYPE_CHECKING:
    from exchange.models.source_record import SourceRecord
    from exchange.models.user import User


class ImportBatch(Base):
    __tablename__ = "import_batch"
    __table_args__ = (
        Index("ix_import_batch_org_month_hash", "organisation_id", "list_month", "file_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    list_month: Mapped[str] = mapped_column(String(7), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the file's bytes
    status: Mapped[BatchStatus] = mapped_column(
        enum_column(BatchStatus, "batch_status"), default=BatchStatus.COMMITTED
    )
    row_count: Mapped[int] = mapped_column(default=0)
    # The header mapping used ({header: canonical column or null for ignored}) and a summary
    mapping: Mapped[dict | None] = mapped_column(JSONType)
    summary: Mapped[dict | None] = mapped_column(JSONType)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_label: Mapped[str] = mapped_column(String(254))  # email or "cli:<os user>"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rolled_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rolled_back_by_label: Mapped[str | None] = mapped_column(String(254))
    rollback_reason: Mapped[str | None] = mapped_column(String(1000))

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    records: Mapped[list[SourceRecord]] = relationship(back_populates="batch")

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.list_month}>"
