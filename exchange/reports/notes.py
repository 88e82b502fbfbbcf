"""Release, exchange or death written only in a record's notes: flagged, never decided.

Some members keep a released, exchanged or dead person on their list with the news in a
free-text note ("звільнений (обмін) 15.02.2025", "умер в заключении", "exchanged
2025-02-03") and no status column. `held_in_month` reads only statuses, so such a person
stays on the joint list; these helpers point a coordinator at the note. The phrases are
those of `exchange/domain/data/note_statuses.csv`, read as whole words (so "звільнення
очікується" is not a release); a phrase after a negation ("не звільнений", "not
released") does not count.
"""

from __future__ import annotations

from collections.abc import Iterable

from exchange.domain.merge import Observation
from exchange.domain.note_statuses import status_in_note
from exchange.domain.statuses import BY_GRAVITY, NOT_HELD


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
    gravest = min((s for s, _ in found), key=BY_GRAVITY.index)
    return gravest, "; ".join(sorted(text for _, text in found))
