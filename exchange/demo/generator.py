"""Generate fictional detainees: names from pools of common names, facts from profiles.

Every name and case is synthetic; a match with a real person is coincidental. The
generator is deterministic for a given seed.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

ORG_CODES = ["ARPPK", "CHRG", "ZMINA", "MIHR", "UHHRU", "CCL", "CRIMEASOS", "PRPP"]
CRIMEAN_ORGS = {"CHRG", "CRIMEASOS"}
MONTHS = ["2025-01", "2025-02"]


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("exchange.demo").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@dataclass
class Profile:
    """A kind of case: who the person is and what they are charged with."""

    key: str
    weight: int
    person_status: str
    legal_status: str
    charges: list[str]
    facility: str  # facility_type to draw a place of detention from
    violent: str = "no"
    victims: str = "no"
    against_russia: str = "no"
    war_crime: str = "no"
    incommunicado: str = "no"
    pace: str = "a;e"
    signs: str = ""


PROFILES = [
    Profile(
        "hostage_no_status",
        14,
        "civilian",
        "none",
        [],
        "secret_prison",
        incommunicado="yes",
        pace="b",
        signs="pro_ukrainian_position",
    ),
    Profile(
        "filtration", 6, "civilian", "none", [], "filtration_camp", incommunicado="yes", pace="b"
    ),
    Profile("civilian_sizo_no_charge", 4, "civilian", "none", [], "pretrial", pace="b"),
    Profile(
        "anti_war_posts",
        14,
        "civilian",
        "convicted",
        ["280.3 ч.1", "207.3 ч.2"],
        "colony",
        signs="expression;pro_ukrainian_position",
    ),
    Profile(
        "religious_case",
        10,
        "civilian",
        "convicted",
        ["205.5 ч.2"],
        "colony",
        pace="a;c",
        signs="propaganda_case;fabricated_evidence",
    ),
    Profile(
        "journalist", 5, "civilian", "accused", ["275"], "pretrial", signs="expression;profession"
    ),
    Profile(
        "volunteer",
        10,
        "formation_member",
        "convicted",
        ["208 ч.2"],
        "colony",
        pace="e",
        signs="formation_participation",
    ),
    Profile(
        "azov_member",
        6,
        "military",
        "accused",
        ["205.5 ч.2", "278"],
        "pretrial",
        pace="e",
        signs="formation_participation",
    ),
    Profile(
        "saboteur",
        7,
        "civilian",
        "convicted",
        ["281 ч.2"],
        "colony",
        against_russia="yes",
        pace="e",
        signs="cooperation_with_ukrainian_services",
    ),
    Profile(
        "violent_charge",
        4,
        "civilian",
        "accused",
        ["105 ч.2"],
        "pretrial",
        violent="yes",
        victims="yes",
        pace="d",
    ),
    Profile(
        "war_crime_accused",
        5,
        "military",
        "accused",
        ["356 ч.1"],
        "pretrial",
        war_crime="yes",
        pace="d;e",
    ),
    Profile("prisoner_of_war", 9, "military", "none", [], "colony", pace=""),
    Profile(
        "pre_occupation_prisoner",
        2,
        "civilian",
        "serving_sentence_before_occupation",
        ["162 ч.2"],
        "colony",
        pace="",
    ),
]


@dataclass
class DemoPerson:
    """One fictional detainee and the lists that name them."""

    key: int
    surname: dict[str, str]  # "uk", "ru", "latin"
    given: dict[str, str]
    patronymic: dict[str, str]
    sex: str
    date_of_birth: str
    town: str
    region: str
    profile: Profile
    detained_on: str
    held_at: str
    facility_type: str
    listed_by: dict[str, list[str]] = field(default_factory=dict)  # month -> org codes
    status_by_month: dict[str, str] = field(default_factory=dict)
    released_on: str | None = None
    health_concern: str = "no"


def _patronymic(father: dict[str, str], sex: str) -> dict[str, str]:
    """Return the patronymic forms (from the name table) for a child of that sex."""
    kind = "m" if sex == "M" else "f"
    return {script: father[f"patr_{kind}_{script}"] for script in ("uk", "ru", "latin")}


def _female_surname(surname: dict[str, str]) -> dict[str, str]:
    if surname["ru"].endswith(("ов", "ев", "ин")):
        return {
            "uk": surname["uk"] + "а",
            "ru": surname["ru"] + "а",
            "latin": surname["latin"] + "a",
        }
    return surname


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days))


def generate(count: int = 300, seed: int = 20250107) -> list[DemoPerson]:
    """Return `count` fictional detainees, deterministically for the seed."""
    rng = random.Random(seed)
    surnames, given, places = (
        _table("surnames.csv"),
        _table("given_names.csv"),
        _table("places.csv"),
    )
    facilities = _table("facilities.csv")
    fathers = [g for g in given if g["sex"] == "M"]
    people = []
    for key in range(1, count + 1):
        profile = rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]
        group = "crimean_tatar" if rng.random() < 0.2 else "ua"
        sex = "F" if rng.random() < 0.15 and profile.person_status == "civilian" else "M"
        pool = [g for g in given if g["sex"] == sex and g["group"] == group] or [
            g for g in given if g["sex"] == sex
        ]
        surname = rng.choice([s for s in surnames if s["group"] in (group, "ru_origin")])
        surname = _female_surname(surname) if sex == "F" else surname
        town = rng.choice(
            [p for p in places if p["region"] in ("UA-43", "UA-40")]
            if group == "crimean_tatar"
            else places
        )
        held = rng.choice([f for f in facilities if f["facility_type"] == profile.facility])
        born = _random_date(rng, date(1955, 1, 1), date(2003, 12, 31))
        detained = _random_date(
            rng,
            date(2014, 3, 1) if town["region"] in ("UA-43", "UA-40") else date(2022, 2, 24),
            date(2024, 12, 31),
        )
        dob = born.isoformat() if rng.random() > 0.12 else str(born.year)
        person = DemoPerson(
            key=key,
            surname=surname,
            given=rng.choice(pool),
            patronymic=_patronymic(rng.choice([f for f in fathers if f["group"] == group]), sex),
            sex=sex,
            date_of_birth=dob,
            town=town["town"],
            region=town["region"],
            profile=profile,
            detained_on=detained.isoformat(),
            held_at=held["name"],
            facility_type=held["facility_type"],
            health_concern="yes" if rng.random() < 0.15 else "no",
        )
        _assign_lists(rng, person)
        people.append(person)
    return people


def _assign_lists(rng: random.Random, person: DemoPerson) -> None:
    """Decide which members list the person each month and what happens to them."""
    preferred = (
        CRIMEAN_ORGS if person.region in ("UA-43", "UA-40") else set(ORG_CODES) - CRIMEAN_ORGS
    )
    orgs = sorted(preferred)
    first = sorted(rng.sample(orgs, k=min(len(orgs), rng.choice([1, 1, 2, 2, 3]))))
    outcome = rng.random()
    person.listed_by[MONTHS[0]] = first
    person.status_by_month[MONTHS[0]] = "detained"
    if outcome < 0.06:
        person.status_by_month[MONTHS[1]] = "exchanged"
        person.released_on = "2025-02-14"
        person.listed_by[MONTHS[1]] = first[:1]
    elif outcome < 0.08:
        person.status_by_month[MONTHS[1]] = "released"
        person.released_on = "2025-02-03"
        person.listed_by[MONTHS[1]] = first[:1]
    else:
        person.status_by_month[MONTHS[1]] = "detained"
        extra = [o for o in orgs if o not in first and rng.random() < 0.1]
        person.listed_by[MONTHS[1]] = sorted(first + extra)
