"""Month-over-month changes: each kind, the XLSX file and the CLI's key=value lines."""

from __future__ import annotations

import openpyxl
import pytest

from exchange.reports.changes import COUNT_KEYS, compute_changes
from exchange.reports.changes_xlsx import write_changes
from tests.reports.conftest import M1, M2

M3 = "2025-03"


@pytest.fixture
def months(registry, person):
    """Two months with one person per kind of change, and some who did not change."""
    people = {}

    def add(label, *rows):
        p = people.setdefault(label, person(label))
        for code, month, rid, values in rows:
            registry.record(p, code, month, rid, **values)

    add("Steady", ("ZMINA", M1, "1", {}), ("ZMINA", M2, "1", {}))
    add("New", ("ZMINA", M2, "2", {"release_status": "detained"}))
    add("Gone", ("CHRG", M1, "CHRG-1", {}), ("MIHR", M1, "M-1", {"release_status": "detained"}))
    add(
        "Freed",
        ("CCL", M1, "C-1", {"release_status": "detained"}),
        ("CCL", M2, "C-1", {"release_status": "released", "released_on": "2025-02-03"}),
    )
    add(
        "Swapped",
        ("PRPP", M1, "7", {"release_status": "detained"}),
        ("PRPP", M2, "8", {"release_status": "exchanged", "notes": "включений до списку на обмін"}),
        ("ZMINA", M2, "9", {"release_status": "detained"}),
    )
    add("Died", ("MIHR", M1, "M-3", {}), ("MIHR", M2, "M-3", {"release_status": "deceased"}))
    add(
        "FreedBefore",
        ("CCL", M1, "C-5", {"release_status": "released"}),
        ("CCL", M2, "C-5", {"release_status": "released"}),
    )
    add("Noted", ("ARPPK", M1, "A-1", {}), ("ARPPK", M2, "A-1", {"notes": "звільнений 07.02.2025"}))
    add(
        "Moved",
        ("UHHRU", M1, "U-1", {"held_at": "СІЗО-1", "legal_status": "accused"}),
        ("UHHRU", M2, "U-1", {"held_at": "ИК-5", "legal_status": "convicted"}),
    )
    add(
        "Disputed",
        ("ZMINA", M1, "4", {"date_of_birth": "1980-01-01"}),
        ("ZMINA", M2, "4", {"date_of_birth": "1980-01-01"}),
        ("CHRG", M2, "CHRG-4", {"date_of_birth": "1980-02-02"}),
    )
    add(
        "DisputedBefore",
        ("ZMINA", M1, "5", {"residence_region": "UA-43"}),
        ("MIHR", M1, "M-5", {"residence_region": "UA-14"}),
        ("ZMINA", M2, "5", {"residence_region": "UA-43"}),
        ("MIHR", M2, "M-5", {"residence_region": "UA-14"}),
    )
    return people


def _names(items) -> list[str]:
    return [i.person.surname for i in items]


def test_new_and_no_longer_listed(session, months) -> None:
    report = compute_changes(session, M1, M2)
    assert _names(report.new) == ["New"]
    assert report.new[0].sources == "ZMINA:2"
    assert report.new[0].status == "detained"
    assert _names(report.no_longer_listed) == ["Gone"]
    gone = report.no_longer_listed[0]
    assert gone.last_month == M1
    assert gone.last_members == ("CHRG", "MIHR")
    assert gone.last_sources == "CHRG:CHRG-1; MIHR:M-1"
    assert gone.last_status == "detained"  # dropped by every list while held: an alarm


def test_no_longer_listed_names_the_last_member_between_the_months(
    session, months, registry, person
) -> None:
    later = months["Gone"]
    registry.record(later, "MIHR", M2, "M-1")
    registry.record(months["Steady"], "ZMINA", M3, "1")
    report = compute_changes(session, M1, M3)
    gone = next(g for g in report.no_longer_listed if g.person.surname == "Gone")
    assert (gone.last_month, gone.last_members, gone.last_sources) == (M2, ("MIHR",), "MIHR:M-1")


def test_status_changes(session, months) -> None:
    report = compute_changes(session, M1, M2)
    assert _names(report.of_status("released")) == ["Freed"]
    freed = report.of_status("released")[0]
    assert (freed.before, freed.after, freed.released_on) == ("detained", "released", "2025-02-03")
    swapped = report.of_status("exchanged")
    assert _names(swapped) == ["Swapped"]
    assert swapped[0].sources == "PRPP:8"  # the member still saying `detained` is outweighed
    assert swapped[0].notes == "PRPP:8: включений до списку на обмін"  # shown for a second look
    assert _names(report.of_status("deceased")) == ["Died"]
    assert report.of_status("repatriated") == []


def test_changed_facts(session, months) -> None:
    report = compute_changes(session, M1, M2)
    changed = {(c.person.surname, c.field): (c.before, c.after, c.sources) for c in report.changed}
    assert changed[("Moved", "held_at")] == ("СІЗО-1", "ИК-5", "UHHRU:U-1")
    assert changed[("Moved", "legal_status")] == ("accused", "convicted", "UHHRU:U-1")
    # a status change is reported as such, not again as a changed fact
    assert ("Freed", "release_status") not in changed
    assert ("Freed", "released_on") not in changed
    assert {c.person.surname for c in report.changed} <= {"Moved", "Disputed", "Swapped", "Died"}


