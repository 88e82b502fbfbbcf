"""The rehabilitation checklist after return (seeds/000, "Restoration of Rights").

The items are `data/checklist.csv`: medical examination, identity documents, restrictions
lifted, family reunited, and three compensation claims (lost income, actual damages, moral
harm) with the amount claimed. An item with no row yet is open. The checklist starts once
the person is back (stage group `home`); what is open counts for persons back in Ukraine or
in rehabilitation (a closed case lacks nothing more the Coalition will do).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as
from exchange.models import ChecklistStatus, Person, RehabilitationItem, Stage
from repatriation.dates import partial_date
from repatriation.events import current_stage
from repatriation.machine import group_of
from repatriation.tables import data_rows

__all__ = [
    "ChecklistRefused",
    "ChecklistRow",
    "OPEN_STAGES",
    "checklist",
    "open_rows",
    "person_checklist",
    "rows_for",
    "update_item",
]

OPEN_STAGES = (Stage.REPATRIATED, Stage.REHABILITATION)
FINISHED = (ChecklistStatus.DONE, ChecklistStatus.NOT_NEEDED)
DATED = (ChecklistStatus.IN_PROGRESS, ChecklistStatus.DONE)


class ChecklistRefused(ValueError):
    """A checklist change that cannot be saved (not back yet, unknown item, bad amount...)."""


@dataclass(frozen=True)
class ChecklistEntry:
    item: str
    kind: str  # step or compensation
    concept: str

    @property
    def is_compensation(self) -> bool:
        return self.kind == "compensation"


@cache
def checklist() -> tuple[ChecklistEntry, ...]:
    """Return the checklist items of data/checklist.csv, in order."""
    entries = tuple(
        ChecklistEntry(r["item"], r["kind"], r["concept"]) for r in data_rows("checklist.csv")
    )
    bad = [e.item for e in entries if e.kind not in ("step", "compensation")]
    if bad:
        raise ValueError(f"checklist.csv: unknown kind for {', '.join(bad)}")
    return entries


@dataclass(frozen=True)
class ChecklistRow:
    """One item of a person's checklist: its entry and what is recorded (None: nothing yet)."""

    entry: ChecklistEntry
    item: RehabilitationItem | None

    @property
    def status(self) -> ChecklistStatus:
        return self.item.status if self.item else ChecklistStatus.OPEN

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED


def rows_for(items: Iterable[RehabilitationItem]) -> list[ChecklistRow]:
    """Return the full checklist with the person's recorded items in place."""
    by_key = {i.item: i for i in items}
    return [ChecklistRow(entry, by_key.get(entry.item)) for entry in checklist()]


def person_checklist(session: Session, person_id: int) -> list[ChecklistRow]:
    stmt = select(RehabilitationItem).where(RehabilitationItem.person_id == person_id)
    return rows_for(session.scalars(stmt))


def update_item(
    session: Session,
    person: Person,
    item: str,
    *,
    status: ChecklistStatus,
    status_on: str | None,
    amount: str | None = None,
    currency: str | None = None,
    note: str | None = None,
    actor: Actor,
) -> RehabilitationItem:
    """Record the state of one checklist item and commit (audited)."""
    entry = _entry(item)
    if group_of(current_stage(person)) != "home":
        raise ChecklistRefused(_("The checklist starts once the person is back in Ukraine."))
    status = ChecklistStatus(status)
    when = partial_date(status_on)
    if status in DATED and when is None:
        raise ChecklistRefused(_("Give the date of this step."))
    value = _amount(amount, entry)
    row = session.scalar(
        select(RehabilitationItem).where(
            RehabilitationItem.person_id == person.id, RehabilitationItem.item == item
        )
    )
    with acting_as(session, actor, reason=f"rehabilitation: {item}"):
        if row is None:
            row = RehabilitationItem(person_id=person.id, item=item)
            session.add(row)
        row.status, row.status_on, row.amount = status, when, value
        row.currency = (currency or "UAH").strip().upper()[:3] if value is not None else None
        row.note = (note or "").strip() or None
        row.updated_by = actor.label
        session.commit()
    return row


def _entry(item: str) -> ChecklistEntry:
    for entry in checklist():
        if entry.item == item:
            return entry
    raise ChecklistRefused(_("Not an item of the checklist: %(item)s", item=item))


def _amount(text: str | None, entry: ChecklistEntry) -> Decimal | None:
    if text is None or not str(text).strip():
        return None
    if not entry.is_compensation:
        raise ChecklistRefused(_("Only a compensation claim has an amount."))
    try:
        value = Decimal(str(text).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ChecklistRefused(_("Not an amount: %(text)s", text=text)) from None
    if value < 0 or value >= Decimal("1e12") or value != value.quantize(Decimal("0.01")):
        raise ChecklistRefused(_("Not an amount: %(text)s", text=text))
    return value


def open_rows(rows: Sequence[ChecklistRow]) -> list[ChecklistRow]:
    return [r for r in rows if r.is_open]
