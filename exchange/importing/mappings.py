"""Header and value mappings saved per organisation and reused for its next lists."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from exchange.audit import Actor, acting_as
from exchange.importing.headers import parse_explicit
from exchange.importing.text import key
from exchange.importing.value_maps import ValueMap, checked_value
from exchange.models import SavedHeaderMapping, SavedValueMapping


def saved_mapping(session: Session, organisation_id: int) -> dict[str, str]:
    """Return the organisation's saved {header key: column or `ignore`}."""
    rows = session.scalars(select(SavedHeaderMapping).where(
        SavedHeaderMapping.organisation_id == organisation_id))
    return {row.header_key: row.column for row in rows}


def saved_mapping_rows(session: Session, organisation_id: int) -> list[SavedHeaderMapping]:
    """Return the organisation's saved mappings, by header."""
    return list(session.scalars(select(SavedHeaderMapping).where(
        SavedHeaderMapping.organisation_id == organisation_id).order_by(
        SavedHeaderMapping.header)))


def save_mapping(session: Session, organisation_id: int, choices: Mapping[str, str],
                 actor: Actor) -> int:
    """Save {header: column or `ignore`} for the organisation, replacing earlier choices."""
    columns = parse_explicit(choices)  # canonical names; ValueError for an unknown column
    existing = {row.header_key: row for row in saved_mapping_rows(session, organisation_id)}
    with acting_as(session, actor, reason="saved header mapping"):
        for header in choices:
            column = columns[key(header)]
            row = existing.get(key(header))
            if row is None:
                session.add(SavedHeaderMapping(organisation_id=organisation_id,
                                               header_key=key(header)[:200], header=header[:200],
                                               column=column, updated_by_label=actor.label))
            elif row.column != column:
                row.column, row.header, row.updated_by_label = column, header[:200], actor.label
        session.commit()
    return len(choices)


def forget_mapping(session: Session, mapping_id: int, actor: Actor) -> SavedHeaderMapping | None:
    """Delete one saved header choice; return it, or None when there is no such choice."""
    row = session.get(SavedHeaderMapping, mapping_id)
    if row is None:
        return None
    with acting_as(session, actor, reason="saved header mapping removed"):
        session.delete(row)
        session.commit()
    return row


def saved_value_map(session: Session, organisation_id: int) -> ValueMap:
    """Return the organisation's saved {column: {cell text key: canonical value}}."""
    out: ValueMap = {}
    for row in saved_value_rows(session, organisation_id):
        out.setdefault(row.column, {})[row.value_key] = row.canonical
    return out


def saved_value_rows(session: Session, organisation_id: int) -> list[SavedValueMapping]:
    """Return the organisation's saved value mappings, by column and text."""
    return list(session.scalars(select(SavedValueMapping).where(
        SavedValueMapping.organisation_id == organisation_id).order_by(
        SavedValueMapping.column, SavedValueMapping.value)))


def save_value_mapping(session: Session, organisation_id: int,
                       choices: Mapping[tuple[str, str], str], actor: Actor) -> int:
    """Save {(column, cell text): canonical} for the organisation, replacing earlier choices."""
    checked = {(c, t): checked_value(c, v) for (c, t), v in choices.items()}  # ValueError
    existing = {(r.column, r.value_key): r for r in saved_value_rows(session, organisation_id)}
    with acting_as(session, actor, reason="saved value mapping"):
        for (column, text), canonical in checked.items():
            row = existing.get((column, key(text)))
            if row is None:
                session.add(SavedValueMapping(
                    organisation_id=organisation_id, column=column, value_key=key(text)[:200],
                    value=text[:200], canonical=canonical, updated_by_label=actor.label))
            elif row.canonical != canonical:
                row.canonical, row.value, row.updated_by_label = canonical, text[:200], \
                    actor.label
        session.commit()
    return len(checked)


def forget_value_mapping(session: Session, mapping_id: int,
                         actor: Actor) -> SavedValueMapping | None:
    """Delete one saved value choice; return it, or None when there is no such choice."""
    row = session.get(SavedValueMapping, mapping_id)
    if row is None:
        return None
    with acting_as(session, actor, reason="saved value mapping removed"):
        session.delete(row)
        session.commit()
    return row
