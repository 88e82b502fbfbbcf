"""What happened to each person when a round was carried out, and the status it gives.

Outcomes come one by one (`set_outcome`) or as a file (`import_outcomes`): a column of
our person IDs (as our round export has it) or, without one, names matched back like a
reply; and a column of outcome words. A file is applied whole or not at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.importing.problems import Problem
from exchange.models import FileKind, MatchState, Outcome, Round, RoundEntry, RoundState
from exchange.models.base import utcnow
from exchange.rounds.errors import FileRefused, RoundError
from exchange.rounds.files import DEFAULTS, FileOptions, OtherSideFile, read_other_side
from exchange.rounds.match_back import RowMatch
from exchange.rounds.operations import DATE, commit_round_change, get_round, release_holds
from exchange.rounds.replies import match_file, store_file
from exchange.rounds.status import record_outcome_status
from exchange.rounds.tables import words

__all__ = ["OUTCOME_COUNTS", "import_outcomes", "set_outcome"]

OUTCOME_COUNTS = (*(o.value for o in Outcome), "without_outcome")


def _executed(session: Session, round_id: int) -> Round:
    found = get_round(session, round_id)
    if found.state is not RoundState.EXECUTED:
        raise RoundError(f"outcomes are recorded once a round is carried out; round {found.id} "
                         f"is {found.state.value}")
    return found


def _apply(session: Session, found: Round, entry: RoundEntry, outcome: Outcome,
           reason: str | None, occurred_on: str | None, actor: Actor) -> bool:
    """Record one outcome; return False when it was already recorded the same way."""
    if entry.outcome is outcome and (entry.outcome_reason or None) == (reason or None):
        return False
    if entry.outcome is not None:
        raise RoundError(f"person {entry.person_id} already has the outcome "
                         f"{entry.outcome.value}; a correction goes through a coordinator")
    if outcome is Outcome.NOT_HANDED_OVER and not reason:
        raise RoundError(f"person {entry.person_id}: not handed over needs a reason")
    entry.outcome, entry.outcome_reason = outcome, reason or None
    entry.outcome_on = occurred_on or found.executed_on
    entry.outcome_by, entry.outcome_at = actor.label, utcnow()
    release_holds([entry])
    record_outcome_status(session, entry.person, found, outcome, entry.outcome_on)
    return True


def set_outcome(session: Session, round_id: int, person_id: int, outcome: str, *,
                actor: Actor, reason: str | None = None, occurred_on: str | None = None) -> None:
    """Record what happened to one person of a carried-out round."""
    found = _executed(session, round_id)
    entry = next((e for e in found.entries if e.person_id == person_id), None)
    if entry is None:
        raise RoundError(f"person {person_id} is not on round {found.id}")
    if occurred_on and not DATE.match(occurred_on):
        raise RoundError(f"the date must be YYYY-MM-DD, not {occurred_on!r}")
    with acting_as(session, actor, reason=f"outcome of round {found.id}"):
        _apply(session, found, entry, Outcome(outcome), (reason or "").strip(), occurred_on,
               actor)
        commit_round_change(session)


def _id_column(read: OtherSideFile, on_round: set[int]) -> str | None:
    """Return a column holding our person IDs: whole numbers, all of persons on the round."""
    for header in read.parsed.headers:
        cells = [r.raw.get(header) for r in read.parsed.records]
        numbers = {int(c) for c in cells if str(c).strip().isdigit()}
        if numbers and len(numbers) == len([c for c in cells if c not in (None, "")]) \
                and numbers <= on_round:
            return header
    return None


def _rows_to_persons(session: Session, found: Round, read: OtherSideFile) -> dict[int, int]:
    """Return row number -> person id, by an ID column or by matching names back."""
    header = _id_column(read, {e.person_id for e in found.entries})
    if header is not None:
        return {r.row_number: int(r.raw[header]) for r in read.parsed.records
                if str(r.raw.get(header) or "").strip().isdigit()}
    matches: Mapping[int, RowMatch] = match_file(session, found, read)
    doubtful = [Problem(read.file, row, None, None, "not surely a person of the round "
                        f"({m.state.value}); add a column of our person IDs")
                for row, m in sorted(matches.items()) if m.state is not MatchState.MATCHED]
    if doubtful:
        raise FileRefused(doubtful)
    return {row: m.person_id for row, m in matches.items() if m.person_id is not None}


def _reason(read: OtherSideFile, row_number: int) -> tuple[str | None, str | None]:
    """Return the row's reason and date, from columns the column vocabulary names."""
    found: dict[str, str] = {}
    record = next(r for r in read.parsed.records if r.row_number == row_number)
    for header, cell in record.raw.items():
        kind = next(filter(None, map(words("column").lookup, [header, *header.split("/")])), None)
        if kind and cell not in (None, "") and header != read.answer_column:
            found.setdefault(kind, str(cell).strip())
    day = found.get("date")
    return found.get("reason"), day[:10] if day and DATE.match(day[:10]) else None


def import_outcomes(session: Session, round_id: int, path: str | Path, *, actor: Actor,
                    options: FileOptions = DEFAULTS) -> Counter:
    """Record the outcomes of a file for a carried-out round; return the counts."""
    found = _executed(session, round_id)
    read = read_other_side(path, vocabulary="outcome", options=options, names_optional=True)
    persons = _rows_to_persons(session, found, read)
    entries = {e.person_id: e for e in found.entries}
    with acting_as(session, actor, reason=f"outcomes of round {found.id}"):
        for row, pid in sorted(persons.items()):
            reason, day = _reason(read, row)
            try:
                _apply(session, found, entries[pid], Outcome(read.answers[row][0]), reason, day,
                       actor)
            except RoundError as exc:
                session.rollback()
                raise FileRefused([Problem(read.file, row, read.answer_column,
                                           read.answers[row][1], str(exc))]) from None
        matches = {row: RowMatch(MatchState.MATCHED, pid, pid) for row, pid in persons.items()}
        stored = store_file(session, found, FileKind.OUTCOMES, read, matches, actor)
        counts = Counter({key: 0 for key in OUTCOME_COUNTS})
        counts.update(e.outcome.value if e.outcome else "without_outcome" for e in found.entries)
        stored.counts = dict(counts)
        write_entry(session, action="round_outcomes", object_type="exchange_round",
                    object_id=found.id, changes={k: [None, v] for k, v in counts.items()})
        commit_round_change(session)
    return counts
