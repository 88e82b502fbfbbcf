"""A round's allowed moves (data/transitions.csv), checked by one pure function."""

from __future__ import annotations

from exchange.models import RoundState
from exchange.rounds.errors import RoundError
from exchange.rounds.tables import transitions

__all__ = ["IllegalTransition", "check_transition", "is_editable", "is_open"]


class IllegalTransition(RoundError):
    """A round cannot move from its state to the one asked for."""

    def __init__(self, current: RoundState, wanted: RoundState) -> None:
        super().__init__(f"a round cannot go from {current.value} to {wanted.value}")
        self.current, self.wanted = current, wanted


def check_transition(current: RoundState | str, wanted: RoundState | str) -> str:
    """Return the action that moves a round from `current` to `wanted`, or raise."""
    current, wanted = RoundState(current), RoundState(wanted)
    action = transitions().get((current, wanted))
    if action is None:
        raise IllegalTransition(current, wanted)
    return action


def is_open(state: RoundState | str) -> bool:
    """Return whether a round in this state still moves (closed and cancelled do not)."""
    return any(start == RoundState(state) for start, _ in transitions())


def is_editable(state: RoundState | str) -> bool:
    """Return whether the list may change: a state from which it can be (re)submitted."""
    return (RoundState(state), RoundState.SUBMITTED) in transitions()
