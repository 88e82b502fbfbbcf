"""Write a person's merged facts, name variants, charges and detention.

Status events come from `repatriation.list_events`, after the whole month is linked.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from sqlalchemy.orm import Session

from exchange.domain.charges import ChargesError, parse_charges
from exchange.domain.fields import DETENTION_FIELDS, PERSON_FIELDS
from exchange.domain.merge import (
    FieldChoice,
    Observation,
    merge_facts,
    name_script,
    name_variants,
)
from exchange.models import (
    Charge,
    Detention,
    NameVariant,
    Person,
    Script,
    SourceRecord,
)
from exchange.models.enums import (
    Exclusion,
    FacilityType,
    LegalStatus,
    PersonStatus,
    ReleaseStatus,
    Sex,
)

ENUM_FIELDS: dict[str, type[enum.Enum]] = {
    "sex": Sex,
    "person_status": PersonStatus,
    "legal_status": LegalStatus,
    "exclusion": Exclusion,
    "release_status": ReleaseStatus,
}
SCRIPTS = {"cyrl-uk": Script.CYRILLIC_UK, "cyrl": Script.CYRILLIC, "latn": Script.LATIN}


def observations(records: Sequence[SourceRecord]) -> list[Observation]:
    """Turn source records into the merge rules' observations."""
    return [
        Observation(
            org=r.organisation.code,
            record_id=r.record_id or f"row {r.row_number}",
            month=r.list_month,
            values=r.values or {},
            source_record_id=r.id,
        )
        for r in records
    ]


def typed_value(name: str, value: object) -> object:
    """Return a fact's value as the person's column keeps it (an enum member, or text)."""
    kind = ENUM_FIELDS.get(name) or (FacilityType if name == "facility_type" else None)
    if kind is None or value is None:
        return value
    try:
        return kind(value)
    except ValueError:
        return None  # the import reported the cell; an unknown value is no fact


def refresh_person(session: Session, person: Person, records: Sequence[SourceRecord]) -> None:
    """Recompute everything the registry believes about a person from their records."""
    pinned = {
        name: prov
        for name, prov in (person.field_provenance or {}).items()
        if isinstance(prov, dict) and prov.get("rule") == "coordinator"
    }
    obs = observations(records)
    merged = merge_facts(obs, pinned)
    for name in PERSON_FIELDS:
        choice = merged.get(name)
        value = typed_value(name, choice.value) if choice else None
        if getattr(person, name) != value:
            setattr(person, name, value)
    provenance = {name: choice.as_dict() for name, choice in sorted(merged.items())}
    if person.field_provenance != provenance:  # an unchanged person stays clean
        person.field_provenance = provenance
    _sync_variants(person, obs)
    _sync_charges(person, records)
    _sync_detention(person, merged)


def pin_values(person: Person, fields: Sequence[str], *, by: str, reason: str) -> None:
    """Keep a coordinator's values over what the members' lists say, until changed by hand."""
    provenance = dict(person.field_provenance or {})
    for field in fields:
        value = getattr(person, field)
        value = getattr(value, "value", value)
        sources = (provenance.get(field) or {}).get("sources", [])
        provenance[field] = {
            "value": value,
            "rule": "coordinator",
            "sources": sources,
            "conflict": any(s.get("value") != value for s in sources),
            "by": by,
            "reason": reason,
        }
    person.field_provenance = provenance


def _sync_variants(person: Person, obs: Sequence[Observation]) -> None:
    known = {(v.surname, v.given_name, v.patronymic) for v in person.name_variants}
    for surname, given, patronymic in name_variants(obs):
        if (surname, given, patronymic) in known:
            continue
        source = next(
            o
            for o in obs
            if (o.get("surname"), o.get("given_name"), o.get("patronymic"))
            == (surname, given, patronymic)
        )
        person.name_variants.append(
            NameVariant(
                surname=surname,
                given_name=given,
                patronymic=patronymic,
                script=SCRIPTS[name_script(surname, given)],
                system="source",
                source_record_id=source.source_record_id,
            )
        )
        known.add((surname, given, patronymic))


def _sync_charges(person: Person, records: Sequence[SourceRecord]) -> None:
    with_charges = [r for r in records if (r.values or {}).get("charges")]
    if not with_charges:
        return
    month = max(r.list_month for r in with_charges)
    wanted: dict[tuple[str, str | None], tuple[str, int]] = {}
    for record in (r for r in with_charges if r.list_month == month):
        try:
            parsed = parse_charges(record.values["charges"])
        except ChargesError:
            continue  # the import reported it; nothing reliable to keep
        for charge in parsed:
            wanted.setdefault((charge.article, charge.part), (charge.as_written, record.id))
    have = {(c.article, c.part): c for c in person.charges}
    for key, charge in have.items():
        if key not in wanted:
            person.charges.remove(charge)
    for (article, part), (written, record_id) in wanted.items():
        if (article, part) not in have:
            person.charges.append(
                Charge(
                    article=article, part=part, as_written=written[:200], source_record_id=record_id
                )
            )


def _sync_detention(person: Person, merged: dict[str, FieldChoice]) -> None:
    facts = {
        name: typed_value(name, merged[name].value) if name in merged else None
        for name in DETENTION_FIELDS
    }
    if not any(v is not None for v in facts.values()):
        return
    current = person.current_detention
    if current is None:
        person.detentions.append(Detention(**facts))
        return
    for name, value in facts.items():
        if getattr(current, name) != value:
            setattr(current, name, value)
