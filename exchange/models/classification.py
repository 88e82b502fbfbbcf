"""A person's treatment category and Coalition eligibility: computed, and a reviewer's override.

The computed result is recomputed whenever the person's facts change; an override is
stored beside it, never instead of it. Writes go through
`exchange.classification.operations`, which also writes the audit entries.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.models.base import Base, JSONType, UTCDateTime, enum_column, utcnow
from exchange.models.enums import Category

if TYPE_CHECKING:
    from exchange.models.person import Person


class PersonClassification(Base):
    __tablename__ = "person_classification"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), unique=True, index=True
    )
    # Computed by the rule engine
    category: Mapped[Category] = mapped_column(
        enum_column(Category, "classification_category"), index=True
    )
    rule: Mapped[str] = mapped_column(String(60))
    measure: Mapped[int | None] = mapped_column()
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    eligibility: Mapped[str] = mapped_column(String(60), index=True)  # eligible, excluded:<x>, ...
    unknown_fields: Mapped[list | None] = mapped_column(JSONType)
    explanation: Mapped[dict] = mapped_column(JSONType)  # Classification.to_dict()
    ruleset_version: Mapped[str] = mapped_column(String(40))
    facts_digest: Mapped[str] = mapped_column(String(64))  # the facts it was computed from
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Review queue
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    review_reasons: Mapped[list | None] = mapped_column(JSONType)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # A reviewer's decision, kept beside the computed result
    override_category: Mapped[Category | None] = mapped_column(
        enum_column(Category, "classification_override_category")
    )
    override_eligibility: Mapped[str | None] = mapped_column(String(60))
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The computed result the override was made against: {"category": ..., "eligibility": ...}
    override_basis: Mapped[dict | None] = mapped_column(JSONType)

    person: Mapped[Person] = relationship()

    @property
    def overridden(self) -> bool:
        return self.override_category is not None or self.override_eligibility is not None

    @property
    def effective_category(self) -> Category:
        """The reviewer's category when there is one, else the computed one."""
        return self.override_category or self.category

    @property
    def effective_eligibility(self) -> str:
        return self.override_eligibility or self.eligibility

    def __repr__(self) -> str:
        return f"<PersonClassification person={self.person_id} {self.category}>"
