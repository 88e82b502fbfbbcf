"""Build small registries by hand: persons, one batch per member and month, source records."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import select

from exchange.audit import Actor, acting_as
from exchange.models import BatchStatus, ImportBatch, Person, SourceRecord
from exchange.models.classification import PersonClassification

M1, M2 = "2025-01", "2025-02"


class Registry:
    """Add source records for persons; each (member, month) gets one committed batch."""

    def __init__(self, session, org) -> None:
        self.session = session
        self.org = org
        self.batches: dict[tuple[str, str], ImportBatch] = {}

    def batch(self, code: str, month: str) -> ImportBatch:
        key = (code, month)
        if key not in self.batches:
            name = f"{code}_{month}.xlsx"
            batch = ImportBatch(
                organisation=self.org(code),
                list_month=month,
                file_name=name,
                file_hash=hashlib.sha256(name.encode()).hexdigest(),
                created_by_label="test",
            )
            self.session.add(batch)
            self.session.flush()
            self.batches[key] = batch
        return self.batches[key]

    def record(
        self, person: Person | None, code: str, month: str, record_id: str, **values: str
    ) -> SourceRecord:
        """Add one row of `code`'s list for `month`, linked to `person`."""
        batch = self.batch(code, month)
        batch.row_count += 1
        values = {"record_id": record_id, "source_org": code, "list_month": month, **values}
        row = SourceRecord(
            batch=batch,
            organisation_id=batch.organisation_id,
            list_month=month,
            file_name=batch.file_name,
            file_hash=batch.file_hash,
            row_number=batch.row_count + 1,
            record_id=record_id,
            raw={"id": record_id},
            values=values,
            person_id=None if person is None else person.id,
        )
        with acting_as(self.session, Actor(label="test")):
            self.session.add(row)
            self.session.commit()
        return row

    def roll_back(self, code: str, month: str) -> None:
        """Mark a batch rolled back (its rows kept, to prove they are not read)."""
        self.batches[(code, month)].status = BatchStatus.ROLLED_BACK
        self.save()

    def save(self) -> None:
        """Commit the test's own changes (merges, overrides) as an audited actor."""
        with acting_as(self.session, Actor(label="test")):
            self.session.commit()

    def classification(self, person: Person) -> PersonClassification:
        return self.session.scalar(
            select(PersonClassification).where(PersonClassification.person_id == person.id)
        )


@pytest.fixture
def registry(session, org) -> Registry:
    return Registry(session, org)


@pytest.fixture
def person(create_person) -> Callable[..., Person]:
    """Make a person; the surname doubles as the test's label for them."""

    def make(surname: str, **facts: object) -> Person:
        return create_person(surname=surname, **facts)

    return make
