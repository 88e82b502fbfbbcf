"""Load the alias tables and word lists kept as CSV/TOML data files in this package."""

from __future__ import annotations

import csv
import io
import tomllib
from functools import cache
from importlib import resources
from importlib.abc import Traversable


def _data() -> Traversable:
    """Return the package's data folder."""
    return resources.files("exchange.importing").joinpath("data")


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Return the rows of data file `name` (a path under data/) as dicts; `#` lines are notes."""
    node = _data()
    for part in name.split("/"):
        node = node.joinpath(part)
    lines = [line for line in node.read_text("utf-8").splitlines() if not line.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def read_toml(name: str) -> dict[str, object]:
    """Return data file `name` parsed as TOML."""
    return tomllib.loads(_data().joinpath(name).read_text("utf-8"))


@cache
def table_names(folder: str) -> tuple[str, ...]:
    """Return the stems of the CSV files in a folder under data/, sorted."""
    return tuple(sorted(p.name[:-4] for p in _data().joinpath(folder).iterdir()
                        if p.name.endswith(".csv")))
