"""What the rounds' services refuse, each with a message a negotiator can act on."""

from __future__ import annotations


class RoundError(ValueError):
    """A round operation was refused; nothing was written. The message says why."""


class RoundNotFound(RoundError):
    """No round has that number or name."""


class PersonOnOpenRound(RoundError):
    """A person is already on another open round (the message names it)."""

    def __init__(self, taken: dict[int, tuple[int, str]]) -> None:
        names = "; ".join(f"person {pid} is already on open round {rid} ({name!r})"
                          for pid, (rid, name) in sorted(taken.items()))
        super().__init__(names)
        self.taken = taken


class RoundChanged(RoundError):
    """Someone else changed the round at the same moment."""

    def __init__(self) -> None:
        super().__init__("the round was changed by someone else at the same moment; try again")


class IdentityNotConfirmed(RoundError):
    """Persons with doubts about their identity need an explicit confirmation to be sent."""

    def __init__(self, flagged: dict[int, tuple[str, ...]]) -> None:
        listed = "; ".join(f"person {pid}: {', '.join(flags)}"
                           for pid, flags in sorted(flagged.items()))
        super().__init__(f"confirm the identity of {len(flagged)} person(s) before the list "
                         f"is sent: {listed}")
        self.flagged = flagged


class FileRefused(RoundError):
    """A file of the other side cannot be used as it is; `problems` says where and why."""

    def __init__(self, problems: list) -> None:
        first = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"file refused, nothing was written: {first}{more}")
        self.problems = problems
