"""The list month: `YYYY-MM` written once, and its lifecycle (open, reconciled, published).

The lifecycle is a table (`data/month_transitions.csv`) checked by one pure function,
`next_status`; the reads and writes below only apply it.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.models import ListMonth, MonthStatus

# `\Z`, not `$`: "2025-01\n" is not a month.
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])\Z")
ACTIONS = ("change", "reconcile", "publish")


class MonthError(ValueError):
    """A month is malformed or in a state that refuses the operation."""


class MonthFrozen(MonthError):
    """The month is published: it can no longer change."""

    def __init__(self, month: str) -> None:
        super().__init__(f"{month} is published and frozen; put corrections into a later month")


class MonthRefused(MonthError):
    """The month's status does not allow the action yet."""


def is_month(text: object) -> bool:
    """Return whether `text` is a list month, `YYYY-MM`."""
    return isinstance(text, str) and MONTH.match(text) is not None


def check_month(month: str) -> str:
    """Return the month if it is `YYYY-MM`, else raise MonthError."""
    if not is_month(month):
        raise MonthError(f"not a month (YYYY-MM): {month!r}")
    return month


@cache
def transitions() -> dict[tuple[MonthStatus, str], MonthStatus]:
    """Return (status, action) -> the status it becomes, from the transition table."""
    text = resources.files("exchange.domain").joinpath("data", "month_transitions.csv")
    lines = [line for line in text.read_text("utf-8").splitlines() if not line.startswith("#")]
    table = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        if row["action"] not in ACTIONS:
            raise ValueError(f"month_transitions.csv: unknown action {row['action']!r}")
        table[MonthStatus(row["status"]), row["action"]] = MonthStatus(row["becomes"])
    return table


def next_status(month: str, status: MonthStatus, action: str) -> MonthStatus:
    """Return the status `action` gives the month, or raise why the month refuses it."""
    table = transitions()
    if (status, action) in table:
        return table[status, action]
    if action not in ACTIONS:
        raise ValueError(f"unknown month action {action!r}")
    if not any(known is status for known, _ in table):
        raise MonthFrozen(month)
    allowed = " or ".join(sorted(s.value for s, a in table if a == action))
    becomes = next(b for (_, a), b in table.items() if a == action)
    raise MonthRefused(f"{month} must be {allowed} before it is {becomes.value}")


def get_month(session: Session, month: str, *, create: bool = False) -> ListMonth | None:
    """Return the month's row, creating it (open) when asked."""
    row = session.scalar(select(ListMonth).where(ListMonth.month == check_month(month)))
    if row is None and create:
        row = ListMonth(month=month, status=MonthStatus.OPEN)
        session.add(row)
        session.flush()
    return row


def ensure_open(session: Session, month: str) -> ListMonth:
    """Return the month for a change, or raise MonthFrozen when it is published."""
    row = get_month(session, month, create=True)
    assert row is not None
    next_status(month, row.status, "change")
    return row


def check_open(session: Session, month: str) -> None:
    """Raise MonthFrozen when the month exists and takes no change (creates nothing)."""
    row = get_month(session, month)
    if row is not None:
        next_status(month, row.status, "change")


def is_published(session: Session, month: str) -> bool:
    """Return True when the month's joint list is published (frozen)."""
    status = session.scalar(select(ListMonth.status).where(ListMonth.month == month))
    return status is MonthStatus.PUBLISHED
