"""What a classification says, as data: codes and texts in every language, never a sentence.

The sentences are made by `exchange.classification.wording` in the reader's language, from
the result or from its stored form (`Classification.to_dict()`), so a page, an export and
the command line explain a result in the same words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from exchange.classification.eligibility import Eligibility
from exchange.classification.observed import Doubt, Seen
from exchange.classification.wording import explanation_lines
from exchange.labels import Text
from exchange.models.enums import Category

__all__ = ["Check", "Classification", "Doubt", "RuleTrial", "Seen", "UnknownField"]


@dataclass(frozen=True)
class Check:
    """One condition of the rule table, evaluated on a record."""

    label: Text
    holds: bool
    observed: tuple[Seen, ...] = field(default=())
    checks: tuple[Check, ...] = field(default=())


@dataclass(frozen=True)
class RuleTrial:
    """A rule tried on a record: the checks that decided it."""

    order: int
    key: str
    measure: int
    holds: bool
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class UnknownField:
    """An empty field that would change the category if it were filled."""

    field: str
    alternatives: tuple[tuple[str, str], ...]  # (value tried, category it would give)


@dataclass(frozen=True)
class Classification:
    """The category of one record, the rule and measure behind it, and why."""

    category: Category
    rule: str
    rule_order: int | None
    measure: int | None
    rule_title: Text  # an unclassified reason's title (empty when a rule holds)
    reason: Text
    used: tuple[Check, ...]
    tried: tuple[RuleTrial, ...]
    also_held: tuple[RuleTrial, ...]
    unknown_fields: tuple[UnknownField, ...]
    notes: tuple[Doubt, ...]
    conflicts: tuple[Doubt, ...]
    eligibility: Eligibility
    ruleset_version: str

    @property
    def provisional(self) -> bool:
        """Some empty field could change the category."""
        return bool(self.unknown_fields)

    @property
    def needs_review(self) -> bool:
        """Provisional, or the record contradicts the article table or holds unreadable values."""
        return self.provisional or bool(self.conflicts) or bool(self.notes)

    @property
    def rule_label(self) -> str:
        """`4. non_violent_amnesty (measure 3)` or `unclassified: pow_without_charge` (codes)."""
        if self.rule_order is None:
            return f"unclassified: {self.rule}"
        return f"{self.rule_order}. {self.rule} (measure {self.measure})"

    def explanation_lines(self, language: str = "en") -> list[str]:
        """The full explanation, one statement per line."""
        return explanation_lines(self.to_dict(), language)

    def explanation(self, language: str = "en") -> str:
        return "\n".join(self.explanation_lines(language))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for storage and pages."""
        data = asdict(self)
        data["category"] = str(self.category)
        data["provisional"] = self.provisional
        data["rule_label"] = self.rule_label
        data["eligibility"] = self.eligibility.to_dict()
        data["unknown_fields"] = [
            {"field": u.field, "alternatives": [list(a) for a in u.alternatives]}
            for u in self.unknown_fields
        ]
        return data
