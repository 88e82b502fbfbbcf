"""Print a workbook as LibreOffice does and read the pages back (poppler's pdftotext)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice not found (apt-get install libreoffice-calc-nogui): NOT RUN"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def pdf(xlsx: Path) -> Path:
    """Convert a workbook to PDF with LibreOffice; skip (fail under CI) when it is absent."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    profile = xlsx.parent / "lo-profile"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(xlsx.parent), str(xlsx)],
        check=True, capture_output=True, timeout=120)
    return xlsx.with_suffix(".pdf")


def pdf_text(pdf: Path, page: int) -> str:
    """Return the text of one page, laid out as printed."""
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(pdf: Path) -> tuple[int, float, float]:
    """Return the number of pages and the size of the first one (width, height)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    width, _, height = fields["Page size"].split()[:3]
    return int(fields["Pages"]), float(width), float(height)
