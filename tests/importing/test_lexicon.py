"""The header-words signal on its own: invented headers in three languages, phrases, brackets.

Every header here is invented for these tests (none is a header of the dev or stress lists):
they check that the word list generalises, not that it knows a list.
"""

from __future__ import annotations

import pytest

from exchange.importing.header_rules import best_by_words, word_scores
from exchange.importing.lexicon import read_words

INVENTED = [
    ("Обліковий №", "record_id"), ("Ідентифікаційний номер", "record_id"),
    ("Шифр справи", "record_id"), ("Case ID", "record_id"), ("Entry #", "record_id"),
    ("Номер записи", "record_id"),
    ("Прізвище (укр.)", "surname"), ("Last name (Latin)", "surname"),
    ("Surname / Прізвище", "surname"),
    ("Ім'я (за паспортом)", "given_name"), ("First name(s)", "given_name"),
    ("Forename", "given_name"),
    ("По батькові (за наявності)", "patronymic"), ("Отчество (если есть)", "patronymic"),
    ("Middle name / patronymic", "patronymic"),
    ("Ф.И.О. полностью", "full_name"), ("Full name of the detainee", "full_name"),
    ("Прізвище та ім'я", "full_name"),
    ("Gender (M/F)", "sex"), ("Пол (м/ж)", "sex"), ("Стать особи", "sex"),
    ("Рік народження", "date_of_birth"), ("Год рожд.", "date_of_birth"),
    ("Birth date (dd/mm/yyyy)", "date_of_birth"), ("Дата нар-ня", "date_of_birth"),
    ("Year of birth", "date_of_birth"),
    ("Місце народження (населений пункт)", "place_of_birth"),
    ("Место рождения (город)", "place_of_birth"), ("Birthplace", "place_of_birth"),
    ("Town of birth", "place_of_birth"),
    ("Країна громадянства", "citizenship"), ("Гражданство (страна)", "citizenship"),
    ("Citizenship(s)", "citizenship"),
    ("Регион (область)", "residence_region"), ("Place of residence", "residence_region"),
    ("Адреса проживання (область)", "residence_region"),
    ("Дата арешту", "detained_on"), ("Дата задержания/ареста", "detained_on"),
    ("Arrest date", "detained_on"), ("When captured", "detained_on"),
    ("Дата захоплення в полон", "detained_on"),
    ("Місце захоплення", "detained_where"), ("Где задержан", "detained_where"),
    ("Place of arrest", "detained_where"),
    ("Місце тримання зараз", "held_at"), ("Где содержится", "held_at"),
    ("Where held now", "held_at"), ("Last known location", "held_at"),
    ("Place of imprisonment", "held_at"),
    ("Вид установи", "facility_type"), ("Тип учреждения", "facility_type"),
    ("Facility category", "facility_type"),
    ("Без зв'язку з родиною", "held_incommunicado"), ("Содержится без связи", "held_incommunicado"),
    ("Правовий стан", "legal_status"), ("Процессуальное положение", "legal_status"),
    ("Legal situation", "legal_status"), ("Stage of the case", "legal_status"),
    ("Вменяемые статьи", "charges"), ("Articles charged", "charges"),
    ("Статті обвинувачення (КК РФ)", "charges"), ("Ст. УК РФ", "charges"),
    ("Charges under the RF Criminal Code", "charges"),
    ("Насильницький злочин (так/ні)", "violent_offence"), ("Є потерпілі?", "offence_has_victims"),
    ("Accused of war crimes", "war_crime_accusation"),
    ("Обвинувачення у воєнних злочинах", "war_crime_accusation"),
    ("Термін ув'язнення", "sentence"), ("Срок наказания", "sentence"),
    ("Sentence (years)", "sentence"),
    ("Загроза життю/здоров'ю", "health_concern"), ("Проблемы со здоровьем", "health_concern"),
    ("Health problems", "health_concern"),
    ("Стан на сьогодні", "release_status"), ("Текущее положение", "release_status"),
    ("Release status (current)", "release_status"),
    ("Дата звільнення", "released_on"), ("Date of release", "released_on"),
    ("Статус особи (цивільний/військовий)", "person_status"), ("Категория лица", "person_status"),
    ("Prisoner category", "person_status"),
    ("Примітки та джерела", "notes"), ("Дополнительные сведения", "notes"),
    ("Other information", "notes"), ("Коментарі", "notes"),
]


@pytest.mark.parametrize(("header", "column"), INVENTED)
def test_invented_header_is_named_by_its_words(header: str, column: str) -> None:
    ranked = sorted(word_scores(header).items(), key=lambda kv: kv[1].score, reverse=True)
    assert ranked[0][0] == column


@pytest.mark.parametrize(("header", "concepts"), [
    ("Ім'я по батькові", {"patronymic"}),  # the Ukrainian word for patronymic, not a given name
    ("Ім'я, по батькові", {"given", "patronymic"}),  # a comma separates two things
    ("Прізвище, ім'я, по батькові", {"surname", "given", "patronymic"}),
    ("Прізвище при народженні", {"surname"}),  # the phrase, not "birth"
    ("Обвинувачення у воєнних злочинах", {"charge", "war_crime"}),
    ("Гражданский/военный", {"vals:person_status"}),
    ("Стать", {"sex"}), ("Статья", {"article"}), ("Статус", {"status"}),
])
def test_phrases_and_the_most_specific_word_win(header: str, concepts: set[str]) -> None:
    assert set(read_words(header).main) == concepts


def test_brackets_are_hints_that_confirm_but_never_count_against() -> None:
    words = read_words("Дата народження (дд.мм.рррр)")
    assert words.hints == {"date": 0.9}
    region = word_scores("Регіон (до затримання)")
    assert max(region, key=lambda c: region[c].score) == "residence_region"
    assert region["residence_region"].score >= 0.9  # "(до затримання)" costs nothing


@pytest.mark.parametrize(("header", "word"), [
    ("Народж.", "народж"), ("Обл.", "обл"), ("Прізв.", "прізв."), ("Год рожд.", "рожд"),
    ("Громадяньство", "громадяньство"), ("Нарождення", "нарождення~"),
])
def test_abbreviations_and_misspellings_are_read(header: str, word: str) -> None:
    assert any(w == word for w, _ in read_words(header).read)
    assert read_words(header).unknown == []


@pytest.mark.parametrize(("header", "column"), [
    ("Цивільний/військовий", "person_status"), ("Military or civilian", "person_status"),
    ("M/F", "sex"), ("Ч/Ж", "sex"),
])
def test_a_header_listing_values_of_a_closed_list_names_that_column(header: str,
                                                                    column: str) -> None:
    assert best_by_words(header) == column


def test_one_value_word_is_not_enough() -> None:
    assert "person_status" not in word_scores("Військовий")


def test_acronyms_numbers_and_fillers_are_not_unknown_words() -> None:
    assert read_words("№ КПГ").unknown == []
    assert read_words("Статті КК РФ 2024").unknown == []
    assert read_words("Телефон родини").unknown == ["телефон"]


def test_a_word_the_column_does_not_account_for_lowers_the_score() -> None:
    assert word_scores("Прізвище")["surname"].score > word_scores("Прізвище та ім'я")[
        "surname"].score
    assert word_scores("Type of facility")["facility_type"].score > word_scores(
        "Type of facility")["held_at"].score
