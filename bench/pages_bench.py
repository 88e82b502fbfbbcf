"""Benchmark: every page a user opens, on a registry of 15,000 persons with 24 months of lists.

Run from the project's root (not a test: prints a table):

    .venv/bin/python bench/pages_bench.py [--db /tmp/pages-bench/registry.db] [--reuse]
        [--repeat 10] [--only joint]

Builds the registry as `bench/pages_build.py` says (the scale file's three months through
the real import and reconciliation, 21 more months carried over; about 15 minutes and
recorded with its peak memory), or reuses the database with `--reuse`. Then signs in as a
coordinator through the Flask test client and asks for each page `--repeat` times after
one first request (shown apart: it fills the caches a write empties). Target (issue 14):
p50 < 200 ms and p95 < 500 ms for every page and download. Wall times on a shared machine
grow with whatever else runs; the CPU column is this process's own time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages_build  # noqa: E402

PASSWORD = "a long bench password"
P50, P95 = 200.0, 500.0


def build(app, work: Path, month_count: int, sample: int | None) -> dict:
    """Build the registry; return what it took."""
    from flask_migrate import upgrade

    from exchange.audit import Actor, acting_as
    from exchange.extensions import db
    from exchange.models import Person
    from exchange.reconciliation.publishing import publish_month

    started = time.perf_counter()
    actor = Actor(label="bench")
    every = pages_build.months(month_count)
    labels = dict(zip(pages_build.SCALE_MONTHS, every[:3], strict=True))
    log = lambda text: print(f"  [{time.perf_counter() - started:6.0f} s] {text}", flush=True)  # noqa: E731
    with app.app_context():
        upgrade()
        files = pages_build.write_scale_lists(work, labels, sample)
        pages_build.import_and_reconcile(db.session, files, actor, log)
        rnd = random.Random(14)
        for previous, month in zip(every[2:], every[3:], strict=False):
            rows = pages_build.carry_month(db.session, previous, month, actor, rnd)
            log(f"{month}: {rows} rows carried over and reconciled")
        ids = list(db.session.scalars(db.select(Person.id).where(Person.merged_into_id.is_(None))
                                      .order_by(Person.id)))
        with acting_as(db.session, actor, reason="bench: facts from every month"):
            pages_build.refresh(db.session, ids)
        log(f"{len(ids)} persons' facts merged from all their records")
        for month in every[:-1]:
            publish_month(db.session, month, actor)
        log(f"months {every[0]} to {every[-2]} published")
        _bench_objects(db.session)
    return {"seconds": round(time.perf_counter() - started), "months": month_count,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "persons": len(ids)}


def _bench_objects(session) -> None:
    """Add the coordinator and a round of 200 persons of the largest category."""
    import pyotp
    from sqlalchemy import select

    from exchange.audit import Actor, acting_as
    from exchange.models import Role, User
    from exchange.models.classification import PersonClassification
    from exchange.passwords import hash_password
    from exchange.rounds import operations

    with acting_as(session, Actor("bench")):
        session.add(User(email="bench@example.org", role=Role.COORDINATOR,
                         password_hash=hash_password(PASSWORD), totp_secret=pyotp.random_base32()))
        session.commit()
    category = "non_violent_amnesty"
    persons = list(session.scalars(select(PersonClassification.person_id).where(
        PersonClassification.category == category,
        PersonClassification.eligibility == "eligible",
    ).order_by(PersonClassification.person_id).limit(200)))
    made = operations.create_round(session, name="Bench", round_type="amnesty",
                                   categories=[category], actor=Actor("bench"))
    operations.add_persons(session, made.id, person_ids=persons, actor=Actor("bench"),
                           today=date.today())


def sign_in(app):
    """Return a test client signed in as the bench's coordinator (both factors)."""
    import pyotp

    from exchange.extensions import db
    from exchange.models import User

    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "bench@example.org"))
        user.totp_last_step = None
        db.session.commit()
        secret = user.totp_secret
    assert client.post("/login", data={"email": "bench@example.org",
                                       "password": PASSWORD}).status_code == 302
    assert client.post("/login/code",
                       data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    # a name search goes by POST into the session; the page then reads it (`?search=1`)
    assert client.post("/", data={"q": "Коваленко"}).status_code == 302
    return client


def pages(app) -> list[tuple[str, str]]:
    """Return (name, URL) of every page and main download, with ids from the registry."""
    from sqlalchemy import func, select

    from exchange.extensions import db
    from exchange.models import (
        ImportBatch,
        ListMonth,
        ReviewItem,
        ReviewStatus,
        Round,
        SourceRecord,
    )
    from exchange.models.classification import PersonClassification

    with app.app_context():
        s = db.session
        person = s.scalar(select(SourceRecord.person_id).where(SourceRecord.person_id.isnot(None))
                          .group_by(SourceRecord.person_id).order_by(func.count().desc()).limit(1))
        record = s.scalar(select(SourceRecord.id).where(SourceRecord.person_id == person).limit(1))
        asked = s.scalar(select(ReviewItem.source_record_id)  # a record with open questions
                         .where(ReviewItem.status == ReviewStatus.OPEN).limit(1))
        round_id = s.scalar(select(Round.id).limit(1))
        category = s.scalar(select(PersonClassification.category)
                            .group_by(PersonClassification.category)
                            .order_by(func.count().desc()).limit(1)).value
        first, latest = s.execute(select(func.min(ImportBatch.list_month),
                                         func.max(ImportBatch.list_month))).one()
        published = sorted(s.scalars(select(ListMonth.month).where(ListMonth.snapshot.isnot(None))))
    return [
        ("home", "/home"),
        ("registry", "/"),
        ("registry, page 100", "/?page=100"),
        ("registry, name search", "/?search=1"),
        ("registry, held in Crimea, by birth", "/?status=held&region=UA-43&sort=born"),
        ("registry, one member, last listed", "/?member=CHRG&sort=listed&page=20"),
        ("registry, by category, page 100", "/?sort=category&page=100"),
        ("person", f"/persons/{person}"),
        ("person, edit form", f"/persons/{person}/edit"),
        ("person, links", f"/persons/{person}/links"),
        ("source record", f"/records/{record}"),
        ("joint list", "/reports/joint-list"),
        ("joint list, page 100", "/reports/joint-list?page=100"),
        ("joint list, member + conflicts", "/reports/joint-list?member=ZMINA&check=conflicts"),
        ("joint list, published month",
         f"/reports/joint-list?month={published[len(published) // 2]}"),
        ("joint list.xlsx", "/reports/joint-list.xlsx"),
        ("changes", "/reports/changes"),
        ("changes, no longer listed", "/reports/changes?list=no_longer_listed"),
        ("changes, two years apart", f"/reports/changes?from={first}&to={latest}"),
        ("changes.xlsx", "/reports/changes.xlsx"),
        ("overlap", "/reports/overlap"),
        ("overlap.svg", f"/reports/overlap.svg?month={latest}"),
        ("conflicts", "/conflicts"),
        ("months", "/months"),
        ("match review queue", "/review"),
        ("match review, one record", f"/review/record/{asked}"),
        ("classification", "/classification/"),
        ("classification, person", f"/classification/persons/{person}"),
        ("category review", "/classification/review"),
        ("classification rules", "/classification/rules"),
        ("estimate", "/estimate/"),
        ("estimate, by region", "/estimate/?by=region"),
        ("estimate, sensitivity", "/estimate/?sensitivity=1"),
        ("estimate.xlsx", "/estimate/estimate.xlsx"),
        ("road home dashboard", "/repatriation/"),
        ("road home dashboard.xlsx", "/repatriation/dashboard.xlsx"),
        ("road home persons", "/repatriation/persons"),
        ("road home flags", "/repatriation/flags"),
        ("rehabilitation", "/repatriation/rehabilitation"),
        ("person's road home", f"/repatriation/persons/{person}"),
        ("rounds", "/rounds/"),
        ("round", f"/rounds/{round_id}"),
        ("round.xlsx", f"/rounds/{round_id}.xlsx"),
        ("round, submit form", f"/rounds/{round_id}/submit"),
        ("round, reply", f"/rounds/{round_id}/reply"),
        ("round, diff", f"/rounds/{round_id}/diff"),
        ("rosters", "/rounds/rosters"),
        ("roster", f"/rounds/rosters/{category}"),
        ("roster, page 50", f"/rounds/rosters/{category}?page=50"),
        ("roster.xlsx", f"/rounds/rosters/{category}.xlsx"),
        ("coverage", "/rounds/coverage"),
        ("imports", "/import/batches"),
        ("import form", "/import/"),
        ("saved mappings", "/import/mappings"),
        ("password form", "/account/password"),
    ]


def time_page(client, url: str, repeat: int) -> tuple[float, list[float], list[float]]:
    """Return (first request ms, wall ms of the others, CPU ms of the others)."""
    def once() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        response.get_data()
        assert response.status_code == 200, (url, response.status_code)
        response.close()
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    first = once()[0]
    runs = [once() for _ in range(repeat)]
    return first, [w for w, _ in runs], [c for _, c in runs]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 \
        else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) /
                        "pages-bench" / "registry.db")
    parser.add_argument("--reuse", action="store_true", help="use the database built before")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", help="time only the pages whose name holds one of these "
                        "(comma-separated)")
    parser.add_argument("--sample", type=int, help="build from this many true persons only")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    facts = args.db.with_suffix(".build.json")
    if not (args.reuse and args.db.exists()):
        args.db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    from exchange import create_app

    os.environ["WARM_SECONDS"] = "0"  # no background warming: the first request is cold
    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False  # GETs only; the sign-in posts its form directly
    if not (args.reuse and facts.exists()):
        print(f"building {args.db} ...", flush=True)
        facts.write_text(json.dumps(build(app, args.db.parent, args.months, args.sample)))
    else:
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()  # a database built by an earlier version of the code
    built = json.loads(facts.read_text())
    print(f"registry: {built['persons']} persons, {built['months']} months; built in "
          f"{built['seconds']} s, peak memory {built['peak_mb']} MB")
    client = sign_in(app)
    print("| page | first ms | p50 ms | p95 ms | max ms | CPU p50 ms | under target |\n"
          "|---|---|---|---|---|---|---|", flush=True)
    missed = 0
    for name, url in pages(app):
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        first, wall, cpu = time_page(client, url, args.repeat)
        mid, high = statistics.median(wall), p95(wall)
        ok = mid < P50 and high < P95
        missed += not ok
        print(f"| {name} | {first:.0f} | {mid:.0f} | {high:.0f} | {max(wall):.0f} | "
              f"{statistics.median(cpu):.0f} | {'yes' if ok else 'NO'} |", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
