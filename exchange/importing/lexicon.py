"""Read a header's words: the concepts it names (birth, date, place, ...) and how surely.

The word list is `data/header_words.csv`. A header is split into its main words and the
hints in brackets (`Дата народження (дд.мм.рррр)`); phrases are matched before single
words and the most specific entry wins. A word no entry names is tried as an
abbreviation (`Народж.`, `Обл.`) and then as a misspelling of a known word. A header
that lists values of a closed list (`Цивільний/військовий`, `Стать (ч/ж)`) names that
column (`vals:<column>`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import OSA

from exchange.importing.datafiles import read_table
from exchange.importing.text import repair_mixed_script
from exchange.importing.vocab import value_words

FILLER = "-"
HINT_WEIGHT = 0.9  # a concept named only in brackets is a little less sure
ABBREVIATION_WEIGHT = 0.8
MISSPELLING_WEIGHT = 0.75
MAX_PHRASE = 3
_APOSTROPHES = "'’ʼ`‘′´"
_BRACKETS = re.compile(r"\(([^)]*)\)?|\[([^\]]*)\]?")
_WORD = re.compile(r"[^\W_]+|№", re.UNICODE)
_LIST_MARKS = re.compile(r"[,;/|+&]")
_ACRONYM = re.compile(r"^[A-ZА-ЯІЇЄҐ]{2,6}$")
_CONTRACTION = re.compile(r"(\w{2,})-(\w{1,3})\b")  # нар-ня: keep the abbreviated word


@dataclass(frozen=True)
class Entry:
    """One line of the word list: a word or phrase (stems end with *) naming a concept."""

    words: tuple[str, ...]
    concept: str
    weight: float

    def fits(self, tokens: list[str], start: int) -> bool:
        """Return True when this entry matches the tokens from `start` on."""
        if start + len(self.words) > len(tokens):
            return False
        return all(fits_word(w, t) for w, t in zip(self.words, tokens[start:], strict=False))

    @property
    def specificity(self) -> tuple[int, int]:
        """Return how specific the entry is: more words, then longer and exact words first."""
        return len(self.words), sum(len(w) - 1 if w.endswith("*") else len(w) + 50
                                    for w in self.words)


def fits_word(pattern: str, token: str) -> bool:
    """Return True when a token is the pattern's word (or starts with its stem)."""
    return token.startswith(pattern[:-1]) if pattern.endswith("*") else token == pattern


