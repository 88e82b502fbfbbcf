"""Dates of birth, full or partial, as the lists write them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matching import tables

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_YEAR_WORDS = re.compile(r"^(\d{4})\s*(?:р\.?|г\.?|г\.\s*р\.?|г\.р\.?|року|года|year)?$", re.I)
_WORD_TOKENS = re.compile(r"\d+|[^\W\d_]+")
_YEAR_MARKERS = frozenset({"р", "г", "гр", "року", "рік", "год", "года", "year", "y"})
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
