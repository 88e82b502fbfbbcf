"""The monthly loop on the shared dev lists: events and flags against the ground truth (slow)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from exchange.audit import Actor
from exchange.importing.operations import import_list
from exchange.models import SourceRecord, Stage, StatusEvent
from exchange.reconciliation.linking import reconcile_month

pytestmark = pytest.mark.slow

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"
# Two Crimean members keep most of the same persons: enough for a month-to-month story.
FILES = {"2025-01": [("CHRG", "CHRG_political_prisoners_2025-01.xlsx"),
                     ("CRIMEASOS", "CrimeaSOS_2025-01.xlsx")],
         "2025-02": [("CHRG", "CHRG_political_prisoners_2025-02.xlsx"),
                     ("CRIMEASOS", "CrimeaSOS_2025-02.xlsx")]}


@pytest.fixture
def truth():
    if not (DEV / "truth.csv").exists():
        pytest.skip(f"the shared dev data is absent: {DEV}")
    text = (DEV / "persons.csv").read_text("utf-8")
    persons = {r["person_id"]: r for r in csv.DictReader(text.splitlines())}
    rows = csv.DictReader((DEV / "truth.csv").read_text("utf-8").splitlines())
    return {(r["file"].split("/")[-1], r["record_id"]): persons[r["person_id"]] for r in rows}


def _true_person(session, person_id, truth):
    rows = session.execute(select(SourceRecord.file_name, SourceRecord.record_id).where(
        SourceRecord.person_id == person_id)).all()
    found = Counter(truth[(f, r)]["person_id"] for f, r in rows if (f, r) in truth)
    return found.most_common(1)[0][0] if found else None


def test_two_reconciled_months_put_every_listed_person_on_the_road(session, truth):
    actor = Actor(label="test-import")
    summaries = {}
    for month, files in FILES.items():
        for org, name in files:
            import_list(session, DEV / "lists" / month / name, org_code=org, month=month,
                        actor=actor)
        summaries[month] = reconcile_month(session, month, actor)
    events = session.scalars(select(StatusEvent).where(StatusEvent.voided_by_id.is_(None))).all()
    stages = Counter(e.stage for e in events)
    listed_persons = set(session.scalars(select(SourceRecord.person_id).distinct()))
    assert {e.person_id for e in events} >= listed_persons - {None}
    assert stages[Stage.LISTED] >= len(listed_persons) * 0.9
    freed = [e for e in events if e.stage in (Stage.RELEASED, Stage.EXCHANGED, Stage.DECEASED)]
    assert len(freed) >= 5, "the February lists report releases"
    persons = {r["person_id"]: r for r in truth.values()}
    wrong = []
    for event in freed:
        true = persons.get(_true_person(session, event.person_id, truth))
        if true is None or true["release_status"] == "detained":
            wrong.append(event.person_id)
    # a release event is about someone who really left detention
    assert len(wrong) <= max(1, len(freed) // 20), (len(freed), wrong)
    assert all(e.source_kind.value == "member_list" and e.list_month == "2025-02"
               for e in freed)
    assert summaries["2025-02"].details["status_events"] >= len(freed)
