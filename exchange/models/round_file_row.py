"""One row of a file the other side sent, and which of our persons it was matched to."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column

if TYPE_CHECKING:
    from exchange.models.round_file import RoundFile


class MatchState(enum.StrEnum):
    MATCHED = "matched"  # the matching engine (or a negotiator) tied it to a person of ours
    REVIEW = "review"  # maybe one of ours: a negotiator decides
    UNMATCHED = "unmatched"  # no one on our list


class RoundFileRow(Base):
    __tablename__ = "round_file_row"
    __audited__ = True
    __audit_inserts__ = False  # an import writes one audit entry per file, not one per row

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("round_file.id"), index=True)
    row_number: Mapped[int]
    raw: Mapped[dict] = mapped_column(JSONType)  # header -> cell, as it arrived
    values: Mapped[dict] = mapped_column(JSONType)  # canonical values (non-empty only)
    answer: Mapped[str | None] = mapped_column(String(40))  # reply status or outcome key
    answer_text: Mapped[str | None] = mapped_column(String(300))  # the cell as written
    match: Mapped[MatchState | None] = mapped_column(enum_column(MatchState, "round_row_match"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    candidate_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    probability: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(String(40))  # counterpart rows: classified
    resolved_by: Mapped[str | None] = mapped_column(String(254))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    file: Mapped[RoundFile] = relationship(back_populates="rows")

    def __repr__(self) -> str:
        return f"<RoundFileRow {self.id} file={self.file_id} row={self.row_number}>"
