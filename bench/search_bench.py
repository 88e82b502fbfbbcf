"""Benchmark the registry's name search at registry size (not a test: prints figures).

Builds a registry of N persons (default 15,000) from the dev and stress scale files:
each true person of their records_100k.csv becomes one person whose name variants are
every spelling the members used. Then times building the name index, a
search (the index cached), the fingerprint read that checks whether it must be rebuilt,
and `registry_persons(query, session)` as the registry page pages it.

    .venv/bin/python bench/search_bench.py [--persons 15000] [--queries 50]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SCALES = (DATA / "dev" / "scale", DATA / "stress" / "scale")  # other persons in each


def _persons(limit: int) -> list[list[tuple[str, str, str]]]:
    """Each true person's spellings (surname, given name, patronymic), first `limit`."""
    names: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for scale in SCALES:
        with (scale / "truth_100k.csv").open(encoding="utf-8") as fh:
            truth = {row["record_id"]: row["person_id"] for row in csv.DictReader(fh)}
        with (scale / "records_100k.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                pid = truth.get(row["record_id"])
                if pid and (row.get("surname") or row.get("given_name")):
                    names[f"{scale.parent.name}:{pid}"].add(
                        (row["surname"], row["given_name"], row.get("patronymic") or "")
                    )
    return [sorted(v) for _, v in sorted(names.items())[:limit]]


def _timed(run, times: int = 1) -> tuple[float, object]:
    started = time.perf_counter()
    for _ in range(times):
        result = run()
    return (time.perf_counter() - started) / times, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=15_000)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    if not all((scale / "records_100k.csv").exists() for scale in SCALES):
        print(f"scale data not found under {DATA}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.db'}"
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.audit import Actor, acting_as
    from exchange.domain import search
    from exchange.domain.records import registry_persons
    from exchange.extensions import db
    from exchange.models import NameVariant, Person, Script

    people = _persons(args.persons)
    app = create_app()
    with app.app_context():
        upgrade()
        session = db.session
        with acting_as(session, Actor.for_cli(), reason="search benchmark"):
            for spellings in people:
                surname, given, patronymic = spellings[0]
                person = Person(surname=surname, given_name=given, patronymic=patronymic or None)
                person.name_variants = [
                    NameVariant(
                        surname=s, given_name=g, patronymic=p or None, script=Script.CYRILLIC
                    )
                    for s, g, p in spellings[1:]
                ]
                session.add(person)
            session.commit()
        variants = sum(len(s) for s in people)
        build, index = _timed(lambda: search.name_index(session))
        check, _ = _timed(lambda: search._fingerprint(session), times=20)
        # each query: a person's last spelling; the person's id is its place + 1 (fresh table)
        picked = [k * 97 % len(people) for k in range(args.queries)]
        queries = [" ".join(x for x in people[k][-1] if x) for k in picked]
        per_query, top = [], 0
        for k, query in zip(picked, queries, strict=True):
            took, hits = _timed(lambda q=query: search.search_persons(session, q))
            per_query.append(took)
            top += bool(hits) and hits[0].person_id == k + 1
        paged, _ = _timed(
            lambda: session.scalars(registry_persons(queries[0], session).limit(50)).all(), 5
        )
        print(
            f"persons={len(people)} names={variants} index_build={build:.2f}s "
            f"fingerprint={check * 1000:.1f}ms "
            f"search_median={statistics.median(per_query) * 1000:.0f}ms "
            f"search_max={max(per_query) * 1000:.0f}ms page_of_50={paged * 1000:.0f}ms "
            f"person_first={top}/{len(queries)} (namesakes share a name: a tie is not a miss)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
