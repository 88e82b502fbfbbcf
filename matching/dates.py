"""Dates of birth, full or partial, as the lists write them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_YEAR_WORDS = re.compile(r"^(\d{4})\s*(?:р\.?|г\.?|г\.\s*р\.?|г\.р\.?|року|года|year)?$", re.I)
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
    """Parse `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY`, `DD.MM.YY`, `1985 р.`."""
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
    return PartialDate()


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
