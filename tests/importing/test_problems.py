"""The same problem in many rows is reported once, with its count and first rows."""

from __future__ import annotations

from pathlib import Path

from exchange.importing import load_canonical
from exchange.importing.problems import Problem, group_problems
from tests.importing import builders as b

N = 726


def test_a_repeated_problem_is_one_group_with_its_count() -> None:
    problems = [Problem("f.csv", row, "Born", f"{row} Mars 1990", "not a date")
                for row in range(2, 2 + N)] + [Problem("f.csv", 5, "Код", "A-1", "record id is "
                                                        "empty"), Problem("f.csv", 9, None, None,
                                                                          "totals row skipped",
                                                                          "warning")]
    groups = group_problems(problems)
    assert [(g.first.column, g.count) for g in groups] == [("Born", N), ("Код", 1), (None, 1)]
    assert groups[0].rows == (2, 3, 4, 5, 6)
    assert str(groups[0]) == ("f.csv, column 'Born': not a date — 726 rows (rows 2, 3, 4, 5, 6, "
                              "…), e.g. '2 Mars 1990', '3 Mars 1990', '4 Mars 1990'")
    assert str(groups[1]) == str(problems[N])  # a single problem reads as before


def test_messages_differing_only_in_numbers_are_one_group() -> None:
    problems = [Problem("f.csv", r, "Код", "A-1", f"record id already used on row {r - 1}")
                for r in (3, 4, 5)]
    assert [g.count for g in group_problems(problems)] == [3]


def test_a_list_with_no_name_column_is_one_problem_not_one_per_row(tmp_path: Path) -> None:
    surnames, given = ["Коваленко", "Ткач", "Бойко", "Савчук"], ["Олег", "Ірина", "Тарас"]
    rows = [["Код", "Хто це", "Дата народження"]] + [
        [f"A-{i}", f"{surnames[i % 4]} {given[i % 3]}", "01.02.1980"] for i in range(N)]
    parsed = load_canonical(b.xlsx(tmp_path / "list.xlsx", rows))
    assert [p.message for p in parsed.errors] == [
        "unknown header: map it to a canonical column or ignore it",
        "no name column: choose the column that holds the names (full_name, or surname and "
        "given_name)"]
    assert parsed.unknown_headers == ["Хто це"]
    assert parsed.readings[1].suggestion == "full_name"
