"""Read the package's data files (`repatriation/data/*.csv`); `#` lines are comments."""

from __future__ import annotations

import csv
from importlib import resources


def data_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of a data file as dicts keyed by its header."""
    text = resources.files("repatriation").joinpath("data", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))
