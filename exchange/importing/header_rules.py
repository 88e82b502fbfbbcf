"""Score how well a header's words fit each canonical column (`data/header_rules.toml`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.content import Fact, fact
from exchange.importing.datafiles import read_table, read_toml
from exchange.importing.lexicon import HeaderWords, read_words
from exchange.importing.messages import N_
from exchange.importing.text import key

VALUES_RULE = 0.95  # a header listing values of one closed list ("M/F") names that column
UNEXPLAINED = 0.35  # per concept the header names and the column does not tolerate
UNKNOWN_WORD = 0.1  # per word nobody knows: the header may mean something else
KNOWN_HEADER = 1.0  # a whole header in header_aliases.csv
AMBIGUOUS_KNOWN_HEADER = 0.6  # ... listed under several columns ("Статус")


@dataclass(frozen=True)
class Rule:
    """Concepts that together make a column, and how surely."""

    column: str
    concepts: frozenset[str]
    score: float


@dataclass(frozen=True)
class WordScore:
    """How well a header's words fit one column, and why (a translatable message + values)."""

    score: float
    reason: tuple[Fact, ...]


@cache
def rules() -> tuple[tuple[Rule, ...], dict[str, frozenset[str]]]:
    """Return every rule and, per column, the concepts it tolerates."""
    out, tolerated = [], {}
    for column, spec in read_toml("header_rules.toml").items():
        if column not in CANONICAL_COLUMNS:
            raise ValueError(f"header_rules.toml: {column!r} is not a canonical column")
        for text, score in spec["rules"].items():
            concepts = frozenset(c.strip() for c in text.split("+"))
            out.append(Rule(column, concepts, float(score)))
        tolerated[column] = frozenset(spec.get("tolerates", ()))
    return tuple(out), tolerated


@cache
def known_headers() -> dict[str, tuple[str, ...]]:
    """Return whole-header key -> columns, from header_aliases.csv and the column names."""
    table: dict[str, list[str]] = {}
    for row in read_table("header_aliases.csv"):
        columns = table.setdefault(key(row["alias"]), [])
        if row["column"] not in columns:
            columns.append(row["column"])
    for column in CANONICAL_COLUMNS:
        table.setdefault(key(column), [column])
    return {k: tuple(v) for k, v in table.items()}


@cache
def word_scores(label: str) -> dict[str, WordScore]:
    """Return column -> how well the header's words fit it (columns that do not fit left out)."""
    words = read_words(label)
    scores: dict[str, WordScore] = {}
    known = known_headers().get(key(label), ())
    for column in known:
        weight = KNOWN_HEADER if len(known) == 1 else AMBIGUOUS_KNOWN_HEADER
        scores[column] = WordScore(weight, (fact(N_("a known header")),))
    for rule in rules()[0]:
        score = _rule_score(rule, words)
        if score > 0 and score > scores.get(rule.column, WordScore(0.0, ())).score:
            scores[rule.column] = WordScore(round(score, 3), _reason(rule, words))
    for concept in {**words.main, **words.hints}:
        if concept.startswith("vals:") and concept[5:] in CANONICAL_COLUMNS:
            score = VALUES_RULE * words.strength(concept) - _penalty(words, {concept}, set())
            column = concept[5:]
            if score > scores.get(column, WordScore(0.0, ())).score:
                scores[column] = WordScore(round(score, 3), _reason_words(words, {concept}))
    return scores


def _rule_score(rule: Rule, words: HeaderWords) -> float:
    """Return the rule's score for these words (0 when a concept is missing)."""
    strength = min(words.strength(c) for c in rule.concepts)
    if strength <= 0:
        return 0.0
    return rule.score * strength - _penalty(words, rule.concepts, rules()[1][rule.column])


def _penalty(words: HeaderWords, used: set[str] | frozenset[str],
             tolerated: frozenset[str] | set[str]) -> float:
    """Return what the header says beyond the rule: other concepts and unknown words."""
    extra = sum(w for c, w in words.main.items() if c not in used and c not in tolerated
                and not c.startswith("vals:yes_no"))
    return UNEXPLAINED * extra + UNKNOWN_WORD * len(words.unknown)


def _reason(rule: Rule, words: HeaderWords) -> tuple[Fact, ...]:
    """Describe which words made the rule fire."""
    return _reason_words(words, rule.concepts)


def _reason_words(words: HeaderWords, concepts: set[str] | frozenset[str]) -> tuple[Fact, ...]:
    """Return the header words behind these concepts, and which were guessed (`.`, `~`)."""
    shown = list(dict.fromkeys(w for w, c in words.read if c in concepts))
    out = [fact(N_("the words %(words)s"), words=_quoted(w.rstrip(".~") for w in shown))]
    if abbreviated := [w[:-1] for w in shown if w.endswith(".")]:
        out.append(fact(N_("%(words)s read as an abbreviation"), words=_quoted(abbreviated)))
    if misspelt := [w[:-1] for w in shown if w.endswith("~")]:
        out.append(fact(N_("%(words)s read as a misspelling"), words=_quoted(misspelt)))
    return tuple(out)


def _quoted(words: Iterable[str]) -> str:
    """Return words as «a», «b»."""
    return ", ".join(f"«{w}»" for w in words)


def best_by_words(label: str, *, minimum: float = 0.7, margin: float = 0.3) -> str | None:
    """Return the column a header's words alone name clearly (for sheets with no data)."""
    ranked = sorted(word_scores(label).items(), key=lambda kv: kv[1].score, reverse=True)
    if not ranked or ranked[0][1].score < minimum:
        return None
    if len(ranked) > 1 and ranked[0][1].score - ranked[1][1].score < margin:
        return None
    return ranked[0][0]
