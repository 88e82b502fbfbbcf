"""The joint list of a dev month, printed by LibreOffice, reads as a document (slow)."""

from __future__ import annotations

import re

import pytest

from exchange.labels import label
from exchange.reports.joint_list import CODE_COLUMNS, COLUMNS, joint_list_rows, write_joint_list
from tests.exchange.printing import pdf, pdf_pages, pdf_text

pytestmark = pytest.mark.slow
WORD = r"[\w'’]+"


def test_the_joint_list_of_a_dev_month_prints_landscape_with_its_header_on_every_page(
        session, dev_month, tmp_path):
    rows = joint_list_rows(session, dev_month)
    assert len(rows) > 1000
    out = tmp_path / "joint.xlsx"
    assert write_joint_list(rows, out, dev_month, language="uk") == len(rows)
    printed = pdf(out)
    pages, width, height = pdf_pages(printed)
    assert width > height  # landscape
    # every column on the page's width, rows flow down: about 30-50 rows a page
    assert len(rows) / 60 <= pages <= len(rows) / 15
    headers = [label("report_column", key, "uk") for key, _ in COLUMNS]
    for page in (1, 2, pages):
        text = pdf_text(printed, page)
        words = set(re.findall(WORD, text))
        for header in headers:  # repeated on every page, and not cut
            assert set(re.findall(WORD, header)) <= words, (page, header)
        assert f"Спільний список Коаліції · {dev_month} · Чернетка: не опубліковано" in text
        assert f"Сторінка {page} з {pages}" in text
        assert "Конфіденційно" in text
        assert not any(code in words for code in CODE_COLUMNS)  # codes are not printed
    last = pdf_text(printed, pages)
    assert str(rows[-1].surname) in last
