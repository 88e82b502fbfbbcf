"""The registry list's filters and sort orders, read from the address and applied in SQL.

Every filter narrows the select with an indexed condition and every order is one ORDER BY
(the name by `Person.sort_name`), so a page of a registry of 15,000 persons is one paged
query. Only values the app knows are applied; a filter on a fact the user may not see
(health) is ignored for them, so a filter never tells what a page would hide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import Select, case, exists, func, nulls_last, select

from exchange.auth.access import may_see_field
from exchange.classification.util import (
    ELIGIBILITY_FILTERS,
    PROVISIONAL_CHOICES,
    filter_by_classification,
)
from exchange.labels import region_names
from exchange.models import (
    Detention,
    FacilityType,
    Organisation,
    Person,
    ReleaseStatus,
    RoundEntry,
    SourceRecord,
    User,
)
from exchange.models.classification import PersonClassification
from exchange.models.enums import Category
from exchange.rounds.collation import casefolded
from exchange.rounds.queries import category_of, listed_by, still_held
from exchange.rounds.tables import categories_in_order

__all__ = ["SORTS", "STATUSES", "RegistryFilters", "apply", "latest_listing", "read_filters"]

SORTS = ("name", "born", "region", "category", "listed")
HELD = "held"  # still held: detained, missing, or no status yet
STATUSES = (HELD, *(s.value for s in ReleaseStatus))
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class RegistryFilters:
    member: str = ""
    region: str = ""
    category: str = ""
    eligibility: str = ""
    provisional: str = ""
    status: str = ""
    facility: str = ""
    held_at: str = ""
    health: str = ""
    on_round: str = ""
    sort: str = "name"

    def args(self) -> dict[str, str]:
        """Return the filters that are set, for an address (the default sort left out)."""
        chosen = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
        if chosen.get("sort") == "name":
            del chosen["sort"]
        return chosen

    @property
    def active(self) -> bool:
        return any(v for k, v in self.args().items() if k != "sort")


KEYS = tuple(f.name for f in fields(RegistryFilters))


def _choice(value: str | None, allowed) -> str:
    return value if value in allowed else ""


def read_filters(args: Mapping[str, str], user: User | None, members: list[str]) -> RegistryFilters:
    """Read the filters from an address; unknown values and hidden facts are dropped."""
    get = args.get
    return RegistryFilters(
        member=_choice(get("member"), members),
        region=_choice(get("region"), region_names("en")),
        category=_choice(get("category"), {c.value for c in Category}),
        eligibility=_choice(get("eligibility"), ELIGIBILITY_FILTERS),
        provisional=_choice(get("provisional"), PROVISIONAL_CHOICES),
        status=_choice(get("status"), STATUSES),
        facility=_choice(get("facility"), {f.value for f in FacilityType}),
        held_at=" ".join((get("held_at") or "").split())[:100],
        health=_choice(get("health"), YES_NO) if may_see_field(user, "health_concern") else "",
        on_round=_choice(get("on_round"), YES_NO),
        sort=_choice(get("sort"), SORTS) or "name",
    )


def _like(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _held_where(f: RegistryFilters):
    detention = exists().where(Detention.person_id == Person.id)
    if f.facility:
        detention = detention.where(Detention.facility_type == f.facility)
    if f.held_at:
        detention = detention.where(casefolded(Detention.held_at).like(_like(f.held_at),
                                                                       escape="\\"))
    return detention


def _narrow(stmt: Select, f: RegistryFilters) -> Select:
    if f.member:
        org = select(Organisation.id).where(Organisation.code == f.member).scalar_subquery()
        stmt = stmt.where(Person.id.in_(listed_by(org)))  # type: ignore[arg-type]
    if f.region:
        stmt = stmt.where(Person.residence_region == f.region)
    if f.status == HELD:
        stmt = stmt.where(still_held())
    elif f.status:
        stmt = stmt.where(Person.release_status == f.status)
    if f.facility or f.held_at:
        stmt = stmt.where(_held_where(f))
    if f.health:
        stmt = stmt.where(Person.health_concern == f.health)
    if f.on_round:
        on_round = exists().where(RoundEntry.open_person_id == Person.id)
        stmt = stmt.where(on_round if f.on_round == "yes" else ~on_round)
    return filter_by_classification(stmt, category=f.category or None,
                                    eligibility=f.eligibility or None,
                                    provisional=f.provisional or None)


def latest_listing():
    """The month a person was last listed (one lookup in the (person, month) index)."""
    return (select(func.max(SourceRecord.list_month))
            .where(SourceRecord.person_id == Person.id).scalar_subquery())


def _place(order: list[str], column):
    """Order a column of codes by the position of each code in `order` (unknown last)."""
    return case({code: i for i, code in enumerate(order)}, value=column, else_=len(order))


def _order(f: RegistryFilters, language: str) -> list:
    by_name = [Person.sort_name, Person.id]
    if f.sort == "born":
        return [nulls_last(Person.date_of_birth.asc()), *by_name]
    if f.sort == "region":
        names = region_names(language)
        ordered = sorted(names, key=lambda code: names[code])
        return [_place(ordered, Person.residence_region), *by_name]
    if f.sort == "category":
        category = (select(category_of()).where(PersonClassification.person_id == Person.id)
                    .scalar_subquery())
        return [_place(categories_in_order(), category), *by_name]
    if f.sort == "listed":
        return [nulls_last(latest_listing().desc()), *by_name]
    return by_name


def apply(stmt: Select, f: RegistryFilters, language: str, *, keep_order: bool = False) -> Select:
    """Narrow a select of Person by the filters and order it (`keep_order`: a search's own)."""
    stmt = _narrow(stmt, f)
    if keep_order and f.sort == "name":
        return stmt
    return stmt.order_by(None).order_by(*_order(f, language))
