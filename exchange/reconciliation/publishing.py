"""Publish a month: its joint list frozen as it stands. The months page and the CLI call this."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import func
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.months import MonthRefused, check_month, get_month, next_status
from exchange.domain.pending import pending_records
from exchange.models import MonthStatus, SourceRecord
from exchange.models.base import utcnow
from exchange.reports.joint_list import joint_list_rows


def publish_month(session: Session, month: str, actor: Actor) -> int:
    """Freeze a reconciled month with its joint list as it stands; return the rows frozen.

    Raises MonthError (MonthFrozen, MonthRefused) and writes nothing when the month
    cannot be published.
    """
    check_month(month)
    waiting = session.scalar(
        pending_records(month).with_only_columns(func.count(SourceRecord.id))
    )
    if waiting:  # nobody vanishes: a published list must not leave a record undecided
        raise MonthRefused(
            f"{waiting} record(s) of {month} await a decision in the match review: "
            "decide them before publishing"
        )
    snapshot = [asdict(row) for row in joint_list_rows(session, month)]
    with acting_as(session, actor):
        row = get_month(session, month)
        before = row.status if row is not None else MonthStatus.OPEN
        status = next_status(month, before, "publish")
        assert row is not None  # only a reconciled month (which has its row) gets here
        row.status, row.published_at, row.published_by_id = status, utcnow(), actor.user_id
        row.snapshot = snapshot
        write_entry(
            session,
            action="publish",
            object_type="list_month",
            object_id=month,
            changes={"status": [before.value, status.value], "rows": [None, len(snapshot)]},
        )
        session.commit()
    return len(snapshot)
