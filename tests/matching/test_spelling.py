"""Names written for people: national Latin, Russian form, derived Ukrainian form, sorting."""

from __future__ import annotations

import pytest

from matching.spelling import (
    national_latin,
    reading_form,
    russian_form,
    sort_key,
    sort_text,
    ukrainian_form,
    ukrainian_from_latin,
)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # The examples of the Cabinet of Ministers' resolution No. 55 (2010).
        ("Олександр Щербак", "Oleksandr Shcherbak"),
        ("Юрій Гнатюк", "Yurii Hnatiuk"),
        ("Ізмаїл", "Izmail"),
        ("Згорани", "Zghorany"),
        ("Розгон", "Rozghon"),
        ("Єнакієве", "Yenakiieve"),
        ("Гаєвич", "Haievych"),
        ("Короп'є", "Koropie"),
        ("Йосипівка", "Yosypivka"),
        ("Стрий", "Stryi"),
        ("Корюківка", "Koriukivka"),
        ("Яготин", "Yahotyn"),
        ("Костянтин", "Kostiantyn"),
        ("Знам’янка", "Znamianka"),
        ("Феодосія", "Feodosiia"),
        ("Марія", "Mariia"),
        ("Їжакевич", "Yizhakevych"),
        ("Кадиївка", "Kadyivka"),
        ("Борщагівка", "Borshchahivka"),
        # case follows the source; each part of a double surname starts a word
        ("ЩЕРБАК", "SHCHERBAK"),
        ("Іванова-Юрченко", "Ivanova-Yurchenko"),
        ("", ""),
    ],
)
def test_national_latin(cyrillic: str, latin: str) -> None:
    assert national_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("latin", "part", "cyrillic"),
    [
        ("Serhii", "given_name", "Сергій"),
        ("Sergey", "given_name", "Сергій"),  # Russian-style Latin, through the name table
        ("Tatyana", "given_name", "Тетяна"),
        ("Olegovich", "patronymic", "Олегович"),
        ("Ibragimov", "surname", "Ібрагімов"),
        ("Hnatiuk", "surname", "Гнатюк"),
        ("Shcherbak", "surname", "Щербак"),
        ("Oleksii", None, "Олексій"),
        ("Mariia", None, "Марія"),
        ("Yosyp", None, "Йосип"),
        ("Yevhen", None, "Євген"),
        ("Çubarov", "surname", "Чубаров"),  # Crimean Tatar Latin
        ("Dzhelial", None, "Джелял"),
        ("IVANENKO", "surname", "ІВАНЕНКО"),
    ],
)
def test_ukrainian_from_latin(latin: str, part: str | None, cyrillic: str) -> None:
    assert ukrainian_from_latin(latin, part) == cyrillic


def test_ukrainian_form_marks_what_it_derived() -> None:
    assert ukrainian_form("Sergey", "given_name") == ("Сергій", True)
    assert ukrainian_form("Сергей", "given_name") == ("Сергій", True)
    assert ukrainian_form("Петро", "given_name") == ("Петро", False)
    assert ukrainian_form("Гнатюк", "surname") == ("Гнатюк", False)


@pytest.mark.parametrize(
    ("ukrainian", "part", "russian"),
    [
        ("Олександр", "given_name", "Александр"),
        ("Микола", "given_name", "Николай"),
        ("Олександрович", "patronymic", "Александрович"),
        ("Миколайович", "patronymic", "Николаевич"),
        ("Юрійович", "patronymic", "Юрьевич"),
        ("Сергіївна", "patronymic", "Сергеевна"),
        ("Дмитрович", "patronymic", "Дмитриевич"),
        ("Ковальський", "surname", "Ковальский"),
        ("Гнатюк", "surname", "Гнатюк"),
        ("Мар'яненко", "surname", "Марьяненко"),
        ("Hnatiuk", "surname", "Гнатюк"),  # Latin: read as Ukrainian first
    ],
)
def test_russian_form(ukrainian: str, part: str, russian: str) -> None:
    assert russian_form(ukrainian, part) == russian


def test_sort_key_follows_the_ukrainian_alphabet_with_latin_last() -> None:
    names = ["Ібрагімов", "Abdullaev", "Бондаренко", "Білоус", "Абдуллаєв", "Ґудзь",
             "Гнатюк", "Євтушенко", "Ярош", "Мар'яненко", "Марченко"]
    assert sorted(names, key=sort_key) == [
        "Абдуллаєв", "Білоус", "Бондаренко", "Гнатюк", "Ґудзь", "Євтушенко", "Ібрагімов",
        "Марченко", "Мар'яненко", "Ярош", "Abdullaev"]


def test_sort_key_orders_by_surname_then_given_name() -> None:
    people = [("Іваненко", "Петро"), ("Іваненко", "Андрій"), ("Бойко", "Ярослав")]
    assert sorted(people, key=lambda p: sort_key(*p)) == [
        ("Бойко", "Ярослав"), ("Іваненко", "Андрій"), ("Іваненко", "Петро")]


@pytest.mark.parametrize(("text", "part", "shown", "derived"), [
    ("Shevchenko", "surname", "Шевченко", True),
    ("Ibragimov", "surname", "Ібрагімов", True),
    ("Serhii", "given_name", "Сергій", True),
    ("Sergey", "given_name", "Сергій", True),  # by the given-name table, not by letters
    ("Сергей", "given_name", "Сергей", False),  # Cyrillic is the person's own: kept
    ("Бондаренко", "surname", "Бондаренко", False),
    ("", "surname", "", False),
])
def test_reading_form_derives_only_latin(text, part, shown, derived):
    assert reading_form(text, part) == (shown, derived)


def test_sort_text_orders_as_sort_key():
    names = [("Ібрагімов", "Руслан"), ("Абдуллаєв", None), ("Бондаренко", None),
             ("Білоус", "Петро"), ("Smith", None), ("Єрмак", None), ("Ермак", None),
             ("Ґудзь", None), ("Гнатюк", None), ("Бондар", "Іван"), ("Бондар", None),
             ("Д'яченко", None)]
    assert sorted(names, key=lambda n: sort_text(*n)) == sorted(names, key=lambda n: sort_key(*n))
    assert sort_text("Ібрагімов").isascii()
