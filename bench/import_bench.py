"""Benchmark: import a 10,000-row XLSX member list into SQLite; report rows/s and peak memory.

Run from the project's root: `.venv/bin/python bench/import_bench.py [--rows 10000]`.
Target (issue 3): at least 2,000 rows/s on SQLite and peak memory under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

HEADER = ["Код", "Прізвище", "Ім'я", "По батькові", "Стать", "Дата народження", "Громадянство",
          "Регіон", "Дата затримання", "Місце утримання", "Статус", "Стаття КК РФ", "Примітки"]
SURNAMES = ["Коваленко", "Шевченко", "Бойко", "Ткаченко", "Кравченко", "Абдуллаєв", "Мельник"]
GIVEN = ["Олександр", "Сергій", "Микола", "Ірина", "Ельдар", "Тарас", "Наталія"]
PATRONYMIC = ["Іванович", "Петрович", "Ремзійович", "Олексійович", None]
REGIONS = ["АР Крим", "Запорізька обл.", "Херсонщина", "м. Севастополь", "Донецька область"]
CHARGES = ["205.5 ч.2", "275", "208 ч.2; 222 ч.1", None, "ч.1 ст.30, 281 ч.2"]


def write_list(path: Path, rows: int, seed: int = 7) -> None:
    """Write a member list as Excel saves one (shared strings, a dimension) with `rows` rows."""
    rnd = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Список"
    ws.append(["Перелік громадян України, незаконно позбавлених волі РФ"])
    ws.append(HEADER)
    for i in range(1, rows + 1):
        year = rnd.randint(1950, 2003)
        born = f"{rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}.{year}"
        ws.append([f"B-{i:06d}", rnd.choice(SURNAMES), rnd.choice(GIVEN),
                   rnd.choice(PATRONYMIC), rnd.choice("чж"), born, "Україна",
                   rnd.choice(REGIONS), f"{rnd.randint(1, 28):02d}.05.2023", "СІЗО-1 Донецьк",
                   rnd.choice(["цивільний", "військовополонений"]), rnd.choice(CHARGES), None])
    wb.save(path)


def peak_rss_mb() -> float:
    """Return the peak resident memory in MB since the last reset (else since start)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset the peak-memory mark (Linux), so the import's own peak can be measured."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_list(args.write, args.rows)
        return 0
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.db'}"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from flask_migrate import upgrade

    from exchange import create_app
    from exchange.audit import Actor
    from exchange.extensions import db
    from exchange.importing import operations

    path = work / "list.xlsx"
    # written by a child process, so this process's peak memory is the import's alone
    subprocess.run([sys.executable, __file__, "--write", str(path), "--rows", str(args.rows)],
                   check=True)
    app = create_app()
    with app.app_context():
        upgrade()
        reset = reset_peak()
        baseline = peak_rss_mb()
        cpu = time.process_time()
        started = time.perf_counter()
        preview = operations.preview_import(db.session, path, org_code="ARPPK", month="2025-01")
        parsed_at = time.perf_counter()
        batch = operations.commit_import(db.session, preview, Actor(label="bench"))
        done = time.perf_counter()
        cpu = time.process_time() - cpu
        rows = batch.row_count
    print(f"file: {path.stat().st_size / 1024:.0f} KB, {rows} rows, "
          f"{len(preview.errors)} errors, {len(preview.parsed.warnings)} warnings")
    print(f"read + normalise: {parsed_at - started:.2f} s; commit: {done - parsed_at:.2f} s")
    print(f"throughput: {rows / (done - started):,.0f} rows/s (target >= 2,000); "
          f"CPU time {cpu:.2f} s = {rows / cpu:,.0f} rows per CPU second "
          f"(load average now {os.getloadavg()[0]:.1f})")
    since = "during the import" if reset else "of the whole process"
    print(f"peak memory {since}: {peak_rss_mb():.0f} MB RSS (at its start: {baseline:.0f} MB; "
          "target < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
