"""Find the header row and record how each header is read (explicit, saved, ignored, or open).

Open headers are read by recognise.py from their words and their column's values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.importing.content import Fact, fact, fact_text
from exchange.importing.header_rules import word_scores
from exchange.importing.messages import N_
from exchange.importing.text import clean, key

IGNORE = "ignore"
MIN_HEADER_SCORE = 2
HEADER_WORDS = 0.5  # a cell whose words fit some column this well counts as a header


def header_label(text: object, index: int) -> str:
    """Return the name a header is shown and mapped by (its column letter if it is blank)."""
    label = clean(text) if text is not None else ""
    return label or get_column_letter(index + 1)


def header_score(cells: list[object], explicit: Mapping[str, str]) -> int:
    """Return how many cells of a row read as headers."""
    labels = [header_label(c, i) for i, c in enumerate(cells)
              if c not in (None, "") and not isinstance(c, int | float)]
    return sum(1 for lab in labels if key(lab) in explicit or _looks_like_header(lab))


def _looks_like_header(label: str) -> bool:
    """Return True when a cell's words name some column."""
    if len(label) > 120:
        return False
    return any(s.score >= HEADER_WORDS for s in word_scores(label).values())


@dataclass
class HeaderReading:
    """How one header was read: its column, from which signal, and how sure."""

    label: str
    column: str | None = None  # None: ignored, or left to the user
    source: str = "open"  # explicit | saved | ignored | read | unread
    score: float = 0.0
    margin: float = 0.0  # how much worse the best reading with another column would be
    words: tuple[Fact, ...] = ()  # what the header's words said (message, values)
    contents: tuple[Fact, ...] = ()  # what the column's values said
    suggestion: str | None = None  # for an unread header: the column it most looks like
    rival: str | None = None  # the header that claims the same column

    @property
    def sureness(self) -> str:
        """Return `certain` (chosen by a person), `high`, `medium` or `low` (not applied)."""
        if self.source in ("explicit", "saved", "ignored"):
            return "certain"
        if self.source == "unread":
            return "low"
        return "high" if self.margin >= 1.0 else "medium"

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Return the reasons behind the reading: header words, then column values."""
        if self.source in ("explicit", "saved"):
            return (fact(N_("saved mapping") if self.source == "saved" else
                         N_("your mapping")),)
        return (self.words + self.contents) or (fact(N_("no words or values to go by")),)

    @property
    def evidence(self) -> str:
        """Return the reasons behind the reading as English text (the command line)."""
        return "; ".join(fact_text(f) for f in self.facts)


@dataclass
class HeaderMapping:
    """How each header of the sheet maps onto a canonical column."""

    labels: list[str]
    present: list[int] = field(default_factory=list)  # headers that are named or hold data
    columns: dict[int, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # headers left to the user
    conflicts: list[str] = field(default_factory=list)
    readings: dict[int, HeaderReading] = field(default_factory=dict)
    open: list[int] = field(default_factory=list)  # headers to recognise

    def as_dict(self) -> dict[str, str]:
        """Return header label -> canonical column for the mapped headers."""
        return {self.labels[i]: c for i, c in sorted(self.columns.items())}


def map_headers(cells: list[object], explicit: Mapping[str, str], ignore: Iterable[str],
                has_data: set[int], saved: Mapping[str, str] | None = None) -> HeaderMapping:
    """Apply explicit choices, then saved ones and the ignore list; leave the rest open."""
    ignore_keys = {key(h) for h in ignore}
    saved = saved or {}
    mapping = HeaderMapping([header_label(c, i) for i, c in enumerate(cells)])
    for i, label in enumerate(mapping.labels):
        if cells[i] in (None, "") and i not in has_data:
            continue
        mapping.present.append(i)
        k = key(label)
        if k in explicit:
            _choose(mapping, i, explicit[k], "explicit")
        elif k in saved:
            _choose(mapping, i, saved[k], "saved")
        elif k in ignore_keys:
            _choose(mapping, i, IGNORE, "explicit")
        else:
            mapping.open.append(i)
    _check_duplicates(mapping)
    return mapping


def _choose(mapping: HeaderMapping, index: int, column: str, source: str) -> None:
    """Record a person's choice for a header (a column, or ignore)."""
    label = mapping.labels[index]
    if column == IGNORE:
        mapping.ignored.append(label)
        mapping.readings[index] = HeaderReading(label, None, "ignored")
    else:
        mapping.columns[index] = column
        mapping.readings[index] = HeaderReading(label, column, source)


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
