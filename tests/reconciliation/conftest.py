"""Real member lists from the shared dev data, imported through the real import."""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange.audit import Actor
from exchange.importing.operations import import_list

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "lists"
# Two Crimean members: their lists overlap heavily, which is what reconciliation is about.
FILES = {
    "2025-01": [
        ("CHRG", "CHRG_political_prisoners_2025-01.xlsx"),
        ("CRIMEASOS", "CrimeaSOS_2025-01.xlsx"),
    ],
    "2025-02": [
        ("CHRG", "CHRG_political_prisoners_2025-02.xlsx"),
        ("CRIMEASOS", "CrimeaSOS_2025-02.xlsx"),
    ],
}


@pytest.fixture
def import_month(session):
    """Import the two Crimean members' lists of a month (skip without the shared dev data)."""
    if not LISTS.exists():
        pytest.skip("shared dev data not available")

    def run(month: str) -> None:
        for org, name in FILES[month]:
            import_list(
                session,
                LISTS / month / name,
                org_code=org,
                month=month,
                actor=Actor(label="test-import"),
            )

    return run


@pytest.fixture
def joinable_persons(session):
    """Return a function finding two persons whose records can be one person.

    They come from the review queue: the engine asks whether they are one person, and
    nothing in their records forbids it (else a merge is refused).
    """
    from sqlalchemy import select

    from exchange.domain.identity import join_conflicts
    from exchange.domain.records import person_records
    from exchange.models import Person, ReviewItem, ReviewStatus

    def find() -> tuple[Person, Person]:
        items = session.scalars(
            select(ReviewItem)
            .where(ReviewItem.status == ReviewStatus.OPEN)
            .order_by(ReviewItem.probability.desc(), ReviewItem.id)
        ).all()
        for item in items:
            own, other = item.record.person_id, item.candidate_person_id
            if own is None or own == other:
                continue
            if not join_conflicts(person_records(session, own), person_records(session, other)):
                return session.get(Person, other), session.get(Person, own)
        raise AssertionError("the queue names no two persons that can be joined")

    return find
