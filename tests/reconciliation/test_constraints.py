"""Identity constraints in the monthly loop, on lists written for the purpose.

Ten namesakes (one full name, ten dates of birth decades apart) listed by four members
over two months: the loop must keep them ten persons, hold the rows that cannot tell
them apart as records awaiting a decision, and refuse any decision that would put two
of them into one person.
"""

from __future__ import annotations

from collections import Counter

import openpyxl
import pytest
from sqlalchemy import func, select

import matching
from exchange.audit import Actor, acting_as
from exchange.domain.identity import (
    conflicts_by_person,
    engine_record,
    persons_in_conflict,
    record_conflicts,
    record_key,
)
from exchange.domain.pending import pending_records, pending_with_candidates
from exchange.importing.operations import import_list
from exchange.models import Decision, Person, ReviewItem, ReviewStatus, Role, SourceRecord
from exchange.reconciliation.decisions import JoinRefused
from exchange.reconciliation.linking import reconcile_month
from exchange.reconciliation.review_decisions import decide_choice, decide_review
from exchange.reports.changes import compute_changes
from exchange.reports.joint_list import joint_list_rows, write_joint_list

ACTOR = Actor(label="coordinator@test")
HEADER = ["record_id", "surname", "given_name", "patronymic", "date_of_birth", "sex"]
NAME = ("Аблямітов", "Рустем", "Ернестович")
BORN = [f"{1950 + 4 * k}-{1 + k:02d}-{10 + k:02d}" for k in range(10)]  # years apart
MEMBERS = ("CHRG", "CRIMEASOS", "ZMINA", "MIHR")


@pytest.fixture
def load(session, tmp_path):
    """Import a member's list for a month from rows of HEADER (a real CSV, the real import)."""

    def run(org: str, month: str, rows: list[list[str]]) -> None:
        path = tmp_path / f"{org}_{month}.csv"
        lines = [HEADER, *rows]
        path.write_text("\n".join(",".join(cells) for cells in lines) + "\n", encoding="utf-8")
        import_list(session, path, org_code=org, month=month, actor=ACTOR)

    return run


def _family_rows(org: str, undated: int) -> list[list[str]]:
    """All ten namesakes; the last `undated` listed without a date of birth."""
    rows = []
    for k, born in enumerate(BORN):
        dated = k < len(BORN) - undated
        rows.append([f"{org}-{k}", *NAME, born if dated else "", "M"])
    return rows


@pytest.fixture
def family(load):
    """Four members list the ten namesakes in two months; MIHR gives two rows no date."""
    for month in ("2025-01", "2025-02"):
        for org in MEMBERS:
            load(org, month, _family_rows(org, undated=2 if org == "MIHR" else 0))
    return load


def _persons(session) -> list[Person]:
    return session.scalars(select(Person).where(Person.merged_into_id.is_(None))).all()


def _born_of(session, person: Person) -> set[str]:
    records = session.scalars(select(SourceRecord).where(SourceRecord.person_id == person.id))
    return {r.values.get("date_of_birth") for r in records if r.values.get("date_of_birth")}


def test_ten_namesakes_stay_ten_persons_and_the_undated_rows_wait(session, family):
    for month in ("2025-01", "2025-02"):
        summary = reconcile_month(session, month, ACTOR)
        assert summary.identity_conflicts == 0
    persons = _persons(session)
    assert len(persons) == 10  # never fewer: nobody is hidden inside a namesake's row
    assert sorted(b for p in persons for b in _born_of(session, p)) == sorted(BORN)
    waiting = session.scalars(pending_records()).all()
    assert {(r.list_month, r.record_id) for r in waiting} == {
        (m, f"MIHR-{k}") for m in ("2025-01", "2025-02") for k in (8, 9)
    }
    for record in waiting:  # every person it may be is listed: the two MIHR does not list
        items = session.scalars(
            select(ReviewItem).where(
                ReviewItem.source_record_id == record.id, ReviewItem.status == ReviewStatus.OPEN
            )
        ).all()
        candidates = {next(iter(_born_of(session, i.candidate))) for i in items}
        assert candidates == {BORN[8], BORN[9]}
        assert items[0].probability == pytest.approx(items[1].probability)  # about equally
    assert persons_in_conflict(session) == {}


