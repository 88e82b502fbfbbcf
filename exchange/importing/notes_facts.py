"""Release facts that some members write only in the notes ("звільнений (обмін) 24.02.2025")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from exchange.domain.note_statuses import opening_phrase, phrase_status
from exchange.importing.dates import normalise_date
from exchange.importing.values_base import Notes

_DATE = r"\s*[:\-–]?\s*(?P<date>\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})\b"


@dataclass(frozen=True)
class ReleaseNote:
    """What a notes cell says about release: the status and, if given, the date."""

    release_status: str
    released_on: str | None
    phrase: str


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """Return the pattern of a note part that opens with a deciding phrase, then a date."""
    return re.compile(rf"^\s*(?P<phrase>{opening_phrase()}){_DATE}", re.IGNORECASE)


def release_from_notes(notes: str | None) -> ReleaseNote | None:
    """Return the release a notes cell reports, or None when it reports none.

    Only a part of the note that opens with a release phrase and a date counts.
    """
    if not notes:
        return None
    for part in notes.split(";"):
        match = _pattern().match(part)
        if match is not None:
            released_on = normalise_date(match.group("date"), Notes())
            phrase = match.group("phrase")
            return ReleaseNote(phrase_status(phrase), released_on, phrase)
    return None
