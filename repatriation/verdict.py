"""What one month's lists say about a person's stage: an event to record, a flag, or nothing.

Pure: plain data in, a Verdict out. The rules, in order:
- members disagree (one says released, exchanged, repatriated or dead, another still
  lists the person as held; or one says dead and another alive and free): a flag, no
  event; a coordinator decides;
- members agree the person is no longer held: the furthest stage they report (dead, home,
  exchanged, released), unless the person is already further on the same road (the list
  lags), or a coordinator voided that very stage before (a flag: the lists contradict);
- members list the person as held: `excluded` when an exclusion is recorded, `listed`
  when the person is on the month's joint list, else `reported`; the lists only move a
  person forward along the held stages (a round or a coordinator may know better), and a
  person whose road left the held stages in an earlier month is flagged, not moved back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exchange.models.enums import FlagKind, Stage
from repatriation.machine import group_of, stage_info, transitions

HELD_STATUSES = frozenset({"detained", "missing"})
FREE_STATUSES = frozenset({"released", "exchanged", "repatriated", "deceased"})


@dataclass(frozen=True)
class Claim:
    """What one member's record of the month says: its status (held when it says none)."""

    org: str
    record_id: str
    status: str
    released_on: str | None = None
    source_record_id: int | None = None

    @property
    def ref(self) -> str:
        return f"{self.org}:{self.record_id}"

    def said(self) -> str:
        return f"{self.ref} ({self.released_on})" if self.released_on else self.ref


@dataclass(frozen=True)
class Verdict:
    stage: Stage | None = None
    occurred_on: str | None = None
    sources: tuple[Claim, ...] = ()
    flag: FlagKind | None = None


NOTHING = Verdict()


@dataclass(frozen=True)
class Standing:
    """Where the registry has the person before this month's lists."""

    stage: Stage | None = None
    month: str | None = None  # the month the current stage was reached
    voided_by_coordinator: frozenset[Stage] = frozenset()


def month_verdict(
    claims: Sequence[Claim], standing: Standing, *, month: str, joint: bool, excluded: bool
) -> Verdict:
    """Judge one person's records of `month` against their standing."""
    free = [c for c in claims if c.status in FREE_STATUSES]
    held = [c for c in claims if c.status not in FREE_STATUSES]
    if free and held or _dead_and_alive(free):
        return Verdict(flag=FlagKind.MEMBERS_DISAGREE, sources=tuple(claims))
    if free:
        return _freed(free, standing)
    if held and all(c.status == "missing" for c in held):
        return _move(Stage.MISSING, held, standing, month)
    target = Stage.EXCLUDED if excluded else Stage.LISTED if joint else Stage.REPORTED
    return _move(target, held, standing, month)


def _dead_and_alive(free: Sequence[Claim]) -> bool:
    statuses = {c.status for c in free}
    return "deceased" in statuses and len(statuses) > 1


def _freed(free: Sequence[Claim], standing: Standing) -> Verdict:
    target = max((Stage(c.status) for c in free), key=lambda s: stage_info(s).rank)
    sources = tuple(c for c in free if c.status == target.value)
    current = standing.stage
    if current == target:
        return NOTHING
    if target in standing.voided_by_coordinator:
        return Verdict(flag=FlagKind.LISTS_CONTRADICT_STAGE, sources=sources)
    if (current, target) in transitions():
        return Verdict(target, _date(sources), sources)
    if group_of(current) in ("freed", "home") and stage_info(current).rank >= stage_info(
        target
    ).rank:
        return NOTHING  # the list lags behind what the registry already knows
    return Verdict(flag=FlagKind.LISTS_CONTRADICT_STAGE, sources=sources)


def _move(target: Stage, held: Sequence[Claim], standing: Standing, month: str) -> Verdict:
    current = standing.stage
    sources = tuple(held)
    if current == target:
        return NOTHING
    if group_of(current) not in (None, "held"):
        if standing.month is not None and standing.month < month:
            return Verdict(flag=FlagKind.LISTS_CONTRADICT_STAGE, sources=sources)
        return NOTHING  # the list is as old as the news: it was drawn up before
    if (current, target) not in transitions() or not _forward(current, target):
        return NOTHING
    return Verdict(target, month, sources)


def _forward(current: Stage | None, target: Stage) -> bool:
    """Tell whether the lists may move a held person from `current` to `target`."""
    if current is None or {current, target} & {Stage.EXCLUDED, Stage.MISSING}:
        return True
    return stage_info(target).rank > stage_info(current).rank


def _date(sources: Sequence[Claim]) -> str | None:
    """Return the most precise date the sources give, when they do not contradict it."""
    dates = sorted({c.released_on for c in sources if c.released_on}, key=len)
    if dates and all(dates[-1].startswith(d) for d in dates):
        return dates[-1]
    return None
