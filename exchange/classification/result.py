"""What a classification says, and how it is explained to a person reading it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from exchange.classification.eligibility import Eligibility
from exchange.models.enums import Category

__all__ = ["Check", "Classification", "RuleTrial", "UnknownField"]


@dataclass(frozen=True)
class Check:
    """One condition of the rule table, evaluated on a record."""

    label: str
    holds: bool
    observed: str
    checks: tuple[Check, ...] = field(default=())

    def text(self) -> str:
        verdict = "holds" if self.holds else "does not hold"
        return f"{self.label}: {verdict} ({self.observed})"


@dataclass(frozen=True)
class RuleTrial:
    """A rule tried on a record: the checks that decided it."""

    order: int
    key: str
    measure: int
    holds: bool
    checks: tuple[Check, ...]

    def text(self) -> str:
        verdict = "held" if self.holds else "did not hold"
        reasons = "; ".join(check.text() for check in self.checks)
        return f"rule {self.order} {self.key} (measure {self.measure}) {verdict}: {reasons}"


@dataclass(frozen=True)
class UnknownField:
    """An empty field that would change the category if it were filled."""

    field: str
    alternatives: tuple[tuple[str, str], ...]  # (value tried, category it would give)

    def text(self) -> str:
        ifs = ", ".join(f"{value} → {category}" for value, category in self.alternatives)
        return f"{self.field} not recorded ({ifs})"


@dataclass(frozen=True)
class Classification:
    """The category of one record, the rule and measure behind it, and why."""

    category: Category
    rule: str
    rule_order: int | None
    measure: int | None
    measure_title: str | None
    measure_text: str | None
    reason: str
    used: tuple[Check, ...]
    tried: tuple[RuleTrial, ...]
    also_held: tuple[RuleTrial, ...]
    unknown_fields: tuple[UnknownField, ...]
    notes: tuple[str, ...]
    conflicts: tuple[str, ...]
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
        """`3. transfer (measure 4)` or `unclassified: pow_without_charge`."""
        if self.rule_order is None:
            return f"unclassified: {self.rule}"
        return f"{self.rule_order}. {self.rule} (measure {self.measure})"

    def explanation_lines(self) -> list[str]:
        """The full explanation, one statement per line."""
        lines = [f"Category: {self.category} — {self.reason}"]
        if self.measure is not None:
            lines.append(
                f"Measure {self.measure} of the Concept, “{self.measure_title}”: "
                f"“{self.measure_text}”"
            )
        if self.used:
            lines.append("Facts used: " + "; ".join(check.text() for check in self.used))
        for trial in self.tried:
            lines.append("Tried before: " + trial.text())
        for trial in self.also_held:
            lines.append("Would also hold (settled by the order of the rules): " + trial.text())
        if self.unknown_fields:
            lines.append(
                "Provisional: could change if filled: "
                + "; ".join(unknown.text() for unknown in self.unknown_fields)
            )
        else:
            lines.append("Not provisional: no empty field could change the category")
        lines += [f"Conflict: {conflict}" for conflict in self.conflicts]
        lines += [f"Note: {note}" for note in self.notes]
        lines.append(f"Coalition eligibility: {self.eligibility.reason}")
        lines += [f"Note: {note}" for note in self.eligibility.notes]
        lines.append(f"Rule set {self.ruleset_version}")
        return lines

    def explanation(self) -> str:
        return "\n".join(self.explanation_lines())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for storage and pages."""
        data = asdict(self)
        data["category"] = str(self.category)
        data["provisional"] = self.provisional
        data["rule_label"] = self.rule_label
        data["eligibility"] = {
            "value": str(self.eligibility),
            "status": str(self.eligibility.status),
            "exclusion": self.eligibility.exclusion,
            "criteria": list(self.eligibility.criteria),
            "reason": self.eligibility.reason,
            "notes": list(self.eligibility.notes),
        }
        data["unknown_fields"] = [
            {"field": u.field, "alternatives": [list(a) for a in u.alternatives]}
            for u in self.unknown_fields
        ]
        return data
