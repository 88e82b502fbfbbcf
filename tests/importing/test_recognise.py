"""Headers read as one decision from words and values: traps, ties, layouts never seen.

The layouts are invented for these tests, in Ukrainian, Russian and English, with header
spellings that neither the dev nor the stress lists use.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from exchange.importing import load_canonical
from tests.importing import builders as b

N = 30


def _cycle(values: list[object]) -> list[object]:
    return list(itertools.islice(itertools.cycle(values), N))


def _file(tmp_path: Path, columns: dict[str, list[object]], name: str = "list.xlsx") -> Path:
    """Write a list whose columns are `header: values` (values repeat to fill N rows)."""
    filled = {h: _cycle(v) for h, v in columns.items()}
    rows = [list(columns)] + [[filled[h][i] for h in columns] for i in range(N)]
    return b.xlsx(tmp_path / name, rows)


IDS = [f"R{n:04d}" for n in range(1, N + 1)]
SURNAMES = ["Коваль", "Бондаренко", "Мельничук", "Ткач", "Гордієнко", "Лисенко", "Савчук"]
GIVEN_UK = ["Олена", "Тарас", "Сергій", "Ірина", "Микола", "Андрій", "Оксана"]
PATRONYMICS = ["Іванович", "Петрівна", "Сергійович", "Олександрович", "Миколаївна", None]
FULL_LATIN = ["Olena Koval", "Taras Tkach", "Iryna Lysenko", "Serhii Savchuk", "Andrii Melnyk"]
BIRTHS = ["12.03.1961", "1975", "04.11.1988", "15 березня 1957 р.", "1983", None]
ARRESTS = ["12.03.2022", "04.05.2023", "26.02.2022", "2016", "14 серпня 2022 р."]
STATUS_PERSON = ["цивільний", "військовополонений", "ТрО", "цивільна"]
STATUS_LEGAL = ["засуджений", "обвинувачений", "без статусу", "підозрюваний"]
STATUS_RELEASE = ["утримується", "утримується", "звільнений", "обміняний"]


def _read(parsed) -> dict[str, str | None]:
    return {r.label: r.column for r in parsed.readings}


def test_trap_patronymic_is_not_a_given_name(tmp_path: Path) -> None:
    parsed = load_canonical(_file(tmp_path, {
        "Код": IDS, "Прізвище": SURNAMES, "Ім'я": GIVEN_UK, "Ім'я по батькові": PATRONYMICS}))
    assert _read(parsed)["Ім'я по батькові"] == "patronymic"
    assert parsed.records[0].values["patronymic"] == "Іванович"


def test_trap_given_name_and_patronymic_in_one_cell(tmp_path: Path) -> None:
    pairs = ["Олена Петрівна", "Тарас Іванович", "Сергій Сергійович", "Ірина"]
    parsed = load_canonical(_file(tmp_path, {"Код": IDS, "Прізвище": SURNAMES,
                                             "Ім'я, по батькові": pairs}))
    assert _read(parsed)["Ім'я, по батькові"] == "given_name"
    assert (parsed.records[0].values["given_name"], parsed.records[0].values["patronymic"]) \
        == ("Олена", "Петрівна")


@pytest.mark.parametrize(("values", "column"), [
    (FULL_LATIN, "full_name"),  # "Name" holding whole names
    (["Olena", "Taras", "Iryna", "Serhii", "Andrii"], "given_name"),  # ... or given names
])
def test_trap_a_header_just_saying_name_is_read_by_its_values(tmp_path: Path, values,
                                                             column: str) -> None:
    for header in ("Name", "Name (as on the ID card)"):
        parsed = load_canonical(_file(tmp_path, {"No": IDS, header: values}))
        assert _read(parsed)[header] == column


@pytest.mark.parametrize(("values", "column"), [
    (STATUS_PERSON, "person_status"), (STATUS_LEGAL, "legal_status"),
    (STATUS_RELEASE, "release_status"),
    (["civilian", "POW", "volunteer"], "person_status"),
    (["convicted", "on trial", "no charges"], "legal_status"),
    (["in custody", "freed", "swapped", "died"], "release_status"),
])
def test_trap_status_is_told_apart_by_its_values(tmp_path: Path, values, column: str) -> None:
    for header in ("Статус", "Status"):
        parsed = load_canonical(_file(tmp_path, {"Код": IDS, "ПІБ": FULL_LATIN, header: values}))
        assert _read(parsed)[header] == column


def test_three_status_columns_in_one_list(tmp_path: Path) -> None:
    parsed = load_canonical(_file(tmp_path, {
        "Код": IDS, "ПІБ": FULL_LATIN, "Статус": STATUS_LEGAL, "Стан": STATUS_RELEASE,
        "Статус особи": STATUS_PERSON}))
    assert {h: c for h, c in _read(parsed).items() if h.startswith("Ста")} == {
        "Статус": "legal_status", "Стан": "release_status", "Статус особи": "person_status"}


def test_status_with_values_of_no_list_is_left_to_the_user(tmp_path: Path) -> None:
    parsed = load_canonical(_file(tmp_path, {"Код": IDS, "ПІБ": FULL_LATIN,
                                             "Статус": ["A", "B", "C"]}))
    assert parsed.unknown_headers == ["Статус"]
    reading = parsed.readings[-1]
    assert (reading.column, reading.sureness) == (None, "low")
    assert not parsed.ok


def test_a_date_column_with_no_words_is_suggested_never_applied(tmp_path: Path) -> None:
    parsed = load_canonical(_file(tmp_path, {"Код": IDS, "ПІБ": FULL_LATIN, "Колонка 3": BIRTHS}))
    reading = next(r for r in parsed.readings if r.label == "Колонка 3")
    assert (reading.column, reading.suggestion) == (None, "date_of_birth")


def test_an_explicit_or_saved_choice_wins_over_the_reading(tmp_path: Path) -> None:
    path = _file(tmp_path, {"Код": IDS, "ПІБ": FULL_LATIN, "Дата затримання": ARRESTS})
    explicit = load_canonical(path, explicit_map={"Дата затримання": "released_on"})
    saved = load_canonical(path, saved_map={"Дата затримання": "released_on"})
    for parsed, source in ((explicit, "explicit"), (saved, "saved")):
        reading = next(r for r in parsed.readings if r.label == "Дата затримання")
        assert (reading.column, reading.source, reading.sureness) == (
            "released_on", source, "certain")


def test_each_column_goes_to_one_header_at_most(tmp_path: Path) -> None:
    parsed = load_canonical(_file(tmp_path, {
        "Код": IDS, "ПІБ": FULL_LATIN, "Дата народження": BIRTHS, "Дата нар.": BIRTHS}))
    assert set(parsed.unknown_headers) == {"Дата народження", "Дата нар."}
    assert "date_of_birth" not in parsed.mapping.values()


LAYOUTS = {
    "uk": {
        "Обліковий №": (IDS, "record_id"),
        "Прізвище затриманого": (SURNAMES, "surname"),
        "Власне ім'я особи": (GIVEN_UK, "given_name"),
        "По батькові (за наявності)": (PATRONYMICS, "patronymic"),
        "Стать (чол/жін)": (["чол", "жін", "чол"], "sex"),
        "Рік/дата народження": (BIRTHS, "date_of_birth"),
        "Країна громадянства": (["Україна", "Україна; Росія", "особа без громадянства"],
                                "citizenship"),
        "Область, де мешкала особа": (["Херсонська обл.", "Запорізька", "АР Крим"],
                                      "residence_region"),
        "Дата арешту": (ARRESTS, "detained_on"),
        "Місце захоплення": (["Каховка", "Енергодар", "Нова Маячка", "Скадовськ"],
                             "detained_where"),
        "Місце тримання зараз": (["СІЗО-2 Херсон", "ВК-6 Торез", "невідомо"], "held_at"),
        "Правовий стан": (STATUS_LEGAL, "legal_status"),
        "Інкриміновані ст. КК РФ": (["ч.1 ст.280.3", "205.5 ч.2", "ст. 276"], "charges"),
        "Термін ув'язнення": (["8 років", "12 років", None], "sentence"),
        "Загроза здоров'ю (так/ні)": (["так", "ні", "ні"], "health_concern"),
        "Примітки та джерела": (["дані родини", None, None, "зв'язку немає з 2023"], "notes"),
    },
    "ru": {
        "Номер карточки": (IDS, "record_id"),
        "Ф.И.О. полностью": (["Коваль Елена Ивановна", "Ткач Тарас Петрович",
                              "Лысенко Ирина Сергеевна"], "full_name"),
        "Пол (м/ж)": (["м", "ж", "м"], "sex"),
        "Год рожд.": (["1961", "1975 г.", "1988", "15 марта 1957 г."], "date_of_birth"),
        "Место рождения (город)": (["Ташкент", "Херсон", "Мелитополь"], "place_of_birth"),
        "Гражданство (страна)": (["Украина", "Украина / Россия"], "citizenship"),
        "Регион (область)": (["Херсонская обл.", "Республика Крым", "Донецкая область"],
                             "residence_region"),
        "Дата ареста": (ARRESTS, "detained_on"),
        "Где содержится": (["СИЗО-1 Симферополь", "ИК-1 Ростов-на-Дону", "неизвестно"],
                           "held_at"),
        "Вид учреждения": (["СИЗО", "колония", "СИЗО", "неизвестно"], "facility_type"),
        "Категория лица": (["гражданский", "военнопленный", "доброволец"], "person_status"),
        "Процессуальное положение": (["осужден", "обвиняемый", "подозреваемый"],
                                     "legal_status"),
        "Вменяемые статьи": (["ч.2 ст.205.5", "ст.275", "ч.1 ст.280.3"], "charges"),
        "Обвиняется в военных преступлениях?": (["да", "нет", "нет"], "war_crime_accusation"),
        "Текущее положение": (["под стражей", "освобожден", "под стражей"], "release_status"),
        "Дополнительные сведения": (["связи нет", None, None], "notes"),
    },
    "en": {
        "Case ID": (IDS, "record_id"),
        "Full name of the detainee": (FULL_LATIN, "full_name"),
        "Gender (M/F)": (["M", "F", "M"], "sex"),
        "Birth date (dd/mm/yyyy)": (["12/03/1961", "1975", "March 15, 1957", "02 May 1990"],
                                    "date_of_birth"),
        "Citizenship(s)": (["Ukraine", "Ukraine; Russia", "stateless"], "citizenship"),
        "Place of residence": (["Kherson oblast", "Crimea", "Zaporizhzhia region"],
                               "residence_region"),
        "Arrest date": (["2022-03-12", "2023-05-04", "2016-11-04"], "detained_on"),
        "Place of arrest": (["Kakhovka", "Enerhodar", "Skadovsk"], "detained_where"),
        "Where held now": (["SIZO-2 Kherson", "IK-6 Torez", "whereabouts unknown"], "held_at"),
        "Prisoner category": (["civilian", "POW", "volunteer formation"], "person_status"),
        "Legal situation": (["convicted", "accused", "no status"], "legal_status"),
        "Articles charged": (["Art. 205.5(2)", "Art. 276", "Art. 280.3(1)"], "charges"),
        "Sentence (years)": (["8 years", "12 years", None], "sentence"),
        "No contact with family": (["yes", "no", "no"], "held_incommunicado"),
        "Status now": (["detained", "released", "detained"], "release_status"),
        "Other information": (["family informed", None, None], "notes"),
    },
}


@pytest.mark.parametrize("language", sorted(LAYOUTS))
def test_a_layout_never_seen_is_read_on_first_sight(tmp_path: Path, language: str) -> None:
    layout = LAYOUTS[language]
    parsed = load_canonical(_file(tmp_path, {h: v for h, (v, _) in layout.items()}))
    assert _read(parsed) == {h: column for h, (_, column) in layout.items()}
    assert parsed.ok, [str(p) for p in parsed.errors[:3]]
