"""Benchmark: export the joint list of a month with 15,000 persons to XLSX on SQLite.

Run from the project's root: `.venv/bin/python bench/joint_list_bench.py [--persons 15000]`.
Target (issue 6): under 10 s, both with the reconciler's stored provenance and without it
(conflicts then merged on the fly from every record of the person). Synthetic data only.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = ["Коваленко", "Шевченко", "Бойко", "Ткаченко", "Кравченко", "Абдуллаєв", "Мельник"]
GIVEN = ["Олександр", "Сергій", "Микола", "Ірина", "Ельдар", "Тарас", "Наталія"]
REGIONS = ["UA-43", "UA-40", "UA-23", "UA-65", "UA-14", "UA-09"]
ORGS = ["ARPPK", "CHRG", "ZMINA", "MIHR", "UHHRU", "CCL", "CRIMEASOS", "PRPP"]
MONTHS = ("2024-12", "2025-01")


def _provenance(dob: str, region: str) -> dict:
    choice = {"rule": "majority", "sources": [], "conflict": False}
    return {
        "date_of_birth": {**choice, "value": dob},
        "residence_region": {**choice, "value": region},
    }


def _batches(conn, org_ids: dict[str, int]) -> dict[tuple[str, str], int]:
    """Insert one committed batch per member and month; return their ids."""
    from sqlalchemy import insert

    from exchange.models import ImportBatch

    batches = {}
    for code in ORGS:
        for month in MONTHS:
            stmt = insert(ImportBatch).values(
                organisation_id=org_ids[code],
                list_month=month,
                file_name=f"{code}.xlsx",
                file_hash=f"{code}{month}".ljust(64, "0"),
                created_by_label="bench",
            )
            batches[code, month] = conn.execute(stmt).inserted_primary_key[0]
    return batches


def _person(pid: int, rnd: random.Random, stored: bool) -> dict:
    dob = f"{rnd.randint(1950, 2003)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    region = rnd.choice(REGIONS)
    return {
        "id": pid,
        "surname": rnd.choice(SURNAMES),
        "given_name": rnd.choice(GIVEN),
        "date_of_birth": dob,
        "residence_region": region,
        "version": 1,
        "field_provenance": _provenance(dob, region) if stored else None,
    }


def _record(person: dict, code: str, month: str, batch_id: int, org_id: int, row: int) -> dict:
    values = {
        "surname": person["surname"],
        "date_of_birth": person["date_of_birth"],
        "residence_region": person["residence_region"],
        "release_status": "detained",
        "source_org": code,
        "list_month": month,
    }
    return {
        "batch_id": batch_id,
        "organisation_id": org_id,
        "list_month": month,
        "file_name": f"{code}.xlsx",
        "file_hash": "0" * 64,
        "row_number": row,
        "record_id": f"{code}-{person['id']}",
        "raw": {},
        "values": values,
        "person_id": person["id"],
    }


def populate(conn, persons: int, *, stored: bool, seed: int = 11) -> int:
    """Insert persons, their classification, one batch per member and month, and records."""
    from sqlalchemy import insert, select

    from exchange.models import Organisation, Person, SourceRecord
    from exchange.models.classification import PersonClassification

    rnd = random.Random(seed)
    org_ids = dict(conn.execute(select(Organisation.code, Organisation.id)).all())
    batches = _batches(conn, org_ids)
    people = [_person(pid, rnd, stored) for pid in range(1, persons + 1)]
    records = []
    for person in people:
        for code in rnd.sample(ORGS, rnd.randint(1, 4)):
            for month in MONTHS:
                batch = batches[code, month]
                records.append(_record(person, code, month, batch, org_ids[code], len(records) + 2))
    result = {
        "category": "civilians",
        "rule": "bench",
        "eligibility": "eligible",
        "explanation": {},
        "ruleset_version": "b",
        "facts_digest": "b",
    }
    conn.execute(insert(Person), people)
    conn.execute(insert(PersonClassification), [{**result, "person_id": p["id"]} for p in people])
    conn.execute(insert(SourceRecord), records)
    return len(records)


def run(persons: int, stored: bool) -> tuple[int, int, float, float, float]:
    """Build a fresh database and time the exports.

    Return (records, joint-list rows, query s, query + XLSX s, changes report s).
    """
    work = Path(tempfile.mkdtemp(prefix="joint-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.db'}"
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.extensions import db
    from exchange.reports.changes import compute_changes
    from exchange.reports.changes_xlsx import write_changes
    from exchange.reports.joint_list import joint_list_rows, write_joint_list

    app = create_app()
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            records = populate(conn, persons, stored=stored)
        started = time.perf_counter()
        rows = joint_list_rows(db.session, MONTHS[-1])
        queried = time.perf_counter()
        count = write_joint_list(rows, work / "joint.xlsx", MONTHS[-1])
        done = time.perf_counter()
        write_changes(compute_changes(db.session, *MONTHS), work / "changes.xlsx")
        changes = time.perf_counter() - done
        db.engine.dispose()
    return records, count, queried - started, done - started, changes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=15_000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    worst = 0.0
    for stored in (True, False):
        records, rows, query, total, changes = run(args.persons, stored)
        worst = max(worst, total)
        label = "stored provenance" if stored else "provenance merged on the fly"
        print(
            f"{label}: {rows} rows from {records} records; query {query:.2f} s, "
            f"query + XLSX {total:.2f} s (target < 10 s); changes report + XLSX {changes:.2f} s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB RSS")
    return 0 if worst < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
