"""The other side's own list for an exchange round, and the balance of the two sides.

Read through the same importer and header mapping as a member list; each row is
classified by the same rule engine, so both sides are counted by the same categories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.classification import classify
from exchange.models import FileKind, Round, RoundEntry, RoundFile, RoundFileRow
from exchange.rounds.errors import RoundError
from exchange.rounds.files import FileOptions, read_other_side
from exchange.rounds.operations import commit_round_change, get_round
from exchange.rounds.replies import store_file
from exchange.rounds.states import is_open
from exchange.rounds.tables import round_types

__all__ = ["Balance", "balance", "import_counterpart"]


def import_counterpart(session: Session, round_id: int, path: str | Path, *, actor: Actor,
                       explicit_map: Sequence[str] = (), ignore: Sequence[str] = (),
                       display_name: str | None = None) -> RoundFile:
    """Store the other side's list of an open exchange round, each row classified."""
    found = get_round(session, round_id)
    if round_types()[found.round_type].sides != 2:
        raise RoundError(f"a {found.round_type.value} round has one side only: there is no "
                         "list of the other side to import")
    if not is_open(found.state):
        raise RoundError(f"round {found.id} is {found.state.value}")
    read = read_other_side(path, vocabulary=None, options=FileOptions(
        explicit_map=explicit_map, ignore=ignore, display_name=display_name))
    categories = {r.row_number: str(classify(r.values).category) for r in read.parsed.records}
    with acting_as(session, actor, reason=f"the other side's list for round {found.id}"):
        stored = store_file(session, found, FileKind.COUNTERPART, read, {}, actor, categories)
        stored.counts = dict(Counter(categories.values()))
        write_entry(session, action="round_counterpart", object_type="exchange_round",
                    object_id=found.id, changes={"file": [None, stored.file_name],
                                                 "rows": [None, len(categories)]})
        commit_round_change(session)
    return stored


@dataclass(frozen=True)
class Balance:
    """Persons per category on our list and on theirs; `difference` is ours minus theirs."""

    ours: dict[str, int]
    theirs: dict[str, int]
    has_counterpart: bool

    def difference(self, category: str) -> int:
        return self.ours.get(category, 0) - self.theirs.get(category, 0)

    @property
    def categories(self) -> list[str]:
        return sorted(set(self.ours) | set(self.theirs))


def balance(session: Session, found: Round) -> Balance:
    """Count both sides of a round by category (their side: the current counterpart list)."""
    ours = dict(session.execute(
        select(RoundEntry.category, func.count()).where(RoundEntry.round_id == found.id)
        .group_by(RoundEntry.category)).all())
    current = select(RoundFile.id).where(RoundFile.round_id == found.id,
                                         RoundFile.kind == FileKind.COUNTERPART,
                                         ~RoundFile.superseded)
    theirs = dict(session.execute(
        select(RoundFileRow.category, func.count()).where(RoundFileRow.file_id.in_(current))
        .group_by(RoundFileRow.category)).all())
    has = session.scalar(current.limit(1)) is not None
    return Balance(ours, theirs, has)
