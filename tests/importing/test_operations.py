"""Import batches: all rows in one transaction or none, duplicates refused, rollback whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from exchange.audit import Actor, acting_as
from exchange.importing import operations
from exchange.importing.mappings import save_mapping, save_value_mapping
from exchange.models import AuditEntry, ImportBatch, SourceRecord
from exchange.models.enums import BatchStatus
from tests.importing import builders as b

ACTOR = Actor(label="test")
ROWS = [b.HEADER, b.ROW, ["A-2", "Шевченко", "Тарас", "1990", "2023-01-05", "Крим"]]


def _counts(session) -> tuple[int, int]:
    return (session.scalar(select(func.count()).select_from(ImportBatch)),
            session.scalar(select(func.count()).select_from(SourceRecord)))


def _import(session, path: Path, **kwargs):
    kwargs.setdefault("org_code", "ZMINA")
    kwargs.setdefault("month", "2025-01")
    return operations.import_list(session, path, actor=ACTOR, **kwargs)


def test_commit_writes_every_row_with_provenance(session, tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "zmina.xlsx", ROWS)
    preview = _import(session, path)
    batch = session.scalars(select(ImportBatch)).one()
    assert (batch.row_count, batch.file_name, batch.file_hash) == (2, "zmina.xlsx",
                                                                  preview.parsed.sha256)
    assert batch.mapping["Регіон"] == "residence_region"
    records = session.scalars(select(SourceRecord).order_by(SourceRecord.row_number)).all()
    assert [r.row_number for r in records] == [2, 3]
    first = records[0]
    assert first.record_id == "A-1"
    assert first.raw["Дата народження"] == "01.02.1980"
    assert first.values["date_of_birth"] == "1980-02-01"
    assert first.values["source_org"] == "ZMINA"
    assert first.values["list_month"] == "2025-01"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert entry.object_id == str(batch.id)
    assert "Коваленко" not in str(entry.changes)


def test_dry_run_writes_nothing(session, tmp_path: Path) -> None:
    preview = _import(session, b.xlsx(tmp_path / "z.xlsx", ROWS), dry_run=True)
    assert len(preview.parsed.records) == 2
    assert _counts(session) == (0, 0)


def test_same_file_twice_is_refused_naming_the_earlier_batch(session, tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    _import(session, path)
    first = session.scalars(select(ImportBatch)).one()
    with pytest.raises(operations.DuplicateImport) as caught:
        _import(session, path)
    assert f"as batch {first.id} (z.xlsx" in str(caught.value)
    assert _counts(session) == (1, 2)
    _import(session, path, month="2025-02")  # another month is another list
    assert _counts(session) == (2, 4)


def test_rollback_removes_the_batch_rows_and_allows_reimport(session, tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    _import(session, path)
    batch = session.scalars(select(ImportBatch)).one()
    operations.rollback_batch(session, batch.id, ACTOR, "wrong month")
    assert batch.status == BatchStatus.ROLLED_BACK
    assert batch.rollback_reason == "wrong month"
    assert _counts(session) == (1, 0)
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "rollback")).one()
    with pytest.raises(operations.RollbackRefused, match="already rolled back"):
        operations.rollback_batch(session, batch.id, ACTOR, "again")
    _import(session, path)
    assert _counts(session) == (2, 2)


def test_rollback_of_linked_rows_unlinks_them_first(session, tmp_path: Path,
                                                    create_person) -> None:
    from exchange.models import Person

    _import(session, b.xlsx(tmp_path / "z.xlsx", ROWS))
    record = session.scalars(select(SourceRecord)).first()
    person = create_person()
    with acting_as(session, ACTOR):
        record.person_id = person.id
        session.commit()
    operations.rollback_batch(session, record.batch_id, ACTOR, "x")
    assert _counts(session) == (1, 0)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "rollback")).one()
    assert entry.changes["rows_unlinked"] == [1, 0]
    assert session.get(Person, person.id) is not None  # the person and history remain


def test_unknown_batch_rollback_is_refused(session) -> None:
    with pytest.raises(operations.RollbackRefused, match="no import batch 999"):
        operations.rollback_batch(session, 999, ACTOR, "x")


def test_a_failure_while_writing_leaves_nothing(session, tmp_path: Path, monkeypatch) -> None:
    def broken(preview, batch_id):
        rows = list(real(preview, batch_id))
        rows[-1]["row_number"] = rows[0]["row_number"]  # violates the unique constraint
        return rows

    real = operations.record_rows
    monkeypatch.setattr(operations, "record_rows", broken)
    with pytest.raises(Exception, match="UNIQUE|unique"):
        _import(session, b.xlsx(tmp_path / "z.xlsx", ROWS))
    assert _counts(session) == (0, 0)
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_file_with_problems_is_refused_whole(session, tmp_path: Path) -> None:
    rows = [*ROWS, ["A-3", "Бойко", "Іван", "31.02.1980", None, None]]
    with pytest.raises(operations.ImportFailed) as caught:
        _import(session, b.xlsx(tmp_path / "z.xlsx", rows))
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "Дата народження")]
    assert _counts(session) == (0, 0)


def test_rows_of_another_organisation_or_month_are_refused(session, tmp_path: Path) -> None:
    rows = [["record_id", "surname", "source_org", "list_month"],
            ["1", "Коваленко", "ZMINA", "2025-01"], ["2", "Бойко", "CCL", "2025-01"]]
    with pytest.raises(operations.ImportFailed) as caught:
        _import(session, b.xlsx(tmp_path / "z.xlsx", rows))
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (3, "source_org", "CCL")]


@pytest.mark.parametrize(("org", "month", "message"), [
    ("NOPE", "2025-01", "unknown organisation"),
    ("ZMINA", "2025-13", "YYYY-MM"),
    ("ZMINA", "Jan 2025", "YYYY-MM"),
])
def test_bad_organisation_or_month(session, tmp_path: Path, org, month, message) -> None:
    with pytest.raises(operations.ImportFailed, match=message):
        _import(session, b.xlsx(tmp_path / "z.xlsx", ROWS), org_code=org, month=month)


def test_saved_mapping_is_reused_next_month(session, tmp_path: Path, org) -> None:
    header = [*b.HEADER, "Телефон родини", "Коментар координатора"]
    rows = [header, [*b.ROW, "+380", "перевірити"]]
    path = b.xlsx(tmp_path / "z.xlsx", rows)
    with pytest.raises(operations.ImportFailed, match="unknown header"):
        _import(session, path)
    save_mapping(session, org("ZMINA").id,
                 {"Телефон родини": "ignore", "Коментар координатора": "notes"}, ACTOR)
    preview = _import(session, path)
    assert preview.parsed.ignored_headers == ["Телефон родини"]
    assert preview.parsed.records[0].values["notes"] == "перевірити"
    with pytest.raises(operations.ImportFailed, match="unknown header"):
        _import(session, path, org_code="CCL")  # saved for ZMINA only


def test_file_imported_between_preview_and_commit_is_refused(session, tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    first = operations.preview_import(session, path, org_code="ZMINA", month="2025-01")
    second = operations.preview_import(session, path, org_code="ZMINA", month="2025-01")
    operations.commit_import(session, first, ACTOR)
    with pytest.raises(operations.DuplicateImport, match="already imported"):
        operations.commit_import(session, second, ACTOR)
    assert _counts(session) == (1, 2)


def test_overlong_record_id_is_refused(session, tmp_path: Path) -> None:
    rows = [b.HEADER, ["X" * 101, *b.ROW[1:]]]
    with pytest.raises(operations.ImportFailed, match="longer than 100 characters"):
        _import(session, b.xlsx(tmp_path / "z.xlsx", rows))


def test_published_month_takes_no_import_and_no_rollback(session, tmp_path: Path) -> None:
    from exchange.models import ListMonth
    from exchange.models.enums import MonthStatus

    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    _import(session, path)
    batch = session.scalars(select(ImportBatch)).one()
    session.add(ListMonth(month="2025-01", status=MonthStatus.PUBLISHED))
    session.commit()
    with pytest.raises(operations.ImportFailed, match="published and frozen"):
        _import(session, b.xlsx(tmp_path / "other.xlsx", ROWS[:2]))
    with pytest.raises(operations.RollbackRefused, match="published and frozen"):
        operations.rollback_batch(session, batch.id, ACTOR, "x")
    assert _counts(session) == (1, 2)


def test_refusal_message_carries_no_cell_values(session, tmp_path: Path) -> None:
    rows = [b.HEADER, ["A-1", "=ТАЄМНЕ", "Олександр", "31.02.1980", None, None]]
    with pytest.raises(operations.ImportFailed) as caught:
        _import(session, b.xlsx(tmp_path / "z.xlsx", rows))
    assert "ТАЄМНЕ" not in str(caught.value)
    assert "31.02.1980" not in str(caught.value)
    assert "ТАЄМНЕ" in str(caught.value.problems[0])  # the user still sees it


def test_second_list_for_the_same_month_is_flagged(session, tmp_path: Path) -> None:
    _import(session, b.xlsx(tmp_path / "first.xlsx", ROWS))
    preview = _import(session, b.xlsx(tmp_path / "second.xlsx", ROWS[:2]), dry_run=True)
    assert preview.ok
    assert "already has batch" in preview.problems[0].message
    assert "first.xlsx" in preview.problems[0].message


def test_a_list_month_after_the_current_month_is_refused(session, tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    with pytest.raises(operations.ImportFailed, match="after the current month"):
        operations.preview_import(session, path, org_code="ZMINA", month="2025-07",
                                  today=dt.date(2025, 6, 30))
    assert operations.preview_import(session, path, org_code="ZMINA", month="2025-06",
                                     today=dt.date(2025, 6, 30)).ok


def test_a_value_mapping_is_saved_and_reused_next_month(session, tmp_path: Path, org) -> None:
    header = [*b.HEADER, "Правовий статус"]
    first = b.xlsx(tmp_path / "jan.xlsx", [header, [*b.ROW, "під арештом"],
                                          ["A-2", "Бойко", "Іван", None, None, None, "засуджений"]])
    with pytest.raises(operations.ImportFailed, match="not a known value") as refused:
        _import(session, first)
    assert [p.row for p in refused.value.problems] == [2]
    mapped = _import(session, first, value_map=["legal_status:Під арештом=accused"])
    assert mapped.parsed.records[0].values["legal_status"] == "accused"
    save_value_mapping(session, org("ZMINA").id, {("legal_status", "під арештом"): "accused"},
                       ACTOR)
    second = b.xlsx(tmp_path / "feb.xlsx", [header, [*b.ROW, "ПІД АРЕШТОМ"]])
    preview = _import(session, second, month="2025-02")
    assert preview.parsed.records[0].values["legal_status"] == "accused"
    assert preview.parsed.values_mapped == {("legal_status", "ПІД АРЕШТОМ", "accused"): 1}
    with pytest.raises(operations.ImportFailed, match="not a known value"):
        _import(session, second, org_code="CCL", month="2025-02")  # saved for ZMINA only


@pytest.mark.parametrize(("item", "message"), [
    ("legal_status:під арештом=arrested", "not a value of legal_status"),
    ("status:під арештом=accused", "not a canonical column"),
    ("під арештом=accused", "column:text=canonical"),
])
def test_a_value_mapping_must_name_a_column_and_one_of_its_values(session, tmp_path: Path,
                                                                  item: str,
                                                                  message: str) -> None:
    with pytest.raises(operations.ImportFailed, match=message):
        _import(session, b.xlsx(tmp_path / "z.xlsx", ROWS), value_map=[item])
