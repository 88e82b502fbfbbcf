"""Release, exchange or death written in a note: one phrase table, read two ways.

`data/note_statuses.csv` lists the phrases and the negations. The reports' loose
reading (`status_in_note`) only flags a note; the import's strict reading (a deciding
phrase that opens a part of the note, then a date: `opening_phrase` and `phrase_status`,
used by `exchange.importing.notes_facts`) decides a record's status.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from exchange.domain.statuses import BY_GRAVITY

NEGATION = "not"
_APOSTROPHES = "['’ʼ]?"


@dataclass(frozen=True)
class NotePhrase:
    """One line of the table: a phrase, the status it reports (or `not`), its language."""

    phrase: str
    means: str
    language: str
    decides: bool

    def regex(self) -> str:
        """Return the phrase as a regular expression: any spacing, any apostrophe or none."""
        pattern = ""
        for word in self.phrase.split():
            if pattern:  # "звільнений (обмін)" is also written "звільнений(обмін)"
                pattern += r"\s*" if word.startswith("(") else r"\s+"
            pattern += re.escape(word).replace("'", _APOSTROPHES)
        return pattern


@cache
def note_phrases() -> tuple[NotePhrase, ...]:
    """Return the lines of the phrase table, checked."""
    text = resources.files("exchange.domain").joinpath("data", "note_statuses.csv")
    lines = [line for line in text.read_text("utf-8").splitlines() if not line.startswith("#")]
    found = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        if row["means"] not in (*BY_GRAVITY, NEGATION) or row["decides"] not in ("yes", "no", ""):
            raise ValueError(f"note_statuses.csv: cannot read {row}")
        decides = row["decides"] == "yes"
        found.append(NotePhrase(row["phrase"], row["means"], row["language"], decides))
    return tuple(found)


def _status_phrases() -> list[NotePhrase]:
    """Return the phrases that report a status, gravest status first (stable)."""
    phrases = [p for p in note_phrases() if p.means != NEGATION]
    return sorted(phrases, key=lambda p: BY_GRAVITY.index(p.means))


@cache
def _whole_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rf"(?<!\w){p.regex()}(?!\w)", re.IGNORECASE), p.means)
        for p in _status_phrases()
    )


@cache
def _negations() -> frozenset[str]:
    return frozenset(p.phrase.casefold() for p in note_phrases() if p.means == NEGATION)


def _negated(note: str, start: int) -> bool:
    before = note[:start].split()
    return bool(before) and before[-1].casefold() in _negations()


def status_in_note(note: str | None) -> str | None:
    """Return the gravest not-held status a note reports anywhere (loose: a flag, no decision)."""
    if not note:
        return None
    for pattern, status in _whole_words():
        if any(not _negated(note, m.start()) for m in pattern.finditer(note)):
            return status
    return None


@cache
def opening_phrase() -> str:
    """Return the regex of a phrase that decides a status, the longest phrase first."""
    deciding = sorted((p for p in _status_phrases() if p.decides), key=lambda p: -len(p.phrase))
    return "|".join(p.regex() for p in deciding)


def phrase_status(text: str) -> str:
    """Return the status a phrase of the table reports (the text as found in a note)."""
    for phrase in _status_phrases():
        if re.fullmatch(phrase.regex(), text.strip(), re.IGNORECASE):
            return phrase.means
    raise ValueError(f"not a phrase of note_statuses.csv: {text!r}")
