"""The reconciliation review queue, the decisions on pairs, and reversible merges and splits."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow
from exchange.models.person import Person
from exchange.models.source_record import SourceRecord


class Decision(enum.StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"


class ReviewStatus(enum.StrEnum):
    OPEN = "open"  # waits for a reviewer
    DECIDED = "decided"  # a reviewer decided it
    REUSED = "reused"  # an earlier decision on the same pair of persons settled it
    OBSOLETE = "obsolete"  # the record or the person went away (batch rolled back, merged)


class ReviewItem(Base):
    """One candidate person for a record the engine was unsure of.

    The open items of one record are one question put to the reviewer: which of these
    persons is the record (the engine's `matching.ReviewItem`, one row per candidate).
    A record whose items have reason `ambiguous` or `duplicate` is attached to no person
    (`SourceRecord.person_id` is NULL) until a reviewer decides: it is *pending*.
    """

    __tablename__ = "review_item"
    __table_args__ = (
        UniqueConstraint("source_record_id", "candidate_person_id", name="uq_review_item_pair"),
        Index("ix_review_item_month_status", "list_month", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_month: Mapped[str] = mapped_column(String(7))
    source_record_id: Mapped[int] = mapped_column(ForeignKey("source_record.id"), index=True)
    candidate_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    weight: Mapped[float]
    probability: Mapped[float]
    explanation: Mapped[list | None] = mapped_column(JSONType)  # [{comparison, level, weight}]
    note: Mapped[str | None] = mapped_column(String(300))  # e.g. why the engine refused a link
    # why the record is asked about (matching.review: ambiguous, duplicate, refused, ...)
    reason: Mapped[str | None] = mapped_column(String(20))
    # how much the answer may change the joint list (the engine's priority, per record)
    priority: Mapped[float | None]
    # the candidate's record the engine compared the record with: a "same person"
    # decision waives what these two records disagree on, and nothing else
    candidate_record_id: Mapped[int | None] = mapped_column(ForeignKey("source_record.id"))
    conflict: Mapped[str | None] = mapped_column(String(20))  # constraint a join would break
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.OPEN
    )
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "review_decision"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("pair_decision.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    record: Mapped[SourceRecord] = relationship(foreign_keys=[source_record_id])
    candidate: Mapped[Person] = relationship()
    candidate_record: Mapped[SourceRecord | None] = relationship(
        foreign_keys=[candidate_record_id]
    )

    def __repr__(self) -> str:
        return f"<ReviewItem {self.id} {self.status.value}>"


class PairDecision(Base):
    """A reviewer's decision that two persons are, or are not, the same human.

    Kept on the pair of persons (lower id first), so it applies again whenever later
    months bring the same pair back.
    """

    __tablename__ = "pair_decision"
    __table_args__ = (
        UniqueConstraint("person_low_id", "person_high_id", name="uq_pair_decision_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_low_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    person_high_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, "pair_decision_value"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_label: Mapped[str] = mapped_column(String(254))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<PairDecision {self.person_low_id}-{self.person_high_id} {self.decision.value}>"


class LinkChangeKind(enum.StrEnum):
    MERGE = "merge"  # records of `other_person` moved to `person`; other marked merged
    SPLIT = "split"  # records moved from `person` to the new `other_person`


class LinkChange(Base):
    """A merge or split of persons, kept so it can be undone from the history."""

    __tablename__ = "link_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LinkChangeKind] = mapped_column(enum_column(LinkChangeKind, "link_change_kind"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    other_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    record_ids: Mapped[list] = mapped_column(JSONType)  # the source records that moved
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by: Mapped[str | None] = mapped_column(String(254))

    def __repr__(self) -> str:
        return f"<LinkChange {self.id} {self.kind.value}>"


class MatchModelState(Base):
    """The matching engine's estimated parameters, reused by incremental runs."""

    __tablename__ = "match_model_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    parameters: Mapped[str] = mapped_column(Text)  # matching.MatchModel.to_json()
    trained_on_month: Mapped[str] = mapped_column(String(7))
    record_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
