"""The facts of one record as the rules read them: values checked, charges looked up."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from exchange.classification.articles import Article, ArticleTable
from exchange.classification.observed import Doubt, Seen
from exchange.domain.charges import Charge, ChargesError, format_charges, parse_charges

__all__ = ["RecordFacts", "read_facts"]


@dataclass(frozen=True)
class RecordFacts:
    """Recorded values (`""` when empty), charges with their article rows, and notes."""

    values: Mapping[str, str]
    charges: tuple[tuple[Charge, Article | None], ...]
    implied: Mapping[str, tuple[str, tuple[Seen, ...]]]  # fact -> (value, what implies it)
    notes: tuple[Doubt, ...] = field(default=())
    conflicts: tuple[Doubt, ...] = field(default=())

    def recorded(self, fact: str) -> str:
        return self.values.get(fact, "")

    def value(self, fact: str) -> str:
        """The recorded value; for an empty field, the value the charges imply, if any."""
        recorded = self.recorded(fact)
        if recorded or fact not in self.implied:
            return recorded
        return self.implied[fact][0]

    def seen(self, fact: str) -> Seen:
        """What the record says about a fact, for the explanation."""
        recorded = self.recorded(fact)
        if recorded or fact not in self.implied:
            return Seen(fact, recorded)
        value, sources = self.implied[fact]
        return Seen(fact, implied=value, by=sources)

    def seen_charges(self) -> Seen:
        return Seen("charges", format_charges([charge for charge, _ in self.charges]))


def read_facts(
    values: Mapping[str, str | None],
    table: ArticleTable,
    domains: Mapping[str, tuple[str, ...]],
    charge_implications: Mapping[str, str] | None = None,
) -> RecordFacts:
    """Check the values the rules read and resolve the charges against the article table."""
    notes: list[Doubt] = []
    clean: dict[str, str] = {}
    for key, raw in values.items():
        text = "" if raw is None else str(raw).strip()
        if key == "citizenship":
            text = _citizenship(text, notes)
        elif key in domains and text:
            text = text.lower() if text.lower() in domains[key] else _invalid(key, text, notes)
        clean[key] = text
    charges, charge_notes = _charges(clean.get("charges", ""), table)
    notes += charge_notes
    if clean.get("charges") and not charges:
        clean["charges"] = ""  # unreadable: the charges are not known
    implied: dict[str, list[Seen]] = {}
    for charge, article in charges:
        for fact in article.implies if article else ():
            implied.setdefault(fact, []).append(
                Seen("charges", charge=charge.code, article=article.label))
    conflicts = [
        Doubt("recorded_against_article", fact, clean[fact], by=tuple(sources))
        for fact, sources in implied.items()
        if clean.get(fact) == "no"
    ]
    resolved = {
        fact: ("yes", tuple(sources)) for fact, sources in implied.items() if not clean.get(fact)
    }
    if charges:
        listed = Seen("charges", format_charges([charge for charge, _ in charges]))
        for fact, value in (charge_implications or {}).items():
            if not clean.get(fact):
                resolved[fact] = (value, (listed,))
    return RecordFacts(
        values=clean,
        charges=charges,
        implied=resolved,
        notes=tuple(notes),
        conflicts=tuple(conflicts),
    )


def _invalid(key: str, text: str, notes: list[Doubt]) -> str:
    notes.append(Doubt("unknown_value", key, text))
    return ""


def _citizenship(text: str, notes: list[Doubt]) -> str:
    items = [item.strip() for item in text.replace(",", ";").split(";") if item.strip()]
    clean = []
    for item in items:
        if item.lower() == "stateless":
            clean.append("stateless")
        elif len(item) == 2 and item.isascii() and item.isalpha():
            clean.append(item.upper())
        else:
            notes.append(Doubt("not_a_country", "citizenship", item))
    return ";".join(clean)


@lru_cache(maxsize=4096)
def _charges(
    text: str, table: ArticleTable
) -> tuple[tuple[tuple[Charge, Article | None], ...], tuple[Doubt, ...]]:
    """Parse and look up a charge list once (the engine asks again for every trial value)."""
    try:
        charges = parse_charges(text)
    except ChargesError as exc:
        return (), (Doubt("charges_unreadable", "charges", exc.fragment, exc.reason),)
    resolved, notes = [], []
    for charge in charges:
        article = table.lookup(charge)
        if article is None:
            notes.append(Doubt("article_not_in_table", "charges", charge.article))
        resolved.append((charge, article))
    return tuple(resolved), tuple(notes)
