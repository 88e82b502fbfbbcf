"""Registry search: a name the other side writes finds the person, in any script or system."""

from __future__ import annotations

import pytest

from exchange.audit import Actor, acting_as
from exchange.domain.records import registry_persons
from exchange.domain.search import search_persons
from exchange.models import NameVariant, Script


@pytest.fixture
def latin_only(create_person):
    """A person imported only in Latin letters, and a namesake-free crowd around him."""
    target = create_person(surname="Ibrahimov", given_name="Timur", patronymic="Serhiiovych")
    create_person(surname="Ivanenko", given_name="Vasyl", patronymic="Oleksandrovych")
    create_person(surname="Коваленко", given_name="Тетяна", patronymic="Сергіївна")
    create_person(surname="Мельник", given_name="Олег")
    return target


@pytest.mark.parametrize(
    "query",
    [
        "Ібрагімов Тимур Сергійович",  # Ukrainian Cyrillic
        "Ибрагимов Тимур Сергеевич",  # Russian Cyrillic
        "Ibragimov Timur Sergeevich",  # Russian-style Latin
        "Ібрагімов Т.С.",  # initials
        "Тимур Ібрагімов",  # given name first
    ],
)
def test_a_latin_only_person_is_found_by_any_spelling(session, latin_only, query):
    hits = search_persons(session, query)
    assert hits, query
    assert hits[0].person_id == latin_only.id
    assert hits[0].score is not None
    assert hits[0].score > 0


def test_ranked_by_the_engines_score(session, create_person):
    exact = create_person(surname="Коваленко", given_name="Тетяна", patronymic="Сергіївна")
    other_name = create_person(surname="Коваленко", given_name="Ірина", patronymic="Петрівна")
    hits = search_persons(session, "Kovalenko Tatyana Sergeevna")
    ranked = [h.person_id for h in hits]
    assert ranked[0] == exact.id
    assert other_name.id not in ranked[:1]


def test_a_member_spelling_is_searched_too(session, create_person):
    person = create_person(surname="Чубаров", given_name="Рефат")
    with acting_as(session, Actor(label="test")):
        session.add(NameVariant(person=person, surname="Çubarov", given_name="Refat",
                                script=Script.LATIN))
        session.commit()
    other = create_person(surname="Чумак", given_name="Рефат")
    hits = search_persons(session, "Chubarov")
    assert hits[0].person_id == person.id
    assert other.id not in [h.person_id for h in hits if h.score is not None][:1]


def test_part_of_a_name_still_finds_by_substring(session, create_person):
    person = create_person(surname="Іваненко", given_name="Василь")
    hits = search_persons(session, "ваненк")
    assert [h.person_id for h in hits] == [person.id]
    assert hits[0].score is None


def test_the_index_follows_changes_to_the_registry(session, create_person):
    assert search_persons(session, "Джемілєв Мустафа") == []
    person = create_person(surname="Джемілєв", given_name="Мустафа")
    assert search_persons(session, "Dzhemilev Mustafa")[0].person_id == person.id


def test_registry_persons_keeps_the_ranking_and_needs_the_session(session, latin_only):
    found = session.scalars(registry_persons("Ибрагимов Тимур", session)).all()
    assert found[0].id == latin_only.id
    with pytest.raises(ValueError, match="session"):
        registry_persons("Ибрагимов")


def test_the_registry_page_searches_with_the_engine(latin_only, create_user, login):
    client = login(create_user())  # a search goes by POST: no name in an address
    page = client.post("/", data={"q": "Ибрагимов Т.С."}, follow_redirects=True).get_data(
        as_text=True)
    assert "Ibrahimov" in page
    assert "Мельник" not in page
