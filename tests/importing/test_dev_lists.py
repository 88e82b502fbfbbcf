"""The sixteen dev member lists read without a hand-written mapping, row counts as in truth."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from exchange.importing import load_canonical

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"
pytestmark = pytest.mark.skipif(not DEV.exists(), reason="shared dev data not present")


def _manifest() -> list[dict[str, str]]:
    if not DEV.exists():
        return []
    with (DEV / "lists" / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _truth_counts() -> Counter[str]:
    with (DEV / "truth.csv").open(encoding="utf-8") as fh:
        return Counter(row["file"].rsplit("/", 1)[-1] for row in csv.DictReader(fh))


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["file"])
def test_dev_list_reads_cleanly(entry: dict[str, str]) -> None:
    parsed = load_canonical(DEV / "lists" / entry["month"] / entry["file"])
    assert parsed.errors == []
    assert parsed.unknown_headers == []
    assert len(parsed.records) == _truth_counts()[entry["file"]]
    for record in parsed.records:
        assert record.values["record_id"]
        assert record.values["surname"]


def test_full_names_are_split_and_dates_normalised() -> None:
    parsed = load_canonical(DEV / "lists" / "2025-01" / "ZMINA_monitoring_2025-01.xlsx")
    first = parsed.records[0].values
    names = (first["surname"], first["given_name"], first["patronymic"])
    assert names == ("Ібрагімова", "Е.", "Н.")
    assert first["date_of_birth"] == "1978-01-16"
    assert first["residence_region"] == "UA-40"
    assert parsed.sheet == "Список"


def test_ambiguous_status_header_is_settled_by_its_values() -> None:
    crimea = load_canonical(DEV / "lists" / "2025-01" / "CrimeaSOS_2025-01.xlsx")
    arppk = load_canonical(DEV / "lists" / "2025-01" / "ARPPK_spysok_2025-01.xlsx")
    assert crimea.mapping["Статус"] == "release_status"
    assert arppk.mapping["Статус"] == "person_status"
    assert arppk.header_row == 3


def test_canonical_file_with_extra_columns() -> None:
    parsed = load_canonical(DEV / "classification_cases.csv", ignore_unknown=True)
    assert parsed.ok
    assert set(parsed.ignored_headers) == {"expected_category", "expected_eligibility"}
