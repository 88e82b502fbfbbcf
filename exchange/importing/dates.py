"""Read full and partial dates as lists write them; return `YYYY-MM-DD`, `YYYY-MM` or `YYYY`."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.utils.datetime import from_excel

from exchange.importing.values_base import BadValue, Notes
from matching.tables import month_words

_YEAR_SUFFIX = re.compile(
    r"\s*(р\.?\s*н\.?|г\.?\s*р\.?|року|рік|р\.|р|года|год|г\.|г|y\.?o\.?b\.?|yob|year)\s*$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_MY = re.compile(r"^(\d{1,2})[./](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
# a day (or day and month) written as 00, ??, xx or хх: known only in part
_UNKNOWN_PARTS = re.compile(
    r"^(00|\?\?|[xXхХ]{2}|--)[./\-](\d{1,2}|00|\?\?|[xXхХ]{2}|--)[./\-](\d{4})$")
_PARTS = re.compile(r"[^\W_]+", re.UNICODE)
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th|го|е|я)?$")
_PREPOSITIONS = {"у", "в", "in", "of", "the", "on"}  # у березні 1957, in March 1957
MIN_YEAR = 1900


def normalise_date(raw: object, notes: Notes, *, today: dt.date | None = None) -> str | None:
    """Return the canonical form of a date cell; raise BadValue when it cannot be read."""
    today = today or dt.date.today()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        return _checked(raw.year, raw.month, raw.day, today)
    if isinstance(raw, dt.date):
        return _checked(raw.year, raw.month, raw.day, today)
    if isinstance(raw, bool):
        raise BadValue("not a date")
    if isinstance(raw, int | float):
        return _from_number(raw, notes, today)
    return _from_text(str(raw).strip(), notes, today)


def _from_number(number: float, notes: Notes, today: dt.date) -> str:
    """Read a number as a bare year (1900-2100) or else as an Excel date serial."""
    if float(number).is_integer() and MIN_YEAR <= number <= 2100:
        return _checked(int(number), None, None, today)
    if not 0 < number < 2958466:
        raise BadValue("not a date")
    value = from_excel(number)
    notes.warn("read as an Excel date serial")
    return _checked(value.year, value.month, value.day, today)


def _from_text(text: str, notes: Notes, today: dt.date) -> str:
    """Read a text date in one of the accepted forms."""
    text = _YEAR_SUFFIX.sub("", text).strip()
    if _UNKNOWN_PARTS.match(text):
        text = _unknown_parts(text)
    if m := _YEAR.match(text):
        return _checked(int(m[1]), None, None, today)
    if m := _ISO.match(text):
        return _checked(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, today)
    if m := _DMY.match(text):
        year = _full_year(m[3], today)
        return _day_month(int(m[1]), int(m[2]), year, notes, today)
    if m := _MY.match(text):
        return _checked(int(m[2]), int(m[1]), None, today)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_number(float(text), notes, today)
    if (found := _with_month_name(text, today)) is not None:
        return found
    raise BadValue("not a date: use DD.MM.YYYY, YYYY-MM-DD, YYYY-MM or YYYY")




def _with_month_name(text: str, today: dt.date) -> str | None:
    """Read `15 березня 1957`, `15 марта 1957`, `02 March 1991`, `March 15, 1957`, `March 1957`."""
    words = [w.casefold() for w in _PARTS.findall(text) if w.casefold() not in _PREPOSITIONS]
    months = [i for i, w in enumerate(words) if w in month_words()]
    if len(months) != 1 or not 2 <= len(words) <= 3:
        return None
    m = months[0]
    month = month_words()[words[m]]
    numbers = words[:m] + words[m + 1:]
    if not all(_ORDINAL.match(n) or n.isdigit() for n in numbers):
        return None
    if len(numbers) == 1:  # March 1957 (a lone day and month is not a date)
        year = numbers[0]
        return _checked(int(year), month, None, today) if len(year) == 4 else None
    first, second = numbers
    if len(first) == 4 and first.isdigit():  # 1957 March 15
        first, second = second, first
    day = _ORDINAL.match(first)
    if day is None or not second.isdigit() or len(second) not in (2, 4):
        return None
    return _checked(_full_year(second, today), month, int(day[1]), today)


def _unknown_parts(text: str) -> str:
    """Turn `00.00.1985`, `??.05.1985` or `xx.xx.1985` into the partial date they mean."""
    m = _UNKNOWN_PARTS.match(text)
    month, year = m[2], m[3]
    if not month.isdigit() or int(month) == 0:
        return year
    return f"{year}-{int(month):02d}"


def _full_year(digits: str, today: dt.date) -> int:
    """Expand a two-digit year to the most recent year not after this one."""
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _day_month(day: int, month: int, year: int, notes: Notes, today: dt.date) -> str:
    """Check a day-month-year date, swapping day and month when only that makes sense."""
    if month > 12 >= day:
        notes.warn("day and month look swapped: read as month/day/year")
        day, month = month, day
    return _checked(year, month, day, today)


def _checked(year: int, month: int | None, day: int | None, today: dt.date) -> str:
    """Validate the parts and return the canonical text."""
    if year < MIN_YEAR:
        raise BadValue(f"year {year} is not plausible")
    if month is not None and not 1 <= month <= 12:
        raise BadValue("no such month")
    if day is not None:
        try:
            value = dt.date(year, month or 1, day)
        except ValueError as exc:
            raise BadValue("no such date") from exc
        if value > today:
            raise BadValue("date is in the future")
        return value.isoformat()
    if (year, month or 1) > (today.year, today.month if month else 1):
        raise BadValue("date is in the future")
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"
