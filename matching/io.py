"""Reading canonical CSV files and writing clusters and scored pairs."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

from matching.engine import LinkResult, ScoredPair
from matching.formulas import neutralise
from matching.records import Record
from matching.review import ReviewItem

NAME_COLUMNS = ("surname", "given_name", "full_name")


class InputError(ValueError):
    """A file that cannot be linked, with a message saying why."""


def read_canonical_csv(path: str | Path) -> list[Record]:
    """Read a CSV file in the canonical columns into records (file = the base name)."""
    path = Path(path)
    name = os.path.basename(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    if not text.strip():
        return []
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    headers = [h.strip() for h in reader.fieldnames or []]
    if not any(h in NAME_COLUMNS for h in headers):
        raise InputError(f"{name}: no name column (one of {', '.join(NAME_COLUMNS)}); "
                         f"columns are: {', '.join(headers)}")
    records = []
    for row_number, row in enumerate(reader, start=2):
        values = {(k or "").strip(): v for k, v in row.items()}
        if not values.get("record_id"):
            values["record_id"] = f"row-{row_number}"
        records.append(Record.from_canonical(name, values))
    return records


def write_clusters(result: LinkResult, path: str | Path) -> int:
    """Write `file,record_id,cluster_id`; return the number of rows."""
    rows = sorted(result.clusters.items())
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "record_id", "cluster_id"])
        for (file, record_id), cid in rows:
            writer.writerow([neutralise(file), neutralise(record_id), cid])
    return len(rows)


PAIR_COLUMNS = ["file_a", "record_id_a", "file_b", "record_id_b", "weight", "probability",
                "decision", "explanation", "note"]


def write_pairs(pairs: Iterable[ScoredPair], path: str | Path) -> int:
    """Write scored pairs with their explanations; return the number of rows."""
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(PAIR_COLUMNS)
        for p in pairs:
            ids = [neutralise(v) for v in (p.left[0], p.left[1], p.right[0], p.right[1])]
            writer.writerow([*ids, f"{p.weight:.3f}", f"{p.probability:.6f}", p.decision,
                             neutralise(p.explain()), neutralise(p.note)])
            n += 1
    return n


REVIEW_COLUMNS = ["rank", "file", "record_id", "cluster_id", "reason", "priority",
                  "candidate_cluster", "current", "probability", "candidate_size", "conflict",
                  "explanation"]


def write_review(items: Iterable[ReviewItem], path: str | Path) -> int:
    """Write the review items, one row per candidate, most consequential item first."""
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(REVIEW_COLUMNS)
        for rank, item in enumerate(items, start=1):
            for c in item.candidates:
                writer.writerow([rank, item.record[0], item.record[1], item.cluster,
                                 item.reason, f"{item.priority:.3f}", c.cluster,
                                 "yes" if c.current else "no", f"{c.probability:.4f}", c.size,
                                 c.conflict, c.pair.explain()])
            n += 1
    return n
