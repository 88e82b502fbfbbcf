"""One row: a token that every commit writing registry data replaces (see exchange.computed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.models.base import Base, UTCDateTime, utcnow


class RegistryVersion(Base):
    __tablename__ = "registry_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    # random, not a counter: a database restored from a backup never reuses a later token
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
