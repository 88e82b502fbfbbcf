"""What the review page shows for one record: every candidate, and what choosing it joins.

For each candidate person: the record's facts beside the person's, the engine's
calibrated probability and its explanation, every person and record a "same person"
would put together, and what the identity constraints find wrong with that whole
would-be person (only the item's own pair of records is waived by the decision).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from exchange.domain.charges import format_stored_charges
from exchange.domain.identity import RecordConflict, join_conflicts, record_key, waived_pairs
from exchange.domain.records import person_records
from exchange.models import Person, ReviewItem, SourceRecord
from exchange.reconciliation.review_decisions import open_items

COMPARED = (
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "citizenship",
    "residence_region",
    "release_status",
    "legal_status",
    "held_at",
    "charges",
)
# The engine's comparison behind each compared field, and its levels that mean "agree".
ENGINE_COMPARISON = {
    "surname": "surname",
    "given_name": "given_name",
    "patronymic": "patronymic",
    "date_of_birth": "date_of_birth",
    "sex": "sex",
    "residence_region": "region",
    "place_of_birth": "place_of_birth",
}
AGREEING_LEVELS = {"exact", "equivalent", "same"}


@dataclass(frozen=True)
class CandidateView:
    """One candidate person of the record, and what choosing them would do."""

    item: ReviewItem
    person: Person
    records: list[SourceRecord]
    current: bool  # the record is with this person now
    rows: list[dict]  # the compared fields: record value, person value, state, engine level
    joins: list[Person]  # every person a "same person" puts together (the candidate last)
    conflicts: list[RecordConflict]  # what that whole would-be person disagrees on


@dataclass(frozen=True)
class Question:
    """A record with an open question: where it is now, and its candidates."""

    record: SourceRecord
    person: Person | None  # None: awaiting a decision (attached to no person)
    own_records: list[SourceRecord]
    candidates: list[CandidateView]

    @property
    def pending(self) -> bool:
        return self.person is None

    @property
    def reason(self) -> str | None:
        return next((c.item.reason for c in self.candidates if c.item.reason), None)


def _person_value(person: Person, field: str) -> object:
    if field == "charges":
        return format_stored_charges(person.charges) or None
    if field == "held_at":
        return person.current_detention.held_at if person.current_detention else None
    value = getattr(person, field)
    return getattr(value, "value", value)


def comparison(record: SourceRecord, item: ReviewItem, person: Person) -> list[dict]:
    """Return the record's facts beside the person's, with the engine's level for each."""
    levels = {c.get("comparison"): c.get("level") for c in item.explanation or []}
    rows = []
    for field in COMPARED:
        left, right = (record.values or {}).get(field), _person_value(person, field)
        level = levels.get(ENGINE_COMPARISON.get(field, ""))
        if left in (None, "") or right in (None, ""):
            state = "missing"
        elif str(left).casefold() == str(right).casefold():
            state = "agree"
        else:  # spelt differently: the engine may still see one name across scripts
            state = "equivalent" if level in AGREEING_LEVELS else "conflict"
        rows.append(
            {"field": field, "record": left, "person": right, "state": state, "level": level}
        )
    return rows


def question(session: Session, record: SourceRecord) -> Question:
    """Return the record's open question with every candidate (the page's view)."""
    person = session.get(Person, record.person_id) if record.person_id else None
    own = person_records(session, person.id) if person else [record]
    waived = waived_pairs(session)
    candidates = []
    for item in open_items(session, record):
        records = person_records(session, item.candidate_person_id)
        current = item.candidate_person_id == record.person_id
        conflicts: list[RecordConflict] = []
        if not current:
            mine = waived
            if item.candidate_record is not None:
                pair = frozenset((record_key(record), record_key(item.candidate_record)))
                mine = waived | {pair}
            conflicts = join_conflicts(own, records, mine)
        joins = [item.candidate] if current or person is None else [person, item.candidate]
        candidates.append(
            CandidateView(
                item,
                item.candidate,
                records,
                current,
                comparison(record, item, item.candidate),
                joins,
                conflicts,
            )
        )
    return Question(record, person, own, candidates)
