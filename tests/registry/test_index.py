"""The registry list: filters and orders in SQL, kept in the address, hidden facts unfilterable."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.models import Detention, FacilityType, ReleaseStatus, Role
from exchange.models.classification import PersonClassification
from exchange.rounds import operations
from tests.reports.conftest import Registry


@pytest.fixture
def world(session, org, create_person):
    """Six persons, each differing from the others by what one filter reads."""
    people = {
        "Бондаренко": create_person(surname="Бондаренко", given_name="Іван",
                                    date_of_birth="1970", residence_region="UA-43",
                                    health_concern="yes"),
        "Білоус": create_person(surname="Білоус", given_name="Петро", date_of_birth="1985-02",
                                residence_region="UA-14", release_status=ReleaseStatus.RELEASED),
        "Ibrahimov": create_person(surname="Ibrahimov", given_name="Ruslan",
                                   residence_region="UA-65"),
        "Абдуллаєв": create_person(surname="Абдуллаєв", given_name="Ілля",
                                   date_of_birth="1960-05-01", health_concern="no"),
        "Гнатюк": create_person(surname="Гнатюк", given_name="Олег", date_of_birth="1990",
                                release_status=ReleaseStatus.EXCHANGED),
        "Shevchenko": create_person(surname="Shevchenko", given_name="Taras",
                                    date_of_birth="1975"),
    }
    registry = Registry(session, org)
    registry.record(people["Бондаренко"], "ZMINA", "2025-01", "Z-1")
    registry.record(people["Бондаренко"], "ZMINA", "2025-03", "Z-1")
    registry.record(people["Білоус"], "CHRG", "2025-02", "C-1")
    registry.record(people["Ibrahimov"], "ZMINA", "2025-02", "Z-2")
    with acting_as(session, Actor("test")):
        people["Бондаренко"].detentions.append(Detention(
            held_at="СІЗО-2 Сімферополь", facility_type=FacilityType.PRETRIAL))
        people["Гнатюк"].detentions.append(Detention(
            held_at="ИК-11 Нижний Тагил", facility_type=FacilityType.COLONY))
        session.commit()
        for name, category in (("Бондаренко", "civilians"), ("Абдуллаєв", "transfer")):
            session.scalar(select(PersonClassification).where(
                PersonClassification.person_id == people[name].id)).override_category = category
        session.commit()
    round_ = operations.create_round(session, name="Коло", round_type="transfer",
                                     categories=["transfer"], actor=Actor("test"))
    operations.add_persons(session, round_.id, actor=Actor("test"), today=date(2025, 6, 1),
                           person_ids=[people["Абдуллаєв"].id])
    return people


def _listed(client, query: str = "") -> list[int]:
    html = client.get(f"/?{query}").get_data(as_text=True)
    return [int(i) for i in re.findall(r'<tr data-person="(\d+)"', html)]


def _names(world, *names: str) -> list[int]:
    return [world[n].id for n in names]


# In Ukrainian alphabetical order, a Latin name by its derived form: Ibrahimov is Ібрагімов
# (after Гнатюк, І after И), Shevchenko is Шевченко (last).
BY_NAME = ("Абдуллаєв", "Білоус", "Бондаренко", "Гнатюк", "Ibrahimov", "Shevchenko")


@pytest.mark.parametrize(("query", "expected"), [
    ("", BY_NAME),
    ("member=ZMINA", ("Бондаренко", "Ibrahimov")),
    ("member=CHRG", ("Білоус",)),
    ("region=UA-43", ("Бондаренко",)),
    ("category=transfer", ("Абдуллаєв",)),
    ("status=held", ("Абдуллаєв", "Бондаренко", "Ibrahimov", "Shevchenko")),
    ("status=exchanged", ("Гнатюк",)),
    ("facility=colony", ("Гнатюк",)),
    ("held_at=сімферополь", ("Бондаренко",)),
    ("held_at=ИК-11", ("Гнатюк",)),
    ("health=yes", ("Бондаренко",)),
    ("health=no", ("Абдуллаєв",)),
    ("on_round=yes", ("Абдуллаєв",)),
    ("on_round=no", ("Білоус", "Бондаренко", "Гнатюк", "Ibrahimov", "Shevchenko")),
    ("member=ZMINA&status=held&region=UA-65", ("Ibrahimov",)),
    ("sort=born", ("Абдуллаєв", "Бондаренко", "Shevchenko", "Білоус", "Гнатюк", "Ibrahimov")),
    ("sort=listed", ("Бондаренко", "Білоус", "Ibrahimov", "Абдуллаєв", "Гнатюк", "Shevchenko")),
    # categories in the order of the Concept's measures (civilians lead, transfer comes next)
    ("sort=category", ("Бондаренко", "Абдуллаєв", "Білоус", "Гнатюк", "Ibrahimov",
                       "Shevchenko")),
    ("member=NOBODY&region=XX&sort=evil", BY_NAME),  # unknown values are ignored
])
def test_filters_and_orders(world, create_user, login, query, expected):
    client = login(create_user(Role.COORDINATOR))
    assert _listed(client, query) == _names(world, *expected)


def test_region_order_follows_the_names_in_the_page_language(world, create_user, login):
    client = login(create_user(Role.COORDINATOR))
    # English: Autonomous Republic of Crimea (UA-43), Donetska (UA-14), Khersonska (UA-65)
    assert _listed(client, "sort=region")[:3] == _names(world, "Бондаренко", "Білоус",
                                                        "Ibrahimov")
    client.get("/language/uk")
    # Ukrainian: Автономна Республіка Крим, Донецька, Херсонська
    assert _listed(client, "sort=region")[:3] == _names(world, "Бондаренко", "Білоус",
                                                        "Ibrahimov")


def test_health_is_no_filter_for_who_may_not_see_it(world, create_user, login):
    client = login(create_user(Role.VIEWER))
    html = client.get("/").get_data(as_text=True)
    assert 'name="health"' not in html
    assert _listed(client, "health=yes") == _names(world, *BY_NAME)


def test_filters_go_into_the_address_and_the_name_does_not(world, create_user, login):
    client = login(create_user(Role.COORDINATOR))
    response = client.post("/", data={"q": "Бондаренко", "member": "ZMINA", "status": "held",
                                      "region": "", "sort": "born"})
    location = response.headers["Location"]
    assert "member=ZMINA" in location
    assert "status=held" in location
    assert "sort=born" in location
    assert "region" not in location
    assert "%D0" not in location
    assert "Бондаренко" not in location
    html = client.get(location).get_data(as_text=True)
    assert re.findall(r'<tr data-person="(\d+)"', html) == [str(world["Бондаренко"].id)]


def test_a_latin_name_is_shown_in_derived_cyrillic_and_marked(world, create_user, login):
    client = login(create_user(Role.VIEWER))
    client.get("/language/uk")
    html = client.get("/").get_data(as_text=True)
    assert '<span lang="uk">Шевченко Тарас</span> <small class="derived"' in html
    assert 'title="Виведено з латинського написання Shevchenko Taras' in html
    assert "Бондаренко Іван</a>" in html  # a Cyrillic name is shown as written, unmarked


def test_the_kept_list_follows_every_change(world, session, create_user, create_person, login):
    """The ordered list is kept per registry state: a new person or an edit shows at once."""
    client = login(create_user(Role.COORDINATOR))
    before = _listed(client, "sort=born")
    newcomer = create_person(surname="Аанжела", given_name="Ірина", date_of_birth="1901-01-01")
    assert _listed(client, "sort=born") == [newcomer.id, *before]
    with acting_as(session, Actor(label="test")):
        newcomer.date_of_birth = "2001-01-01"
        session.commit()
    assert _listed(client, "sort=born")[0] != newcomer.id
