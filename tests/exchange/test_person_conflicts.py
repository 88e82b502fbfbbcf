"""A person's fields in conflict, kept beside the provenance they are read from."""

from __future__ import annotations

import pytest

from exchange.audit import Actor, acting_as
from exchange.models.person import conflicts_text


def _choice(conflict: bool) -> dict:
    return {"value": "x", "rule": "majority", "conflict": conflict, "sources": []}


@pytest.mark.parametrize(("provenance", "expected"), [
    (None, None),
    ({}, None),
    ({"date_of_birth": _choice(False)}, ""),
    ({"date_of_birth": _choice(True), "legal_status": _choice(False)}, ";date_of_birth;"),
    ({"residence_region": _choice(True), "date_of_birth": _choice(True)},
     ";date_of_birth;residence_region;"),
])
def test_conflicts_text(provenance, expected):
    assert conflicts_text(provenance) == expected


def test_every_flush_keeps_them_with_the_provenance(session, create_person):
    person = create_person(field_provenance={"date_of_birth": _choice(True)})
    assert person.conflict_fields == ";date_of_birth;"
    with acting_as(session, Actor("test")):
        person.field_provenance = {"date_of_birth": _choice(False)}
        session.commit()
    session.refresh(person)
    assert person.conflict_fields == ""
