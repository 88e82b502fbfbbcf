"""A second sheet of notes keyed by the list's ids is merged; any other sheet is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange.importing import load_canonical
from tests.importing import builders as b

LIST = [b.HEADER, b.ROW, ["A-2", "Шевченко", "Тарас", None, None, "Крим"]]


def _messages(parsed) -> list[tuple[int | None, str | None, str, str]]:
    return [(p.row, p.column, p.severity, p.text) for p in parsed.problems]


def test_notes_sheet_is_merged_by_id(tmp_path: Path) -> None:
    notes = [["Код", "Примітка"], ["A-2", "погіршення здоров'я"], ["A-9", "x"], [],
             ["Джерело: моніторинг"]]
    parsed = load_canonical(b.xlsx(tmp_path / "l.xlsx", LIST, extra={"Примітки": notes}))
    assert parsed.records[1].values["notes"] == "погіршення здоров'я"
    assert parsed.records[1].raw["Примітки: Примітка"] == "погіршення здоров'я"
    assert _messages(parsed) == [
        (3, "Примітки: Код", "warning", "no row of the list has this id: this row was not merged"),
        (5, "Примітки: Код", "warning", "a single filled cell: read as a footnote, not merged"),
        (None, None, "warning", "sheet merged into 1 rows of the list by id"),
    ]


def test_conflicting_value_in_a_second_sheet_is_an_error(tmp_path: Path) -> None:
    extra = [["Код", "Регіон", "Примітки"], ["A-1", "Донецька обл.", "звільнений"]]
    parsed = load_canonical(b.xlsx(tmp_path / "l.xlsx", LIST, extra={"Додаток": extra}))
    assert [(p.row, p.column, p.message) for p in parsed.errors] == [
        (2, "Додаток: Регіон", "differs from the list's residence_region (UA-65) on row 2")]
    assert parsed.records[0].values["notes"] == "звільнений"


def test_unrelated_sheet_is_reported_not_dropped_silently(tmp_path: Path) -> None:
    parsed = load_canonical(b.xlsx(tmp_path / "l.xlsx", LIST,
                                   extra={"Контакти": [["Телефон"], ["+380"]]}))
    assert _messages(parsed) == [(None, None, "warning", "this sheet was not read: it is "
                                  "neither the list nor notes keyed by its ids")]
    assert parsed.problems[0].value == "Контакти"


def test_oversized_notes_sheet_is_refused(tmp_path: Path) -> None:
    from exchange.importing import ImportRefused

    notes = [["Код", "Примітка"]] + [[f"N-{i}", "x"] for i in range(30)]
    path = b.xlsx(tmp_path / "l.xlsx", LIST, extra={"Примітки": notes})
    with pytest.raises(ImportRefused, match="'Примітки' has more than 10 rows"):
        load_canonical(path, max_rows=10)
