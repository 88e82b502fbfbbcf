"""Loaders for the rule tables in `matching/data/` (read once, cached)."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _text(name: str) -> str:
    return resources.files("matching").joinpath("data", name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in _text(name).splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def _translit() -> dict:
    return tomllib.loads(_text("transliteration.toml"))


@cache
def cyrillic() -> dict[str, str]:
    """Cyrillic letter -> Latin spelling."""
    return dict(_translit()["cyrillic"])


@cache
def latin_letters() -> dict[str, str]:
    """Latin letter with diacritic -> ASCII spelling."""
    return dict(_translit()["latin_letters"])


@dataclass(frozen=True)
class LatinSystem:
    name: str
    markers: str
    bare_c: str


@cache
def latin_systems() -> tuple[LatinSystem, ...]:
    """Latin transliteration systems with their marker letters, in order of precedence."""
    return tuple(LatinSystem(s["name"], s["markers"], s["bare_c"]) for s in _translit()["systems"])


@cache
def rewrites() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Ordered folding rewrites (compiled pattern, replacement)."""
    return tuple((re.compile(r["from"]), r["to"]) for r in _translit()["rewrite"])


@cache
def surname_endings() -> tuple[tuple[str, int], ...]:
    """Endings cut from folded surnames, longest first, with the minimum stem left."""
    rows = [(r["ending"], int(r["min_stem"])) for r in _csv_rows("surname_forms.csv")]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


@cache
def patronymic_endings() -> dict[str, tuple[str, ...]]:
    """Folded patronymic endings by sex (`M`, `F`), longest first."""
    data = tomllib.loads(_text("patronymics.toml"))
    return {
        "M": tuple(sorted(data["male"], key=len, reverse=True)),
        "F": tuple(sorted(data["female"], key=len, reverse=True)),
    }


@dataclass(frozen=True)
class GivenNameEntry:
    key: str
    sex: str
    initials: frozenset[str]


@cache
def given_name_index() -> dict[str, GivenNameEntry]:
    """Folded given-name form -> its equivalence class."""
    from matching.normalise import fold, initial_letters

    index: dict[str, GivenNameEntry] = {}
    for row in _csv_rows("given_names.csv"):
        forms = [f.strip() for f in row["forms"].split("|") if f.strip()]
        initials = frozenset().union(*(initial_letters(f) for f in forms))
        entry = GivenNameEntry(row["key"], row["sex"], initials)
        for form in forms:
            index.setdefault(fold(form), entry)
    return index


@cache
def given_name_stems() -> dict[str, str]:
    """Stem of a folded male given name -> its class key (for patronymics)."""
    from matching.normalise import name_stem

    stems: dict[str, str] = {}
    for folded, entry in sorted(given_name_index().items()):
        if entry.sex == "M":
            stems.setdefault(name_stem(folded), entry.key)
    return stems


@cache
def month_words() -> dict[str, int]:
    """Lowercase month word or unambiguous prefix (3+ letters) -> month number."""
    forms = {form.strip(): int(row["month"]) for row in _csv_rows("months.csv")
             for form in row["forms"].split("|") if form.strip()}
    prefixes: dict[str, set[int]] = {}
    for form, month in forms.items():
        for end in range(3, len(form) + 1):
            prefixes.setdefault(form[:end], set()).add(month)
    return {p: next(iter(m)) for p, m in prefixes.items() if len(m) == 1} | forms


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


_DELETION_INDEXES: dict[int, tuple[Mapping[str, object], dict[str, frozenset[str]]]] = {}


def _deletion_index(names: Mapping[str, object]) -> dict[str, frozenset[str]]:
    """Each one-letter deletion of the table's names -> those names (built once a table)."""
    found = _DELETION_INDEXES.get(id(names))
    if found is None or found[0] is not names:
        index: dict[str, set[str]] = {}
        for name in names:
            for key in _deletions(name) | {name}:
                index.setdefault(key, set()).add(name)
        found = _DELETION_INDEXES[id(names)] = (names, {k: frozenset(v)
                                                        for k, v in index.items()})
    return found[1]


def one_typo_neighbours(word: str, names: Mapping[str, object]) -> list[str]:
    """Names of the table one typo from a word (a letter changed, dropped, added, or two
    neighbouring letters swapped), found through their one-letter deletions."""
    from rapidfuzz.distance import OSA

    index = _deletion_index(names)
    near: set[str] = set()
    for key in _deletions(word) | {word}:
        near |= index.get(key, frozenset())
    return sorted(n for n in near if n != word and OSA.distance(n, word) <= 1)


@dataclass(frozen=True)
class RegionRule:
    code: str
    prefix: str


@cache
def region_rules() -> tuple[RegionRule, ...]:
    """Folded region-name prefixes with their ISO 3166-2:UA code, longest first."""
    from matching.normalise import fold

    rules = []
    for row in _csv_rows("regions.csv"):
        for prefix in row["prefixes"].split("|"):
            if prefix.strip():
                rules.append(RegionRule(row["code"], fold(prefix.strip())))
    return tuple(sorted(rules, key=lambda r: (-len(r.prefix), r.prefix, r.code)))


@cache
def region_words() -> dict[str, bool]:
    """Folded filler word in region names -> whether it says `oblast`."""
    from matching.normalise import fold

    return {fold(r["word"]): r["oblast"] == "yes" for r in _csv_rows("region_words.csv")}
