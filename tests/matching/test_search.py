"""Search by name in any script, transliteration, order, or with initials."""

import pytest

from matching import Record
from matching.search import NameIndex, readings

PEOPLE = {
    # imported only in Latin (a passport spelling)
    "latin-only": ("Ibrahimov", "Teimur", "Teimurovych"),
    "ivanenko": ("Іваненко", "Василь", "Олегович"),
    "ibrahimova": ("Ibrahimova", "Tetiana", "Serhiivna"),
    "moroz": ("Мороз", "Олег", "Петрович"),
    # distractors: another Ibrahimov, other Іваненко
    "other-ibrahimov": ("Ібрагімов", "Рустем", "Ернестович"),
    "other-ivanenko": ("Іваненко", "Петро", "Миколайович"),
    "shevchenko": ("Шевченко", "Сергій", "Іванович"),
}


@pytest.fixture(scope="module")
def index():
    return NameIndex([(key, Record("registry", key, surname=s, given_name=g, patronymic=p))
                      for key, (s, g, p) in PEOPLE.items()])


@pytest.mark.parametrize(("query", "expected"), [
    ("Ібрагімов Теймур Теймурович", "latin-only"),  # Ukrainian Cyrillic
    ("Ибрагимов Теймур Теймурович", "latin-only"),  # Russian Cyrillic
    ("Ibragimov Teymur Teymurovich", "latin-only"),  # Russian-style Latin
    ("Теймур Ибрагимов", "latin-only"),  # given name first
    ("Ібрагімов Т.Т.", "latin-only"),  # initials
    ("Ibragimov T. T.", "latin-only"),
    ("IBRAGIMOV Teymur", "latin-only"),
    ("Іваненко В.О.", "ivanenko"),
    ("Ivanenko Vasily Olegovich", "ivanenko"),
    ("Ибрагимова Татьяна Сергеевна", "ibrahimova"),  # feminine surname, Russian forms
    ("Ibragimova Tatyana", "ibrahimova"),
    ("Олег Мороз", "moroz"),
    ("Moroz Oleh Petrovych", "moroz"),
    ("Шевченко Сергей Иванович", "shevchenko"),
])
def test_finds_the_person_first(index, query, expected):
    hits = index.search(query, limit=5)
    assert hits, query
    assert hits[0].key == expected
    assert len({h.key for h in hits}) == len(hits)


def test_initials_of_other_names_count_against(index):
    assert [h.key for h in index.search("Іваненко П.М.")] == ["other-ivanenko"]
    everyone = index.search("Іваненко П.М.", min_score=float("-inf"))
    assert [h.key for h in everyone][:2] == ["other-ivanenko", "ivanenko"]
    assert everyone[0].score > everyone[1].score


def test_a_name_nobody_has_finds_nothing(index):
    assert index.search("Коваленко Андрій Петрович") == []


def test_hits_say_how_the_names_compare(index):
    hit = index.search("Ибрагимов Теймур")[0]
    assert hit.levels["surname"] == "exact"
    assert hit.levels["given_name"] == "exact"
    assert hit.levels["patronymic"] == "missing"


@pytest.mark.parametrize(("query", "first"), [
    ("Іваненко В.О.", ("Іваненко", "В.", "О.")),
    ("Олег Мороз", ("Мороз", "Олег", None)),
    ("Ibragimov Teymur Teymurovich", ("Ibragimov", "Teymur", "Teymurovich")),
])
def test_readings_put_the_likeliest_first(query, first):
    r = readings(query)[0]
    assert (r.surname, r.given_name, r.patronymic) == first


def test_an_empty_query_reads_as_nothing(index):
    assert readings("  ") == []
    assert index.search("") == []
