"""Groups of release statuses, from the table `data/release_statuses.csv`."""

from __future__ import annotations

import csv
import io
from importlib import resources

from exchange.models import ReleaseStatus


def _rows() -> list[dict[str, str]]:
    text = resources.files("exchange.domain").joinpath("data", "release_statuses.csv")
    lines = [line for line in text.read_text("utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    if sorted(r["status"] for r in rows) != sorted(s.value for s in ReleaseStatus):
        raise ValueError("release_statuses.csv must list every release status once")
    return rows


_ROWS = _rows()
# The statuses that take a person off the joint list, in the order the reports show them.
NOT_HELD_ORDER = tuple(r["status"] for r in _ROWS if r["held"] == "no")
NOT_HELD = frozenset(NOT_HELD_ORDER)
# Gravest first: when notes or records report several, the first of these wins.
BY_GRAVITY = tuple(
    r["status"] for r in sorted((r for r in _ROWS if r["gravity"]), key=lambda r: int(r["gravity"]))
)
