"""A Coalition member (or another organisation that keeps a list)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.models.base import Base, UTCDateTime, utcnow


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_uk: Mapped[str] = mapped_column(String(200))
    is_coalition_member: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def name(self, language: str) -> str:
        """Return the organisation's name in a language (English unless `uk`)."""
        return self.name_uk if language == "uk" else self.name_en

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"
