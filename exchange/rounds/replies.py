"""The other side's verification reply: read, matched back to our list, applied to the round.

Each row's status comes from the reply vocabulary (Russian, Ukrainian, English words);
each row is matched back to the round's persons (`match_back`). Matched rows give their
person a reply status; persons no row answers get `no_answer`; rows to review wait for a
negotiator (`resolve_row`). The round moves to `verified`. One audit entry per file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

import matching
from exchange.audit import Actor, acting_as, write_entry
from exchange.models import (
    FileKind,
    MatchModelState,
    MatchState,
    Person,
    ReplyStatus,
    Round,
    RoundFile,
    RoundFileRow,
    RoundState,
    SourceRecord,
)
from exchange.models.base import utcnow
from exchange.rounds import queries
from exchange.rounds.errors import RoundError
from exchange.rounds.files import DEFAULTS, FileOptions, OtherSideFile, read_other_side
from exchange.rounds.match_back import RowMatch, match_back
from exchange.rounds.operations import commit_round_change, get_round, move_round
from exchange.rounds.states import check_transition

__all__ = ["REPLY_COUNTS", "import_reply", "match_file", "resolve_row", "store_file"]

REPLY_COUNTS = ("confirmed", "not_found", "refused", "different_person", "unmatched", "review",
                "no_answer")
IDENTITY = ("surname", "given_name", "patronymic", "sex", "date_of_birth", "place_of_birth",
            "residence_region")


def match_model(session: Session) -> matching.MatchModel:
    """Return the model the last reconciliation estimated, else the bundled default."""
    state = session.scalar(select(MatchModelState).order_by(MatchModelState.id.desc()).limit(1))
    if state is None:
        return matching.MatchModel.default()
    return matching.MatchModel.from_json(state.parameters)


def _our_values(session: Session, person_ids: list[int]) -> dict[int, list[dict]]:
    """Return, per person, the registry's facts and the values of every live record."""
    found: dict[int, list[dict]] = {pid: [] for pid in person_ids}
    for chunk in queries.chunks(person_ids):
        for person in session.scalars(select(Person).where(Person.id.in_(chunk))):
            found[person.id].append({f: _plain(getattr(person, f)) for f in IDENTITY})
        stmt = (queries.live_records()
                .with_only_columns(SourceRecord.person_id, SourceRecord.values)
                .where(SourceRecord.person_id.in_(chunk)))
        for pid, values in session.execute(stmt):
            found[pid].append(dict(values or {}))
    return found


def _plain(value: object) -> object:
    return getattr(value, "value", value)


def match_file(session: Session, found: Round, read: OtherSideFile) -> dict[int, RowMatch]:
    """Return each row's match (by row number) against the persons of the round."""
    ids = sorted(e.person_id for e in found.entries)
    rows = {str(r.row_number): r.values for r in read.parsed.records}
    matches = match_back(rows, _our_values(session, ids), match_model(session))
    return {int(key): match for key, match in matches.items()}


def store_file(session: Session, found: Round, kind: FileKind, read: OtherSideFile,
               matches: dict[int, RowMatch], actor: Actor,
               categories: dict[int, str] | None = None) -> RoundFile:
    """Add the file and its rows; earlier files of the kind are superseded (kept)."""
    for earlier in session.scalars(select(RoundFile).where(
            RoundFile.round_id == found.id, RoundFile.kind == kind, ~RoundFile.superseded)):
        earlier.superseded = True
    stored = RoundFile(round_id=found.id, kind=kind, file_name=read.file[:255],
                       sha256=read.parsed.sha256, answer_column=read.answer_column,
                       counts={}, imported_by_label=actor.label)
    for row in read.parsed.records:
        match = matches.get(row.row_number)
        answer = read.answers.get(row.row_number)
        stored.rows.append(RoundFileRow(
            row_number=row.row_number, raw={k: _json(v) for k, v in row.raw.items()},
            values={k: v for k, v in row.values.items() if v},
            answer=answer[0] if answer else None, answer_text=answer[1] if answer else None,
            match=match.state if match else None, person_id=match.person_id if match else None,
            candidate_person_id=match.candidate_id if match else None,
            probability=match.probability if match else None,
            category=(categories or {}).get(row.row_number)))
    session.add(stored)
    return stored


