"""A person on a round: the other side's reply about them and what finally happened."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from exchange.models.person import Person
    from exchange.models.round import Round


class ReplyStatus(enum.StrEnum):
    """What the other side's verification reply says about a person."""

    CONFIRMED = "confirmed"
    NOT_FOUND = "not_found"
    REFUSED = "refused"
    DIFFERENT_PERSON = "different_person"
    NO_ANSWER = "no_answer"  # the reply has no row for the person


class Outcome(enum.StrEnum):
    """What happened to a person when the round was carried out."""

    RETURNED = "returned"
    NOT_HANDED_OVER = "not_handed_over"
    DIED = "died"
    REFUSED_TO_RETURN = "refused_to_return"


class RoundEntry(Base):
    __tablename__ = "round_entry"
    __table_args__ = (UniqueConstraint("round_id", "person_id", name="uq_round_entry_person"),)
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("exchange_round.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    # Set while the person is held by this round (round open, no outcome yet). Unique: the
    # database itself keeps a person on at most one open round, also under concurrent adds.
    open_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), unique=True)
    category: Mapped[str] = mapped_column(String(40))  # the person's category when added
    added_by_label: Mapped[str] = mapped_column(String(254))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Identity doubts a negotiator confirmed before the list left (open_review, ...).
    identity_confirmed_flags: Mapped[list | None] = mapped_column(JSONType)
    identity_confirmed_by: Mapped[str | None] = mapped_column(String(254))
    identity_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reply_status: Mapped[ReplyStatus | None] = mapped_column(
        enum_column(ReplyStatus, "reply_status")
    )
    reply_row_id: Mapped[int | None] = mapped_column(ForeignKey("round_file_row.id"))
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "round_outcome"))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    outcome_on: Mapped[str | None] = mapped_column(String(10))
    outcome_by: Mapped[str | None] = mapped_column(String(254))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[Round] = relationship(back_populates="entries")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])

    def __repr__(self) -> str:
        return f"<RoundEntry {self.id} round={self.round_id} person={self.person_id}>"
