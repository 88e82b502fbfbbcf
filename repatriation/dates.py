"""Partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as the road home needs them."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from exchange.importing.dates import normalise_date
from exchange.importing.values_base import BadValue, Notes

__all__ = ["BadDate", "age_on", "midpoint", "month_of", "partial_date", "years_between"]


class BadDate(ValueError):
    """A date that cannot be read, or that lies in the future."""


def partial_date(text: str | None, *, today: dt.date | None = None) -> str | None:
    """Return the canonical partial date of what a person typed (None when empty)."""
    if text is None or not str(text).strip():
        return None
    try:  # the importer's reading: DD.MM.YYYY, YYYY-MM, a bare year...; no future dates
        return normalise_date(str(text).strip(), Notes(), today=today)
    except BadValue:
        raise BadDate(_("Not a date, or a date in the future: %(text)s", text=text)) from None


def midpoint(value: str | None) -> dt.date | None:
    """Return the day a partial date stands for: a bare year is 1 July, a month its 15th."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 7, 1)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(*parts)


def month_of(value: str | None) -> str | None:
    """Return `YYYY-MM` of a partial date that has a month."""
    return value[:7] if value and len(value) >= 7 else None


def years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


def age_on(date_of_birth: str | None, today: dt.date) -> int | None:
    """Return the age in whole years (a bare year of birth counts from 1 July)."""
    born = midpoint(date_of_birth)
    if born is None or born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
