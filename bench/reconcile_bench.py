"""Benchmark the monthly loop on the scale data (not a test: prints figures).

Builds a registry by importing and reconciling the first two months of
../shared/data/dev/scale/records_100k.csv (eight members' lists each), then imports
the third month's eight lists cut to 20,000 rows in all and times its reconciliation on
SQLite. Target (issue 6): under 60 s. Also times the joint-list export when the
reports package is present (target: 15,000 rows in under 10 s).

    .venv/bin/python bench/reconcile_bench.py [--rows 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALE = ROOT.parent / "shared" / "data" / "dev" / "scale" / "records_100k.csv"
ORG_CODES = {
    "Association of Relatives of Political Prisoners of the Kremlin": "ARPPK",
    "Crimean Human Rights Group": "CHRG",
    "ZMINA": "ZMINA",
    "Media Initiative for Human Rights": "MIHR",
    "Ukrainian Helsinki Human Rights Union": "UHHRU",
    "Center for Civil Liberties": "CCL",
    "CrimeaSOS": "CRIMEASOS",
    "Platform for the Release of Political Prisoners": "PRPP",
}


def _split(work: Path, month: str, limit: int | None) -> list[tuple[str, Path, int]]:
    """Write one CSV per member for the month; return (org, path, rows)."""
    by_org: dict[str, list[dict[str, str]]] = defaultdict(list)
    with SCALE.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = [h for h in reader.fieldnames or [] if h != "source_org"]
        for row in reader:
            if row["list_month"] == month:
                by_org[ORG_CODES[row["source_org"]]].append(row)
    total = sum(len(rows) for rows in by_org.values())
    files = []
    for org, rows in sorted(by_org.items()):
        if limit is not None:
            rows = rows[: round(len(rows) * limit / total)]
        path = work / f"{org}_{month}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        files.append((org, path, len(rows)))
    return files


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="keep the database and files here")
    args = parser.parse_args()
    if not SCALE.exists():
        print(f"scale data not found: {SCALE}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="reconcile-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "bench.db"
    db_path.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from exchange import create_app
    from exchange.audit import Actor
    from exchange.extensions import db
    from exchange.importing.operations import import_list
    from exchange.models import Person
    from exchange.reconciliation.linking import reconcile_month

    app = create_app()
    actor = Actor(label="bench")
    with app.app_context():
        upgrade()
        for month, limit in (("2024-11", None), ("2024-12", None), ("2025-01", args.rows)):
            files = _split(work, month, limit)
            start = time.perf_counter()
            for org, path, _rows in files:
                import_list(db.session, path, org_code=org, month=month, actor=actor)
            imported = time.perf_counter() - start
            rows = sum(n for _, _, n in files)
            persons = db.session.scalar(select(func.count(Person.id)))
            start = time.perf_counter()
            summary = reconcile_month(db.session, month, actor)
            took = time.perf_counter() - start
            print(f"{month}: {len(files)} lists, {rows} rows imported in {imported:.1f} s "
                  f"({rows / imported:.0f} rows/s); registry before: {persons} persons")
            print(f"{month}: reconciled in {took:.1f} s: attached={summary.attached} "
                  f"new_persons={summary.new_persons} review_open={summary.review_open}")
        _joint_list(app, db, work)
    print(f"peak memory {_peak_mb():.0f} MB; database {db_path.stat().st_size / 1e6:.0f} MB")
    return 0


def _joint_list(app, db, work: Path) -> None:
    try:
        from exchange.reports.joint_list import joint_list_rows, write_joint_list
    except ImportError:
        print("joint-list export: the reports package is not there")
        return
    start = time.perf_counter()
    rows = write_joint_list(joint_list_rows(db.session, "2025-01"), work / "joint.xlsx", "2025-01")
    print(f"joint-list export 2025-01: {rows} rows in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
