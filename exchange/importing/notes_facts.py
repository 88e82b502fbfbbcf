"""Release facts that some members write only in the notes ("звільнений (обмін) 24.02.2025")."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    text = resources.files("exchange.importing").joinpath(
        "data", "notes_release_phrases.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(
        (re.compile(rf"^\s*(?P<phrase>{row['pattern']}){_DATE}", re.IGNORECASE),
         row["release_status"])
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    )


def release_from_notes(notes: str | None) -> ReleaseNote | None:
    """Return the release a notes cell reports, or None when it reports none.

    Only a part of the note that opens with a release phrase and a date counts.
    """
    if not notes:
        return None
    for part in notes.split(";"):
        for pattern, status in _phrases():
            match = pattern.match(part)
            if match is not None:
                released_on = normalise_date(match.group("date"), Notes())
                return ReleaseNote(status, released_on, match.group("phrase"))
    return None
