"""A round's whole life on the real dev lists, driven from the command line as staff script it.

Two members' lists are imported and reconciled; a round is built from the roster, a person
on it is refused for another round, the list is sent (frozen), changed and sent again, the
other side replies in Russian Cyrillic and is matched back, the round is carried out, the
outcomes are recorded (the returned change status), it is closed, another is cancelled.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from exchange.audit import Actor
from exchange.importing.operations import import_list
from exchange.models import (
    FileKind,
    MatchState,
    Person,
    ReleaseStatus,
    RoundEntry,
    RoundState,
    RoundVersion,
)
from exchange.reconciliation.linking import reconcile_month
from exchange.rounds.operations import get_round
from exchange.rounds.queries import current_file

from .conftest import LISTS, xlsx

STATUSES = ["подтвержден", "Подтверждён", "отказ", "не найден", "другое лицо"]
EXPECTED = ["confirmed", "confirmed", "refused", "not_found", "different_person"]


@pytest.fixture
def registry(session):
    """The two Crimean members' lists of January, imported and reconciled."""
    if not LISTS.exists():
        pytest.fail(f"the shared dev data is missing: {LISTS}")
    actor = Actor(label="test-import")
    for org, name in (("CHRG", "CHRG_political_prisoners_2025-01.xlsx"),
                      ("CRIMEASOS", "CrimeaSOS_2025-01.xlsx")):
        import_list(session, LISTS / "2025-01" / name, org_code=org, month="2025-01",
                    actor=actor)
    reconcile_month(session, "2025-01", actor)


def _run(runner, *args: str, ok: bool = True):
    result = runner.invoke(args=list(args))
    assert (result.exit_code == 0) is ok, result.output
    return result.output


def _counts(output: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", output)}


def _russian_reply(path, rows: list[dict]) -> list[int]:
    """Write the other side's reply for these sent rows; return the person each row is."""
    lines = [["№", "Фамилия", "Имя", "Отчество", "Дата рождения", "Статус"]]
    for n, row in enumerate(rows):
        born = row["date_of_birth"] or ""
        born = f"{born[8:]}.{born[5:7]}.{born[:4]}" if len(born) == 10 else born
        lines.append([n + 1, row["surname_ru"], row["given_name_ru"], row["patronymic_ru"],
                      born, STATUSES[n % len(STATUSES)]])
    lines.append([len(rows) + 1, "Неизвестный", "Пётр", "Сидорович", "01.01.1950", "не найден"])
    xlsx(path, lines)
    return [row["person_id"] for row in rows]


def test_a_round_from_roster_to_closed(app, session, runner, registry, tmp_path):
    _run(runner, "round", "create", "Передача-1", "--type", "transfer",
         "--category", "transfer")
    _run(runner, "round", "create", "Передача-2", "--type", "transfer",
         "--category", "transfer")
    added = _counts(_run(runner, "round", "add", "Передача-1", "--all"))["added"]
    assert added > 50

    # a person on an open round is refused for another one, and the other round is named
    first = get_round(session, "Передача-1")
    person = first.entries[0].person_id
    refused = _run(runner, "round", "add", "Передача-2", "--person", str(person), ok=False)
    assert f"person {person} is already on open round {first.id} ('Передача-1')" in refused

    # sending asks for each flagged person; then the list is frozen as version 1
    doubts = _run(runner, "round", "submit", "Передача-1", ok=False)
    flagged = re.findall(r"^person (\d+):", doubts, flags=re.M)
    assert flagged, "the dev lists have persons without a full date of birth"
    confirm = [arg for pid in flagged for arg in ("--confirm", pid)]
    assert _counts(_run(runner, "round", "submit", "Передача-1", *confirm)) == {
        "version": 1, "persons": added}

    # a later change makes version 2; version 1 stays as it was sent
    gone = first.entries[-1].person_id
    _run(runner, "round", "remove", "Передача-1", "--person", str(gone), "--reason", "test")
    _run(runner, "round", "submit", "Передача-1", *confirm)
    versions = session.scalars(select(RoundVersion).where(RoundVersion.round_id == first.id)
                               .order_by(RoundVersion.number)).all()
    assert [v.row_count for v in versions] == [added, added - 1]
    assert gone in {r["person_id"] for r in versions[0].rows}
    assert _counts(_run(runner, "round", "diff", "Передача-1")) == {
        "added": 0, "removed": 1, "changed": 0}

    # the other side answers in Russian Cyrillic; rows are matched back to our persons
    sent = versions[1].rows[:40]
    truth = _russian_reply(tmp_path / "ответ.xlsx", sent)
    counts = _counts(_run(runner, "round", "import-reply", "Передача-1",
                          str(tmp_path / "ответ.xlsx")))
    assert counts["unmatched"] == 1  # the stranger
    reply = session.scalar(current_file(first.id, FileKind.REPLY))
    matched = [r for r in reply.rows if r.match is MatchState.MATCHED]
    assert len(matched) >= 0.95 * len(sent)
    assert all(r.person_id == truth[r.row_number - 2] for r in matched)  # no wrong person
    entries = {e.person_id: e for e in get_round(session, "Передача-1").entries}
    for r in matched:
        assert entries[r.person_id].reply_status.value == EXPECTED[(r.row_number - 2) % 5]

    # carried out; outcomes by our person IDs; the returned change status
    _run(runner, "round", "execute", "Передача-1", "--date", "2025-03-01")
    ids = sorted(entries)
    outcome_rows = [["ID особи / Person ID", "Результат", "Причина"]]
    outcome_rows += [[pid, "не передан", "не в списке"] if i % 7 == 0 else [pid, "возвращён", None]
                     for i, pid in enumerate(ids)]
    counts = _counts(_run(runner, "round", "outcomes", "Передача-1",
                          str(xlsx(tmp_path / "итоги.xlsx", outcome_rows))))
    kept = len(ids[::7])
    assert counts == {"returned": len(ids) - kept, "not_handed_over": kept, "died": 0,
                      "refused_to_return": 0, "without_outcome": 0}
    session.expire_all()
    returned = session.get(Person, ids[1])
    assert returned.release_status is ReleaseStatus.RELEASED
    assert returned.status_events[-1].note.startswith(f"round {first.id} (Передача-1)")
    assert session.get(Person, ids[0]).release_status is not ReleaseStatus.RELEASED
    _run(runner, "round", "close", "Передача-1")
    assert get_round(session, "Передача-1").state is RoundState.CLOSED

    # the other round is cancelled; the returned are off the roster, the rest can go again
    _run(runner, "round", "cancel", "Передача-2", "--reason", "merged into round 1")
    assert get_round(session, "Передача-2").state is RoundState.CANCELLED
    assert session.scalar(select(RoundEntry.id).where(RoundEntry.open_person_id.isnot(None))) \
        is None
    assert "cannot change" in _run(runner, "round", "add", "Передача-2", "--person",
                                   str(ids[0]), ok=False)

    # the workbook of the round carries each person's reply and outcome
    out = tmp_path / "round.xlsx"
    _run(runner, "export", "round", "Передача-1", "--out", str(out))
    ws = load_workbook(out).worksheets[1]
    header = [c.value for c in ws[1]]
    outcomes = [r[header.index("Результат / Outcome")] for r in ws.iter_rows(min_row=2,
                                                                               values_only=True)]
    assert outcomes.count("Повернуто") == len(ids) - kept
