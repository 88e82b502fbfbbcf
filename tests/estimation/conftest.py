"""A reconciled month built in one commit: persons sampled into four members' lists."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import product

import numpy as np
import pytest

from exchange.audit import Actor, acting_as
from exchange.models import ImportBatch, Person, SourceRecord
from exchange.models.enums import Sex

MONTH = "2025-03"
ORGS = ("ARPPK", "CHRG", "MIHR", "ZMINA")
FOUND = (0.5, 0.4, 0.45, 0.35)
SYLLABLES = ("Бон", "Дар", "Кол", "Мир", "Пет", "Сав", "Тар", "Хом")


@dataclass
class Month:
    persons: list[Person]
    held: int  # persons listed and held


def _surname(i: int) -> str:
    a, b, c = i // 64 % 8, i // 8 % 8, i % 8
    return f"{SYLLABLES[a]}{SYLLABLES[b].lower()}{SYLLABLES[c].lower()}енко"


@pytest.fixture
def month(session, org) -> Month:
    """Sample 300 persons into four lists; one listed person is reported released."""
    rng = np.random.default_rng(3)
    found = rng.random((300, len(ORGS))) < FOUND
    batches = {}
    with acting_as(session, Actor(label="test")):
        for code in ORGS:
            name = f"{code}_{MONTH}.xlsx"
            batches[code] = ImportBatch(organisation=org(code), list_month=MONTH, file_name=name,
                                        file_hash=hashlib.sha256(name.encode()).hexdigest(),
                                        created_by_label="test")
        persons = [
            Person(surname=_surname(i), given_name="Іван", date_of_birth=f"19{50 + i % 40}-0"
                   f"{1 + i % 9}-1{i % 10}", residence_region=("UA-43", "UA-14")[i % 2],
                   sex=(Sex.MALE, Sex.FEMALE)[i % 3 == 0])
            for i in range(300)
        ]
        session.add_all([*batches.values(), *persons])
        session.flush()
        listed = [i for i in range(300) if found[i].any()]
        released = listed[0]
        for (i, j), row in zip(product(listed, range(len(ORGS))), range(10**6), strict=False):
            if not found[i, j]:
                continue
            p, code = persons[i], ORGS[j]
            values = {"record_id": f"{code}-{i}", "source_org": code, "list_month": MONTH,
                      "surname": p.surname, "given_name": p.given_name,
                      "date_of_birth": p.date_of_birth}
            if i == released:
                values["release_status"] = "released"
            batch = batches[code]
            session.add(SourceRecord(batch=batch, organisation_id=batch.organisation_id,
                                     list_month=MONTH, file_name=batch.file_name,
                                     file_hash=batch.file_hash, row_number=row + 2,
                                     record_id=values["record_id"], raw={}, values=values,
                                     person_id=p.id))
        session.commit()
    return Month(persons, len(listed) - 1)
