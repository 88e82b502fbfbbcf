"""Find the header row and map its headers onto canonical columns (alias table + explicit map)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from openpyxl.utils import get_column_letter
from rapidfuzz import fuzz, process

from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.datafiles import read_table
from exchange.importing.text import clean, key

IGNORE = "ignore"
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
MIN_HEADER_SCORE = 2
FUZZY_CUTOFF = 88


@cache
def aliases() -> dict[str, tuple[str, ...]]:
    """Return header key -> candidate columns, in the alias table's order of preference."""
    table: dict[str, list[str]] = {}
    for row in read_table("header_aliases.csv"):
        candidates = table.setdefault(key(row["alias"]), [])
        if row["column"] not in candidates:
            candidates.append(row["column"])
    for column in CANONICAL_COLUMNS:
        table.setdefault(key(column), [column])
    return {k: tuple(v) for k, v in table.items()}


def header_label(text: object, index: int) -> str:
    """Return the name a header is shown and mapped by (its column letter if it is blank)."""
    label = clean(text) if text is not None else ""
    return label or get_column_letter(index + 1)


def lookup(label: str) -> tuple[str, ...]:
    """Return the candidate columns for a header, trying looser forms of it after the exact one."""
    table = aliases()
    for form in _looser_forms(label):
        if form in table:
            return table[form]
    return ()


def _looser_forms(label: str) -> Iterable[str]:
    """Yield the header's key, then without brackets, then without an organisation's acronym."""
    yield key(label)
    bare = _PARENS.sub(" ", label)
    yield key(bare)
    words = bare.split()
    if len(words) >= 2:
        if _is_acronym(words[0]):
            yield key(" ".join(words[1:]))
        if _is_acronym(words[-1]):
            yield key(" ".join(words[:-1]))


def _is_acronym(word: str) -> bool:
    """Return True for a short word in capitals, such as an organisation's acronym."""
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def guess(label: str) -> tuple[str, str] | None:
    """Return (column, known header) for an abbreviated or misspelt header, if one fits."""
    words = key(_PARENS.sub(" ", label)).split()
    if not words or sum(len(w) for w in words) < 4:
        return None
    table = aliases()
    found = {table[k][0]: k for k in table if _abbreviates(words, k.split())
             and len(table[k]) == 1}
    if len(found) == 1:
        return next(iter(found.items()))
    near = process.extract(" ".join(words), list(table), scorer=fuzz.ratio,
                           score_cutoff=FUZZY_CUTOFF, limit=5)
    columns = {table[k][0] for k, _, _ in near if len(table[k]) == 1}
    if len(columns) == 1 and len(near) == sum(len(table[k]) == 1 for k, _, _ in near):
        return columns.pop(), near[0][0]
    return None


def _abbreviates(words: list[str], alias: list[str]) -> bool:
    """Return True when each word starts the alias's word: `дата нар` -> `дата народження`."""
    return (len(words) == len(alias) and words != alias
            and all(len(w) >= 2 and a.startswith(w) for w, a in zip(words, alias, strict=True)))


def header_score(cells: list[object], explicit: Mapping[str, str]) -> int:
    """Return how many cells of a row are known headers."""
    labels = [header_label(c, i) for i, c in enumerate(cells) if c not in (None, "")]
    return sum(1 for lab in labels if key(lab) in explicit or lookup(lab))


@dataclass
class HeaderMapping:
    """How each header of the sheet maps onto a canonical column."""

    labels: list[str]
    present: list[int] = field(default_factory=list)  # headers that are named or hold data
    columns: dict[int, str] = field(default_factory=dict)
    candidates: dict[int, tuple[str, ...]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    guesses: dict[int, str] = field(default_factory=dict)  # index -> the known header it resembles

    def as_dict(self) -> dict[str, str]:
        """Return header label -> canonical column for the mapped headers."""
        return {self.labels[i]: c for i, c in sorted(self.columns.items())}


def map_headers(cells: list[object], explicit: Mapping[str, str], ignore: Iterable[str],
                has_data: set[int]) -> HeaderMapping:
    """Map headers by explicit map, ignore list, then alias table (ambiguous ones kept open)."""
    ignore_keys = {key(h) for h in ignore}
    mapping = HeaderMapping([header_label(c, i) for i, c in enumerate(cells)])
    for i, label in enumerate(mapping.labels):
        blank = cells[i] in (None, "")
        if blank and i not in has_data:
            continue
        mapping.present.append(i)
        k = key(label)
        if k in explicit:
            _assign(mapping, i, explicit[k])
        elif k in ignore_keys:
            mapping.ignored.append(label)
        elif not blank and (found := lookup(label)):
            mapping.candidates[i] = found
        elif not blank and (guessed := guess(label)):
            mapping.candidates[i], mapping.guesses[i] = (guessed[0],), guessed[1]
        else:
            mapping.unknown.append(label)
    return mapping


def _assign(mapping: HeaderMapping, index: int, column: str) -> None:
    """Record an explicit mapping (or an explicit ignore)."""
    if column == IGNORE:
        mapping.ignored.append(mapping.labels[index])
    else:
        mapping.columns[index] = column


def settle(mapping: HeaderMapping, fit: Mapping[int, Mapping[str, float]]) -> None:
    """Choose one column per header: unambiguous first, then the best fit of the sample values."""
    taken = set(mapping.columns.values())
    order = sorted(mapping.candidates,
                   key=lambda i: (i in mapping.guesses, len(mapping.candidates[i]), i))
    for i in order:
        options = [c for c in mapping.candidates[i] if c not in taken]
        if not options:
            mapping.conflicts.append(
                f"header {mapping.labels[i]!r} maps to {mapping.candidates[i][0]!r}, which "
                "another header already fills: map it to another column or ignore it")
            continue
        scores = fit.get(i, {})
        best = max(options, key=lambda c: (scores.get(c, 0.0), -options.index(c)))
        mapping.columns[i] = best
        taken.add(best)
    _check_duplicates(mapping)


def _check_duplicates(mapping: HeaderMapping) -> None:
    """Report two headers mapped (explicitly) onto the same column."""
    seen: dict[str, int] = {}
    for i, column in sorted(mapping.columns.items()):
        if column in seen:
            mapping.conflicts.append(
                f"headers {mapping.labels[seen[column]]!r} and {mapping.labels[i]!r} both map "
                f"to {column!r}: ignore one of them")
        seen.setdefault(column, i)


def parse_explicit(pairs: Mapping[str, str] | Iterable[str] | None) -> dict[str, str]:
    """Return header key -> column from a dict or `Header=column` strings; validate columns."""
    if not pairs:
        return {}
    items = pairs.items() if isinstance(pairs, Mapping) else (_split_pair(p) for p in pairs)
    out: dict[str, str] = {}
    for header, column in items:
        column = re.sub(r"[\s-]+", "_", column.strip().casefold())  # `Given name` = `given_name`
        if column != IGNORE and column not in CANONICAL_COLUMNS:
            raise ValueError(f"{column!r} is not a canonical column (header {header!r})")
        out[key(header)] = column
    return out


def _split_pair(text: str) -> tuple[str, str]:
    """Split `Header=column` at its last `=`."""
    header, sep, column = text.rpartition("=")
    if not sep or not header.strip():
        raise ValueError(f"{text!r} is not of the form Header=column")
    return header, column
