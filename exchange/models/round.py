"""A round: one list handed to the other side for one mechanism, from draft to closed."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from exchange.models.round_entry import RoundEntry
    from exchange.models.round_version import RoundVersion


class RoundType(enum.StrEnum):
    """The mechanism a round serves (exchange/rounds/data/mechanisms.toml)."""

    EXCHANGE = "exchange"
    RELEASE = "release"
    AMNESTY = "amnesty"
    TRANSFER = "transfer"
    DEMAND_RECORDS = "demand_records"


class RoundState(enum.StrEnum):
    """Where a round stands; the allowed moves are exchange/rounds/data/transitions.csv."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    EXECUTED = "executed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Round(Base):
    __tablename__ = "exchange_round"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    round_type: Mapped[RoundType] = mapped_column(enum_column(RoundType, "round_type"))
    state: Mapped[RoundState] = mapped_column(
        enum_column(RoundState, "round_state"), default=RoundState.DRAFT, index=True
    )
    categories: Mapped[list] = mapped_column(JSONType)  # category keys the round covers
    planned_on: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD
    executed_on: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # The list changed since the last version went out (a new submission makes a new version).
    list_changed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_label: Mapped[str] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic locking: two people moving the same round at once cannot both succeed.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    entries: Mapped[list[RoundEntry]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundEntry.id"
    )
    versions: Mapped[list[RoundVersion]] = relationship(
        back_populates="round", order_by="RoundVersion.number"
    )

    def __repr__(self) -> str:  # the name may say who is on it: not in logs
        return f"<Round {self.id} {self.state.value}>"
