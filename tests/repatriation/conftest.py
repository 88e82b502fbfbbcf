"""Small registries built by hand, with persons moved along the road home."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from exchange.audit import Actor, acting_as
from exchange.models import Detention, EventSource, FlagKind, Person, RepatriationFlag, Stage
from repatriation.events import add_event
from tests.reports.conftest import Registry

ACTOR = Actor(label="test")
CIVILIAN = {"person_status": "civilian", "legal_status": "none"}
WAR_CRIME = {"war_crime_accusation": "yes"}


@pytest.fixture
def registry(session, org) -> Registry:
    return Registry(session, org)


@pytest.fixture
def person(create_person) -> Callable[..., Person]:
    """Make a person; the surname doubles as the test's label for them."""

    def make(surname: str, **facts: object) -> Person:
        return create_person(surname=surname, **facts)

    return make


@pytest.fixture
def move(session) -> Callable[..., Person]:
    """Move a person along stages (each checked by the machine), as a coordinator."""

    def run(person: Person, *stages: Stage | str, occurred_on: str | None = None,
            source: EventSource = EventSource.COORDINATOR) -> Person:
        with acting_as(session, ACTOR, reason="test"):
            for stage in stages:
                add_event(session, person, Stage(stage), source_kind=source,
                          occurred_on=occurred_on)
            session.commit()
        return person

    return run


def _detained(session, person, day):
    with acting_as(session, Actor(label="test")):
        person.detentions.append(Detention(detained_on=day))
        session.commit()


@pytest.fixture
def known(session, person, move, registry):
    """Six persons whose every figure is worked out by hand in the tests below."""
    p = {
        "A": person("Антоненко", sex="F", date_of_birth="1950-03-01", residence_region="UA-43",
                    pace_criteria="a", **CIVILIAN),
        "B": person("Бондар", sex="M", date_of_birth="1990", residence_region="UA-43",
                    **CIVILIAN),
        "C": person("Вакуленко", sex="M", date_of_birth="2008-01-01", residence_region="UA-14",
                    **WAR_CRIME),
        "D": person("Гнатюк", sex="M", **WAR_CRIME),
        "E": person("Дорош"),
        "F": person("Єрмак"),
    }
    for key, day in (("A", "2014-05-10"), ("B", "2024-06"), ("C", "2025-02-03"),
                     ("D", "2023-01-01")):
        _detained(session, p[key], day)
    move(p["A"], Stage.LISTED)
    move(p["B"], Stage.LISTED)
    move(p["C"], Stage.LISTED, Stage.IN_EXCHANGE)
    move(p["D"], Stage.LISTED)
    move(p["D"], Stage.EXCHANGED, occurred_on="2025-03-05")
    move(p["D"], Stage.REPATRIATED, occurred_on="2025-03-06")
    move(p["E"], Stage.REPORTED)
    move(p["E"], Stage.DECEASED, occurred_on="2025-05")
    registry.record(p["A"], "CHRG", "2025-06", "1")
    registry.record(p["B"], "CHRG", "2025-06", "2")
    with acting_as(session, Actor(label="test")):
        session.add(RepatriationFlag(person_id=p["C"].id, kind=FlagKind.MEMBERS_DISAGREE,
                                     list_month="2025-06"))
        session.commit()
    return p