def _json(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def apply_reply(found: Round, stored: RoundFile) -> Counter:
    """Give each person of the round the status of the row matched to them; count."""
    by_person = {r.person_id: r for r in stored.rows if r.match is MatchState.MATCHED}
    counts: Counter = Counter({key: 0 for key in REPLY_COUNTS})
    for entry in found.entries:
        row = by_person.get(entry.person_id)
        entry.reply_status = ReplyStatus(row.answer) if row else ReplyStatus.NO_ANSWER
        entry.reply_row_id = row.id if row else None
        counts[entry.reply_status.value] += 1
    counts["unmatched"] = sum(r.match is MatchState.UNMATCHED for r in stored.rows)
    counts["review"] = sum(r.match is MatchState.REVIEW for r in stored.rows)
    return counts


def import_reply(session: Session, round_id: int, path: str | Path, *, actor: Actor,
                 options: FileOptions = DEFAULTS) -> RoundFile:
    """Read the reply, match it back, set every person's reply status; round -> verified."""
    found = get_round(session, round_id)
    check_transition(found.state, RoundState.VERIFIED)
    read = read_other_side(path, vocabulary="reply_status", options=options)
    matches = match_file(session, found, read)
    with acting_as(session, actor, reason=f"verification reply to round {found.id}"):
        stored = store_file(session, found, FileKind.REPLY, read, matches, actor)
        session.flush()
        stored.counts = dict(apply_reply(found, stored))
        changes = {"file": [None, stored.file_name]}
        changes.update({k: [None, v] for k, v in stored.counts.items()})
        write_entry(session, action="round_reply", object_type="exchange_round",
                    object_id=found.id, changes=changes)
        move_round(session, found, RoundState.VERIFIED)
        commit_round_change(session)
    return stored


def resolve_row(session: Session, row_id: int, person_id: int | None, *, actor: Actor) -> None:
    """Decide a reply row to review: it is this person of the round, or no one on our list."""
    row = session.get(RoundFileRow, row_id)
    if row is None or row.file.kind is not FileKind.REPLY or row.file.superseded:
        raise RoundError(f"there is no current reply row {row_id}")
    found = session.get(Round, row.file.round_id)
    entries = {e.person_id: e for e in found.entries}
    if person_id is not None and person_id not in entries:
        raise RoundError(f"person {person_id} is not on round {found.id}")
    held = entries[person_id].reply_row_id if person_id is not None else None
    if held is not None and held != row.id:
        raise RoundError(f"person {person_id} is already matched to another row of the reply")
    with acting_as(session, actor, reason=f"reply row {row.row_number} decided"):
        _decide(row, entries, person_id, actor)
        commit_round_change(session)


def _decide(row: RoundFileRow, entries: dict, person_id: int | None, actor: Actor) -> None:
    if row.person_id is not None and row.person_id in entries:  # a decision changed
        entries[row.person_id].reply_status = ReplyStatus.NO_ANSWER
        entries[row.person_id].reply_row_id = None
    row.match = MatchState.MATCHED if person_id is not None else MatchState.UNMATCHED
    row.person_id = person_id
    row.resolved_by, row.resolved_at = actor.label, utcnow()
    if person_id is not None:
        entries[person_id].reply_status = ReplyStatus(row.answer)
        entries[person_id].reply_row_id = row.id


def open_rows(rows: Iterable[RoundFileRow]) -> list[RoundFileRow]:
    """Return the rows still waiting for a negotiator."""
    return [r for r in rows if r.match is MatchState.REVIEW]
