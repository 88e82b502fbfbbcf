"""Roster and round workbooks read back with openpyxl: what a negotiator opens in Excel."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from exchange.audit import acting_as
from exchange.rounds import operations
from exchange.rounds.export import export_roster, export_round
from exchange.rounds.sheet import COLUMNS, ExportOptions
from exchange.rounds.submission import submit_round

from .conftest import ACTOR, TODAY

NAMES = [("Щербак", "Олександр"), ("Гнатюк", "Юрій"), ("Ізмаїл", "Ізмаїл"),
         ("=HYPERLINK(\"http://x\")", "Тарас")]


@pytest.fixture
def roster_file(app, session, held, tmp_path):
    for surname, given in NAMES:
        held(surname=surname, given_name=given, patronymic=None, residence_region="UA-43")
    held("civilians", surname="Бойко", health_concern="yes")

    def write(**options):
        out = tmp_path / "roster.xlsx"
        with app.app_context():
            written = export_roster(session, ["non_violent_amnesty", "civilians"], out,
                                    options=ExportOptions(**options), today=TODAY)
        return written, load_workbook(out)

    return write


def _column(ws, header_start: str) -> list[object]:
    header = [c.value for c in ws[1]]
    index = next(i for i, h in enumerate(header) if h.startswith(header_start))
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_roster_workbook_sheets_counts_and_layout(roster_file):
    written, wb = roster_file(exported_by="negotiator@test")
    assert written == {"non_violent_amnesty": 4, "civilians": 1}
    assert wb.sheetnames == ["Зведення", "3. Амністія за ненасильницькі…",
                             "1. Цивільні, утримувані без…"]
    ws = wb.worksheets[1]
    assert ws.max_row == 1 + 4
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"
    assert [c.value for c in ws[1]][:3] == ["№ / No.", "ID особи / Person ID", "Прізвище / Surname"]
    assert _column(ws, "№") == [1, 2, 3, 4]
    latin = dict(zip(_column(ws, "Прізвище латиницею"), _column(ws, "Ім'я латиницею"),
                     strict=True))
    assert latin["Shcherbak"] == "Oleksandr"
    assert latin["Hnatiuk"] == "Yurii"
    assert latin["Izmail"] == "Izmail"
    assert _column(ws, "Регіон") == ["Автономна Республіка Крим"] * 4


def test_a_name_beginning_with_equals_is_stored_as_text(roster_file):
    _written, wb = roster_file(russian=True)
    ws = wb.worksheets[1]
    risky = [c for row in ws.iter_rows(min_row=2) for c in row if str(c.value).startswith("=")]
    assert len(risky) == 3  # the name in Ukrainian, Latin and Russian: each kept as text
    assert all(c.data_type == "s" for c in risky)  # a formula would read back as "f"
    assert '=HYPERLINK("http://x")' in [c.value for c in risky]  # the Latin form, as listed


def test_summary_counts_and_quotes_the_measures(roster_file):
    _written, wb = roster_file(exported_by="negotiator@test", language="en")
    rows = list(wb["Summary"].iter_rows(min_row=2, values_only=True))
    assert ("Category", "Amnesty for non-violent offences", 4) in rows
    assert any(r[0] == "Measure 3 of the Concept" and "amnesty decree" in r[2] for r in rows)
    assert ("Region", "Avtonomna Respublika Krym", 4) in rows
    assert ("List", "Exported by", "negotiator@test") in rows
    assert ("Priority group", "1. Serious health concern", 1) in rows


def test_a_wider_audience_sees_no_health_charges_or_rule(roster_file):
    _written, wb = roster_file(sensitive=False)
    ws = wb.worksheets[2]
    header = [c.value for c in ws[1]]
    for column in COLUMNS:
        if column.sensitive:
            assert column.header not in header
    assert _column(ws, "Причина пріоритету") == ["пріоритетна група 1 (причину не показано)"]


def test_english_values_and_the_russian_form(roster_file):
    _written, wb = roster_file(language="en", russian=True)
    ws = wb.worksheets[1]
    assert "Щербак" in _column(ws, "Фамилия (рос.)")
    assert "Александр" in _column(ws, "Имя (рос.)")
    assert _column(ws, "Категорія")[0] == "Amnesty for non-violent offences"


def test_a_round_workbook_carries_the_version_and_each_persons_outcome(app, session, held,
                                                                      new_round, tmp_path):
    person = held(surname="Гнатюк", given_name="Юрій")
    number = new_round(name="Весна")
    operations.add_persons(session, number, actor=ACTOR, today=TODAY, person_ids=[person.id])
    version = submit_round(session, number, actor=ACTOR, today=TODAY)
    found = operations.get_round(session, number)
    with acting_as(session, ACTOR):
        found.entries[0].reply_status = "confirmed"
        found.entries[0].outcome = "returned"
        session.commit()
    with app.app_context():
        written = export_round(session, found, tmp_path / "round.xlsx",
                               options=ExportOptions(russian=True), today=TODAY, version=version)
    wb = load_workbook(tmp_path / "round.xlsx")
    assert written == {"non_violent_amnesty": 1}
    summary = list(wb["Зведення"].iter_rows(min_row=2, values_only=True))
    assert any(r[1] == "Версія" and str(r[2]).startswith("версія 1, передана") for r in summary)
    ws = wb.worksheets[1]
    assert _column(ws, "Відповідь") == ["Підтверджено"]
    assert _column(ws, "Результат") == ["Повернуто"]
    assert _column(ws, "Фамилия (рос.)") == ["Гнатюк"]
