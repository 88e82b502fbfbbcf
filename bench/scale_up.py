"""Build a bigger canonical file: the 100k scale file several times over, surnames varied.

    .venv/bin/python bench/scale_up.py ../shared/data/stress/scale/records_100k.csv \\
        /tmp/records_1m.csv --copies 10

Copy k gives every surname the k-th ending (in the surname's own script) and moves
every year of birth by 7k years (within 1930-2005; day/month swaps and one-year
slips of a person stay as they were), so the copies are other people with the same
structure (namesakes, noise, lists); record and person ids get a `-k` suffix.
Writes `<out>` and `<out stem>_truth.csv`.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.dates import parse_date  # noqa: E402
from matching.records import split_full_name  # noqa: E402

ENDINGS = [("", ""), ("ко", "ko"), ("ук", "uk"), ("ин", "yn"), ("ов", "ov"), ("ич", "ych"),
           ("ак", "ak"), ("ець", "ets"), ("ан", "an"), ("ош", "osh"), ("ар", "ar"),
           ("ей", "ei")]
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _vary(surname: str, copy: int) -> str:
    cyr, lat = ENDINGS[copy % len(ENDINGS)]
    return surname + (cyr if CYRILLIC.search(surname) else lat)


def _shift(text: str, copy: int) -> str:
    date = parse_date(text)
    if not date or copy == 0:
        return text
    year = (date.year - 1930 + 7 * copy) % 76 + 1930
    return "-".join([f"{year:04d}"] + [f"{x:02d}" for x in (date.month, date.day) if x])


def _row(row: dict, copy: int) -> dict:
    out = dict(row, record_id=f"{row['record_id']}-{copy}")
    if row.get("date_of_birth"):
        out["date_of_birth"] = _shift(row["date_of_birth"], copy)
    if row.get("surname"):
        out["surname"] = _vary(row["surname"], copy)
    elif row.get("full_name"):
        surname = split_full_name(row["full_name"])[0]
        if surname:
            out["full_name"] = re.sub(rf"\b{re.escape(surname)}\b", _vary(surname, copy),
                                      row["full_name"], count=1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=10)
    args = ap.parse_args()
    source, out = Path(args.source), Path(args.out)
    truth_in = source.with_name("truth_100k.csv")
    with open(source, encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    with open(truth_in, encoding="utf-8") as fh:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for copy in range(args.copies):
            writer.writerows(_row(r, copy) for r in rows)
    with open(out.with_name(out.stem + "_truth.csv"), "w", newline="",
              encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "record_id", "person_id"])
        for copy in range(args.copies):
            writer.writerows([out.name, f"{r['record_id']}-{copy}",
                              f"{truth[r['record_id']]}-{copy}"] for r in rows)
    print(f"{len(rows) * args.copies} rows written to {out}")


if __name__ == "__main__":
    main()
