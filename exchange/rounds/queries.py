"""Reads of persons and rounds for rosters and rounds, each returning a select().

The registry-wide notions ("still held", "a live record", "category") are each one named
function here, so they can move to a shared core without touching the callers.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, exists, func, literal, or_, select

from exchange.models import (
    BatchStatus,
    Charge,
    Detention,
    FileKind,
    ImportBatch,
    Organisation,
    Person,
    ReleaseStatus,
    Role,
    Round,
    RoundEntry,
    RoundFile,
    SourceRecord,
    User,
)
from exchange.models.classification import PersonClassification
from exchange.models.enums import Category
from exchange.rounds.priority import rank_expression

CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit
HELD = (ReleaseStatus.DETAINED, ReleaseStatus.MISSING)


def still_held() -> ColumnElement[bool]:
    """Condition: the registry believes the person is still held (no status counts as held)."""
    return or_(Person.release_status.is_(None), Person.release_status.in_(HELD))


def category_of() -> ColumnElement[str]:
    """The effective category (a reviewer's override first); no result yet is unclassified."""
    return func.coalesce(
        PersonClassification.override_category,
        PersonClassification.category,
        literal(Category.UNCLASSIFIED.value),
    )


def live_records() -> Select:
    """Select source records of imports that were not rolled back."""
    return (
        select(SourceRecord)
        .join(ImportBatch, SourceRecord.batch_id == ImportBatch.id)
        .where(ImportBatch.status == BatchStatus.COMMITTED)
    )


def listed_by(organisation_id: int) -> Select[tuple[int]]:
    """Select the ids of the persons an organisation lists (in any month)."""
    return (
        live_records()
        .with_only_columns(SourceRecord.person_id)
        .where(SourceRecord.organisation_id == organisation_id, SourceRecord.person_id.isnot(None))
    )


def visible_to(user: User | None) -> ColumnElement[bool] | None:
    """Condition on Person for what a user may see: member editors see their own persons."""
    if user is not None and user.role is Role.MEMBER_EDITOR:
        return Person.id.in_(listed_by(user.organisation_id or 0))
    return None


def _earliest_detention():
    return (
        select(Detention.person_id, func.min(Detention.detained_on).label("detained_on"))
        .group_by(Detention.person_id)
        .subquery()
    )


def ranked_persons(today: date) -> Select:
    """Select (id, rank, earliest detention, region, category) in roster order.

    The order: the priority group, then the earliest detention (unknown last), then the
    name in Ukrainian alphabetical order (`Person.sort_name`: a Latin name by its derived
    Cyrillic form), then the id, so that every page and every export
    of a roster list the same persons in the same places.
    """
    earliest = _earliest_detention()
    detained = earliest.c.detained_on
    rank = rank_expression(detained, today).label("rank")
    return (
        select(Person.id, rank, detained, Person.residence_region,
               category_of().label("category"))
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .outerjoin(earliest, earliest.c.person_id == Person.id)
        .where(Person.merged_into_id.is_(None))
        .order_by(rank, detained.is_(None), detained, Person.sort_name, Person.id)
    )


def roster_persons(
    category: str | None,
    today: date,
    *,
    region: str | None = None,
    member: int | None = None,
    free: bool = False,
    rank: int | None = None,
    user: User | None = None,
) -> Select:
    """Select `ranked_persons` still held in a category, narrowed by filters."""
    stmt = ranked_persons(today).where(still_held())
    if category:
        stmt = stmt.where(category_of() == category)
    if region:
        stmt = stmt.where(Person.residence_region == region)
    if member is not None:
        stmt = stmt.where(Person.id.in_(listed_by(member)))
    if free:
        stmt = stmt.where(~exists().where(RoundEntry.open_person_id == Person.id))
    if rank is not None:
        stmt = stmt.where(stmt.selected_columns.rank == rank)
    visible = visible_to(user)
    return stmt if visible is None else stmt.where(visible)


def roster_counts(user: User | None = None) -> Select:
    """Select (category, persons still held) for every category that has any."""
    held = (
        select(Person.id, category_of().label("category"))
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .where(Person.merged_into_id.is_(None), still_held())
    )
    visible = visible_to(user)
    held = (held if visible is None else held.where(visible)).subquery()
    return select(held.c.category, func.count(held.c.id)).group_by(held.c.category)


SHOWN = ("id", "surname", "given_name", "patronymic", "sex", "date_of_birth", "citizenship",
         "residence_region", "legal_status", "health_concern", "release_status")


def shown_facts(person_ids: list[int]) -> Select:
    """Select the persons' facts a roster row shows (`SHOWN`), with their classification."""
    return (
        select(
            *(getattr(Person, name) for name in SHOWN),
            category_of().label("category"),
            PersonClassification.rule,
            PersonClassification.provisional,
            func.coalesce(
                PersonClassification.override_eligibility, PersonClassification.eligibility
            ).label("eligibility"),
        )
        .outerjoin(PersonClassification, PersonClassification.person_id == Person.id)
        .where(Person.id.in_(person_ids))
    )


def detentions_of(person_ids: list[int]) -> Select:
    """Select (person id, detained on, held at) of the persons' detentions, oldest first."""
    return (
        select(Detention.person_id, Detention.detained_on, Detention.held_at)
        .where(Detention.person_id.in_(person_ids))
        .order_by(Detention.person_id, Detention.detained_on, Detention.id)
    )


def charges_of(person_ids: list[int]) -> Select:
    """Select (person id, article, part) of the persons' charges."""
    return (
        select(Charge.person_id, Charge.article, Charge.part)
        .where(Charge.person_id.in_(person_ids))
        .order_by(Charge.person_id, Charge.id)
    )


def members_of(person_ids: list[int]) -> Select:
    """Select (person id, organisation code) for every member listing the persons."""
    return (
        live_records()
        .with_only_columns(SourceRecord.person_id, Organisation.code)
        .join(Organisation, Organisation.id == SourceRecord.organisation_id)
        .where(SourceRecord.person_id.in_(person_ids))
        .distinct()
    )


def holding_entries(person_ids: list[int]) -> Select:
    """Select (person id, round) of the open rounds that hold these persons."""
    return (
        select(RoundEntry.open_person_id, Round)
        .join(Round, Round.id == RoundEntry.round_id)
        .where(RoundEntry.open_person_id.in_(person_ids))
    )


def current_file(round_id: int, kind: FileKind) -> Select[tuple[RoundFile]]:
    """Select the round's file of a kind that is in force (the latest, not superseded)."""
    return (
        select(RoundFile)
        .where(RoundFile.round_id == round_id, RoundFile.kind == kind, ~RoundFile.superseded)
        .order_by(RoundFile.id.desc())
        .limit(1)
    )


def rounds_list() -> Select[tuple[Round]]:
    """Select every round, the newest first."""
    return select(Round).order_by(Round.id.desc())


def entry_person_ids(round_id: int) -> Select[tuple[int]]:
    return select(RoundEntry.person_id).where(RoundEntry.round_id == round_id)


def chunks(ids: list[int]) -> list[list[int]]:
    """Split ids into lists short enough for an IN (...)."""
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
