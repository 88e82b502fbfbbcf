"""Carry a person over to the next month under a member's own stable id.

A member's id for a row is its strongest statement that two rows of two months are one
person. It is taken only when the rows' names and dates agree, never across members,
never for a member whose ids turn out to be row numbers, and never when the person's
other records would then disagree on identity facts (`exchange.domain.identity`: the
engine's constraints, on the whole would-be person).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import matching
from exchange.domain.identity import Waived, join_conflicts
from exchange.models import SourceRecord


def _letters(value: object) -> str:
    return "".join(ch for ch in str(value or "").casefold() if ch.isalpha())


def _other_surname_noted(old: dict, new: dict) -> bool:
    """Return whether one row's notes name the other row's surname (a married name)."""
    a, b = _letters(old.get("surname")), _letters(new.get("surname"))
    if not a or not b or a == b:
        return False
    return a in _letters(new.get("notes")) or b in _letters(old.get("notes"))


def same_row_again(earlier: SourceRecord, record: SourceRecord) -> bool:
    """Return whether two rows under one member's id describe the same person.

    Members that number rows anew each month reuse ids for other people, so the names
    and the date of birth must agree too: letter for letter, or else by the matching
    engine's comparisons (another transliteration, an initial, a less precise date).
    """
    old, new = earlier.values or {}, record.values or {}
    if _other_surname_noted(old, new):
        old = {**old, "surname": new.get("surname")}
    if _letters(old.get("surname")) == _letters(new.get("surname")) != "" and (
        _letters(old.get("given_name")) == _letters(new.get("given_name"))
        and str(old.get("date_of_birth") or "") == str(new.get("date_of_birth") or "")
        and _letters(old.get("patronymic")) == _letters(new.get("patronymic"))
    ):
        return True
    levels = matching.compare_records(
        matching.Record.from_canonical("earlier", {**old, "record_id": "a"}),
        matching.Record.from_canonical("record", {**new, "record_id": "b"}),
    )
    return (
        levels["surname"] in {"exact", "equivalent", "close", "fair"}
        and levels["given_name"] in {"exact", "equivalent", "close", "initial"}
        and levels["patronymic"] != "different"
        and levels["date_of_birth"] in {"exact", "same_year_month", "same_year", "missing"}
        and levels["sex"] != "different"
    )


# A member's ids count as stable when at least this share of the rows that reuse an
# earlier id describe the same person again; below it, the ids are row numbers.
STABLE_IDS = 0.9


class CarryOver(NamedTuple):
    """Records carried over (record id -> person id), and those the constraints refused."""

    links: dict[int, int]
    refused: list[int]


def carried_over(
    month: str,
    new: Sequence[SourceRecord],
    existing: dict[int, list[SourceRecord]],
    waived: Waived = frozenset(),
) -> CarryOver:
    """Link a record to the person its member listed under the same id in an earlier month.

    A member's own stable id is its strongest statement that two rows are one person; it
    is taken when the names and birth dates agree, never across members, never for a
    member whose ids turn out to be row numbers, and never when the person would then
    hold conflicting facts (those records go to the matching engine instead).
    """
    latest: dict[tuple[int, str], SourceRecord] = {}
    for records in existing.values():
        for r in records:
            if r.record_id and r.list_month < month:
                key = (r.organisation_id, r.record_id)
                if key not in latest or latest[key].list_month < r.list_month:
                    latest[key] = r
    tried: dict[int, int] = defaultdict(int)
    agreed: dict[int, dict[int, int]] = defaultdict(dict)
    for record in new:
        earlier = latest.get((record.organisation_id, record.record_id or ""))
        if earlier is None:
            continue
        tried[record.organisation_id] += 1
        if same_row_again(earlier, record):
            agreed[record.organisation_id][record.id] = earlier.person_id
    carried: dict[int, int] = {}
    for org, links in agreed.items():
        if len(links) >= STABLE_IDS * tried[org]:
            carried.update(links)
    return _within_constraints(carried, new, existing, waived)


def _within_constraints(
    carried: dict[int, int],
    new: Sequence[SourceRecord],
    existing: dict[int, list[SourceRecord]],
    waived: Waived,
) -> CarryOver:
    """Keep the carried records that fit their whole person (and each other)."""
    by_id = {r.id: r for r in new}
    joined: dict[int, list[SourceRecord]] = defaultdict(list)
    kept: dict[int, int] = {}
    refused = []
    for record_id, person_id in sorted(carried.items()):
        record = by_id[record_id]
        person = [*existing.get(person_id, ()), *joined[person_id]]
        if join_conflicts([record], person, waived):
            refused.append(record_id)
            continue
        kept[record_id] = person_id
        joined[person_id].append(record)
    return CarryOver(kept, refused)
