"""Dates of birth, full or partial, as the lists write them."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from matching import tables

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_YEAR_WORDS = re.compile(r"^(\d{4})\s*(?:р\.?|г\.?|г\.\s*р\.?|г\.р\.?|року|года|year)?$", re.I)
_WORD_TOKENS = re.compile(r"\d+|[^\W\d_]+")
_YEAR_MARKERS = frozenset({"р", "г", "гр", "року", "рік", "год", "года", "year", "y"})
Date = tuple[int, int, int]
_TWO_DIGIT_PIVOT = 30  # 01.02.25 is 1925, not 2025: nobody listed was born after 2010


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of birth with unknown parts as 0 (`year` 0: no date at all)."""

    year: int = 0
    month: int = 0
    day: int = 0

    @property
    def is_full(self) -> bool:
        return bool(self.year and self.month and self.day)

    def __bool__(self) -> bool:
        return bool(self.year)


def parse_date(text: str | None) -> PartialDate:
    """Parse `YYYY-MM-DD`, `DD.MM.YYYY`, `DD/MM/YYYY`, `DD.MM.YY`, `1985 р.`, `15 марта 1985`."""
    value = (text or "").strip()
    if not value:
        return PartialDate()
    value = value.split("T")[0].split(" 00:00")[0].strip()
    if m := _ISO.match(value):
        return _checked(int(m[1]), int(m[2] or 0), int(m[3] or 0))
    if m := _DMY.match(value):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 1900 if year >= _TWO_DIGIT_PIVOT else 2000
        return _checked(year, int(m[2]), int(m[1]))
    if m := _YEAR_WORDS.match(value):
        return _checked(int(m[1]), 0, 0)
    return _with_month_name(value)


def _with_month_name(value: str) -> PartialDate:
    """Read `15 березня 1957 р.`, `15 марта 1957 г.`, `March 15, 1957`, `15-Sep-1957`."""
    numbers, months = [], []
    words = tables.month_words()
    for token in _WORD_TOKENS.findall(value.lower()):
        if token.isdigit():
            numbers.append(token)
        elif token in words:
            months.append(words[token])
        elif token not in _YEAR_MARKERS:
            return PartialDate()
    years = [n for n in numbers if len(n) == 4]
    days = [int(n) for n in numbers if len(n) <= 2]
    if len(months) != 1 or len(years) != 1 or len(days) > 1 or len(numbers) > 2:
        return PartialDate()
    day = days[0] if days else 0
    return _checked(int(years[0]), months[0], day) if day <= 31 else PartialDate(int(years[0]))


def _checked(year: int, month: int, day: int) -> PartialDate:
    if not 1880 <= year <= 2030:
        return PartialDate()
    if not 0 <= month <= 12:
        if 1 <= day <= 12 and 13 <= month <= 31:
            month, day = day, month
        else:
            return PartialDate(year)
    if not 0 <= day <= 31 or (day and not month):
        return PartialDate(year, month)
    return PartialDate(year, month, day)


# A slip: one typo (a digit changed, two neighbouring digits swapped), the day and
# month swapped, the year off by one. See constraints.py for the rule built on it.

def _one_typo(a: str, b: str) -> bool:
    """Two digit strings of one length one typo apart: a digit changed or two swapped."""
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) <= 1:
        return True
    return (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]])


def _misreadings(date: Date) -> set[Date]:
    """The date, its day and month swapped, its year one off."""
    y, m, d = date
    return {date, (y, d, m), (y - 1, m, d), (y + 1, m, d)}


def slip_apart(a: Date, b: Date) -> bool:
    """Two full dates one slip apart (a typo, day and month swapped, a year off)."""
    return b in _misreadings(a) or _one_typo(_digits(a), _digits(b))


def _digits(date: Date) -> str:
    return f"{date[0]:04d}{date[1]:02d}{date[2]:02d}"


def year_slip_apart(a: int, b: int) -> bool:
    """Two years one slip apart (a typo, two digits swapped, one year off)."""
    return abs(a - b) <= 1 or _one_typo(f"{a:04d}", f"{b:04d}")


@lru_cache(maxsize=200_000)
def _dates_close(a: Date, b: Date) -> bool:
    """One slip apart, or each a swap or a year off from one date (1985-12-03, 1986-03-12)."""
    return slip_apart(a, b) or bool(_misreadings(a) & _misreadings(b))


@lru_cache(maxsize=100_000)
def _dates_compatible(full: frozenset[Date], years: frozenset[int]) -> bool:
    dates = sorted(full)
    if not all(_dates_close(a, b) for k, a in enumerate(dates) for b in dates[k + 1:]):
        return False
    known = sorted(years | {d[0] for d in dates})
    return all(year_slip_apart(a, b) for k, a in enumerate(known) for b in known[k + 1:]
               if a in years or b in years)


def dates_compatible(full: Collection[Date], years: Collection[int] = ()) -> bool:
    """Tell whether full dates (y, m, d) and bare years can all be one person's."""
    return _dates_compatible(frozenset(full), frozenset(years))


def _digit_columns(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The eight digits of YYYYMMDD as columns."""
    value = y.astype(np.int64) * 10_000 + m.astype(np.int64) * 100 + d
    return np.stack([(value // 10 ** p) % 10 for p in range(7, -1, -1)], axis=1)


def full_dates_close(y1, m1, d1, y2, m2, d2) -> np.ndarray:
    """`dates_compatible` for many pairs of full dates at once (numpy arrays)."""
    y1, y2 = y1.astype(np.int64), y2.astype(np.int64)
    same_md, swapped = (m1 == m2) & (d1 == d2), (m1 == d2) & (d1 == m2)
    years = np.abs(y1 - y2)
    # a misreading of each: equal, swapped, a year off, both (each one slip from one date)
    out = (same_md & (years <= 2)) | (swapped & (years <= 1))
    a, b = _digit_columns(y1, m1, d1), _digit_columns(y2, m2, d2)
    differ = a != b
    count = differ.sum(axis=1)
    out |= count <= 1
    neighbours = differ[:, :-1] & differ[:, 1:] & (a[:, :-1] == b[:, 1:]) & (a[:, 1:] == b[:, :-1])
    out |= (count == 2) & neighbours.any(axis=1)
    return out


def years_close(y1: np.ndarray, y2: np.ndarray) -> np.ndarray:
    """`year_slip_apart` for many pairs of years at once (numpy arrays)."""
    zero = np.zeros(len(y1), dtype=np.int64)
    a, b = _digit_columns(y1, zero, zero)[:, :4], _digit_columns(y2, zero, zero)[:, :4]
    differ = a != b
    count = differ.sum(axis=1)
    neighbours = differ[:, :-1] & differ[:, 1:] & (a[:, :-1] == b[:, 1:]) & (a[:, 1:] == b[:, :-1])
    return (np.abs(y1.astype(np.int64) - y2) <= 1) | (count <= 1) | (
        (count == 2) & neighbours.any(axis=1))
