"""Recompute what the registry believes about every person from their records.

For after a change to the merge rules, the provenance kept beside a person, the
transliteration or the alphabet the names sort by: the monthly reconciliation refreshes
only the persons whose records changed, this refreshes all. Persons are taken in chunks,
each chunk committed (a refresh is idempotent: run it again after an interruption), and
each change is attributed to the actor with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from exchange.audit import Actor, acting_as, write_entry
from exchange.domain.person_facts import refresh_person
from exchange.domain.records import live_records
from exchange.models import Person, SourceRecord
from exchange.models.person import refresh_derived

CHUNK = 500


@dataclass
class RefreshSummary:
    persons: int = 0  # persons of the registry (not merged away)
    changed: int = 0  # of them, persons whose facts, provenance or name forms changed


def refresh_all(
    session: Session, actor: Actor, reason: str, *, chunk: int = CHUNK
) -> RefreshSummary:
    """Refresh every person of the registry (not merged away) from their live records."""
    ids = list(session.scalars(
        select(Person.id).where(Person.merged_into_id.is_(None)).order_by(Person.id)))
    summary = RefreshSummary(persons=len(ids))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        with acting_as(session, actor, reason=reason):
            persons = session.scalars(select(Person).where(Person.id.in_(part))).all()
            records: dict[int, list[SourceRecord]] = defaultdict(list)
            for record in session.scalars(
                live_records()
                .where(SourceRecord.person_id.in_(part))
                .options(selectinload(SourceRecord.organisation))
                .order_by(SourceRecord.list_month, SourceRecord.id)
            ):
                records[record.person_id].append(record)
            with session.no_autoflush:
                for person in persons:
                    if person.id not in records:
                        continue  # nothing to recompute from (its lists rolled back): as it is
                    refresh_person(session, person, records[person.id])
                    refresh_derived(person)  # even when no fact changed (a new sort order)
            summary.changed += sum(1 for p in persons if session.is_modified(p))
            session.commit()  # the chunk's objects are dropped with the next chunk
    with acting_as(session, actor, reason=reason):
        write_entry(session, action="refresh_persons", object_type="registry", object_id="all",
                    changes={"persons": [None, summary.persons],
                             "changed": [None, summary.changed]})
        session.commit()
    return summary
