"""Reusable reads of the registry, each returning a select()."""

from __future__ import annotations

from sqlalchemy import Select, false, func, select

from exchange.audit import VIEW
from exchange.auth.access import sees_every_record
from exchange.domain.records import live_records
from exchange.models import AuditEntry, Organisation, SourceRecord, User
from exchange.models.enums import Role


def visible_source_records(user: User, person_id: int) -> Select[tuple[SourceRecord]]:
    """Select the person's source records that this user may see."""
    stmt = select(SourceRecord).where(SourceRecord.person_id == person_id)
    if user.role is Role.MEMBER_EDITOR:
        stmt = stmt.where(SourceRecord.organisation_id == user.organisation_id)
    elif not sees_every_record(user):
        stmt = stmt.where(false())  # negotiators and viewers read the merged facts only
    return stmt.order_by(SourceRecord.list_month.desc(), SourceRecord.organisation_id)


def person_history(person_id: int) -> Select[tuple[AuditEntry]]:
    """Select the audit entries about one person, newest first."""
    return (
        select(AuditEntry)
        .where(AuditEntry.person_id == person_id, AuditEntry.action != VIEW)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def listings(person_ids: list[int]) -> Select:
    """Select (person id, member code, first month, last month) of the members listing them."""
    return (
        live_records()
        .with_only_columns(SourceRecord.person_id, Organisation.code,
                           func.min(SourceRecord.list_month), func.max(SourceRecord.list_month))
        .join(Organisation, Organisation.id == SourceRecord.organisation_id)
        .where(SourceRecord.person_id.in_(person_ids))
        .group_by(SourceRecord.person_id, Organisation.code)
        .order_by(SourceRecord.person_id, func.min(SourceRecord.list_month), Organisation.code)
    )


def organisations() -> Select[tuple[Organisation]]:
    """Select the organisations that keep lists, by code."""
    return select(Organisation).order_by(Organisation.code)


def roles_of(user_ids: set[int]) -> Select[tuple[int, Role]]:
    """Select (user id, role) of the accounts that wrote a history."""
    return select(User.id, User.role).where(User.id.in_(user_ids))
