"""A member's own id carries a person over to the next month only when the rows agree."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from exchange.reconciliation.carry_over import same_row_again


def _row(**values):
    return SimpleNamespace(values=values)


@pytest.mark.parametrize(
    ("earlier", "later", "same"),
    [
        # unchanged row
        (
            dict(surname="Мельник", given_name="Петро", date_of_birth="1966-02-03"),
            dict(surname="Мельник", given_name="Петро", date_of_birth="1966-02-03"),
            True,
        ),
        # another transliteration of the same name, date given less precisely
        (
            dict(surname="Bilyi", given_name="Roman", date_of_birth="1985-09-27"),
            dict(surname="Belyy", given_name="Roman", date_of_birth="1985"),
            True,
        ),
        # married name named in the notes
        (
            dict(surname="Сидорська", given_name="Оксана", patronymic="Романівна"),
            dict(
                surname="Ковальчук",
                given_name="Оксана",
                patronymic="Романівна",
                notes="за шлюбом: Сидорська",
            ),
            True,
        ),
        # a row number reused for another person
        (
            dict(surname="Мельник", given_name="Петро", date_of_birth="1966-02-03"),
            dict(surname="Бондар", given_name="Ірина", date_of_birth="1979-04-02"),
            False,
        ),
        # namesakes: same name, different birth dates
        (
            dict(surname="Коваленко", given_name="Олександр", date_of_birth="1984-03-12"),
            dict(surname="Коваленко", given_name="Олександр", date_of_birth="1991-07-01"),
            False,
        ),
        # same surname, other given name (siblings)
        (
            dict(surname="Рибалко", given_name="Ігор", patronymic="Артемович"),
            dict(surname="Рибалко", given_name="Олег", patronymic="Артемович"),
            False,
        ),
        # different surname with nothing in the notes
        (
            dict(surname="Сидорська", given_name="Оксана", patronymic="Романівна"),
            dict(surname="Ковальчук", given_name="Оксана", patronymic="Романівна"),
            False,
        ),
    ],
)
def test_same_row_again(earlier, later, same):
    assert same_row_again(_row(**earlier), _row(**later)) is same
