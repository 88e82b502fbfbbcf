"""The rounds' rule tables (data/*.toml, data/*.csv), read once and checked on load.

`mechanisms.toml`: round types and each category's mechanism; `transitions.csv`: the
allowed moves of a round; `priority.toml`: the order of a roster; `answer_words.csv`:
the words the other side uses for a reply status or an outcome, in Russian, Ukrainian
and English.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from exchange.classification.measures import measures
from exchange.models import Outcome, Person, ReleaseStatus, ReplyStatus, RoundState, RoundType
from exchange.models.enums import Category

__all__ = [
    "Mechanism",
    "PriorityGroup",
    "RoundTypeInfo",
    "Words",
    "mechanism",
    "mechanisms",
    "priority_groups",
    "round_types",
    "transitions",
    "words",
]


def _text(name: str) -> str:
    return resources.files("exchange.rounds").joinpath("data", name).read_text("utf-8")


@dataclass(frozen=True)
class RoundTypeInfo:
    key: RoundType
    sides: int
    returned_status: ReleaseStatus


@dataclass(frozen=True)
class Mechanism:
    """A category's road home: the measure of the Concept and the round type that serves it."""

    category: Category
    measure: int | None
    round_type: RoundType | None
    rule: Mapping[str, str]  # language -> the rule in a few words
    measure_title: Mapping[str, str]  # language -> the measure's title
    measure_text: Mapping[str, str]  # language -> the measure, quoted


@cache
def round_types() -> dict[RoundType, RoundTypeInfo]:
    """Return every round type with its number of sides and the status of a returned person."""
    data = tomllib.loads(_text("mechanisms.toml"))
    found = {
        RoundType(item["key"]): RoundTypeInfo(
            RoundType(item["key"]), int(item["sides"]), ReleaseStatus(item["returned_status"])
        )
        for item in data["round_type"]
    }
    if set(found) != set(RoundType):
        missing = sorted(set(RoundType) - set(found))
        raise ValueError(f"mechanisms.toml: round types {missing} missing")
    return found


@cache
def mechanisms() -> dict[Category, Mechanism]:
    """Return each category's mechanism; the measure's words come from measures.toml."""
    data = tomllib.loads(_text("mechanisms.toml"))
    quoted = measures()
    found: dict[Category, Mechanism] = {}
    for item in data["mechanism"]:
        measure = item.get("measure")
        if measure is not None and measure not in quoted:
            raise ValueError(f"mechanisms.toml: measure {measure} is not in measures.toml")
        words = quoted.get(measure)
        found[Category(item["category"])] = Mechanism(
            Category(item["category"]),
            measure,
            RoundType(item["round_type"]) if item["round_type"] else None,
            {"en": item["rule_en"], "uk": item["rule_uk"]},
            dict(words.title) if words else {"en": "", "uk": ""},
            dict(words.text) if words else {"en": "", "uk": ""},
        )
    if set(found) != set(Category):
        missing = sorted(set(Category) - set(found))
        raise ValueError(f"mechanisms.toml: categories {missing} missing")
    return found


def categories_in_order() -> list[str]:
    """Return the category keys in the order of the measures (1 to 6), then unclassified."""
    return [c.value for c in mechanisms()]


def mechanism(category: Category | str) -> Mechanism:
    return mechanisms()[Category(category)]


def categories_for(round_type: RoundType | str) -> list[Category]:
    """Return the categories whose mechanism is this round type."""
    return [m.category for m in mechanisms().values() if m.round_type == RoundType(round_type)]


@cache
def transitions() -> dict[tuple[RoundState, RoundState], str]:
    """Return (from, to) -> action for every allowed move of a round."""
    rows = csv.DictReader(_text("transitions.csv").splitlines())
    return {(RoundState(r["from"]), RoundState(r["to"])): r["action"] for r in rows}


# --- priority -------------------------------------------------------------------------

CONDITION_KINDS = ("fact", "age_at_least", "age_under", "detained_before")


