"""After a month's reconciliation: what the lists say becomes dated events, doubts flags.

Called by `exchange.reconciliation.linking.reconcile_month` inside its transaction and
audit context. For each person some member lists in the month, `verdict.month_verdict`
judges the members' records (their release status, including one the import read from a
note) against the person's stage; an event is recorded with the members as its source,
or the person is flagged. A person listed the month before by someone and this month by
nobody, while held, raises the `dropped_while_held` alarm (the changes report lists them
too; the stage tells whether a round or a coordinator already knows they are free).

Running it again for the same month records nothing twice; a flag of the month that no
longer holds is resolved by the system, and one a coordinator resolved stays resolved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import current_actor
from exchange.classification.hooks import refresh_pending
from exchange.domain.merge import Observation
from exchange.models import EventSource, FlagKind, Person, RepatriationFlag, Stage, StatusEvent
from exchange.models.base import utcnow
from exchange.reports.joint_list import is_excluded
from exchange.reports.queries import facts_of, month_observations
from repatriation.criteria import on_joint_list
from repatriation.dates import BadDate, month_of, partial_date
from repatriation.events import add_event, current_event
from repatriation.machine import group_of
from repatriation.queries import imported_months, persons_with_events
from repatriation.verdict import Claim, Standing, Verdict, month_verdict

__all__ = ["AUTO_RESOLVER", "MonthEvents", "events_from_month"]

AUTO_RESOLVER = "system:reconciliation"


@dataclass
class MonthEvents:
    """What the month's lists added: events by stage, flags by kind, flags resolved."""

    month: str
    events: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    resolved: int = 0


def claims(observations: Sequence[Observation]) -> list[Claim]:
    """Turn a person's records of the month into claims (no status column: held)."""
    return [
        Claim(o.org, o.record_id, o.get("release_status") or "detained", o.get("released_on"),
              o.source_record_id)
        for o in sorted(observations, key=lambda o: (o.org, o.record_id))
    ]


def standing(person: Person) -> Standing:
    """Return the person's stage, the month it was reached and the stages voided by hand."""
    event = current_event(person)
    voided = frozenset(e.stage for e in person.status_events if e.voided_by_id is not None)
    return Standing(None if event is None else event.stage, event_month(event), voided)


def event_month(event: StatusEvent | None) -> str | None:
    """Return the month an event happened in (the list month or recording when undated)."""
    if event is None:
        return None
    recorded = event.recorded_at.strftime("%Y-%m") if event.recorded_at else None
    return month_of(event.occurred_on) or event.list_month or recorded


def events_from_month(session: Session, month: str) -> MonthEvents:
    """Record the month's list events and raise or resolve its flags (no commit)."""
    refresh_pending(session)  # eligibility of the persons this reconciliation created
    result = MonthEvents(month)
    listed = month_observations(session, month)
    facts = facts_of(session, listed)
    dropped = _dropped(session, month, set(listed))
    persons = {p.id: p for p in persons_with_events(session, [*listed, *dropped])}
    wanted: dict[tuple[int, FlagKind], dict[str, Any]] = {}
    for pid, observations in sorted(listed.items()):
        person, fact = persons[pid], facts.get(pid)
        verdict = month_verdict(
            claims(observations), standing(person), month=month,
            joint=on_joint_list(observations, fact, month),
            excluded=fact is not None and is_excluded(fact[6], fact[9]),
        )
        if verdict.flag is not None:
            wanted[(pid, verdict.flag)] = _detail(verdict, person)
        elif verdict.stage is not None:
            _record(session, person, verdict, month)
            result.events[verdict.stage.value] += 1
    for pid, (last_month, members) in dropped.items():
        if group_of(standing(persons[pid]).stage) in (None, "held"):
            wanted[(pid, FlagKind.DROPPED_WHILE_HELD)] = {
                "last_month": last_month, "members": members,
            }
    _sync_flags(session, month, wanted, result)
    return result


def _dropped(session: Session, month: str, listed: set[int]) -> dict[int, tuple[str, list[str]]]:
    """Return the persons listed the month before and by nobody now, with who listed them."""
    earlier = [m for m in session.scalars(imported_months()) if m < month]
    if not earlier:
        return {}
    previous = max(earlier)
    before = month_observations(session, previous)
    return {
        pid: (previous, sorted({o.org for o in obs}))
        for pid, obs in before.items()
        if pid not in listed
    }


def _record(session: Session, person: Person, verdict: Verdict, month: str) -> None:
    stage = verdict.stage
    kind, ref = EventSource.MEMBER_LIST, "; ".join(c.ref for c in verdict.sources)
    evidence = "; ".join(c.said() for c in verdict.sources if c.released_on) or None
    if stage is Stage.LISTED:
        kind, evidence = EventSource.JOINT_LIST, None
    elif stage is Stage.EXCLUDED and getattr(person.exclusion, "value", None) is None:
        kind = EventSource.COORDINATOR  # a reviewer's eligibility override, not a list
    add_event(
        session, person, stage, source_kind=kind, occurred_on=_safe_date(verdict, month),
        source_ref=ref, evidence=evidence, list_month=month,
        source_record_id=verdict.sources[0].source_record_id if verdict.sources else None,
    )


def _safe_date(verdict: Verdict, month: str) -> str:
    """Return the event's date; a date the lists got wrong (in the future) falls to the month."""
    try:
        return partial_date(verdict.occurred_on) or month
    except BadDate:
        return month


def _detail(verdict: Verdict, person: Person) -> dict[str, Any]:
    stage = current_event(person)
    return {
        "stage": None if stage is None else stage.stage.value,
        "claims": [
            {"ref": c.ref, "status": c.status, "released_on": c.released_on}
            for c in verdict.sources
        ],
    }


def _sync_flags(
    session: Session,
    month: str,
    wanted: Mapping[tuple[int, FlagKind], dict[str, Any]],
    result: MonthEvents,
) -> None:
    stmt = select(RepatriationFlag).where(RepatriationFlag.list_month == month)
    existing = {(f.person_id, f.kind): f for f in session.scalars(stmt)}
    for (pid, kind), detail in wanted.items():
        flag = existing.get((pid, kind))
        if flag is None:
            session.add(RepatriationFlag(person_id=pid, kind=kind, list_month=month, detail=detail))
            result.flags[kind.value] += 1
        elif flag.resolved_at is not None and flag.resolved_by == AUTO_RESOLVER:
            flag.resolved_at = flag.resolved_by = flag.resolution = None
            flag.detail = detail
            result.flags[kind.value] += 1
    for key, flag in existing.items():
        if key not in wanted and flag.resolved_at is None:
            flag.resolved_at, flag.resolved_by = utcnow(), AUTO_RESOLVER
            flag.resolution = (
                f"no longer holds after the reconciliation of {month} "
                f"({current_actor(session).label})"
            )
            result.resolved += 1