@dataclass
class HeaderWords:
    """What a header's words say: concept -> weight, in the main text and in brackets."""

    label: str
    main: dict[str, float] = field(default_factory=dict)
    hints: dict[str, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    read: list[tuple[str, str]] = field(default_factory=list)  # (word, concept) for display

    def strength(self, concept: str) -> float:
        """Return how surely the header names `concept` (0 when it does not)."""
        return max(self.main.get(concept, 0.0), HINT_WEIGHT * self.hints.get(concept, 0.0))

    def add(self, concept: str, weight: float, word: str, *, hint: bool) -> None:
        """Record one concept read from one word or phrase."""
        target = self.hints if hint else self.main
        target[concept] = max(target.get(concept, 0.0), weight)
        self.read.append((word, concept))


@cache
def entries() -> tuple[Entry, ...]:
    """Return the word list, most specific entries first."""
    out = []
    for row in read_table("header_words.csv"):
        words = row["words"].strip()
        if not words or words.startswith("#"):
            continue
        weight = float(row["weight"]) if row.get("weight") else 1.0
        out.append(Entry(tuple(words.split()), row["concept"].strip(), weight))
    return tuple(sorted(out, key=lambda e: e.specificity, reverse=True))


@cache
def _single_words() -> tuple[Entry, ...]:
    """Return the one-word entries that name a concept (for abbreviations and misspellings)."""
    return tuple(e for e in entries() if len(e.words) == 1 and e.concept != FILLER)


def read_words(label: str) -> HeaderWords:
    """Return the concepts a header names."""
    result = HeaderWords(label)
    main, hints = _split_brackets(label)
    _read_part(result, main, hint=False)
    for part in hints:
        _read_part(result, part, hint=True)
    return result


def _split_brackets(label: str) -> tuple[str, list[str]]:
    """Return the header without its bracketed parts, and those parts."""
    hints = [m.group(1) or m.group(2) or "" for m in _BRACKETS.finditer(label)]
    return _BRACKETS.sub(" ", label), [h for h in hints if h.strip()]


def words_of(text: str) -> list[tuple[str, str]]:
    """Return (lookup key, word as written) for each word of `text`."""
    s = unicodedata.normalize("NFC", text).replace("#", " № ").replace("ё", "е")
    s = _CONTRACTION.sub(r"\1", s)
    s = repair_mixed_script(s)[0]
    for a in _APOSTROPHES:
        s = s.replace(a, "")
    return [(w.casefold().replace("ё", "е"), w) for w in _WORD.findall(s)]


def _read_part(result: HeaderWords, text: str, *, hint: bool) -> None:
    """Read the words of one part of a header (main text or one bracket)."""
    used = _value_hints(result, [k for k, _ in words_of(text)], hint=hint)
    offset = 0
    for segment in _LIST_MARKS.split(text):  # a phrase never spans a comma or a slash
        pairs = words_of(segment)
        _read_segment(result, pairs, {i - offset for i in used}, hint=hint)
        offset += len(pairs)


def _read_segment(result: HeaderWords, pairs: list[tuple[str, str]], skip: set[int], *,
                  hint: bool) -> None:
    """Read one run of words, longest known phrase first."""
    tokens = [k for k, _ in pairs]
    i = 0
    while i < len(tokens):
        if i in skip:
            i += 1
            continue
        found = _longest_entry(tokens, i)
        if found:
            for entry in found:
                if entry.concept != FILLER:
                    result.add(entry.concept, entry.weight, " ".join(tokens[i:i + len(
                        entry.words)]), hint=hint)
            i += len(found[0].words)
            continue
        if not _guess_word(result, tokens[i], hint=hint) and not _inert(pairs[i][1]):
            result.unknown.append(tokens[i])
        i += 1


def _longest_entry(tokens: list[str], start: int) -> list[Entry]:
    """Return the entries of the most specific word or phrase matching at `start`."""
    best: list[Entry] = []
    for entry in entries():
        if best and entry.specificity < best[0].specificity:
            break
        if entry.fits(tokens, start) and (not best or entry.words == best[0].words):
            best.append(entry)
    return best


def _guess_word(result: HeaderWords, token: str, *, hint: bool) -> bool:
    """Read an unknown word as an abbreviation, else a misspelling, of a known word."""
    if len(token) >= 3 and token.isalpha():
        found = {e.concept: e for e in _single_words()
                 if e.words[0].rstrip("*").startswith(token)}
        if found:
            weight = ABBREVIATION_WEIGHT if len(found) == 1 else ABBREVIATION_WEIGHT / 2
            for concept in found:
                result.add(concept, weight, token + ".", hint=hint)
            return True
    if len(token) >= 4:
        found = {e.concept for e in _single_words() if _misspelt(token, e.words[0])}
        if len(found) == 1:
            result.add(found.pop(), MISSPELLING_WEIGHT, token + "~", hint=hint)
            return True
    return False


def _misspelt(token: str, pattern: str) -> bool:
    """Return True when `token` is one typo away from the word (or stem) `pattern`."""
    stem = pattern.endswith("*")
    word = pattern.rstrip("*")
    if len(word) < 5:
        return False
    if stem:
        return any(OSA.distance(token[:n], word) <= 1 for n in (len(word) - 1, len(word),
                                                                   len(word) + 1))
    return OSA.distance(token, word) <= 1


def _inert(word: str) -> bool:
    """Return True for a word that says nothing about the column: an acronym, a number."""
    return bool(_ACRONYM.match(word)) or word.isdigit() or len(word) == 1


def _value_hints(result: HeaderWords, tokens: list[str], *, hint: bool) -> set[int]:
    """Find values of one closed list named in the header; return the word positions used."""
    by_column: dict[str, tuple[set[str], set[int]]] = {}
    for start in range(len(tokens)):
        for size in range(min(MAX_PHRASE, len(tokens) - start), 0, -1):
            phrase = " ".join(tokens[start:start + size])
            for column, value in value_words().get(phrase, ()):
                values, positions = by_column.setdefault(column, (set(), set()))
                values.add(value)
                positions.update(range(start, start + size))
    used: set[int] = set()
    for column, (values, positions) in by_column.items():
        if len(values) >= 2:
            result.add(f"vals:{column}", 1.0, "/".join(tokens[i] for i in sorted(positions)),
                       hint=hint)
            used |= positions
    return used
