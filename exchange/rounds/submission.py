"""Submitting a round: the list as it stands, frozen into a numbered version exactly as sent.

Persons with doubts about their identity (`identity.FLAGS`) go out only with a
negotiator's explicit confirmation for each of them, kept on the entry and in the audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as
from exchange.models import Person, Round, RoundEntry, RoundState, RoundVersion
from exchange.models.base import utcnow
from exchange.rounds import queries
from exchange.rounds.errors import IdentityNotConfirmed, RoundError
from exchange.rounds.operations import commit_round_change, get_round, move_round
from exchange.rounds.roster import iter_rows, ordered
from exchange.rounds.snapshot import row_record
from exchange.rounds.states import check_transition
from exchange.rounds.status import on_submitted

__all__ = ["current_records", "submit_round", "unconfirmed"]


def current_records(session: Session, found: Round, today: date) -> list[dict]:
    """Return the records of the persons on the round now, in priority order."""
    on_round = queries.entry_person_ids(found.id)
    ranked = ordered(session, queries.ranked_persons(today).where(Person.id.in_(on_round)))
    return [row_record(row) for row in iter_rows(session, ranked)]


def unconfirmed(found: Round, records: Iterable[dict]) -> dict[int, tuple[str, ...]]:
    """Return the flagged persons whose current doubts no one has confirmed yet."""
    entries = {e.person_id: e for e in found.entries}
    return {
        r["person_id"]: tuple(r["flags"])
        for r in records
        if r["flags"]
        and not set(r["flags"]) <= set(entries[r["person_id"]].identity_confirmed_flags or ())
    }


def _confirm(entry: RoundEntry, flags: tuple[str, ...], actor: Actor) -> None:
    entry.identity_confirmed_flags = list(flags)
    entry.identity_confirmed_by = actor.label
    entry.identity_confirmed_at = utcnow()


def submit_round(session: Session, round_id: int, *, actor: Actor, today: date,
                 confirmed: Iterable[int] = ()) -> RoundVersion:
    """Freeze the list into the next version and mark the round submitted."""
    found = get_round(session, round_id)
    check_transition(found.state, RoundState.SUBMITTED)
    if found.versions and not found.list_changed:
        raise RoundError(f"the list has not changed since version {found.versions[-1].number} "
                         "was sent")
    records = current_records(session, found, today)
    if not records:
        raise RoundError("an empty list cannot be submitted")
    doubts = unconfirmed(found, records)
    ticked = set(confirmed)
    missing = {p: f for p, f in doubts.items() if p not in ticked}
    if missing:
        raise IdentityNotConfirmed(missing)
    entries = {e.person_id: e for e in found.entries}
    number = len(found.versions) + 1
    with acting_as(session, actor, reason=f"round {found.id} version {number} sent"):
        for pid, flags in doubts.items():
            _confirm(entries[pid], flags, actor)
        version = RoundVersion(round_id=found.id, number=number, rows=records,
                               row_count=len(records), submitted_by_label=actor.label,
                               submitted_by_id=actor.user_id)
        session.add(version)
        found.list_changed = False
        move_round(session, found, RoundState.SUBMITTED, version=number, persons=len(records),
                   identities_confirmed=len(doubts))
        on_submitted(session, found, [r["person_id"] for r in records])
        commit_round_change(session)
    return version
