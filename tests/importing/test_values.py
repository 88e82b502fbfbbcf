"""Cell values normalised to the canonical forms of record-format.md (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from exchange.importing.names import NameParts, split_full_name
from exchange.importing.text import repair_mixed_script
from exchange.importing.values import normalise_value
from exchange.importing.values_base import BadValue, Notes

TODAY = dt.date(2025, 3, 1)


def norm(column: str, raw: object) -> tuple[str | None, list[str]]:
    notes = Notes()
    return normalise_value(column, raw, notes, today=TODAY), notes.warnings


@pytest.mark.parametrize(("raw", "expected"), [
    ("01.02.1985", "1985-02-01"),
    ("1.2.1985", "1985-02-01"),
    ("01/02/1985", "1985-02-01"),
    ("1985-02-01", "1985-02-01"),
    ("1985-02-01 00:00:00", "1985-02-01"),
    ("1985-02", "1985-02"),
    ("02.1985", "1985-02"),
    ("1985", "1985"),
    ("1985 р.", "1985"),
    ("1985 г.р.", "1985"),
    ("1985 г. р.", "1985"),
    ("1985 року", "1985"),
    ("16.01.78", "1978-01-16"),
    ("16.01.05", "2005-01-16"),
    (dt.datetime(1999, 7, 1), "1999-07-01"),
    (dt.date(1999, 7, 1), "1999-07-01"),
    (31048, "1985-01-01"),
    (31048.0, "1985-01-01"),
    (1985, "1985"),
    ("  ", None),
    (None, None),
])
def test_dates(raw: object, expected: str | None) -> None:
    assert norm("date_of_birth", raw)[0] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # Ukrainian: genitive, nominative, locative, abbreviated; р. / року
    ("15 березня 1957 р.", "1957-03-15"), ("15 березня 1957 року", "1957-03-15"),
    ("3 ЛИСТОПАДА 1990", "1990-11-03"), ("березень 1957", "1957-03"),
    ("у березні 1957 р.", "1957-03"), ("15 бер. 1957", "1957-03-15"), ("7 груд 61", "1961-12-07"),
    # Russian: genitive, nominative, abbreviated; г. / года
    ("15 марта 1957 г.", "1957-03-15"), ("15 марта 1957 года", "1957-03-15"),
    ("1 сентября 1939", "1939-09-01"), ("сент. 1975", "1975-09"), ("02 янв 1980", "1980-01-02"),
    ("май 1968 г.", "1968-05"),
    # English: both orders, abbreviations, ordinals
    ("02 March 1991", "1991-03-02"), ("March 15, 1957", "1957-03-15"),
    ("15-Mar-1957", "1957-03-15"), ("Sept 3, 1975", "1975-09-03"),
    ("15th March 1957", "1957-03-15"), ("March 1957", "1957-03"), ("1957 March 15", "1957-03-15"),
])
def test_dates_with_month_names(raw: str, expected: str) -> None:
    assert norm("date_of_birth", raw) == (expected, [])


@pytest.mark.parametrize(("raw", "message"), [
    ("31 лютого 1990", "no such date"),  # the same checks as numeric dates
    ("15 травня 2030", "in the future"),
    ("15 March", "not a date"),  # no year: not a date
    ("March 57", "not a date"),  # a lone two-digit number is no year
    ("15 березня 1957 або 1958", "not a date"),
])
def test_bad_dates_with_month_names(raw: str, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        norm("date_of_birth", raw)


def test_today_is_not_in_the_future() -> None:
    assert norm("detained_on", "01.03.2025")[0] == "2025-03-01"


@pytest.mark.parametrize(("raw", "message"), [
    ("31.02.1985", "no such date"),
    ("13.13.1985", "no such month"),
    ("next spring", "not a date"),
    ("1850", "not plausible"),
    ("02.04.2025", "in the future"),
    ("2025-04", "in the future"),
    ("2026", "in the future"),
])
def test_bad_dates(raw: str, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        norm("detained_on", raw)


def test_swapped_day_and_month_is_repaired_with_a_warning() -> None:
    value, warnings = norm("date_of_birth", "03/25/1985")
    assert value == "1985-03-25"
    assert warnings == ["day and month look swapped: read as month/day/year"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Україна", "UA"), ("Украина", "UA"), ("Ukraine", "UA"), ("UA", "UA"),
    ("Україна, РФ", "UA;RU"), ("Ukraine / Russia", "UA;RU"), ("Украина; Россия", "UA;RU"),
    ("UA;RU", "UA;RU"), ("Україна та Росія", "UA;RU"),
    ("Великобританія", "GB"), ("Велика Британія", "GB"), ("United Kingdom", "GB"),
    ("Швеція", "SE"), ("Марокко", "MA"), ("Грузія", "GE"), ("USA", "US"), ("США", "US"),
    ("stateless", "stateless"), ("особа без громадянства", "stateless"),
    ("лицо без гражданства", "stateless"),
])
def test_citizenship(raw: str, expected: str) -> None:
    assert norm("citizenship", raw)[0] == expected


@pytest.mark.parametrize("raw", ["Атлантида", "Україна; stateless"])
def test_bad_citizenship(raw: str) -> None:
    with pytest.raises(BadValue):
        norm("citizenship", raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("АР Крим", "UA-43"), ("Автономна Республіка Крим", "UA-43"), ("Республика Крым", "UA-43"),
    ("Crimea", "UA-43"), ("Крим", "UA-43"),
    ("м. Севастополь", "UA-40"), ("Sevastopol city", "UA-40"), ("г. Севастополь", "UA-40"),
    ("Донецька обл.", "UA-14"), ("Донеччина", "UA-14"), ("Donetsk region", "UA-14"),
    ("Donetska", "UA-14"), ("Донецкая область", "UA-14"),
    ("Луганщина", "UA-09"), ("Luhansk oblast", "UA-09"),
    ("Запорізька область", "UA-23"), ("Zaporizhzhia region", "UA-23"),
    ("Запорожская обл.", "UA-23"),
    ("Херсонщина", "UA-65"), ("Kherson oblast", "UA-65"),
    ("м. Київ", "UA-30"), ("Kyiv city", "UA-30"), ("Київська обл.", "UA-32"),
    ("Kyiv oblast", "UA-32"), ("Николаевская обл.", "UA-48"), ("UA-65", "UA-65"),
])
def test_regions(raw: str, expected: str) -> None:
    assert norm("residence_region", raw)[0] == expected


def test_misspelt_region_is_read_with_a_warning() -> None:
    value, warnings = norm("residence_region", "Хресонська область")
    assert value == "UA-65"
    assert warnings
    assert "read as UA-65" in warnings[0]


@pytest.mark.parametrize("raw", ["Марс", "UA-99"])
def test_unknown_region(raw: str) -> None:
    with pytest.raises(BadValue):
        norm("residence_region", raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("так", "yes"), ("Ні", "no"), ("да", "yes"), ("НЕТ", "no"), ("true", "yes"),
    ("False", "no"), ("1", "yes"), ("0", "no"), ("+", "yes"), ("-", "no"), ("Yes", "yes"),
    (1, "yes"), (0.0, "no"),
])
def test_yes_no(raw: object, expected: str) -> None:
    assert norm("health_concern", raw)[0] == expected


def test_bad_yes_no() -> None:
    with pytest.raises(BadValue, match="yes/no"):
        norm("health_concern", "maybe")


@pytest.mark.parametrize(("column", "raw", "expected"), [
    ("sex", "ч", "M"), ("sex", "ж", "F"), ("sex", "м", "M"), ("sex", "Female", "F"),
    ("person_status", "цивільний", "civilian"), ("person_status", "военнопленный", "military"),
    ("person_status", "POW", "military"),
    ("person_status", "ТрО / добровольче формування", "formation_member"),
    ("person_status", "доброволец (ТрО)", "formation_member"),
    ("legal_status", "без статусу", "none"), ("legal_status", "осужден", "convicted"),
    ("legal_status", "відбував покарання до окупації", "serving_sentence_before_occupation"),
    ("release_status", "звільнений (обмін)", "exchanged"),
    ("release_status", "помер в ув'язненні", "deceased"),
    ("release_status", "под стражей", "detained"),
    ("facility_type", "pre-trial", "pretrial"), ("facility_type", "secret prison", "secret_prison"),
    ("signs", "expression; profession", "expression;profession"),
    ("pace_criteria", "A, C", "a;c"), ("pace_criteria", "b;e;b", "b;e"),
    ("pace_criteria", "ac", "a;c"), ("pace_criteria", "а/с", "a;c"),
])
def test_choices(column: str, raw: str, expected: str) -> None:
    assert norm(column, raw)[0] == expected


@pytest.mark.parametrize(("column", "raw"), [
    ("sex", "X"), ("person_status", "astronaut"), ("pace_criteria", "f"),
])
def test_bad_choices(column: str, raw: str) -> None:
    with pytest.raises(BadValue):
        norm(column, raw)


@pytest.mark.parametrize(("raw", "expected"), [
    ("ст. 205.5 ч.2 УК РФ", "205.5 ч.2"),
    ("Art. 208 part 2", "208 ч.2"),
    ("205.5; 278", "205.5; 278"),
    ("ч. 2 ст. 205.5; ч.1 ст.30, ст. 278 КК РФ", "205.5 ч.2; 30 ч.1, 278"),
    ("Art. 205.5(2); Art. 278", "205.5 ч.2; 278"),
])
def test_charges(raw: str, expected: str) -> None:
    assert norm("charges", raw)[0] == expected


def test_bad_charges() -> None:
    with pytest.raises(BadValue):
        norm("charges", "хуліганство")


@pytest.mark.parametrize(("raw", "expected"), [
    ("Kовaленко", "Коваленко"),  # Latin K and a typed into a Cyrillic name
    ("Ceргій", "Сергій"),
    ("Kovalеnko", "Kovalenko"),  # a Cyrillic е typed into a Latin name
    ("Koвalenko", "Koвalenko"),  # в has no Latin look-alike: left as written
    ("Olexandr", "Olexandr"),
    ("Іван-Petro", "Іван-Petro"),  # whole words in different scripts are not slips
])
def test_mixed_script_repair(raw: str, expected: str) -> None:
    fixed, _ = repair_mixed_script(raw)
    assert fixed == expected


def test_mixed_script_name_is_reported() -> None:
    value, warnings = norm("surname", "Kовaленко")
    assert value == "Коваленко"
    assert warnings == ["mixed Latin and Cyrillic letters repaired in Kовaленко"]


@pytest.mark.parametrize(("full", "parts"), [
    ("Коваленко Олександр Іванович", ("Коваленко", "Олександр", "Іванович")),
    ("Коваленко Олександр", ("Коваленко", "Олександр", None)),
    ("Коваленко О.І.", ("Коваленко", "О.", "І.")),
    ("Коваленко О. І.", ("Коваленко", "О.", "І.")),
    ("О.І. Коваленко", ("Коваленко", "О.", "І.")),
    ("Олександр Іванович Коваленко", ("Коваленко", "Олександр", "Іванович")),
    ("КОВАЛЕНКО Олександр", ("КОВАЛЕНКО", "Олександр", None)),
    ("Oleksandr Kovalenko", ("Kovalenko", "Oleksandr", None)),
    ("Oleksandr Ivanovych Kovalenko", ("Kovalenko", "Oleksandr", "Ivanovych")),
    ("KOVALENKO Oleksandr", ("KOVALENKO", "Oleksandr", None)),
    ("Kovalenko, Oleksandr", ("Kovalenko", "Oleksandr", None)),
    ("A.B. Popov", ("Popov", "A.", "B.")),
    ("Абдуллаєв Емір-Усеїн Серверович", ("Абдуллаєв", "Емір-Усеїн", "Серверович")),
    ("Коваленко", ("Коваленко", None, None)),
])
def test_full_name_split(full: str, parts: tuple) -> None:
    assert split_full_name(full, Notes()) == NameParts(*parts)


def test_file_order_decides_names_without_evidence() -> None:
    from exchange.importing.names import GIVEN_FIRST, SURNAME_FIRST, file_name_order

    surname_first = ["Kovalenko Oleksandr Ivanovych", "Boiko I.P.", "SHEVCHENKO Taras",
                     "Melnyk Olha Petrivna", "Tkachenko Andrii Olehovych", "Moroz Ivan"]
    assert file_name_order(surname_first) == SURNAME_FIRST
    assert split_full_name("Moroz Ivan", Notes(), SURNAME_FIRST) == NameParts("Moroz", "Ivan", None)
    assert split_full_name("Moroz Ivan", Notes()) == NameParts("Ivan", "Moroz", None)
    given_first = ["A.B. Popov", "Aider Anatoliiovych Ametov", "Olha KOVAL", "I. Boiko",
                   "Taras Shevchenko", "Petro Ivanovych Melnyk"]
    assert file_name_order(given_first) == GIVEN_FIRST
    assert file_name_order(["Moroz Ivan", "Ivan Moroz"]) is None


@pytest.mark.parametrize(("column", "raw", "expected"), [
    ("residence_region", "Хeрсонська обл.", "UA-65"),  # Latin e
    ("citizenship", "Укрaїна", "UA"),  # Latin a
    ("person_status", "цивiльний", "civilian"),  # Latin i
])
def test_mixed_script_lookups(column: str, raw: str, expected: str) -> None:
    assert norm(column, raw)[0] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("00.00.1985", "1985"), ("00.05.1985", "1985-05"), ("??.??.1985", "1985"),
    ("xx.05.1985", "1985-05"), ("хх.хх.1985", "1985"),
])
def test_unknown_day_or_month_gives_a_partial_date(raw: str, expected: str) -> None:
    assert norm("date_of_birth", raw)[0] == expected
