"""Workbooks: formula-like text stays text, and pages print as documents (LibreOffice)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from exchange.workbooks import PrintTitle, document_title, neutralise, saved_workbook, write_sheet
from tests.exchange.printing import pdf, pdf_pages, pdf_text

TRIGGERS = ["=1+1", "+HYPERLINK(\"x\")", "-2+3", "@SUM(A1)", "|calc", "%0A", "\tx", "\rx",
            " =1+1", "\ufeff=1+1", "\u00a0@SUM(A1)"]


def test_formula_like_text_is_stored_as_text(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    with saved_workbook(out) as wb:
        write_sheet(wb, "t", ["=header", "value"], [[t, 1] for t in TRIGGERS])
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["A1"].data_type == "s"
    assert ws["A1"].value == "=header"
    for row, text in enumerate(TRIGGERS, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s", text
        # XML turns a carriage return into a line feed; the text is kept otherwise
        assert cell.value == text.replace("\r", "\n")
    assert ws.cell(row=2, column=2).value == 1


@pytest.mark.parametrize("text", TRIGGERS)
def test_csv_values_are_neutralised(text: str) -> None:
    assert neutralise(text).startswith("'")
    assert neutralise("Іваненко") == "Іваненко"
    assert neutralise(42) == 42


def test_no_half_file_is_left_when_writing_fails(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"

    def rows():
        yield ["ok"]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError), saved_workbook(out) as wb:
        write_sheet(wb, "t", ["a"], rows())
    assert not out.exists()


def test_page_setup_is_stored(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    with saved_workbook(out) as wb:
        write_sheet(wb, "list", ["a", "b"], [[1, 2]],
                    print_title=PrintTitle("Joint list 2025-02 (draft)", "en"))
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B2"
    assert ws.oddHeader.left.text == "Joint list 2025-02 (draft)"
    assert ws.oddFooter.left.text == "Confidential"
    assert ws.oddFooter.right.text == "Page &P of &N"


def test_hidden_columns_keep_codes_for_programs_and_a_stream_is_a_workbook() -> None:
    buffer = io.BytesIO()
    with saved_workbook(buffer) as wb:
        write_sheet(wb, "list", ["Регіон", "residence_region"],
                    [["Автономна Республіка Крим", "UA-43"]], hidden=[1])
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    assert [ws.column_dimensions[c].hidden for c in "AB"] == [False, True]
    assert ws["B2"].value == "UA-43"


@pytest.mark.parametrize(
    ("language", "published", "expected"),
    [
        ("uk", False, "Спільний список Коаліції · 2025-02 · Чернетка: не опубліковано"),
        ("en", True, "Joint list of the Coalition · 2025-02 · Published"),
        ("en", None, "Joint list of the Coalition · 2025-02"),
    ],
)
def test_a_document_title_names_the_document_the_month_and_its_state(
        language: str, published: bool | None, expected: str) -> None:
    title = document_title("joint_list", language, month="2025-02", published=published)
    assert (title.text, title.language) == (expected, language)


@pytest.mark.slow
def test_a_long_list_prints_as_a_document(tmp_path: Path) -> None:
    header = ["№", "Прізвище / Surname", "Ім'я / Given name", "По батькові / Patronymic",
              "Дата народження / Date of birth", "Регіон / Region", "Місце утримання / Held at",
              "Статті КК РФ / Charges", "Категорія / Category", "Організації / Members"]
    rows = [[i, f"Прізвище{i}", "Олександр", "Петрович", "1980-01-01",
             "Автономна Республіка Крим", "СІЗО-1 Сімферополь", "205.5 ч.2; 278",
             "Амністія за ненасильницькі злочини", "CHRG; ZMINA; MIHR"] for i in range(1, 301)]
    out = tmp_path / "list.xlsx"
    with saved_workbook(out) as wb:
        write_sheet(wb, "list", header, rows,
                    print_title=PrintTitle("Спільний список 2025-02 (чернетка)", "uk"))
    printed = pdf(out)
    pages, width, height = pdf_pages(printed)
    assert width > height  # landscape
    assert 3 <= pages <= 15  # fit to width: every column on one page, rows flow down
    second = pdf_text(printed, 2)
    for text in ("Прізвище / Surname", "Організації / Members"):  # header repeated, uncut
        assert text in second
    assert "Спільний список 2025-02 (чернетка)" in second
    assert f"Сторінка 2 з {pages}" in second
    assert "Конфіденційно" in second
    assert "Прізвище300" in pdf_text(printed, pages)
