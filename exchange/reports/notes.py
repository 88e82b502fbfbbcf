"""Release, exchange or death written only in a record's notes: flagged, never decided.

Some members keep a released, exchanged or dead person on their list with the news in a
free-text note ("звільнений (обмін) 15.02.2025", "умер в заключении", "exchanged
2025-02-03") and no status column. `held_in_month` reads only statuses, so such a person
stays on the joint list; these helpers point a coordinator at the note. The words are in
`data/status_words.csv` (whole words in Ukrainian, Russian and English, so "звільнення
очікується" is not a release); a word after a negation ("не звільнений", "not released")
does not count.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from exchange.domain.merge import Observation
from exchange.domain.statuses import BY_GRAVITY, NOT_HELD

# When a note says more than one thing, the gravest wins: "звільнений (обмін)" is an exchange.
PRIORITY = BY_GRAVITY
_NEGATIONS = ("не", "ні", "not", "no", "never", "нет")


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Return (pattern, status) for each word of the word table, gravest status first."""
    text = resources.files("exchange.reports").joinpath("data/status_words.csv").read_text("utf-8")
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: PRIORITY.index(r["status"]))
    return [
        (re.compile(rf"(?<!\w){re.escape(r['word'])}(?!\w)", re.IGNORECASE), r["status"])
        for r in rows
    ]


def _negated(note: str, start: int) -> bool:
    before = note[:start].split()
    return bool(before) and before[-1].casefold() in _NEGATIONS


def status_in_note(note: str | None) -> str | None:
    """Return the not-held status a note reports (deceased, exchanged, ...), if any."""
    if not note:
        return None
    for pattern, status in _patterns():
        if any(not _negated(note, m.start()) for m in pattern.finditer(note)):
            return status
    return None


def notes_reporting_release(observations: Iterable[Observation]) -> tuple[str | None, str]:
    """Return the gravest status the notes report and `ORG:record_id: note` for each such note.

    Records whose own status already says the person is not held are left out: they
    are no news.
    """
    found: list[tuple[str, str]] = []
    for o in observations:
        if o.get("release_status") in NOT_HELD:
            continue
        status = status_in_note(o.get("notes"))
        if status:
            found.append((status, f"{o.org}:{o.record_id}: {o.get('notes')}"))
    if not found:
        return None, ""
    gravest = min((s for s, _ in found), key=PRIORITY.index)
    return gravest, "; ".join(sorted(text for _, text in found))
