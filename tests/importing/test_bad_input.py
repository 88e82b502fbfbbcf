"""Bad files are refused with a message naming the file (and row and column where there is one)."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest

from exchange.importing import ImportRefused, Limits, load_canonical
from tests.importing import builders as b

REFUSED = [
    ("not_a_zip", "not a zip archive"),
    ("truncated", "damaged or truncated"),
    ("zip_bomb", "zip bomb"),
    ("many_entries", "possible zip bomb"),
    ("entity_bomb", "XML entity bomb"),
    ("password_protected", "password-protected"),
]


@pytest.mark.parametrize(("builder", "message"), REFUSED)
def test_unreadable_or_dangerous_workbook_is_refused(tmp_path: Path, builder: str,
                                                     message: str) -> None:
    path = getattr(b, builder)(tmp_path / f"{builder}.xlsx")
    with pytest.raises(ImportRefused) as caught:
        load_canonical(path)
    assert message in str(caught.value)
    assert caught.value.problem.file == path.name


def test_old_xls_is_told_apart_from_an_encrypted_workbook(tmp_path: Path) -> None:
    path = b.password_protected(tmp_path / "old.xls")
    path.write_bytes(path.read_bytes().replace("Encrypt".encode("utf-16-le"),
                                               "Workbook".encode("utf-16-le")[:14]))
    with pytest.raises(ImportRefused, match="old Excel 97-2003"):
        load_canonical(path)


@pytest.mark.parametrize(("rows", "message"), [
    ([], "no list found"),
    ([[None, None], [None, None]], "no list found"),
    ([b.HEADER], "no data rows"),
    ([["Перелік станом на 2025-01"], [], b.HEADER, [None] * 6, ["Всього: 0"]], "no data rows"),
])
def test_empty_or_header_only_sheet_is_refused(tmp_path: Path, rows, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        load_canonical(b.xlsx(tmp_path / "list.xlsx", rows))


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportRefused, match="empty"):
        load_canonical(path)


def test_million_row_sheet_is_refused_by_its_declared_size(tmp_path_factory) -> None:
    path = b.million_rows(tmp_path_factory.mktemp("big") / "million.xlsx")
    with pytest.raises(ImportRefused, match="1000000 data rows; the limit is 200000"):
        load_canonical(path)


def test_rows_past_the_limit_are_refused_while_streaming(tmp_path: Path) -> None:
    path = b.million_rows(tmp_path / "nodim.xlsx", rows=5_000, dimension=False)
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused) as caught:
            load_canonical(path, limits=Limits(max_rows=1_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 1000 data rows" in str(caught.value)
    assert caught.value.problem.row == 1_002
    assert peak < 50 * 1024 * 1024


def test_wrong_dimension_does_not_cut_rows_off(tmp_path: Path) -> None:
    path = b.xlsx(tmp_path / "list.xlsx", [b.HEADER] + [[f"A-{i}", *b.ROW[1:]] for i in range(5)])
    b.replace_part(path, tmp_path / "lying.xlsx", "xl/worksheets/sheet1.xml",
                   _sheet_xml(path).replace(b'ref="A1:F6"', b'ref="A1:F2"'))
    assert len(load_canonical(tmp_path / "lying.xlsx").records) == 5


def _sheet_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def _problems(tmp_path: Path, rows, **kwargs) -> list[tuple[int | None, str | None, str]]:
    parsed = load_canonical(b.xlsx(tmp_path / "list.xlsx", [b.HEADER, *rows]),
                            today=dt.date(2025, 3, 1), **kwargs)
    return [(p.row, p.column, p.message) for p in parsed.errors]


def test_duplicate_record_ids_are_errors(tmp_path: Path) -> None:
    other = ["A-1", "Шевченко", "Тарас", None, "01.01.2023", None]
    assert _problems(tmp_path, [b.ROW, other]) == [
        (3, "Код", "record id already used on row 2: ids must be unique in a file")]


def test_formula_in_a_cell_is_an_error(tmp_path: Path) -> None:
    row = ["A-1", "=UPPER(\"коваленко\")", "Олександр", None, "03.04.2022", None]
    assert _problems(tmp_path, [row]) == [
        (2, "Прізвище", "formula in cell: replace it with its value")]


@pytest.mark.parametrize(("born", "detained", "expected"), [
    ("01.02.2030", "03.04.2022", (2, "Дата народження", "date is in the future")),
    ("01.02.1980", "03.04.2026", (2, "Дата затримання", "date is in the future")),
    ("2026", None, (2, "Дата народження", "date is in the future")),
    ("05.05.2023", "03.04.2022", (2, "Дата народження",
                                  "date of birth is after the date of detention (2022-04-03)")),
    ("2023", "2022-04", (2, "Дата народження",
                         "date of birth is after the date of detention (2022-04)")),
])
def test_impossible_dates_are_errors(tmp_path: Path, born, detained, expected) -> None:
    row = ["A-1", "Коваленко", "Олександр", born, detained, None]
    assert _problems(tmp_path, [row]) == [expected]


def test_same_year_birth_and_detention_is_not_an_error(tmp_path: Path) -> None:
    row = ["A-1", "Коваленко", "Олександр", "2000", "2000-05-01", None]
    assert _problems(tmp_path, [row]) == []


def test_binary_data_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"ID,Surname\x00\x01\x02\n")
    with pytest.raises(ImportRefused, match="binary file"):
        load_canonical(path)


def test_unsupported_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportRefused, match="unsupported file type"):
        load_canonical(path)


def test_million_row_csv_is_refused_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("ID;Прізвище\n")
        fh.writelines(f"{n};Коваленко\n" for n in range(1_000_000))
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match="more than 1000 data rows") as caught:
            load_canonical(path, max_rows=1_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.problem.file == "million.csv"
    assert peak < 20 * 1024 * 1024


def test_release_before_detention_is_an_error(tmp_path: Path) -> None:
    rows = [["Код", "Прізвище", "Дата затримання", "Дата звільнення"],
            ["A-1", "Коваленко", "03.04.2022", "01.01.2022"]]
    parsed = load_canonical(b.xlsx(tmp_path / "l.xlsx", rows), today=dt.date(2025, 3, 1))
    assert [(p.row, p.column, p.message) for p in parsed.errors] == [
        (2, "Дата звільнення", "date of release is before the date of detention (2022-04-03)")]


@pytest.mark.parametrize(("padding", "encoding", "message"), [
    (200_000, "utf-8", "XML entity bomb"),  # a DTD hidden behind a long comment
    (0, "utf-16", "XML entity bomb"),
    (2_000_000, "utf-8", "refused as suspicious"),  # no content in the first megabyte
])
def test_hidden_entity_bomb_is_refused(tmp_path: Path, padding: int, encoding: str,
                                       message: str) -> None:
    path = b.entity_bomb(tmp_path / "lol.xlsx", padding=padding, encoding=encoding)
    with pytest.raises(ImportRefused, match=message):
        load_canonical(path)
