"""Workbooks: formula-like text stays text, and pages print as documents (LibreOffice)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from exchange.workbooks import PrintTitle, neutralise, saved_workbook, write_sheet

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


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice not found (apt-get install libreoffice-calc-nogui): NOT RUN"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _pdf(xlsx: Path) -> Path:
    profile = xlsx.parent / "lo-profile"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(xlsx.parent), str(xlsx)],
        check=True, capture_output=True, timeout=120)
    return xlsx.with_suffix(".pdf")


def _pdf_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], check=True, capture_output=True, text=True).stdout


def _pdf_pages(pdf: Path) -> tuple[int, float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    width, _, height = fields["Page size"].split()[:3]
    return int(fields["Pages"]), float(width), float(height)


@pytest.mark.slow
def test_a_long_list_prints_as_a_document(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
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
    pdf = _pdf(out)
    pages, width, height = _pdf_pages(pdf)
    assert width > height  # landscape
    assert 3 <= pages <= 15  # fit to width: every column on one page, rows flow down
    second = _pdf_text(pdf, 2)
    for text in ("Прізвище / Surname", "Організації / Members"):  # header repeated, uncut
        assert text in second
    assert "Спільний список 2025-02 (чернетка)" in second
    assert f"Сторінка 2 з {pages}" in second
    assert "Конфіденційно" in second
    assert "Прізвище300" in _pdf_text(pdf, pages)