@pytest.fixture
def asked_about_a_namesake(session, family) -> ReviewItem:
    """An undated row attached to one namesake (a reviewer's "same"), asked about another."""
    reconcile_month(session, "2025-01", ACTOR)
    waiting = session.scalars(pending_records("2025-01")).first()
    first, second = session.scalars(
        select(ReviewItem).where(ReviewItem.source_record_id == waiting.id)
    ).all()
    decide_review(session, first, Decision.SAME, ACTOR, "MIHR confirmed the date")
    assert waiting.person_id == first.candidate_person_id
    assert second.status is ReviewStatus.DECIDED  # settled: "not this record"
    # asked again, as the engine asks of a record attached in the review band
    second.status, second.decision, second.reason = ReviewStatus.OPEN, None, "uncertain"
    session.commit()
    return second


def test_same_person_on_a_pair_that_would_join_a_third_is_refused(
    session, asked_about_a_namesake
):
    item = asked_about_a_namesake
    record, own = item.record, item.record.person_id
    with pytest.raises(JoinRefused) as refused:
        decide_review(session, item, Decision.SAME, ACTOR, "looks alike")
    session.rollback()
    # the undated record disagrees with nobody: the two namesakes' own records do (their
    # dates of birth, and each member lists both of them)
    assert {c.kind for c in refused.value.conflicts} == {"date_of_birth", "same_list"}
    for conflict in refused.value.conflicts:
        assert record.id not in {conflict.left.id, conflict.right.id}
        assert {conflict.left.person_id, conflict.right.person_id} == {
            own,
            item.candidate_person_id,
        }
    assert session.get(Person, item.candidate_person_id).merged_into_id is None
    assert session.get(SourceRecord, record.id).person_id == own
    assert len(_persons(session)) == 10


