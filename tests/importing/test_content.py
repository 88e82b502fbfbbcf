"""The column-contents signal on its own: what a column's values say it holds."""

from __future__ import annotations

import datetime as dt

import pytest

from exchange.importing.content import content_score
from exchange.importing.profile import profile_column

TODAY = dt.date(2025, 6, 1)


def _score(column: str, values: list[object]) -> float:
    return content_score(column, profile_column(values, TODAY), TODAY)[0]


def _best(values: list[object], among: tuple[str, ...]) -> str:
    return max(among, key=lambda c: _score(c, values))


BIRTHS = ["12.03.1961", "1975", "04.11.1988 р.", "15 березня 1957", dt.datetime(1990, 1, 2),
          "1983 г.р.", "March 15, 1969"] * 3
ARRESTS = ["12.03.2022", "2023-05-04", "04.11.2016", "26 лютого 2022", dt.datetime(2024, 1, 2),
           "2019"] * 3
PATRONYMICS = ["Іванович", "Петрівна", "Сергеевич", "Олександрович", "Миколаївна", None] * 3
GIVEN = ["Олена", "Тарас", "Сергій", "Андрей", "Ірина", "Микола"] * 3
SURNAMES = ["Коваль", "Бондаренко", "Мельничук", "Ткач", "Гордієнко", "Лисенко"] * 3
FULL = ["Коваль Олена Іванівна", "Ткач Тарас", "Андрей Лысенко", "Гордієнко Ірина Петрівна",
        "Olena Koval", "Мельничук О. М."] * 3
IDS = [f"K-{n:03d}" for n in range(1, 19)]
SERIAL = [str(n) for n in range(1, 19)]
CUSTODY = ["СІЗО-2 Херсон", "ИК-6 Торез", "colony no. 4, Mordovia", "невідомо",
           "ізолятор тимчасового тримання, Мелітополь", "SIZO-1 Simferopol"] * 3
TOWNS = ["Каховка", "Енергодар", "Нова Маячка", "Kherson", "Армянськ", "Скадовськ"] * 3
YES_NO = ["так", "ні", "Ні", "так", None, "ні"] * 3


@pytest.mark.parametrize(("values", "among", "column"), [
    (BIRTHS, ("date_of_birth", "detained_on", "released_on"), "date_of_birth"),
    (ARRESTS, ("date_of_birth", "detained_on"), "detained_on"),
    (PATRONYMICS, ("patronymic", "given_name", "surname", "full_name"), "patronymic"),
    (GIVEN, ("given_name", "surname", "patronymic", "full_name"), "given_name"),
    (SURNAMES, ("surname", "given_name", "patronymic", "full_name"), "surname"),
    (FULL, ("full_name", "given_name", "surname", "patronymic"), "full_name"),
    (CUSTODY, ("held_at", "detained_where", "place_of_birth"), "held_at"),
    (TOWNS, ("detained_where", "held_at"), "detained_where"),
    (IDS, ("record_id", "charges", "notes"), "record_id"),
    (SERIAL, ("record_id", "charges"), "record_id"),
    (["ч.1 ст.280.3", "205.5 ч.2", "Art. 276", "ст. 110.2; ст. 30, 278"] * 4,
     ("charges", "record_id", "sentence"), "charges"),
    (["Херсонщина", "Kharkiv oblast", "АР Крим", "Запорожская обл.", "UA-14"] * 4,
     ("residence_region", "citizenship", "notes"), "residence_region"),
    (["Україна", "Ukraine; Russia", "Грузия", "особа без громадянства"] * 4,
     ("citizenship", "residence_region"), "citizenship"),
    (["8 років", "12 лет", "life", "довічне", "4 years 6 months"] * 4,
     ("sentence", "notes", "charges"), "sentence"),
])
def test_values_point_to_their_column(values: list[object], among: tuple[str, ...],
                                      column: str) -> None:
    assert _best(values, among) == column


@pytest.mark.parametrize(("values", "column"), [
    (["цивільний", "військовополонений", "ТрО"] * 5, "person_status"),
    (["засуджена", "under investigation", "обвиняемый", "без статусу"] * 4, "legal_status"),
    (["утримується", "released", "обміняний", "помер"] * 4, "release_status"),
])
def test_a_status_column_is_told_apart_by_its_words(values: list[str], column: str) -> None:
    statuses = ("person_status", "legal_status", "release_status")
    assert _best(values, statuses) == column
    assert _score(column, values) > 0.9
    assert all(_score(other, values) < 0 for other in statuses if other != column)


def test_yes_no_words_fit_every_yes_no_column_and_contradict_a_place() -> None:
    assert _score("held_incommunicado", YES_NO) == _score("health_concern", YES_NO) > 0.9
    assert _score("held_at", YES_NO) < -0.5


def test_values_of_another_kind_count_against_a_column() -> None:
    assert _score("surname", BIRTHS) < -0.5  # dates under a name header
    assert _score("notes", BIRTHS) < 0


def test_ids_must_be_unique() -> None:
    assert _score("record_id", ["A-1", "A-1", "A-2", "A-2"] * 5) < 0


def test_few_values_count_little_against_a_column() -> None:
    assert -0.3 < _score("date_of_birth", ["2023"]) < 0  # one odd value is not a pattern
    assert _score("date_of_birth", ["2023"] * 40) < -0.8


def test_an_empty_column_says_nothing() -> None:
    assert content_score("notes", profile_column([None, ""], TODAY), TODAY) == (
        0.0, (("no values", {}),))