def test_new_conflicts_only(session, months) -> None:
    report = compute_changes(session, M1, M2)
    conflicts = [(c.person.surname, c.field, c.values_text("en")) for c in report.conflicts]
    assert conflicts == [
        ("Disputed", "date_of_birth", "1980-01-01 (ZMINA:4); 1980-02-02 (CHRG:CHRG-4)"),
        # members disagree whether he is still held: a conflict of the later month only
        ("Swapped", "release_status", "Held (ZMINA:9); Exchanged (PRPP:8)"),
    ]
    assert report.conflicts[1].values_text("uk") == "Утримується (ZMINA:9); Обміняно (PRPP:8)"


def test_counts(session, months) -> None:
    counts = compute_changes(session, M1, M2).counts()
    assert list(counts) == list(COUNT_KEYS)
    assert counts["new"] == 1
    assert counts["no_longer_listed"] == 1
    assert (counts["released"], counts["exchanged"], counts["deceased"]) == (1, 1, 1)
    assert counts["conflicts"] == 2
    assert counts["status_in_notes"] == 1


def test_a_release_only_in_a_note_is_its_own_kind(session, months) -> None:
    report = compute_changes(session, M1, M2)
    assert [(n.person.surname, n.status, n.notes) for n in report.noted] == [
        ("Noted", "released", "ARPPK:A-1: звільнений 07.02.2025")
    ]
    assert "Noted" not in _names(report.of_status("released"))


def test_xlsx_summary_then_a_sheet_per_kind(session, months, tmp_path) -> None:
    out = tmp_path / "changes.xlsx"
    counts = write_changes(compute_changes(session, M1, M2), out, language="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Summary",
        "New persons",
        "No longer listed",
        "New or gone, pending a decision",
        "Released",
        "Exchanged",
        "Deceased",
        "Back in Ukraine",
        "Changed facts",
        "New disagreements",
        "Release only in a note",
    ]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["From month"] == M1
    assert summary["New persons"] == counts["new"] == 1
    gone = list(wb["No longer listed"].iter_rows(values_only=True))
    assert gone[0][5:] == (
        "Last listed in",
        "Last members",
        "Last sources",
        "Open match review with (IDs)",
        "Last status",
    )
    assert gone[1][1:] == (
        "Gone",
        "Олександр",
        None,
        None,
        M1,
        "CHRG, MIHR",
        "CHRG:CHRG-1; MIHR:M-1",
        None,
        "Held",
    )
    assert wb["New persons"].freeze_panes == "A2"
    assert wb["New persons"].oddHeader.left.text == (
        "Changes between the joint lists · 2025-01 → 2025-02 · New persons")


def test_xlsx_in_ukrainian_says_fields_and_values_by_their_labels(session, months, tmp_path):
    out = tmp_path / "changes.xlsx"
    write_changes(compute_changes(session, M1, M2), out, language="uk")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Підсумок", "Нові особи", "Більше не в списках"]
    changed = list(wb["Змінені відомості"].iter_rows(min_row=2, values_only=True))
    legal = next(row for row in changed if row[5] == "Процесуальний статус")
    assert legal[6:8] == ("Обвинувачений(а)", "Засуджений(а)")
    conflicts = list(wb["Нові розбіжності"].iter_rows(min_row=2, values_only=True))
    assert ("Статус звільнення", "Утримується (ZMINA:9); Обміняно (PRPP:8)") in [
        row[5:7] for row in conflicts]


def _run(runner, *args: object):
    return runner.invoke(args=[str(a) for a in args])


def test_cli_prints_the_counts_as_key_value_lines(runner, months, tmp_path) -> None:
    out = tmp_path / "changes.xlsx"
    result = _run(runner, "export", "changes", "--from", M1, "--to", M2, "--out", out)
    assert result.exit_code == 0, result.output
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert list(lines) == list(COUNT_KEYS)
    assert lines["new"] == "1"
    assert lines["no_longer_listed"] == "1"
    assert lines["released"] == "1"
    assert out.exists()


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("2025-1", M2, "not a month"),
        (M1, "2030-01", "no committed member list for 2030-01"),
        (M2, M1, "--from must be a month before --to"),
        (M1, M1, "--from must be a month before --to"),
    ],
)
def test_cli_refuses_bad_months(runner, months, tmp_path, first, second, message) -> None:
    out = tmp_path / "changes.xlsx"
    result = _run(runner, "export", "changes", "--from", first, "--to", second, "--out", out)
    assert result.exit_code != 0
    assert message in result.output
    assert not out.exists()


def test_new_and_gone_in_an_open_review_with_each_other_wait_apart(
    session, months, registry
) -> None:
    """One human counted once as new and once as gone? Until decided, both are pending."""
    from exchange.models import ReviewItem, ReviewStatus

    by_id = {r.record_id: r for r in registry.batches[("ZMINA", M2)].records}
    new_record, decided = by_id["2"], by_id["1"]
    assert new_record.person_id == months["New"].id
    session.add(
        ReviewItem(
            list_month=M2,
            source_record_id=new_record.id,
            candidate_person_id=months["Gone"].id,
            weight=3.0,
            probability=0.8,
        )
    )
    session.add(
        ReviewItem(
            list_month=M2,
            source_record_id=decided.id,
            status=ReviewStatus.DECIDED,
            candidate_person_id=months["Gone"].id,
            weight=3.0,
            probability=0.8,
        )
    )
    session.commit()
    report = compute_changes(session, M1, M2)
    new, gone = months["New"].id, months["Gone"].id
    assert (report.new, report.no_longer_listed) == ([], [])
    assert {(p.person.person_id, p.kind, p.in_review_with) for p in report.pending} == {
        (new, "new", (gone,)),
        (gone, "no_longer_listed", (new,)),
    }
    counts = report.counts()
    assert (counts["new"], counts["no_longer_listed"], counts["pending"]) == (0, 0, 2)
