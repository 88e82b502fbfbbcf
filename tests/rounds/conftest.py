"""Rounds tests: persons built by hand, or the real dev lists imported and reconciled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from exchange.audit import Actor, acting_as
from exchange.models import Detention, Person
from exchange.rounds import operations

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "lists"
ACTOR = Actor(label="negotiator@test")
TODAY = date(2026, 12, 1)

# Facts that put a person in each category (see exchange/classification/data/rules.toml).
CATEGORY_FACTS = {
    "non_violent_amnesty": {"person_status": "civilian", "legal_status": "convicted",
                            "violent_offence": "no", "offence_has_victims": "no",
                            "against_russian_interests": "no", "war_crime_accusation": "no",
                            "citizenship": "UA"},
    "civilians": {"person_status": "civilian", "legal_status": "none", "citizenship": "UA"},
    "war_crime_exchange": {"person_status": "military", "legal_status": "accused",
                           "war_crime_accusation": "yes", "citizenship": "UA"},
}


@pytest.fixture
def held(session) -> Callable[..., Person]:
    """Make a person still held in a category; state only the facts the test cares about."""

    def make(category: str = "non_violent_amnesty", *, detained_on: str | None = None,
             held_at: str | None = None, **facts: object) -> Person:
        values = {"surname": "Коваленко", "given_name": "Олександр", "patronymic": "Петрович",
                  "date_of_birth": "1980-05-02", "release_status": "detained",
                  **CATEGORY_FACTS[category], **facts}
        person = Person(**values)
        if detained_on or held_at:
            person.detentions.append(Detention(detained_on=detained_on, held_at=held_at))
        with acting_as(session, ACTOR):
            session.add(person)
            session.commit()  # the classification is computed before the commit
        return person

    return make


@pytest.fixture
def new_round(session) -> Callable[..., int]:
    """Create a draft round; return its number."""
    counter = iter(range(1, 1000))

    def make(round_type: str = "amnesty", categories=("non_violent_amnesty",), **kw) -> int:
        name = kw.pop("name", f"round {next(counter)}")
        return operations.create_round(session, name=name, round_type=round_type,
                                       categories=categories, actor=ACTOR, **kw).id

    return make


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    """Write rows to a one-sheet workbook."""
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def force_state(session, round_id: int, state: str) -> None:
    """Put a round in a state directly (audited), to test what a state allows."""
    found = operations.get_round(session, round_id)
    with acting_as(session, ACTOR, reason="test"):
        found.state = state
        session.commit()
