"""Rosters: persons still held in a category, in the order of the priority table."""

from __future__ import annotations

import random
from datetime import date

import pytest

from exchange.models.classification import PersonClassification
from exchange.rounds.collation import name_key
from exchange.rounds.roster import Filters, page_of, roster, roster_rows, roster_select
from matching.spelling import sort_key

from .conftest import TODAY

DAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("facts", "group"),
    [
        ({"health_concern": "yes", "date_of_birth": "1950-01-01"}, "health"),
        ({"date_of_birth": "1966-06-15"}, "age_60_or_over"),
        ({"date_of_birth": "1966-06-16"}, "others"),  # 60 tomorrow
        ({"date_of_birth": "1966"}, "age_60_or_over"),  # could be 60: benefit of the doubt
        ({"date_of_birth": "1967"}, "others"),
        ({"date_of_birth": "2008-06-16"}, "under_18"),
        ({"date_of_birth": "2008-06-15"}, "others"),  # 18 today
        ({"date_of_birth": "2008"}, "under_18"),  # could still be 17
        ({"date_of_birth": "2008-06"}, "under_18"),
        ({"date_of_birth": "2008-05"}, "others"),
        ({"sex": "F", "date_of_birth": "1990-01-01"}, "women"),
        ({"date_of_birth": "1990-01-01", "detained_on": "2014-03-01"}, "held_since_before_2022"),
        ({"date_of_birth": "1990-01-01", "detained_on": "2022"}, "held_since_before_2022"),
        ({"date_of_birth": "1990-01-01", "detained_on": "2022-02-24"}, "others"),
        ({"date_of_birth": None}, "others"),
    ],
)
def test_priority_groups(session, held, facts, group):
    held(**facts)
    (ranked,) = roster(session, "non_violent_amnesty", DAY)
    assert ranked.priority.group == group


def test_ukrainian_order_key_agrees_with_the_spelling_module():
    rnd = random.Random(3)
    letters = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТЬЮЯёыэ'’ -abcxyzÉçş"
    names = [tuple("".join(rnd.choice(letters) for _ in range(rnd.randint(0, 6)))
                   for _ in range(3)) for _ in range(3000)]
    assert sorted(names, key=lambda n: (tuple(map(name_key, n)), n)) == sorted(
        names, key=lambda n: sort_key(*n))


def test_roster_order_and_reasons(session, held):
    late = held(surname="Бойко", detained_on="2023-05-01")
    early = held(surname="Шевченко", detained_on="2015-02-01")
    unknown = held(surname="Іваненко")
    woman = held(surname="Ткаченко", sex="F", detained_on="2024-01-01")
    old = held(surname="Мельник", date_of_birth="1950-01-01", detained_on="2023-01-01")
    ill = held(surname="Яковенко", health_concern="yes", detained_on="2024-01-01")
    other = held(surname="Абрамович", date_of_birth="1990")  # also no detention date
    held("civilians", surname="Цивільний")  # another category
    held(surname="Звільнений", release_status="released")  # not held any more
    ranked = roster(session, "non_violent_amnesty", TODAY)
    assert [r.person_id for r in ranked] == [
        ill.id, old.id, woman.id, early.id, late.id, other.id, unknown.id]
    assert [r.priority.group for r in ranked][:4] == [
        "health", "age_60_or_over", "women", "held_since_before_2022"]


def test_unknown_detention_last_then_ukrainian_alphabet(session, held):
    names = ["Іваненко", "Гнатюк", "Ґалаґан", "Євтушенко", "Абраменко"]
    for name in names:
        held(surname=name)
    rows = roster_rows(session, roster(session, "non_violent_amnesty", TODAY))
    assert [r.surname for r in rows] == ["Абраменко", "Гнатюк", "Ґалаґан", "Євтушенко",
                                         "Іваненко"]


def test_an_override_moves_a_person_to_another_roster(session, held):
    person = held()
    row = session.query(PersonClassification).filter_by(person_id=person.id).one()
    row.override_category = "civilians"
    session.commit()  # not audited: the classification table is written by its own service
    assert [r.person_id for r in roster(session, "civilians", TODAY)] == [person.id]
    assert roster(session, "non_violent_amnesty", TODAY) == []


def test_filters_narrow_by_region_and_group(session, held):
    crimea = held(residence_region="UA-43", sex="F")
    held(residence_region="UA-23")
    assert [r.person_id for r in roster(session, "non_violent_amnesty", TODAY,
                                        Filters(region="UA-43"))] == [crimea.id]
    assert [r.person_id for r in roster(session, "non_violent_amnesty", TODAY,
                                        Filters(group="women"))] == [crimea.id]


def test_rows_flag_thin_identities(session, held):
    held(date_of_birth="1980")
    (row,) = roster_rows(session, roster(session, "non_violent_amnesty", TODAY))
    assert row.flags == ("thin_identity",)


def test_pages_follow_the_roster_order(session, held):
    for n in range(7):
        held(surname=f"Бойко{n}", detained_on=f"201{n}-01-01")
    everyone = [r.person_id for r in roster(session, "non_violent_amnesty", TODAY)]
    stmt = roster_select("non_violent_amnesty", TODAY)
    paged = [r.person_id for n in (1, 2, 3) for r in page_of(session, stmt, n, 3).items]
    assert paged == everyone
    assert page_of(session, stmt, 9, 3).page == 3  # past the end: the last page
