"""The counts of a home page: each one COUNT query and the address of the list it counts.

Every count is one aggregate in SQL (no person is loaded), so a home page stays cheap on a
registry of 15,000 persons. Which role sees which count is `data/home.toml`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import Session

from exchange.domain.records import committed_batches
from exchange.models import (
    FlagKind,
    ImportBatch,
    ListMonth,
    MonthStatus,
    Person,
    RepatriationFlag,
    ReviewItem,
    ReviewStatus,
    Role,
    Round,
    RoundState,
    User,
)
from exchange.models.classification import PersonClassification
from exchange.reconciliation.queries import conflicted_persons
from exchange.rounds.queries import listed_by

__all__ = ["Todo", "home_plan", "todos"]

FINISHED_ROUNDS = (RoundState.CLOSED, RoundState.CANCELLED)


@dataclass(frozen=True)
class Todo:
    key: str
    label: Any  # a lazy string
    count: int
    url: str


@dataclass(frozen=True)
class _Count:
    label: Any
    query: Callable[[User], Select]
    endpoint: str
    args: Callable[[User], dict[str, str]] = lambda _user: {}


def _in_conflict(_user: User) -> Select:
    """Persons on whom members disagree: the Conflicts page's list, counted."""
    return select(func.count()).select_from(conflicted_persons().order_by(None).subquery())


def _lists_to_reconcile(_user: User) -> Select:
    """Months holding a list imported after the month was last reconciled (or never)."""
    stale = committed_batches().outerjoin(
        ListMonth, ListMonth.month == ImportBatch.list_month).where(
        or_(ListMonth.id.is_(None), ListMonth.status == MonthStatus.OPEN,
            ImportBatch.created_at > ListMonth.reconciled_at)
    ).with_only_columns(ImportBatch.list_month).subquery()
    return select(func.count(distinct(stale.c.list_month)))


def _flags(kind: FlagKind | None, *, other: bool = False) -> Callable[[User], Select]:
    def query(user: User) -> Select:
        stmt = select(func.count(RepatriationFlag.id)).join(
            Person, Person.id == RepatriationFlag.person_id).where(
            Person.merged_into_id.is_(None), RepatriationFlag.resolved_at.is_(None))
        if kind is not None:
            stmt = stmt.where((RepatriationFlag.kind != kind) if other
                              else (RepatriationFlag.kind == kind))
        if user.role is Role.MEMBER_EDITOR:
            stmt = stmt.where(RepatriationFlag.person_id.in_(listed_by(user.organisation_id or 0)))
        return stmt
    return query


def _own_persons(user: User) -> Select:
    return select(func.count(Person.id)).where(
        Person.merged_into_id.is_(None), Person.id.in_(listed_by(user.organisation_id or 0)))


def _own_code(user: User) -> dict[str, str]:
    return {"member": user.organisation.code} if user.organisation else {}


_COUNTS: dict[str, _Count] = {
    "lists_to_reconcile": _Count(
        _l("Months with lists imported but not reconciled"), _lists_to_reconcile,
        "reconciliation.months"),
    "pairs_to_review": _Count(
        _l("Pairs of records to review"),
        lambda _u: select(func.count(ReviewItem.id)).where(ReviewItem.status == ReviewStatus.OPEN),
        "reconciliation.review_queue"),
    "persons_in_conflict": _Count(
        _l("Persons on whom the members disagree"), _in_conflict, "reconciliation.conflicts"),
    "category_review": _Count(
        _l("Persons whose category waits for a review"),
        lambda _u: select(func.count(PersonClassification.id)).join(
            Person, Person.id == PersonClassification.person_id).where(
            PersonClassification.needs_review.is_(True), Person.merged_into_id.is_(None)),
        "classification.review_queue"),
    "months_to_publish": _Count(
        _l("Reconciled months not yet published"),
        lambda _u: select(func.count(ListMonth.id)).where(
            ListMonth.status == MonthStatus.RECONCILED),
        "reconciliation.months"),
    "dropped_while_held": _Count(
        _l("Persons dropped from the lists while still held"),
        _flags(FlagKind.DROPPED_WHILE_HELD), "repatriation.flags",
        lambda _u: {"kind": FlagKind.DROPPED_WHILE_HELD.value}),
    "flags_to_check": _Count(
        _l("Other doubts about the road home to check"),
        _flags(FlagKind.DROPPED_WHILE_HELD, other=True), "repatriation.flags"),
    "rounds_in_progress": _Count(
        _l("Exchange rounds in progress"),
        lambda _u: select(func.count(Round.id)).where(Round.state.not_in(FINISHED_ROUNDS)),
        "rounds.index"),
    "own_lists": _Count(
        _l("Lists your organisation imported"),
        lambda u: committed_batches().with_only_columns(func.count(ImportBatch.id)).where(
            ImportBatch.organisation_id == (u.organisation_id or 0)),
        "importing.batches"),
    "own_persons": _Count(
        _l("Persons your organisation lists"), _own_persons, "registry.index", _own_code),
}


@cache
def _plans() -> dict[str, dict[str, Any]]:
    text = resources.files("exchange.home").joinpath("data", "home.toml").read_text("utf-8")
    plans = tomllib.loads(text)
    for role, plan in plans.items():
        Role(role)  # a role the app does not have is an error in the file
        unknown = [key for key in plan["todos"] if key not in _COUNTS]
        if unknown:
            raise ValueError(f"home.toml: [{role}] names unknown to-dos: {', '.join(unknown)}")
    return plans


def home_plan(role: Role) -> dict[str, Any]:
    """Return the role's plan: `todos` (keys in order) and `rosters` (first, after, none)."""
    return _plans()[role.value]


def todos(session: Session, user: User) -> list[Todo]:
    """Return the user's to-dos with their counts and the addresses of the lists behind them."""
    found = []
    for key in home_plan(user.role)["todos"]:
        spec = _COUNTS[key]
        count = session.execute(spec.query(user)).scalar_one()
        found.append(Todo(key, spec.label, count, url_for(spec.endpoint, **spec.args(user))))
    return found
