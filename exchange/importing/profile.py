"""What a column's values look like: dates and their years, names, closed-list words, ids.

A profile is computed once per column from a sample of its cells (and from all cells for
uniqueness and serial numbers); content.py turns it into evidence for each column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from statistics import median

from exchange.importing.charges import normalise_charges
from exchange.importing.datafiles import read_table
from exchange.importing.dates import normalise_date
from exchange.importing.lexicon import fits_word, words_of
from exchange.importing.names import is_patronymic
from exchange.importing.places import exact_region, normalise_citizenship
from exchange.importing.values import cell_text
from exchange.importing.values_base import BadValue, Notes
from exchange.importing.vocab import YES_NO, choice_columns, known_choice
from matching.normalise import given_name as known_given_name

SAMPLE = 300
MIN_YEAR = 1920
MAX_ARTICLE = 361  # the highest article of the RF Criminal Code
_NAME_WORD = re.compile(r"^[^\W\d_]([^\W\d_'’ʼ`\-]*[^\W\d_])?\.?$")
_SENTENCE = re.compile(r"\d+(,\d+)?\s*(р\.|рок\w*|рік|лет|год\w*|г\.|years?|yrs?|міс\w*|мес\w*"
                       r"|months?)(\s|$)|довічн|пожизн|\blife\b|умовн|условн|штраф|\bfine\b",
                       re.IGNORECASE)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ARTICLE = re.compile(r"\d{2,3}")


@dataclass
class ColumnProfile:
    """The shape of one column's values."""

    rows: int
    filled: int = 0
    distinct: float = 0.0  # distinct values / filled cells
    serial: bool = False  # 1, 2, 3, ... down the rows
    median_year: int | None = None  # of the cells read as dates
    shares: dict[str, float] = field(default_factory=dict)

    def share(self, feature: str) -> float:
        """Return the share of sampled cells that show `feature` (0 when none do)."""
        return self.shares.get(feature, 0.0)


def profile_column(cells: list[object], today: dt.date) -> ColumnProfile:
    """Return the profile of one column's cells (empty cells count only in `rows`)."""
    texts = [(raw, cell_text(raw)) for raw in cells]
    filled = [(raw, text) for raw, text in texts if text]
    prof = ColumnProfile(rows=len(cells), filled=len(filled))
    if not filled:
        return prof
    prof.distinct = len({t for _, t in filled}) / len(filled)
    prof.serial = _is_serial([t for _, t in filled])
    step = max(1, len(filled) // SAMPLE)
    sample = filled[::step][:SAMPLE]
    counts: dict[str, int] = {}
    years: list[int] = []
    seen: dict[tuple[type, str], tuple[list[str], int | None]] = {}
    for raw, text in sample:
        k = (type(raw), text)
        if k not in seen:  # most columns repeat a few values
            year = _date_year(raw, text, today)
            seen[k] = (_features(text, year), year)
        features, year = seen[k]
        if year is not None:
            years.append(year)
        for feature in features:
            counts[feature] = counts.get(feature, 0) + 1
    prof.shares = {f: n / len(sample) for f, n in counts.items()}
    prof.median_year = int(median(years)) if years else None
    return prof


def _is_serial(texts: list[str]) -> bool:
    """Return True when the cells count 1, 2, 3, ... (allowing a few gaps)."""
    numbers = [int(t) for t in texts if t.isdigit()]
    if len(numbers) < 3 or len(numbers) < 0.9 * len(texts):
        return False
    steps = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1)
    return steps >= 0.9 * (len(numbers) - 1)


def _features(text: str, year: int | None) -> list[str]:
    """Return the features one cell shows (`year`: the cell's year if it reads as a date)."""
    found = ["date"] if year is not None else []
    for column in (*choice_columns(), YES_NO):
        if known_choice(column, text) is not None:
            found.append(f"vocab:{column}")
    found += _place_features(text)
    found += _name_features(text)
    if _is_charges(text):
        found.append("charges")
    if _has_facility_word(text):
        found.append("facility")
    if _SENTENCE.search(text) and year is None:
        found.append("sentence")
    if " " not in text and any(c.isdigit() for c in text) and len(text) <= 24:
        found.append("id_like")
    if _MONTH.match(text):
        found.append("month")
    if len(text.split()) >= 4:
        found.append("long_text")
    return found


def _date_year(raw: object, text: str, today: dt.date) -> int | None:
    """Return the year of a cell that reads as a date (a bare serial number does not)."""
    if not isinstance(raw, dt.date) and text.isdigit() and len(text) != 4:
        return None
    try:
        value = normalise_date(raw if isinstance(raw, dt.date) else text, Notes(), today=today)
    except BadValue:
        return None
    year = int(value[:4]) if value else 0
    return year if year >= MIN_YEAR else None


def _place_features(text: str) -> list[str]:
    """Return `region` / `citizenship` when the cell reads as one without guessing."""
    found = []
    found = ["region"] if exact_region(text) else []
    notes = Notes()
    try:
        if normalise_citizenship(text, notes) and not notes.warnings:
            found.append("citizenship")
    except BadValue:
        pass
    return found


def _name_features(text: str) -> list[str]:
    """Return the name shapes of a cell: one word, several, a patronymic, a known given name."""
    words = text.split()
    if not 1 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return []
    if not all(w[0].isupper() for w in words):
        return []
    found = ["name"]
    if len(words) == 1:
        found.append("one_word")
        if is_patronymic(words[0]):
            found.append("patronymic")
        elif (given := known_given_name(words[0])) is not None and given.sex is not None:
            found.append("given_known")
    elif len(words) == 2 and is_patronymic(words[1]):
        found.append("given_patronymic")
    else:
        found.append("multi_word")
    return found


def _is_charges(text: str) -> bool:
    """Return True when a cell reads as RF Criminal Code articles."""
    if not _ARTICLE.search(text):
        return False
    try:
        canonical = normalise_charges(text, Notes())
    except BadValue:
        return False
    if not canonical:
        return False
    articles = [int(m.split(".")[0]) for m in re.findall(r"(?:^|; |, )(\d+(?:\.\d+)?)", canonical)]
    return bool(articles) and all(1 <= a <= MAX_ARTICLE for a in articles)


@cache
def _facility_words() -> tuple[tuple[str, ...], ...]:
    """Return the facility words (phrases as word tuples; * marks a stem)."""
    return tuple(tuple(r["word"].split()) for r in read_table("facility_words.csv") if r["word"])


def _has_facility_word(text: str) -> bool:
    """Return True when a cell names a place of custody (СІЗО-1, IK-7, колонія, ...)."""
    tokens = [k for k, _ in words_of(text)]
    for phrase in _facility_words():
        for start in range(len(tokens) - len(phrase) + 1):
            if all(fits_word(p, t) for p, t in zip(phrase, tokens[start:], strict=False)):
                return True
    return False

