"""The append-only audit trail: who changed what, when, from which value to which, and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.models.base import Base, JSONType, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(String(254))  # email, or "cli:<os user>" for commands
    action: Mapped[str] = mapped_column(String(40))  # create, update, delete, import, merge, ...
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[str] = mapped_column(String(60))
    # The person this entry concerns, so a person's history is one query
    person_id: Mapped[int | None] = mapped_column(index=True)
    # {field: [old, new]}; field values, never free-form log text
    changes: Mapped[dict | None] = mapped_column(JSONType)
    reason: Mapped[str | None] = mapped_column(String(2000))

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.object_type}:{self.object_id}>"