@dataclass(frozen=True)
class PriorityGroup:
    rank: int
    key: str
    condition: Mapping[str, object] | None  # None: everyone left
    sensitive: bool


@cache
def priority_groups() -> tuple[PriorityGroup, ...]:
    """Return the roster's priority groups in order; the last one takes everyone left."""
    groups = []
    for rank, item in enumerate(tomllib.loads(_text("priority.toml"))["group"], start=1):
        when = item.get("when")
        if when is not None and not any(kind in when for kind in CONDITION_KINDS):
            raise ValueError(f"priority.toml: group {item['key']}: unknown condition {when}")
        if when is not None and "fact" in when and when["fact"] not in Person.__table__.c:
            raise ValueError(f"priority.toml: group {item['key']}: no fact {when['fact']!r}")
        groups.append(PriorityGroup(rank, item["key"], when, bool(item.get("sensitive"))))
    if not groups or groups[-1].condition is not None:
        raise ValueError("priority.toml: the last group must have no condition")
    return tuple(groups)


# --- words of the other side ------------------------------------------------------------

_PUNCTUATION = re.compile(r"[\s.,;:!?\"«»()\[\]/\\–—_-]+")


def normalise_word(text: object) -> str:
    """Fold a cell for lookup: case, ё, apostrophes, punctuation and spaces."""
    folded = str(text).casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return _PUNCTUATION.sub(" ", folded).strip()


@dataclass(frozen=True)
class Words:
    """Words (exact, or a prefix ending in `*`) -> value; the longest that fits wins."""

    exact: Mapping[str, str]
    prefixes: tuple[tuple[str, str], ...]  # longest first

    def lookup(self, text: object) -> str | None:
        """Return the value a cell stands for, or None when no word fits."""
        folded = normalise_word(text)
        if not folded:
            return None
        if folded in self.exact:  # a whole word is more specific than any prefix
            return self.exact[folded]
        return next((value for word, value in self.prefixes if folded.startswith(word)), None)

    def extended(self, extra: Iterable[tuple[str, str]]) -> Words:
        """Return these words plus (word, value) pairs a user gave; the user's words win."""
        extra = list(extra)
        given = {normalise_word(word.rstrip("*")) for word, _ in extra}
        kept = [(w, v) for w, v in self.pairs() if normalise_word(w.rstrip("*")) not in given]
        return _build(kept + extra)

    def pairs(self) -> Iterable[tuple[str, str]]:
        yield from self.exact.items()
        yield from ((w + "*", v) for w, v in self.prefixes)


def _build(pairs: Iterable[tuple[str, str]]) -> Words:
    exact: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for word, value in pairs:
        target = prefixes if word.endswith("*") else exact
        key = normalise_word(word.rstrip("*"))
        if target.get(key, value) != value:
            raise ValueError(f"answer word {word!r} stands for both {target[key]} and {value}")
        target[key] = value
    ordered = tuple(sorted(prefixes.items(), key=lambda item: (-len(item[0]), item[0])))
    return Words(exact, ordered)


# The reply statuses the other side can give (no_answer is ours), the outcomes, and the
# headers of the optional columns of an outcomes file.
VOCABULARIES: dict[str, frozenset[str]] = {
    "reply_status": frozenset(s.value for s in ReplyStatus) - {ReplyStatus.NO_ANSWER.value},
    "outcome": frozenset(o.value for o in Outcome),
    "column": frozenset({"reason", "date"}),
}


@cache
def words(vocabulary: str) -> Words:
    """Return the words of a vocabulary of answer_words.csv, checked against its values."""
    allowed = VOCABULARIES[vocabulary]
    pairs = []
    for row in csv.DictReader(_text("answer_words.csv").splitlines()):
        if row["vocabulary"] != vocabulary:
            continue
        if row["value"] not in allowed:
            raise ValueError(f"answer_words.csv: {row['value']!r} is not a {vocabulary}")
        pairs.append((row["word"], row["value"]))
    return _build(pairs)
