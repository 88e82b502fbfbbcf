"""The live records (source records of committed batches) and the persons of the registry.

A rolled-back batch keeps its row for the history, but its records are gone from the
registry: every read of "current" records goes through `live_records()`.
"""

from __future__ import annotations

from sqlalchemy import Select, case, false, select
from sqlalchemy.orm import Session

from exchange.domain.search import search_persons
from exchange.models import BatchStatus, ImportBatch, Person, SourceRecord

COMMITTED = ImportBatch.status == BatchStatus.COMMITTED


def committed_batches() -> Select[tuple[ImportBatch]]:
    """Select the import batches that were not rolled back."""
    return select(ImportBatch).where(COMMITTED)


def live_records() -> Select[tuple[SourceRecord]]:
    """Select the source records of committed batches; narrow it with `.where(...)`."""
    return select(SourceRecord).join(ImportBatch, SourceRecord.batch_id == ImportBatch.id).where(
        COMMITTED
    )


def person_records(session: Session, person_id: int) -> list[SourceRecord]:
    """Return the person's live source records, oldest month first."""
    return list(
        session.scalars(
            live_records()
            .where(SourceRecord.person_id == person_id)
            .order_by(SourceRecord.list_month, SourceRecord.id)
        )
    )


def registry_persons(
    search: str | None = None, session: Session | None = None
) -> Select[tuple[Person]]:
    """Select the persons of the registry (not merged away), optionally by a name search.

    A search (which needs the session: `exchange.domain.search.search_persons`) keeps the
    persons the query may name, ranked by the matching engine's score.
    """
    stmt = select(Person).where(Person.merged_into_id.is_(None))
    if search and search.strip():
        if session is None:
            raise ValueError("a name search needs the session")
        ranked = [hit.person_id for hit in search_persons(session, search)]
        if not ranked:
            return stmt.where(false())
        order = case({pid: rank for rank, pid in enumerate(ranked)}, value=Person.id)
        return stmt.where(Person.id.in_(ranked)).order_by(order, Person.id)
    return stmt.order_by(Person.surname, Person.given_name, Person.id)
