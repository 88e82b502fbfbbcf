"""Write a generated demo registry into the database: persons, lists, batches, accounts."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange import passwords
from exchange.audit import Actor, acting_as, write_entry
from exchange.auth import two_factor
from exchange.demo.generator import MONTHS, DemoPerson, generate
from exchange.models import (
    Charge,
    Detention,
    ImportBatch,
    NameVariant,
    Organisation,
    Person,
    Role,
    Script,
    SourceRecord,
    StatusEvent,
    User,
)
from exchange.models.enums import (
    EventSource,
    FacilityType,
    LegalStatus,
    PersonStatus,
    ReleaseStatus,
    Sex,
    Stage,
)

# The script each member writes names in, and the language of its headers.
ORG_SCRIPT = {"CHRG": "ru", "PRPP": "ru", "MIHR": "latin", "CCL": "latin"}
HEADERS = {
    "uk": {
        "record_id": "Код",
        "surname": "Прізвище",
        "given_name": "Ім'я",
        "patronymic": "По батькові",
        "date_of_birth": "Дата народження",
        "residence_region": "Регіон",
        "held_at": "Місце утримання",
        "release_status": "Статус",
        "charges": "Стаття КК РФ",
    },
    "ru": {
        "record_id": "№",
        "surname": "Фамилия",
        "given_name": "Имя",
        "patronymic": "Отчество",
        "date_of_birth": "Дата рождения",
        "residence_region": "Регион",
        "held_at": "Место содержания",
        "release_status": "Статус",
        "charges": "Статья УК РФ",
    },
    "latin": {
        "record_id": "ID",
        "surname": "Surname",
        "given_name": "Name",
        "patronymic": "Patronymic",
        "date_of_birth": "Date of birth",
        "residence_region": "Region",
        "held_at": "Place of detention",
        "release_status": "Status",
        "charges": "Charges (RF CC)",
    },
}
DEMO_ACCOUNTS = [
    ("admin@demo.local", Role.ADMIN, None),
    ("coordinator@demo.local", Role.COORDINATOR, None),
    ("editor.zmina@demo.local", Role.MEMBER_EDITOR, "ZMINA"),
    ("negotiator@demo.local", Role.NEGOTIATOR, None),
    ("viewer@demo.local", Role.VIEWER, None),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    # the demo accounts whose role needs a second factor share this TOTP key (demo only)
    totp_secret: str | None = None


def registry_is_empty(session: Session) -> bool:
    """Return whether the registry holds no person yet."""
    return session.scalar(select(func.count(Person.id))) == 0


def load_demo(session: Session, *, count: int = 300, seed: int = 20250107) -> DemoLogin:
    """Fill an empty registry with fictional data and demo accounts; return the sign-in."""
    people = generate(count, seed)
    orgs = {o.code: o for o in session.scalars(select(Organisation))}
    password = secrets.token_urlsafe(12)
    secret = two_factor.new_secret()
    with acting_as(session, Actor(label="demo-data"), reason="demo data"):
        _create_accounts(session, orgs, password, secret)
        persons = {p.key: _person(p) for p in people}
        session.add_all(persons.values())
        session.flush()
        for month in MONTHS:
            _month_lists(session, orgs, people, persons, month)
        session.commit()
    return DemoLogin(DEMO_ACCOUNTS[1][0], password, secret)


def _create_accounts(session: Session, orgs: dict[str, Organisation], password: str,
                     secret: str) -> None:
    hashed = passwords.hash_password(password)
    for email, role, org in DEMO_ACCOUNTS:
        if session.scalar(select(User).where(User.email == email)) is None:
            session.add(
                User(
                    email=email,
                    password_hash=hashed,
                    role=role,
                    organisation=orgs[org] if org else None,
                    totp_secret=secret if role in two_factor.SECOND_FACTOR_ROLES else None,
                )
            )


def _person(p: DemoPerson) -> Person:
    last = MONTHS[-1]
    status = ReleaseStatus(p.status_by_month[last])
    person = Person(
        surname=p.surname["uk"],
        given_name=p.given["uk"],
        patronymic=p.patronymic["uk"],
        sex=Sex(p.sex),
        date_of_birth=p.date_of_birth,
        place_of_birth=p.town,
        citizenship="UA",
        residence_region=p.region,
        lived_in_ukraine_1991_borders="yes",
        person_status=PersonStatus(p.profile.person_status),
        captured_in_ukraine="yes",
        legal_status=LegalStatus(p.profile.legal_status),
        violent_offence=p.profile.violent,
        offence_has_victims=p.profile.victims,
        against_russian_interests=p.profile.against_russia,
        war_crime_accusation=p.profile.war_crime,
        pace_criteria=p.profile.pace or None,
        health_concern=p.health_concern,
        signs=p.profile.signs or None,
        release_status=status,
        released_on=p.released_on,
    )
    for script, system in (("uk", "source"), ("ru", "source"), ("latin", "kmu2010")):
        person.name_variants.append(
            NameVariant(
                surname=p.surname[script],
                given_name=p.given[script],
                patronymic=p.patronymic[script],
                script={"uk": Script.CYRILLIC_UK, "ru": Script.CYRILLIC_RU}.get(
                    script, Script.LATIN
                ),
                system=system,
            )
        )
    for written in p.profile.charges:
        article, _, part = written.partition(" ч.")
        person.charges.append(Charge(article=article, part=part or None, as_written=written))
    person.detentions.append(
        Detention(
            detained_on=p.detained_on,
            detained_where=p.town,
            held_at=p.held_at,
            facility_type=FacilityType(p.facility_type),
            held_incommunicado=p.profile.incommunicado,
        )
    )
    person.status_events.append(
        StatusEvent(
            stage=Stage.REPORTED,
            status=ReleaseStatus.DETAINED,
            occurred_on=MONTHS[0],
            list_month=MONTHS[0],
            source_kind=EventSource.MEMBER_LIST,
            recorded_by="demo-data",
        )
    )
    if status is not ReleaseStatus.DETAINED:
        person.status_events.append(
            StatusEvent(
                stage=Stage(status.value),
                status=status,
                occurred_on=p.released_on,
                list_month=last,
                source_kind=EventSource.MEMBER_LIST,
                recorded_by="demo-data",
            )
        )
    return person


def _month_lists(
    session: Session,
    orgs: dict[str, Organisation],
    people: list[DemoPerson],
    persons: dict[int, Person],
    month: str,
) -> None:
    for code, org in sorted(orgs.items()):
        listed = [p for p in people if code in p.listed_by.get(month, [])]
        if not listed:
            continue
        file_name = f"{code}_{month}.xlsx"
        file_hash = hashlib.sha256(f"demo:{code}:{month}".encode()).hexdigest()
        batch = ImportBatch(
            organisation=org,
            list_month=month,
            file_name=file_name,
            file_hash=file_hash,
            row_count=len(listed),
            created_by_label="demo-data",
            mapping=None,
        )
        session.add(batch)
        session.flush()
        script = ORG_SCRIPT.get(code, "uk")
        for row, p in enumerate(listed, start=2):
            values = _values(p, script, month, code, row)
            raw = {HEADERS[script][k]: v for k, v in values.items() if k in HEADERS[script]}
            session.add(
                SourceRecord(
                    batch=batch,
                    organisation=org,
                    list_month=month,
                    file_name=file_name,
                    file_hash=file_hash,
                    row_number=row,
                    record_id=values["record_id"],
                    raw=raw,
                    values=values,
                    person_id=persons[p.key].id,
                )
            )
        write_entry(
            session,
            action="import",
            object_type="import_batch",
            object_id=batch.id,
            changes={"rows": [None, len(listed)]},
        )


def _values(p: DemoPerson, script: str, month: str, code: str, row: int) -> dict[str, str | None]:
    return {
        "record_id": f"{code}-{p.key:04d}" if code not in ("ZMINA", "PRPP") else str(row - 1),
        "surname": p.surname[script],
        "given_name": p.given[script],
        "patronymic": p.patronymic[script],
        "sex": p.sex,
        "date_of_birth": p.date_of_birth,
        "residence_region": p.region,
        "held_at": p.held_at,
        "facility_type": p.facility_type,
        "person_status": p.profile.person_status,
        "legal_status": p.profile.legal_status,
        "charges": "; ".join(p.profile.charges) or None,
        "release_status": p.status_by_month[month],
        "released_on": p.released_on,
        "source_org": code,
        "list_month": month,
    }


def save_login(instance_path: Path, login: DemoLogin) -> Path:
    """Keep the demo sign-in in instance/ (never committed) so later runs can print it."""
    path = instance_path / "demo-login.txt"
    instance_path.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{login.email}\n{login.password}\n{login.totp_secret or ''}\n",
                    encoding="utf-8")
    path.chmod(0o600)
    return path


def read_login(instance_path: Path) -> DemoLogin | None:
    """Return the saved demo sign-in, if any."""
    path = instance_path / "demo-login.txt"
    if not path.exists():
        return None
    email, password, *rest = path.read_text(encoding="utf-8").splitlines()
    return DemoLogin(email, password, rest[0] if rest and rest[0] else None)
