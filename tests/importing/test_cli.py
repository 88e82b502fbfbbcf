"""`flask import-list`, `import-rollback` and `export records`: exit codes, messages, round trip."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from exchange.importing import load_canonical
from exchange.models import (
    AuditEntry,
    ImportBatch,
    SavedHeaderMapping,
    SavedValueMapping,
    SourceRecord,
)
from tests.importing import builders as b
from tests.importing.test_dev_lists import DEV

ROWS = [b.HEADER, b.ROW, ["A-2", "Шевченко", "Тарас", "1990", "2023-01-05", "Крим"]]


def _state(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(m))
                 for m in (ImportBatch, SourceRecord, AuditEntry))


def _run(runner, *args: object):
    return runner.invoke(args=[str(a) for a in args])


def test_import_list_success(runner, session, tmp_path: Path) -> None:
    result = _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", ROWS), "--org", "ZMINA",
                  "--month", "2025-01")
    assert result.exit_code == 0, result.output
    assert "imported batch" in result.stdout
    assert "Регіон -> residence_region" in result.stdout
    assert _state(session)[:2] == (1, 2)


def test_dry_run_shows_and_writes_nothing(runner, session, tmp_path: Path) -> None:
    result = _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", ROWS), "--org", "ZMINA",
                  "--month", "2025-01", "--dry-run")
    assert result.exit_code == 0
    assert "2 rows for ZMINA 2025-01" in result.stdout
    assert "dry run: nothing was written" in result.stdout
    assert _state(session) == (0, 0, 0)


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    future = [b.HEADER, ["A-1", "Коваленко", "Олександр", "01.02.2099", None, None]]
    born_late = [b.HEADER, ["A-1", "Коваленко", "Олександр", "05.05.2023", "03.04.2022", None]]
    formula = [b.HEADER, ["A-1", "=1+1", "Олександр", None, None, None]]
    dup = [b.HEADER, b.ROW, b.ROW]
    return {
        "not a zip": (b.not_a_zip(tmp / "notzip.xlsx"), "not a zip archive"),
        "truncated": (b.truncated(tmp / "cut.xlsx"), "damaged or truncated"),
        "zip bomb": (b.zip_bomb(tmp / "bomb.xlsx"), "zip bomb"),
        "entity bomb": (b.entity_bomb(tmp / "lol.xlsx"), "entity bomb"),
        "password": (b.password_protected(tmp / "secret.xlsx"), "password-protected"),
        "empty sheet": (b.xlsx(tmp / "empty.xlsx", []), "no list found"),
        "header only": (b.xlsx(tmp / "header.xlsx", [b.HEADER]), "no data rows"),
        "too many rows": (b.million_rows(tmp / "big.xlsx", rows=3_000), "limit is 1000"),
        "duplicate ids": (b.xlsx(tmp / "dup.xlsx", dup), "row 3, column 'Код'"),
        "formula": (b.xlsx(tmp / "formula.xlsx", formula), "row 2, column 'Прізвище': formula"),
        "future date": (b.xlsx(tmp / "future.xlsx", future), "date is in the future"),
        "born after detention": (b.xlsx(tmp / "late.xlsx", born_late), "after the date of det"),
    }


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return _bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", [
    "not a zip", "truncated", "zip bomb", "entity bomb", "password", "empty sheet",
    "header only", "too many rows", "duplicate ids", "formula", "future date",
    "born after detention"])
def test_bad_file_is_refused_and_database_unchanged(runner, session, app, bad_files,
                                                    case: str) -> None:
    path, message = bad_files[case]
    before = _state(session)
    app.config["IMPORT_MAX_ROWS"] = 1_000
    try:
        result = _run(runner, "import-list", path, "--org", "CCL", "--month", "2025-01")
    finally:
        app.config["IMPORT_MAX_ROWS"] = 200_000
    assert result.exit_code != 0
    assert path.name in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert "nothing was written" in result.stderr
    batches, records, audit = _state(session)
    assert (batches, records, audit) == (before[0], before[1], before[2] + 1)
    refusal = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert refusal.action == "import_refused"  # the attempt itself is audited


def test_reimport_is_refused_then_allowed_after_rollback(runner, session, tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "z.xlsx", ROWS)
    args = ("import-list", path, "--org", "ZMINA", "--month", "2025-01")
    assert _run(runner, *args).exit_code == 0
    again = _run(runner, *args)
    batch = session.scalars(select(ImportBatch)).one()
    assert again.exit_code != 0
    assert f"already imported for ZMINA 2025-01 as batch {batch.id}" in again.stderr
    rollback = _run(runner, "import-rollback", batch.id, "--reason", "test")
    assert rollback.exit_code == 0, rollback.output
    assert _run(runner, *args).exit_code == 0


def test_map_ignore_and_save_mapping(runner, session, tmp_path: Path) -> None:
    rows = [[*b.HEADER, "Телефон", "Коментар"], [*b.ROW, "+380", "див. лист"]]
    path = b.xlsx(tmp_path / "z.xlsx", rows)
    base = ("import-list", path, "--org", "ZMINA", "--month", "2025-01", "--dry-run")
    refused = _run(runner, *base)
    assert refused.exit_code != 0
    assert "column 'Телефон': unknown header" in refused.stderr
    ok = _run(runner, *base, "--map", "Коментар=notes", "--ignore", "Телефон", "--save-mapping")
    assert ok.exit_code == 0, ok.output
    assert session.scalar(select(func.count()).select_from(SavedHeaderMapping)) == 2
    assert _run(runner, *base).exit_code == 0


def test_export_is_safe_and_round_trips(runner, session, tmp_path: Path) -> None:
    rows = [b.HEADER, ["=A-1", "-Коваленко", "+Олександр", None, None, None],
            ["@2", "Бойко", "Іван", "1990", "2023-01-05", "Крим"]]
    assert _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", rows), "--org", "CCL",
                "--month", "2025-01").exit_code != 0  # the =A-1 id is a formula in the source
    rows[1][0] = "'=A-1"
    assert _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", rows), "--org", "CCL",
                "--month", "2025-01").exit_code == 0
    out = tmp_path / "out.xlsx"
    result = _run(runner, "export", "records", "--month", "2025-01", "--out", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:AH3"
    assert ws["B2"].value == "-Коваленко"
    assert ws["B2"].data_type == "s"
    assert ws["B2"].quotePrefix
    _assert_round_trip(session, out, "2025-01")


def _assert_round_trip(session, out: Path, month: str) -> None:
    stored = sorted(_key(r.values) for r in session.scalars(
        select(SourceRecord).where(SourceRecord.list_month == month)))
    back = load_canonical(out, today=dt.date.today())
    assert back.ok, [str(p) for p in back.errors[:5]]
    assert back.unknown_headers == []
    assert sorted(_key(row.values) for row in back.records) == stored


def _key(values: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in values.items() if v is not None))


@pytest.mark.skipif(not DEV.exists(), reason="shared dev data not present")
def test_dev_lists_import_and_round_trip(runner, session, tmp_path: Path) -> None:
    import csv

    with (DEV / "lists" / "manifest.csv").open(encoding="utf-8") as fh:
        manifest = [r for r in csv.DictReader(fh) if r["month"] == "2025-02"]
    for entry in manifest:
        result = _run(runner, "import-list", DEV / "lists" / entry["month"] / entry["file"],
                      "--org", entry["org"], "--month", entry["month"])
        assert result.exit_code == 0, result.output
    out = tmp_path / "records.xlsx"
    assert _run(runner, "export", "records", "--month", "2025-02", "--out", out).exit_code == 0
    _assert_round_trip(session, out, "2025-02")


def test_map_for_a_missing_header_is_warned(runner, session, tmp_path: Path) -> None:
    result = _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", ROWS), "--org", "ZMINA",
                  "--month", "2025-01", "--dry-run", "--map", "Телфон=notes")
    assert result.exit_code == 0
    assert "no header 'Телфон' in the file" in result.stderr


def test_export_to_an_unwritable_place_is_a_clear_error(runner, session, tmp_path: Path) -> None:
    result = _run(runner, "export", "records", "--month", "2025-01", "--out",
                  tmp_path / "missing" / "out.xlsx")
    assert result.exit_code != 0
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.output


def test_write_sheet_protects_header_and_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from exchange.importing.export import write_sheet

    wb = Workbook(write_only=True)
    assert write_sheet(wb, "s", ["=bad", "ok"], [["+1", 2], ["@x", None]]) == 2
    wb.save(tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").worksheets[0]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["=bad", "ok"], ["+1", 2], ["@x", None]]
    assert all(ws[ref].data_type == "s" for ref in ("A1", "A2", "A3"))


def test_second_list_of_the_month_is_warned_on_the_command_line(runner, session,
                                                                tmp_path: Path) -> None:
    assert _run(runner, "import-list", b.xlsx(tmp_path / "a.xlsx", ROWS), "--org", "ZMINA",
                "--month", "2025-01").exit_code == 0
    second = _run(runner, "import-list", b.xlsx(tmp_path / "b.xlsx", ROWS[:2]), "--org",
                  "ZMINA", "--month", "2025-01", "--dry-run")
    assert second.exit_code == 0
    assert "already has batch" in second.stderr


def test_a_dry_run_reports_a_repeated_problem_once_and_how_headers_were_read(
        runner, session, tmp_path: Path) -> None:
    rows = [["Обліковий №", "ПІБ", "Рік народження"]] + [
        [f"K-{i}", "Коваленко Олег", "весна 1980"] for i in range(40)]
    result = _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", rows), "--org", "ZMINA",
                  "--month", "2025-01", "--dry-run")
    assert result.exit_code != 0
    assert "  ПІБ -> full_name  (" in result.output
    assert "  Обліковий № -> record_id  (" in result.output
    lines = [line for line in result.stderr.splitlines() if "not a date" in line]
    assert lines == ["z.xlsx, column 'Рік народження': not a date: use DD.MM.YYYY, YYYY-MM-DD, "
                     "YYYY-MM or YYYY — 40 rows (rows 2, 3, 4, 5, 6, …), e.g. 'весна 1980'"]
    assert "--value 'column:text=canonical'" in result.stderr


def test_a_header_left_to_the_user_is_never_printed_as_read(runner, session,
                                                            tmp_path: Path) -> None:
    rows = [["Код", "ПІБ", "Колонка 3"]] + [[f"K-{i}", "Коваленко Олег", "1980"]
                                           for i in range(10)]
    result = _run(runner, "import-list", b.xlsx(tmp_path / "z.xlsx", rows), "--org", "ZMINA",
                  "--month", "2025-01", "--dry-run")
    assert result.exit_code != 0
    line = next(x for x in result.output.splitlines() if "Колонка 3" in x)
    assert line.startswith("  Колонка 3: NOT READ, choose a column or ignore it; it looks "
                           "like date_of_birth")
    assert " -> " not in line


def test_value_option_reads_an_unknown_value_and_is_saved(runner, session,
                                                          tmp_path: Path) -> None:
    rows = [[*b.HEADER, "Статус"], [*b.ROW, "під арештом"]]
    path = b.xlsx(tmp_path / "z.xlsx", rows)
    base = ("import-list", path, "--org", "ZMINA", "--month", "2025-01")
    assert _run(runner, *base, "--dry-run").exit_code != 0
    done = _run(runner, *base, "--value", "legal_status:під арештом=accused", "--map",
                "Статус=legal_status", "--save-mapping")
    assert done.exit_code == 0, done.output
    assert "value read by your mapping: legal_status 'під арештом' = accused (1 cells)" \
        in done.output
    record = session.scalars(select(SourceRecord)).one()
    assert record.values["legal_status"] == "accused"
    assert session.scalar(select(func.count()).select_from(SavedValueMapping)) == 1
