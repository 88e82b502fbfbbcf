"""Load the alias tables and word lists kept as CSV data files in this package."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Return the rows of data file `name` as dicts (cached, read once)."""
    text = resources.files("exchange.importing").joinpath("data").joinpath(name).read_text("utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))
