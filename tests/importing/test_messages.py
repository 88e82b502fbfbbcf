"""Every fixed problem text listed for translation is one the importer really reports.

Each listed text has a file (or a batch) here that makes the importer report exactly
that text, and the Ukrainian catalog translates it: a text the code no longer uses, or
uses in other words, fails here rather than showing untranslated on the import page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from exchange.importing import ImportRefused, load_canonical
from exchange.importing.messages import PROBLEM_TEXTS
from exchange.importing.operations import ImportFailed, preview_import
from exchange.models import ListMonth, MonthStatus
from tests.importing import builders as b

CATALOG = Path(__file__).parents[2] / "exchange" / "translations" / "uk" / "LC_MESSAGES"
ID, NAME, BORN = "Код", "Прізвище", "Дата народження"
PERSON = ["A-1", "Коваленко"]


def _csv(rows):
    return lambda path: b.csv_file(path / "list.csv", rows)


def _cell(header: str, value: str):
    """A one-row list whose `header` column holds `value`."""
    return _csv([[ID, NAME, header], [*PERSON, value]])


def _xlsx(rows, **extra):
    return lambda path: b.xlsx(path / "list.xlsx", rows, **extra)


# text -> a file (built in a folder) whose import reports it
FILES = {
    "not a date": _xlsx([[ID, NAME, BORN], [*PERSON, -5]]),
    "not a date: use DD.MM.YYYY, YYYY-MM-DD, YYYY-MM or YYYY": _cell(BORN, "someday"),
    "read as an Excel date serial": _cell(BORN, "29221"),
    "day and month look swapped: read as month/day/year": _cell(BORN, "02.13.1980"),
    "no such month": _cell(BORN, "1980-13-01"),
    "no such date": _cell(BORN, "31.02.1980"),
    "date is in the future": _cell(BORN, "01.01.2999"),
    "more than three words in the name: check how it was split": _csv(
        [[ID, "Full name"], ["A-1", "Abc Def Ghi Jkl"]]
    ),
    "both stateless and a citizenship": _cell("Громадянство", "stateless; Україна"),
    "no such ISO 3166-2:UA code": _cell("Регіон", "UA-99"),
    "unknown region: use an oblast name or an ISO 3166-2:UA code": _cell("Регіон", "Атлантида"),
    "not a month: use YYYY-MM": _cell("list_month", "лютий"),
    "not a yes/no answer: use так/ні, да/нет, yes/no, 1/0 or +/-": _cell(
        "held_incommunicado", "можливо"
    ),
    "PACE criteria are letters a to e": _cell("pace_criteria", "z"),
    "unknown header: map it to a canonical column or ignore it": _cell("Зірка", "x"),
    "no record id column: row numbers are used as ids": _csv(
        [[NAME, "Ім'я", BORN], ["Коваленко", "Олександр", "01.02.1980"]]
    ),
    "totals row skipped": _csv([[ID, NAME], PERSON, ["Разом: 1", ""]]),
    "repeated header row skipped": _csv([[ID, NAME], PERSON, [ID, NAME]]),
    "formula in cell: replace it with its value": _xlsx([[ID, NAME], ["A-1", "=1+1"]]),
    "the patronymic was moved out of the given-name cell": _csv(
        [[ID, NAME, "Ім'я"], [*PERSON, "Олександр Петрович"]]
    ),
    "no name column: choose the column that holds the names (full_name, or surname and "
    "given_name)": _csv([[ID, BORN, "Громадянство"], ["A-1", "01.02.1980", "Україна"]]),
    "no name in this row": _csv([[ID, NAME, BORN], ["A-1", "", "01.02.1980"]]),
    "record id is empty": _csv([[ID, NAME], ["", "Коваленко"], PERSON]),
    "this sheet was not read: it is neither the list nor notes keyed by its ids": _xlsx(
        [[ID, NAME], PERSON], extra={"Контакти": [["Телефон"], ["+380"]]}
    ),
    "a single filled cell: read as a footnote, not merged": _xlsx(
        [[ID, NAME], PERSON], extra={"Примітки": [[ID, "Примітка"], ["A-1", "x"], ["Джерело"]]}
    ),
    "control or invisible characters in the cell: retype it (they can hide or reverse text)":
        _cell(BORN, "01.02.1980\u200b"),
    "a name cannot hold < or >: check the cell": _csv([[ID, NAME], ["A-1", "<b>Коваленко</b>"]]),
    "merged cells across rows of the list: unmerge them and fill every row (a merged cell "
    "leaves the rows below it empty)": lambda path: b.merged_rows(path / "list.xlsx"),
    "no row of the list has this id: this row was not merged": _xlsx(
        [[ID, NAME], PERSON], extra={"Примітки": [[ID, "Примітка"], ["A-9", "x"]]}
    ),
}
IGNORED = _cell("Зірка", "x")  # "unknown header ignored": the same file, with ignore_unknown
# texts reported for the batch rather than a cell: (organisation, month, month published)
BATCHES = {
    "unknown organisation code": ("NOPE", "2025-01", False),
    "the month must be YYYY-MM": ("ZMINA", "2025-1", False),
    "the list month is after the current month": ("ZMINA", "2999-01", False),
    "this month's joint list is published and frozen: import into the next month": (
        "ZMINA",
        "2025-01",
        True,
    ),
}


def _reported(path: Path, **options) -> list[str]:
    try:
        return [p.message for p in load_canonical(path, **options).problems]
    except ImportRefused as exc:
        return [exc.problem.message]


@pytest.mark.parametrize("text", FILES)
def test_the_importer_reports_the_listed_text(tmp_path: Path, text: str) -> None:
    assert text in PROBLEM_TEXTS
    assert text in _reported(FILES[text](tmp_path))


def test_an_ignored_unknown_header_is_reported(tmp_path: Path) -> None:
    assert "unknown header ignored" in _reported(IGNORED(tmp_path), ignore_unknown=True)


@pytest.mark.parametrize("text", BATCHES)
def test_the_batch_check_reports_the_listed_text(session, tmp_path: Path, text: str) -> None:
    org, month, published = BATCHES[text]
    if published:
        session.add(ListMonth(month=month, status=MonthStatus.PUBLISHED))
        session.flush()
    path = _csv([[ID, NAME], PERSON])(tmp_path)
    try:
        problems = preview_import(session, path, org_code=org, month=month).problems
    except ImportFailed as exc:
        problems = exc.problems
    assert text in [p.message for p in problems]


def test_every_listed_text_has_a_case_here() -> None:
    assert set(PROBLEM_TEXTS) == {*FILES, *BATCHES, "unknown header ignored"}


def test_every_listed_text_is_translated() -> None:
    with (CATALOG / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="uk")
    for text in PROBLEM_TEXTS:
        entry = catalog.get(text)
        assert entry is not None, text
        assert entry.string, text
        assert not entry.fuzzy, text
