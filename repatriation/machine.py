"""The road home as a state machine: stages and allowed moves are data files, one check.

`data/stages.csv` says what each stage means, its group (held, freed, home, dead), its
place on the road and the release status it stands for; `data/transitions.csv` lists
every allowed move (`start` = a person with no event yet). `check_transition` is the only
judge of a move: every writer (coordinator, lists, exchange rounds) goes through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _

from exchange.labels import label
from exchange.models.enums import ReleaseStatus, Stage
from repatriation.tables import data_rows

__all__ = [
    "GROUPS",
    "StageInfo",
    "TransitionRefused",
    "allowed_next",
    "check_path",
    "check_transition",
    "group_of",
    "stage_info",
]

START = "start"
GROUPS = ("held", "freed", "home", "dead")


class TransitionRefused(ValueError):
    """A move the transition table does not allow; names both stages."""

    def __init__(self, current: Stage | None, new: Stage) -> None:
        self.current, self.new = current, new
        was = label("repatriation_stage", current) if current else _("no stage yet")
        super().__init__(
            _("A person at stage “%(current)s” cannot move to “%(new)s”.",
              current=was, new=label("repatriation_stage", new))
        )


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    group: str
    rank: int  # place on the road; 0 = aside from it (missing, excluded)
    release_status: ReleaseStatus
    meaning: str


def _stage(value: str, name: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ValueError(f"{name}: unknown stage {value!r}") from None


@cache
def stage_table() -> dict[Stage, StageInfo]:
    """Return every stage's row of stages.csv, in the file's order."""
    table = {}
    for row in data_rows("stages.csv"):
        stage = _stage(row["stage"], "stages.csv")
        if row["group"] not in GROUPS:
            raise ValueError(f"stages.csv: unknown group {row['group']!r} for {stage.value}")
        table[stage] = StageInfo(
            stage, row["group"], int(row["rank"]), ReleaseStatus(row["release_status"]),
            row["meaning"],
        )
    missing = set(Stage) - set(table)
    if missing:
        raise ValueError(f"stages.csv: no row for {', '.join(sorted(missing))}")
    return table


@cache
def transitions() -> frozenset[tuple[Stage | None, Stage]]:
    """Return the allowed (from, to) pairs; from is None for a person with no event yet."""
    pairs = set()
    for row in data_rows("transitions.csv"):
        start = None if row["from"] == START else _stage(row["from"], "transitions.csv")
        pairs.add((start, _stage(row["to"], "transitions.csv")))
    return frozenset(pairs)


def check_transition(current: Stage | None, new: Stage) -> None:
    """Raise TransitionRefused unless the table allows moving from `current` to `new`."""
    if (current, new) not in transitions():
        raise TransitionRefused(current, new)


def check_path(stages: Iterable[Stage]) -> None:
    """Check every move of a sequence of stages, from no stage at all."""
    current = None
    for stage in stages:
        check_transition(current, stage)
        current = stage


def allowed_next(current: Stage | None) -> list[Stage]:
    """Return the stages a person may move to from `current`, in stages.csv order."""
    return [s for s in stage_table() if (current, s) in transitions()]


def stage_info(stage: Stage) -> StageInfo:
    return stage_table()[stage]


def group_of(stage: Stage | None) -> str | None:
    """Return held, freed, home or dead (None for a person with no stage yet)."""
    return None if stage is None else stage_table()[stage].group
