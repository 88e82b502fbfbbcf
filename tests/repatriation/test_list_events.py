"""After a month's reconciliation the lists' statuses become events; doubts become flags."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.models import EventSource, FlagKind, RepatriationFlag, Stage
from exchange.reconciliation.linking import reconcile_month
from repatriation.events import correct_event, current_stage, live_events
from repatriation.list_events import AUTO_RESOLVER, events_from_month

M1, M2 = "2025-01", "2025-02"


def _run(session, month):
    with acting_as(session, Actor(label="reconcile"), reason=f"reconciliation of {month}"):
        result = events_from_month(session, month)
        session.commit()
    return result


def _flags(session, **where):
    stmt = select(RepatriationFlag).where(
        *(getattr(RepatriationFlag, k) == v for k, v in where.items()))
    return session.scalars(stmt).all()


@pytest.fixture
def two_months(session, registry, person, move):
    """Five persons over two months of CHRG's and MIHR's lists."""
    p = {name: person(name) for name in ("Бойко", "Коваль", "Шевчук", "Мельник")}
    p["Ткач"] = person("Ткач", exclusion="collaboration")
    for name, rid in (("Бойко", "1"), ("Коваль", "2"), ("Шевчук", "3"), ("Мельник", "4"),
                      ("Ткач", "5")):
        registry.record(p[name], "CHRG", M1, rid)
    registry.record(p["Бойко"], "MIHR", M1, "77")
    first = _run(session, M1)
    registry.record(p["Бойко"], "CHRG", M2, "1", release_status="exchanged",
                    released_on="2025-02-14")
    registry.record(p["Коваль"], "CHRG", M2, "2", release_status="detained")
    registry.record(p["Коваль"], "MIHR", M2, "78", release_status="exchanged")
    registry.record(p["Ткач"], "CHRG", M2, "5")
    move(p["Мельник"], Stage.IN_EXCHANGE, Stage.EXCHANGED, occurred_on="2025-02-10",
         source=EventSource.EXCHANGE_ROUND)
    return p, first


def test_first_month_puts_everyone_on_the_road(session, two_months):
    p, first = two_months
    assert dict(first.events) == {"listed": 4, "excluded": 1}
    listed = live_events(p["Бойко"])[0]
    assert (listed.stage, listed.source_kind, listed.source_ref, listed.occurred_on,
            listed.list_month) == (Stage.LISTED, EventSource.JOINT_LIST, "CHRG:1; MIHR:77", M1, M1)
    excluded = live_events(p["Ткач"])[0]
    assert (excluded.stage, excluded.source_kind, excluded.source_ref) == (
        Stage.EXCLUDED, EventSource.MEMBER_LIST, "CHRG:5")


def test_a_members_release_status_becomes_a_dated_event(session, two_months):
    p, _ = two_months
    second = _run(session, M2)
    assert dict(second.events) == {"exchanged": 1}
    event = live_events(p["Бойко"])[-1]
    assert (event.stage, event.occurred_on, event.source_kind, event.source_ref,
            event.list_month) == (Stage.EXCHANGED, "2025-02-14", EventSource.MEMBER_LIST,
                                  "CHRG:1", M2)
    assert event.source_record_id is not None
    assert current_stage(p["Ткач"]) is Stage.EXCLUDED  # still held, still excluded


def test_disagreeing_members_flag_the_person_and_decide_nothing(session, two_months):
    p, _ = two_months
    _run(session, M2)
    assert current_stage(p["Коваль"]) is Stage.LISTED
    flag = _flags(session, person_id=p["Коваль"].id).pop()
    assert (flag.kind, flag.list_month, flag.resolved_at) == (FlagKind.MEMBERS_DISAGREE, M2, None)
    assert {c["ref"]: c["status"] for c in flag.detail["claims"]} == {
        "CHRG:2": "detained", "MIHR:78": "exchanged"}


def test_dropping_off_every_list_while_held_raises_the_alarm(session, two_months):
    p, _ = two_months
    _run(session, M2)
    dropped = _flags(session, kind=FlagKind.DROPPED_WHILE_HELD)
    # Мельник dropped too, but a round already returned him: no alarm
    assert [f.person_id for f in dropped] == [p["Шевчук"].id]
    assert dropped[0].detail == {"last_month": M1, "members": ["CHRG"]}


def test_a_second_run_records_nothing_twice_and_resolves_what_no_longer_holds(
    session, registry, two_months
):
    p, _ = two_months
    _run(session, M2)
    events = {name: len(live_events(x)) for name, x in p.items()}
    registry.record(p["Шевчук"], "MIHR", M2, "79")  # a late list names him after all
    again = _run(session, M2)
    assert sum(again.events.values()) == 0
    assert {name: len(live_events(x)) for name, x in p.items()} == events
    assert again.resolved == 1
    flag = _flags(session, kind=FlagKind.DROPPED_WHILE_HELD).pop()
    assert flag.resolved_by == AUTO_RESOLVER
    assert "2025-02" in flag.resolution
    assert len(_flags(session, kind=FlagKind.MEMBERS_DISAGREE, resolved_at=None)) == 1


def test_a_coordinator_resolution_stands_when_the_month_is_reconciled_again(
    session, two_months
):
    from repatriation.flags import resolve_flag

    p, _ = two_months
    _run(session, M2)
    flag = _flags(session, kind=FlagKind.MEMBERS_DISAGREE).pop()
    resolve_flag(session, flag, "MIHR confirmed: still held", Actor(label="coordinator"))
    again = _run(session, M2)
    assert again.flags == {}
    assert flag.resolution == "MIHR confirmed: still held"


def test_lists_repeating_what_a_coordinator_voided_flag_the_person(
    session, registry, two_months
):
    p, _ = two_months
    _run(session, M2)
    wrong = live_events(p["Бойко"])[-1]
    correct_event(session, wrong, stage=Stage.LISTED, occurred_on=None,
                  evidence="CHRG mixed him up with a namesake", actor=Actor(label="c"))
    registry.record(p["Бойко"], "CHRG", "2025-03", "1", release_status="exchanged")
    third = _run(session, "2025-03")
    assert current_stage(p["Бойко"]) is Stage.LISTED
    assert third.flags["lists_contradict_stage"] == 1


def test_the_hook_runs_when_a_month_is_reconciled(session, registry):
    for rid, surname in (("1", "Бойко"), ("2", "Коваль")):
        registry.record(None, "CHRG", M1, rid, surname=surname, given_name="Іван",
                        date_of_birth=f"198{rid}-01-01")
    registry.record(None, "MIHR", M1, "9", surname="Бойко", given_name="Іван",
                    date_of_birth="1981-01-01", release_status="released",
                    released_on="2025-01-20")
    summary = reconcile_month(session, M1, Actor(label="reconcile"))
    assert summary.details["status_events"] == 1
    assert summary.details["repatriation_flags"] == 1  # CHRG says held, MIHR says released
    stages = session.scalars(select(RepatriationFlag.kind)).all()
    assert stages == [FlagKind.MEMBERS_DISAGREE]


def test_the_timeline_puts_a_month_before_the_days_of_that_month(session, two_months):
    from repatriation.timeline import person_timeline

    p, _ = two_months
    _run(session, M2)
    entries = person_timeline(session, p["Бойко"])
    assert [(e.date, e.kind) for e in entries] == [
        (M1, "list"), (M1, "event"), (M2, "list"), ("2025-02-14", "event")]
