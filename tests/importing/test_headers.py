"""Header rows found below titles, headers read by words and values, explicit maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange.importing import ImportRefused, load_canonical
from exchange.importing.header_rules import best_by_words, word_scores
from tests.importing import builders as b


@pytest.mark.parametrize(("header", "column"), [
    ("Прізвище", "surname"), ("ПРІЗВИЩЕ", "surname"), ("прізвище:", "surname"),
    ("Фамилия", "surname"), ("Surname", "surname"), ("Last name", "surname"),
    ("Ім’я", "given_name"), ("Имя", "given_name"), ("First name", "given_name"),
    ("П.І.Б.", "full_name"), ("ПІБ", "full_name"), ("ФИО", "full_name"),
    ("Прізвище, ім'я, по батькові", "full_name"), ("Full name", "full_name"),
    ("Дата народження", "date_of_birth"), ("Д.н.", "date_of_birth"), ("DOB", "date_of_birth"),
    ("Дата рождения", "date_of_birth"),
    ("Громадянство", "citizenship"), ("Гражданство", "citizenship"),
    ("Nationality", "citizenship"),
    ("Область", "residence_region"), ("Oblast", "residence_region"),
    ("Стаття КК РФ", "charges"), ("Статья УК РФ", "charges"), ("Charges (RF CC)", "charges"),
    ("№ КПГ", "record_id"), ("CCL ID", "record_id"), ("№ п/п", "record_id"), ("Ід", "record_id"),
    ("date_of_birth", "date_of_birth"), ("release_status", "release_status"),
    ("Текущий статус", "release_status"), ("Інкомунікадо", "held_incommunicado"),
])
def test_known_headers_are_named_by_their_words(header: str, column: str) -> None:
    assert best_by_words(header) == column


def test_status_header_is_ambiguous() -> None:
    scores = word_scores("Статус")
    assert {c for c, s in scores.items() if s.score == max(v.score for v in scores.values())} \
        == {"person_status", "legal_status", "release_status"}
    assert best_by_words("Статус") is None


def _list(tmp_path: Path, header: list[str], *rows: list[object], **kwargs):
    return load_canonical(b.xlsx(tmp_path / "list.xlsx", [header, *rows]), **kwargs)


def test_unknown_header_blocks_until_mapped_or_ignored(tmp_path: Path) -> None:
    header = [*b.HEADER, "Телефон родини"]
    row = [*b.ROW, "+380 50 000 00 00"]
    parsed = _list(tmp_path, header, row)
    assert parsed.unknown_headers == ["Телефон родини"]
    assert [p.message for p in parsed.errors] == [
        "unknown header: map it to a canonical column or ignore it"]
    assert _list(tmp_path, header, row, ignore=["телефон РОДИНИ"]).ok
    mapped = _list(tmp_path, header, row, explicit_map=["Телефон родини=notes"])
    assert mapped.ok
    assert mapped.records[0].values["notes"] == "+380 50 000 00 00"
    assert _list(tmp_path, header, row, explicit_map={"Телефон родини": "ignore"}).ok


def test_explicit_map_to_an_unknown_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="'phone' is not a canonical column"):
        _list(tmp_path, b.HEADER, b.ROW, explicit_map=["Регіон=phone"])


def test_explicit_map_overrides_the_alias_table(tmp_path: Path) -> None:
    parsed = _list(tmp_path, b.HEADER, b.ROW, explicit_map={"Регіон": "detained_where"})
    assert parsed.mapping["Регіон"] == "detained_where"
    assert parsed.records[0].values["detained_where"] == "Херсонська обл."


def test_two_headers_claiming_one_column_are_left_to_the_user(tmp_path: Path) -> None:
    parsed = _list(tmp_path, [*b.HEADER, "Область"], [*b.ROW, "Київ"])
    assert set(parsed.unknown_headers) == {"Регіон", "Область"}
    unread = {r.label: r for r in parsed.readings if r.column is None}
    assert {r.suggestion for r in unread.values()} == {"residence_region"}
    assert not parsed.ok


def test_data_under_a_blank_header_must_be_mapped(tmp_path: Path) -> None:
    parsed = _list(tmp_path, [*b.HEADER, None], [*b.ROW, "щось"])
    assert parsed.unknown_headers == ["G"]
    assert _list(tmp_path, [*b.HEADER, None], [*b.ROW, "щось"], explicit_map=["G=notes"]).ok


def test_header_below_title_rows_and_totals_row_skipped(tmp_path: Path) -> None:
    rows = [["Перелік незаконно позбавлених волі"], ["станом на 2025-01"], [], b.HEADER, b.ROW,
            [None] * 6, ["Всього: 1"]]
    parsed = load_canonical(b.xlsx(tmp_path / "list.xlsx", rows))
    assert parsed.header_row == 4
    assert [r.row_number for r in parsed.records] == [5]
    assert [(p.row, p.message) for p in parsed.warnings] == [(7, "totals row skipped")]


def test_the_sheet_holding_the_list_is_read(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Примітки"
    wb.active.append(["Джерело: моніторинг"])
    ws = wb.create_sheet("Список")
    for row in (b.HEADER, b.ROW):
        ws.append(row)
    wb.save(path)
    parsed = load_canonical(path)
    assert parsed.sheet == "Список"
    assert len(parsed.records) == 1


def test_ambiguous_status_follows_the_values(tmp_path: Path) -> None:
    header = [*b.HEADER, "Статус"]
    legal = _list(tmp_path, header, [*b.ROW, "засуджений"])
    assert legal.mapping["Статус"] == "legal_status"
    release = _list(tmp_path, header, [*b.ROW, "звільнений (обмін)"])
    assert release.mapping["Статус"] == "release_status"
    both = _list(tmp_path, [*header, "Поточний статус"], [*b.ROW, "цивільний", "утримується"])
    assert both.mapping == {**both.mapping, "Статус": "person_status",
                            "Поточний статус": "release_status"}


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8", ","), ("utf-8-sig", ";"), ("cp1251", ","), ("cp1251", ";"), ("utf-16", "\t"),
    ("utf-8", "|"),
])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = b.csv_file(tmp_path / "list.csv", [b.HEADER, b.ROW], encoding=encoding,
                      delimiter=delimiter)
    parsed = load_canonical(path)
    assert parsed.ok, [str(p) for p in parsed.problems]
    assert parsed.records[0].values["surname"] == "Коваленко"
    assert parsed.records[0].values["residence_region"] == "UA-65"
    assert parsed.details["delimiter"] == delimiter


def test_csv_formula_cell_is_an_error(tmp_path: Path) -> None:
    row = ["A-1", "=cmd|' /C calc'!A0", "Олександр", "", "", ""]
    parsed = load_canonical(b.csv_file(tmp_path / "list.csv", [b.HEADER, row]))
    assert [(p.row, p.column) for p in parsed.errors] == [(2, "Прізвище")]


def test_no_id_column_uses_row_numbers(tmp_path: Path) -> None:
    parsed = _list(tmp_path, b.HEADER[1:], b.ROW[1:])
    assert parsed.records[0].values["record_id"] == "row-2"
    assert [p.message for p in parsed.warnings] == [
        "no record id column: row numbers are used as ids"]


def test_problem_text_names_file_row_column_and_value(tmp_path: Path) -> None:
    parsed = _list(tmp_path, b.HEADER, ["A-1", "Коваленко", "Олександр", "31.02.1980", None, None])
    assert str(parsed.errors[0]) == (
        "list.xlsx, row 2, column 'Дата народження': no such date (value '31.02.1980')")


@pytest.mark.parametrize(("header", "value", "column", "word"), [
    ("Дата нар.", "1980", "date_of_birth", "the words «дата», «нар»"),
    ("Дата нарождення", "1980", "date_of_birth", "«нарождення» read as a misspelling"),
    ("Громадяньство", "Україна", "citizenship", "the words «громадяньство»"),
    ("Прізв.", "Коваленко", "surname", "«прізв» read as an abbreviation"),
    ("Місце утрим.", "СІЗО-1 Донецьк", "held_at", "the words «місце», «утрим»"),
    ("Місце народж.", "Херсон", "place_of_birth", "the words «місце», «народж»"),
])
def test_abbreviated_or_misspelt_header_is_read_and_says_how(tmp_path: Path, header: str,
                                                             value: str, column: str,
                                                             word: str) -> None:
    parsed = _list(tmp_path, ["Код", "Ім'я", header], ["A-1", "Олег", value])
    assert parsed.mapping[header] == column
    assert parsed.ok
    reading = next(r for r in parsed.readings if r.label == header)
    assert word in reading.evidence


def test_a_misspelt_header_of_free_text_is_only_suggested(tmp_path: Path) -> None:
    parsed = _list(tmp_path, ["Код", "Ім'я", "Place of birh"], ["A-1", "Олег", "Kherson"])
    assert parsed.unknown_headers == ["Place of birh"]
    reading = next(r for r in parsed.readings if r.label == "Place of birh")
    assert (reading.column, reading.suggestion) == (None, "place_of_birth")


def test_an_abbreviation_and_the_full_header_side_by_side_are_left_to_the_user(
        tmp_path: Path) -> None:
    parsed = _list(tmp_path, ["Код", "Прізвище", "Прізв."], ["A-1", "Коваленко", "Коваленко"])
    assert set(parsed.unknown_headers) == {"Прізвище", "Прізв."}
    assert not parsed.ok


@pytest.mark.parametrize("header", ["Дата", "Телефон родини", "Колонка 7"])
def test_unclear_header_is_not_named_by_its_words(header: str) -> None:
    assert best_by_words(header) is None


@pytest.mark.parametrize(("header", "column"), [
    ("Прiзвище", "surname"),  # Latin i
    ("Pегіон", "residence_region"),  # Latin P
    ("Citizenshiр", "citizenship"),  # Cyrillic р in an English header
])
def test_mixed_script_header_is_recognised(header: str, column: str) -> None:
    assert best_by_words(header) == column


def test_excel_sep_hint_line_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("sep=;\r\n" + ";".join(b.HEADER) + "\r\n" + ";".join(b.ROW) + "\r\n",
                    encoding="utf-8")
    parsed = load_canonical(path)
    assert parsed.ok
    assert parsed.header_row == 2
    assert parsed.records[0].row_number == 3


def test_repeated_header_row_is_skipped(tmp_path: Path) -> None:
    rows = [b.HEADER, b.ROW, b.HEADER, ["A-2", "Шевченко", "Тарас", None, None, None]]
    parsed = load_canonical(b.xlsx(tmp_path / "list.xlsx", rows))
    assert [r.row_number for r in parsed.records] == [2, 4]
    assert [(p.row, p.message) for p in parsed.problems] == [(3, "repeated header row skipped")]


def test_explicit_column_names_are_forgiving(tmp_path: Path) -> None:
    parsed = _list(tmp_path, [*b.HEADER, "Коментар"], [*b.ROW, "x"],
                   explicit_map=["Коментар= Notes ", "Регіон=Detained where"])
    assert parsed.mapping["Коментар"] == "notes"
    assert parsed.mapping["Регіон"] == "detained_where"


def test_given_name_and_patronymic_in_one_cell_are_split(tmp_path: Path) -> None:
    parsed = _list(tmp_path, ["Код", "Прізвище", "Ім'я та по батькові"],
                   ["A-1", "Коваленко", "Олександр Іванович"], ["A-2", "Бойко", "Ірина"])
    first, second = (r.values for r in parsed.records)
    assert (first["given_name"], first["patronymic"]) == ("Олександр", "Іванович")
    assert (second["given_name"], second["patronymic"]) == ("Ірина", None)
    assert [p.message for p in parsed.warnings] == [
        "the patronymic was moved out of the given-name cell"]
