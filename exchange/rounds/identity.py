"""Doubts about who a person is, to settle before a list leaves the building.

Three flags: an open match review touches the person (`open_review`); the person's own
records disagree on a full date of birth (`records_disagree`); the registry has no full
date of birth (`thin_identity`). `records_disagree` is one function so that it can be
replaced by the constraint checker of the matching library when that lands.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from exchange.models import ReviewItem, ReviewStatus, SourceRecord
from exchange.rounds.queries import chunks, live_records

__all__ = ["FLAGS", "identity_flags", "is_thin", "persons_in_open_review", "records_disagree"]

FLAGS = ("open_review", "records_disagree", "thin_identity")
FULL_DATE = 10  # YYYY-MM-DD


def is_thin(date_of_birth: str | None) -> bool:
    """Return whether a date of birth is too little to tell namesakes apart."""
    return not date_of_birth or len(date_of_birth) < FULL_DATE


def persons_in_open_review(session: Session, person_ids: list[int]) -> set[int]:
    """Return those of the persons an open match review item touches (either side)."""
    found: set[int] = set()
    for chunk in chunks(person_ids):
        stmt = (
            select(SourceRecord.person_id, ReviewItem.candidate_person_id)
            .join(ReviewItem, ReviewItem.source_record_id == SourceRecord.id)
            .where(
                ReviewItem.status == ReviewStatus.OPEN,
                or_(
                    SourceRecord.person_id.in_(chunk), ReviewItem.candidate_person_id.in_(chunk)
                ),
            )
        )
        for a, b in session.execute(stmt):
            found.update(p for p in (a, b) if p in chunk)
    return found


def records_disagree(session: Session, person_ids: list[int]) -> set[int]:
    """Return those of the persons whose live records give different full dates of birth."""
    born = SourceRecord.values["date_of_birth"].as_string()
    found: set[int] = set()
    for chunk in chunks(person_ids):
        stmt = (
            live_records()
            .with_only_columns(SourceRecord.person_id)
            .where(SourceRecord.person_id.in_(chunk), func.length(born) == FULL_DATE)
            .group_by(SourceRecord.person_id)
            .having(func.count(distinct(born)) > 1)
        )
        found.update(session.scalars(stmt))
    return found


def identity_flags(
    session: Session, births: Mapping[int, str | None]
) -> dict[int, tuple[str, ...]]:
    """Return the flags of each person (id -> the registry's date of birth); none: ()."""
    ids = sorted(births)
    review = persons_in_open_review(session, ids)
    disagree = records_disagree(session, ids)
    flags: dict[int, tuple[str, ...]] = {}
    for pid in ids:
        raised = (pid in review, pid in disagree, is_thin(births[pid]))
        flags[pid] = tuple(flag for flag, up in zip(FLAGS, raised, strict=True) if up)
    return flags
