"""Take a batch's records out of the registry, so that the batch can be rolled back."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from exchange.domain.person_facts import refresh_person
from exchange.domain.records import person_records
from exchange.models import (
    Charge,
    Detention,
    NameVariant,
    Person,
    ReviewItem,
    SourceRecord,
    StatusEvent,
)


def unlink_batch(session: Session, batch_id: int) -> int:
    """Detach the batch's records from their persons and recompute those persons.

    Runs inside the caller's transaction and audit context; returns how many records
    were detached. A person left with no record keeps their row and history.
    """
    # the questions about the batch's records go, linked or awaiting a decision; a question
    # about another record keeps its candidate person but no longer names this record
    every = select(SourceRecord.id).where(SourceRecord.batch_id == batch_id).scalar_subquery()
    session.execute(delete(ReviewItem).where(ReviewItem.source_record_id.in_(every)))
    session.execute(
        update(ReviewItem)
        .where(ReviewItem.candidate_record_id.in_(every))
        .values(candidate_record_id=None)
    )
    records = session.scalars(
        select(SourceRecord).where(
            SourceRecord.batch_id == batch_id, SourceRecord.person_id.is_not(None)
        )
    ).all()
    if not records:
        return 0
    ids = [r.id for r in records]
    person_ids = sorted({r.person_id for r in records})
    for model in (NameVariant, Charge, Detention, StatusEvent):
        session.execute(
            update(model).where(model.source_record_id.in_(ids)).values(source_record_id=None)
        )
    for record in records:
        record.person_id = None
    session.flush()
    session.expire_all()
    for person in session.scalars(select(Person).where(Person.id.in_(person_ids))):
        remaining = [r for r in person_records(session, person.id) if r.batch_id != batch_id]
        refresh_person(session, person, remaining)
    return len(ids)