def test_the_same_person_button_shows_the_refusal(
    session, asked_about_a_namesake, create_user, login
):
    item = asked_about_a_namesake
    client = login(create_user(Role.COORDINATOR))
    question = client.get(f"/review/record/{item.source_record_id}").get_data(as_text=True)
    # every person the decision would join, with their records, before anyone clicks
    assert BORN[8] in question
    assert BORN[9] in question
    response = client.post(
        f"/review/{item.id}", data={"same": "1", "reason": "looks alike"}, follow_redirects=False
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'id="refused"' in page
    assert "dates of birth" in page
    assert BORN[8] in page
    assert BORN[9] in page
    assert session.get(Person, item.candidate_person_id).merged_into_id is None


def test_two_rows_of_one_list_are_two_persons_unless_near_identical(session, load):
    load(
        "CHRG",
        "2025-01",
        [
            ["C-1", "Ковальчук", "Ігор", "Петрович", "1985-03-12", "M"],
            ["C-2", "Ковальчук", "Ігор", "Петрович", "1985-03-21", "M"],  # a slip: a duplicate
            ["C-3", "Ковальчук", "Ігор", "Петрович", "1991-11-02", "M"],  # a namesake
        ],
    )
    load(
        "ZMINA",
        "2025-01",
        [
            ["Z-1", "Ковальчук", "Ігор", "Петрович", "1985-03-12", "M"],
            ["Z-2", "Ковальчук", "Ігор", "Петрович", "1991-11-02", "M"],
        ],
    )
    reconcile_month(session, "2025-01", ACTOR)
    rows = {r.record_id: r.person_id for r in session.scalars(select(SourceRecord))}
    assert rows["C-1"] == rows["C-2"] == rows["Z-1"]  # a duplicate inside CHRG's list
    assert rows["C-3"] == rows["Z-2"] != rows["C-1"]
    joint = {r.person_id: r.sources for r in joint_list_rows(session, "2025-01")}
    assert joint[rows["C-1"]] == "CHRG:C-1; CHRG:C-2; ZMINA:Z-1"


@pytest.mark.parametrize(
    ("thin", "waits"),
    [
        (["M-1", "Бекіров", "Ельдар", "", "", "M"], True),  # fits both namesakes
        (["M-1", "Бекіров", "Ельдар", "Ремзійович", "", "M"], False),  # only one has it
    ],
)
def test_a_thin_record_fitting_two_persons_waits_with_both(session, load, thin, waits):
    load(
        "CHRG",
        "2025-01",
        [
            ["C-1", "Бекіров", "Ельдар", "Ремзійович", "1979-06-14", "M"],
            ["C-2", "Бекіров", "Ельдар", "Енверович", "1988-02-03", "M"],
        ],
    )
    load("CRIMEASOS", "2025-01", [["S-1", "Бекіров", "Ельдар", "Ремзійович", "1979-06-14", "M"],
                                  ["S-2", "Бекіров", "Ельдар", "Енверович", "1988-02-03", "M"]])
    load("MIHR", "2025-01", [thin])
    summary = reconcile_month(session, "2025-01", ACTOR)
    record = session.scalars(select(SourceRecord).where(SourceRecord.record_id == "M-1")).one()
    assert (record.person_id is None) is waits
    assert summary.pending == int(waits)
    if waits:
        candidates = session.scalars(
            select(ReviewItem.candidate_person_id).where(ReviewItem.source_record_id == record.id)
        ).all()
        assert len(set(candidates)) == 2
    assert len(_persons(session)) == 2


def test_batch_engine_and_reconciliation_agree(session, family):
    records = session.scalars(select(SourceRecord).order_by(SourceRecord.id)).all()
    batch = matching.link_records([engine_record(r) for r in records])
    waiting = {i.record for i in batch.review_items if i.reason in ("ambiguous", "duplicate")}
    for month in ("2025-01", "2025-02"):
        reconcile_month(session, month, ACTOR)
    session.expire_all()
    by_app = {record_key(r): r.person_id for r in records}
    assert {k for k, pid in by_app.items() if pid is None} == waiting
    engine = Counter()
    app = Counter()
    for key, pid in by_app.items():
        if pid is not None:
            engine[batch.clusters[key]] += 1
            app[pid] += 1
    assert sorted(engine.values()) == sorted(app.values())
    pairs = {(batch.clusters[k], pid) for k, pid in by_app.items() if pid is not None}
    assert len(pairs) == len(app) == 10  # the same partition, cluster for person


def test_records_awaiting_a_decision_are_shown_and_never_new(session, family, tmp_path):
    for month in ("2025-01", "2025-02"):
        reconcile_month(session, month, ACTOR)
    report = compute_changes(session, "2025-01", "2025-02")
    counts = report.counts()
    assert (counts["new"], counts["no_longer_listed"], counts["pending_records"]) == (0, 0, 2)
    rows = joint_list_rows(session, "2025-02")
    assert len(rows) == 10
    out = tmp_path / "joint.xlsx"
    write_joint_list(rows, out, "2025-02", pending_with_candidates(session, "2025-02"),
                     language="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Joint list 2025-02", "Awaiting a decision"]
    waiting = list(wb["Awaiting a decision"].iter_rows(values_only=True))[1:]
    assert sorted(r[0] for r in waiting) == ["MIHR:MIHR-8", "MIHR:MIHR-9"]
    assert all(r[7].count("(0.") == 2 for r in waiting)  # both candidates, with probabilities
    # deciding one attaches it: the person's row gains the source, nobody new appears
    record = session.scalars(
        pending_records("2025-02").where(SourceRecord.record_id == "MIHR-8")
    ).one()
    best = session.scalars(
        select(ReviewItem).where(ReviewItem.source_record_id == record.id)
        .order_by(ReviewItem.probability.desc())
    ).first()
    decide_choice(session, record, f"same:{best.id}", ACTOR, "member's date sheet")
    assert session.scalar(select(func.count(Person.id))) == 10
    assert any("MIHR:MIHR-8" in r.sources for r in joint_list_rows(session, "2025-02"))


def _record(session, record_id: str, month: str = "2025-01") -> SourceRecord:
    return session.scalars(
        select(SourceRecord).where(
            SourceRecord.record_id == record_id, SourceRecord.list_month == month
        )
    ).one()


def test_a_duplicate_row_without_a_date_waits_and_a_reviewer_attaches_it(
    session, load, runner, create_user, login
):
    row = ["Ковальчук", "Ігор", "Петрович"]
    for month, twice in (("2025-01", []), ("2025-02", [["C-2", *row[:2], "", "", "M"]])):
        load("CHRG", month, [["C-1", *row, "1985-03-12", "M"], *twice])
        load("ZMINA", month, [["Z-1", *row, "1985-03-12", "M"]])
        summary = reconcile_month(session, month, ACTOR)
    assert summary.pending == 1
    twice, first = _record(session, "C-2", "2025-02"), _record(session, "C-1", "2025-02")
    (item,) = session.scalars(select(ReviewItem).where(ReviewItem.source_record_id == twice.id))
    # the only person it may be already holds a row of its list: the question is whether
    # it is that row written twice, and "same person" waives that pair
    assert (item.candidate_person_id, item.candidate_record_id) == (first.person_id, first.id)
    client = login(create_user(Role.COORDINATOR))
    response = client.post(
        f"/review/record/{twice.id}", data={"choice": f"same:{item.id}", "reason": "listed twice"}
    )
    assert response.status_code == 302
    session.expire_all()
    person = first.person_id
    assert twice.person_id == person
    assert [(c.kind, c.waived) for c in persons_in_conflict(session)[person]] == [
        ("same_list", True)
    ]
    out = runner.invoke(args=["reconcile", "--month", "2025-02"]).output
    assert "identity_conflicts=0" in out
    assert f"identity conflict: person {person} (decided by a reviewer): same_list" in out
    page = client.get("/conflicts").get_data(as_text=True)
    assert "CHRG:C-2" in page
    assert "undecided" not in page


def test_a_person_holding_records_that_disagree_is_listed_undecided(
    session, family, runner, create_user, login
):
    reconcile_month(session, "2025-01", ACTOR)
    # a link made by hand before the constraints: one namesake's row put into another
    wrong, older = _record(session, "CHRG-3"), _record(session, "CHRG-5").person_id
    with acting_as(session, ACTOR, reason="merged by hand"):
        wrong.person_id = older
        session.commit()
    out = runner.invoke(args=["reconcile", "--month", "2025-02"]).output
    assert "identity_conflicts=1" in out
    assert f"identity conflict: person {older} (undecided): date_of_birth" in out
    assert BORN[3] not in out  # command output ends up in logs: references, never dates
    page = login(create_user(Role.COORDINATOR)).get("/conflicts").get_data(as_text=True)
    assert "undecided" in page
    assert BORN[3] in page
    assert BORN[5] in page


def test_the_registry_wide_check_finds_what_every_pair_of_records_finds(session, load):
    """The scan reads identity columns only and settles most persons by distinct values;
    it must find exactly what comparing every record of each person finds."""
    months = [f"2025-{m:02d}" for m in range(1, 7)]
    for month in months:
        load("CHRG", month, [["C-1", *NAME, "1960-01-02", "M"], ["C-2", "Бойко", "Олена",
                                                                "Іванівна", "1971-05-06", "F"]])
        load("ZMINA", month, [["Z-1", *NAME, "1960-01-02", "M"],
                              ["Z-2", "Бойко", "Олена", "", "1971-06-05", "F"]])
        reconcile_month(session, month, ACTOR)
    # hand-made links before the constraints: a namesake's rows and a second row per list
    with acting_as(session, ACTOR, reason="merged by hand"):
        person = _record(session, "C-1", "2025-01").person_id
        for month in months:
            _record(session, "Z-2", month).person_id = person
        session.commit()
    load("MIHR", "2025-07", [["M-1", *NAME, "1960-01-02", "M"], ["M-2", *NAME, "1960-02-01", "M"]])
    reconcile_month(session, "2025-07", ACTOR)
    with acting_as(session, ACTOR, reason="merged by hand"):
        _record(session, "M-2", "2025-07").person_id = person
        session.commit()

    records: dict[int, list[SourceRecord]] = {}
    for record in session.scalars(select(SourceRecord).where(SourceRecord.person_id.is_not(None))):
        records.setdefault(record.person_id, []).append(record)
    expected = {
        pid: sorted((c.kind, c.left.id, c.right.id) for c in record_conflicts(rows))
        for pid, rows in records.items()
        if record_conflicts(rows)
    }
    found = {
        pid: sorted((c.kind, c.left_id, c.right_id) for c in listed)
        for pid, listed in conflicts_by_person(session).items()
    }
    assert found == expected
    kinds = Counter(kind for kind, _a, _b in found[person])
    # six Z-2 rows born 1971 against the person's fourteen born 1960, each beside a Z-1 row
    # of its list; MIHR's two rows are near-identical (day and month swapped): a duplicate
    assert kinds == {"date_of_birth": 6 * 14, "sex": 6 * 14, "given_name": 6 * 14,
                     "same_list": 6}


def test_the_conflicts_page_reads_one_line_per_fact_and_values(session, load, create_user, login):
    months = ["2025-01", "2025-02", "2025-03"]
    members = ("CHRG", "CRIMEASOS", "MIHR", "PRPP", "UHHRU", "CCL")
    for month in months:
        for org in members:
            load(org, month, [[f"{org}-1", *NAME, "1960-01-02", "M"]])
        load("ZMINA", month, [["Z-1", *NAME, "1979-08-09", "M"]])
        reconcile_month(session, month, ACTOR)
    assert len(_persons(session)) == 2
    with acting_as(session, ACTOR, reason="merged by hand"):
        person = _record(session, "CHRG-1", "2025-01").person_id
        for month in months:
            _record(session, "Z-1", month).person_id = person
        session.commit()
    page = login(create_user(Role.COORDINATOR)).get("/conflicts").get_data(as_text=True)
    # 54 pairs disagree the same way: one line naming each member's row once with its
    # months, five rows on a side and the count of the others
    assert page.count("«1960-01-02»") == 1
    assert page.count("«1979-08-09»") == 1
    assert page.count("ZMINA:Z-1") == 1
    assert sum(page.count(f"{org}:{org}-1") for org in members) == 5
    assert page.count("2025-01 to 2025-03, 3 months") == 6
    assert page.count("and 1 more") == 1


def test_a_row_listed_twice_waits_and_the_persons_other_rows_still_join(session, load):
    """ARPPK lists the person twice in November (its own id without a date, and a new row
    with the date). The new row cannot join (two rows of one list) and waits as a row
    listed twice; PRPP's row, identical to it but from another list, joins the person
    instead of founding a second one."""
    row = ["Сірий", "Максим", "Вікторович"]
    load("ARPPK", "2024-10", [["A-1", *row, "1972-07-24", "M"]])
    load("PRPP", "2024-10", [["P-1", *row, "1972-07-24", ""]])
    reconcile_month(session, "2024-10", ACTOR)
    load("ARPPK", "2024-11", [["A-1", *row, "", "M"], ["A-2", *row, "1972-07-24", "M"]])
    load("PRPP", "2024-11", [["P-2", *row, "1972-07-24", ""]])
    summary = reconcile_month(session, "2024-11", ACTOR)
    person = _record(session, "A-1", "2024-10").person_id
    assert _record(session, "P-2", "2024-11").person_id == person
    assert _record(session, "A-1", "2024-11").person_id == person
    assert len(_persons(session)) == 1
    twice = _record(session, "A-2", "2024-11")
    assert twice.person_id is None
    assert summary.pending == 1
    (item,) = session.scalars(select(ReviewItem).where(ReviewItem.source_record_id == twice.id))
    assert item.candidate_person_id == person
    assert summary.identity_conflicts == 0
