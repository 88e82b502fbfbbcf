"""A month of the joint list as a unit of work: open, reconciled, published (frozen)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.models import ListMonth, MonthStatus

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class MonthError(ValueError):
    """A month is malformed or in a state that refuses the operation."""


class MonthFrozen(MonthError):
    """The month is published: it can no longer change."""

    def __init__(self, month: str) -> None:
        super().__init__(f"{month} is published and frozen; put corrections into a later month")


def check_month(month: str) -> str:
    """Return the month if it is `YYYY-MM`, else raise MonthError."""
    if not MONTH.match(month or ""):
        raise MonthError(f"not a month (YYYY-MM): {month!r}")
    return month


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
    if row.is_frozen:
        raise MonthFrozen(month)
    return row


def joint_list_snapshot(session: Session, month: str) -> list[dict]:
    """Return the month's joint list as plain rows, to freeze on publishing."""
    from dataclasses import asdict

    from exchange.reports.joint_list import joint_list_rows

    return [asdict(row) for row in joint_list_rows(session, month)]
