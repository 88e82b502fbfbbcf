"""Closed vocabularies: yes/no words, choice columns, tags and PACE criteria letters."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process

from exchange.importing.datafiles import read_table, table_names
from exchange.importing.text import key
from exchange.importing.values_base import BadValue, Notes

_LIST_SPLIT = re.compile(r"\s*[;,/|]\s*")
_PACE_LETTERS = str.maketrans("аАсСеЕ", "aAcCeE")  # Cyrillic look-alikes typed by mistake


YES_NO = "yes_no"


@cache
def _yes_no() -> dict[str, str]:
    """Return yes/no word (case-folded) -> `yes`/`no`."""
    return {row["alias"].strip().casefold(): row["value"]
            for row in read_table(f"vocabularies/{YES_NO}.csv")}


@cache
def _choices() -> dict[str, dict[str, str]]:
    """Return column -> {value key: canonical value}, canonical values included."""
    table: dict[str, dict[str, str]] = {}
    for column in table_names("vocabularies"):
        if column == YES_NO:
            continue
        words = table.setdefault(column, {})
        for row in read_table(f"vocabularies/{column}.csv"):
            words[key(row["alias"])] = row["value"]
            words.setdefault(key(row["value"]), row["value"])
    return table


def choice_columns() -> frozenset[str]:
    """Return the columns whose values come from a closed list."""
    return frozenset(_choices())


def choice_values(column: str) -> tuple[str, ...]:
    """Return the canonical values of a closed-list column (`yes`/`no` for yes/no columns)."""
    if column not in _choices():
        return ("yes", "no")
    return tuple(dict.fromkeys(_choices()[column].values()))


@cache
def value_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """Return value key -> ((column, canonical value), ...) over every closed list."""
    out: dict[str, list[tuple[str, str]]] = {}
    for column, words in _choices().items():
        for k, value in words.items():
            out.setdefault(k, []).append((column, value))
    for word, value in _yes_no().items():
        if key(word):
            out.setdefault(key(word), []).append((YES_NO, value))
    return {k: tuple(v) for k, v in out.items()}


def known_choice(column: str, raw: str) -> str | None:
    """Return the canonical value when `raw` is an exact known spelling (no guessing)."""
    if column == YES_NO:
        return _yes_no().get(raw.strip().casefold().rstrip("."))
    return _choices().get(column, {}).get(key(raw))


def normalise_yes_no(raw: str, notes: Notes) -> str | None:
    """Return `yes` or `no` for a yes/no word in Ukrainian, Russian or English."""
    word = raw.strip().casefold().rstrip(".")
    if not word:
        return None
    if word in _yes_no():
        return _yes_no()[word]
    raise BadValue("not a yes/no answer: use так/ні, да/нет, yes/no, 1/0 or +/-")


def normalise_choice(column: str, raw: str, notes: Notes) -> str | None:
    """Return the canonical value of a choice column (person_status, legal_status, ...)."""
    if not raw.strip():
        return None
    words = _choices()[column]
    k = key(raw)
    if k in words:
        return words[k]
    found = process.extractOne(k, words.keys(), scorer=fuzz.ratio, score_cutoff=88)
    if found is None:
        allowed = ", ".join(sorted(set(words.values())))
        raise BadValue(f"not a known value; expected one of: {allowed}")
    notes.warn(f"read as {words[found[0]]!r} (closest known spelling {found[0]!r})")
    return words[found[0]]


def normalise_tags(column: str, raw: str, notes: Notes) -> str | None:
    """Return `;`-separated canonical tags for a tag list cell (signs)."""
    tags: list[str] = []
    for part in _LIST_SPLIT.split(raw.strip()):
        if part:
            tag = normalise_choice(column, part, notes)
            if tag and tag not in tags:
                tags.append(tag)
    return ";".join(tags) or None


def normalise_pace(raw: str, notes: Notes) -> str | None:
    """Return PACE criteria letters `a`-`e` as `a;c`, from any case and separator."""
    text = raw.strip().translate(_PACE_LETTERS).casefold()
    if not text:
        return None
    letters = re.sub(r"[\s;,/|.()+\-]+", "", text)
    if not re.fullmatch(r"[a-e]+", letters):
        raise BadValue("PACE criteria are letters a to e")
    return ";".join(sorted(set(letters)))
