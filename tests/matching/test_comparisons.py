"""Field comparisons and their graded levels."""

import pytest

from matching import Record, compare_records


def rec(**fields):
    return Record(file="t.csv", record_id=fields.pop("rid", "1"), **fields)


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("Мустафаєв", "Mustafayev", "exact"),
    ("Мустафаєв", "Мустафаев", "exact"),
    ("Мустафаєва", "Мустафаєв", "equivalent"),
    ("Ковальська", "Kovalskyi", "equivalent"),
    ("Шевченко", "Шевчнеко", "close"),
    ("Бондаренко", "Бондарчук", "fair"),
    ("Шевченко", "Мельник", "different"),
    ("Шевченко", None, "missing"),
])
def test_surname_levels(left, right, expected):
    assert compare_records(rec(surname=left), rec(surname=right))["surname"] == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("Олександр", "Oleksandr", "exact"),
    ("Олександр", "Александр", "equivalent"),
    ("Микола", "Nikolai", "equivalent"),
    ("Юрій", "Yuriy", "exact"),
    ("Олександр", "Олексанлр", "equivalent"),  # one typo in a known name: still that name
    ("Дмитро", "Дімтро", "equivalent"),
    ("Тарас", "Таас", "close"),  # a dropped letter must not read as another name
    ("Олександр", "О.", "initial"),
    ("Alexander", "О.", "initial"),
    ("Олександр", "Б.", "different"),
    ("Олег", "Ігор", "different"),
    ("Ернес", "Ернест", "close"),
    (None, "Олег", "missing"),
])
def test_given_name_levels(left, right, expected):
    levels = compare_records(rec(surname="Х", given_name=left), rec(surname="Х", given_name=right))
    assert levels["given_name"] == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("Юрійович", "Yuriyovych", "exact"),
    ("Юрійович", "Юрьевич", "equivalent"),
    ("Миколайович", "Николаевич", "equivalent"),
    ("Сергійович", "С.", "initial"),
    ("Сергійович", "Іванович", "different"),
    ("Сергійович", None, "missing"),
])
def test_patronymic_levels(left, right, expected):
    assert compare_records(rec(patronymic=left), rec(patronymic=right))["patronymic"] == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("1985-03-12", "12.03.1985", "exact"),
    ("1985-03-12", "1985-12-03", "day_month_swapped"),
    ("1985-03-12", "1985-03", "same_year_month"),
    ("1985-03-12", "1985", "same_year"),
    ("1985", "1985 г.р.", "same_year"),
    ("1985-03-12", "1986-03-12", "one_year_apart"),
    ("1985-03-12", "1986", "one_year_apart"),
    ("1985-03-12", "1985-03-15", "one_part_differs"),
    ("1985-03-12", "1971-07-30", "different"),
    ("1985-03-12", "1985-04", "different"),
    ("1985-03-12", None, "missing"),
])
def test_date_of_birth_levels(left, right, expected):
    levels = compare_records(rec(date_of_birth=left), rec(date_of_birth=right))
    assert levels["date_of_birth"] == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    (dict(sex="M"), dict(sex="M"), "same"),
    (dict(sex="M"), dict(sex="F"), "different"),
    (dict(sex="M"), dict(), "missing"),
    # sex implied by the patronymic and the given name
    (dict(patronymic="Іванівна"), dict(sex="M"), "different"),
    (dict(given_name="Олена"), dict(given_name="Olena"), "same"),
    (dict(given_name="Олена"), dict(given_name="Олег"), "different"),
])
def test_sex_levels(left, right, expected):
    assert compare_records(rec(**left), rec(**right))["sex"] == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("UA-43", "АР Крим", "same"),
    ("UA-43", "UA-40", "different"),
    ("UA-43", None, "missing"),
])
def test_region_levels(left, right, expected):
    assert compare_records(rec(region=left), rec(region=right))["region"] == expected


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("Бахчисарай", "Bakhchysarai", "exact"),
    ("Бахчисарай", "Бахчисарайй", "exact"),
    ("Сімферополь", "Симферополь", "exact"),
    ("Сімферополь", "Сімферопіль", "close"),
    ("Сімферополь", "Ялта", "different"),
    (None, "Ялта", "missing"),
])
def test_place_of_birth_levels(left, right, expected):
    levels = compare_records(rec(place_of_birth=left), rec(place_of_birth=right))
    assert levels["place_of_birth"] == expected


def test_swapped_name_order_counts_as_exact():
    levels = compare_records(rec(surname="Олег", given_name="Мороз"),
                             rec(surname="Мороз", given_name="Олег"))
    assert (levels["surname"], levels["given_name"]) == ("exact", "exact")


@pytest.mark.parametrize(("left", "right", "expected"), [
    # (surname, given name) of each record -> (surname level, given-name level)
    (("Мороз", "Олег"), ("Олех", "Мороз"), ("exact", "close")),  # swapped, given-name typo
    (("Мороз", "Олег"), ("Олег", "Мороза"), ("close", "exact")),  # swapped, surname typo
    (("Шевченко", "Сергій"), ("Серхій", "Шевчекно"), ("close", "close")),
    (("Мороз", "Олег"), ("Олег", "Коваленко"), ("different", "different")),  # not a swap
    (("Шевченко", "Олег"), ("Шевчук", "Олег"), ("fair", "exact")),  # straight order kept
])
def test_swapped_name_order_with_a_typo_is_close(left, right, expected):
    levels = compare_records(rec(surname=left[0], given_name=left[1]),
                             rec(surname=right[0], given_name=right[1]))
    assert (levels["surname"], levels["given_name"]) == expected
