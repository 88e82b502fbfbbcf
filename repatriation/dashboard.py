"""The dashboard's figures: counts of the picture's rows, each with the list behind it.

Every figure is a table of lines (a stage, a category, a region, a month...) and columns
(held, all, ...); every cell holds its number and the filters of the list that number
counts. The page, its charts and the XLSX export all show these same figures.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.models import FlagKind, Sex
from exchange.models.enums import Category
from repatriation.criteria import latest_month
from repatriation.machine import GROUPS, stage_table
from repatriation.picture import UNKNOWN, PictureRow, Window, bands, open_flag_counts, picture

__all__ = ["Cell", "Dashboard", "Figure", "Line", "compute_dashboard"]

CATEGORIES = tuple(c.value for c in Category)
PERSONS = "repatriation.persons"
FLAGS = "repatriation.flags"
Filters = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Cell:
    """One number and where its list is: an endpoint and the list's filters."""

    value: int | float | None
    filters: Filters = ()
    endpoint: str = PERSONS


@dataclass(frozen=True)
class Line:
    key: str
    vocabulary: str | None  # labels of `key`; None: shown as it is (a month)
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Figure:
    key: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]
    chart: str  # bars, columns or stacked

    def value(self, line: str, column: str) -> int | float | None:
        index = self.columns.index(column)
        return next(li.cells[index].value for li in self.lines if li.key == line)


@dataclass(frozen=True)
class Dashboard:
    as_of: dt.date
    latest_month: str | None
    total: int
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def compute_dashboard(
    session: Session, *, as_of: dt.date | None = None, organisation_id: int | None = None
) -> Dashboard:
    """Compute every figure of the dashboard (of one member's persons, if given).

    Computed once per state of the registry and day (`exchange.computed`).
    """
    as_of = as_of or dt.date.today()
    return remember(session, ("dashboard", as_of, organisation_id),
                    lambda: _dashboard(session, as_of, organisation_id))


def _dashboard(session: Session, as_of: dt.date, organisation_id: int | None) -> Dashboard:
    rows = picture(session, as_of=as_of, organisation_id=organisation_id)
    flags = open_flag_counts(session, [r.person_id for r in rows])
    figures = (
        _overview(rows), _by_stage(rows),
        _held_and_all(rows, "by_category", "category", CATEGORIES, "category"),
        _held_and_all(rows, "by_region", "region", _regions(rows), "region"),
        _held_and_all(rows, "by_sex", "sex", [s.value for s in Sex], "sex"),
        _held_and_all(rows, "by_age", "age_group", [b.key for b in bands("age_groups.csv")],
                      "age_group"),
        _per_month(rows, Window.ending(as_of.strftime("%Y-%m"))),
        _time_held(rows), _since_2014(rows), _attention(rows, flags),
    )
    return Dashboard(as_of, latest_month(session), len(rows), figures)


def _count(rows: Sequence[PictureRow], facet: str) -> Counter[str]:
    return Counter(getattr(r, facet) for r in rows)


def _held(rows: Iterable[PictureRow]) -> list[PictureRow]:
    return [r for r in rows if r.group == "held"]


def _overview(rows: Sequence[PictureRow]) -> Figure:
    counts = _count(rows, "group")
    lines = [Line(g, "stage_group", (Cell(counts[g], (("group", g),)),))
             for g in (*GROUPS, "none") if g != "none" or counts[g]]
    lines.append(Line("all", "dashboard_line", (Cell(len(rows)),)))
    return Figure("overview", ("persons",), tuple(lines), "bars")


def _by_stage(rows: Sequence[PictureRow]) -> Figure:
    counts = _count(rows, "stage")
    keys = [s.value for s in stage_table()] + (["none"] if counts["none"] else [])
    lines = [Line(k, "repatriation_stage" if k != "none" else "stage_group",
                  (Cell(counts[k], (("stage", k),)),)) for k in keys]
    return Figure("by_stage", ("persons",), tuple(lines), "bars")


def _vocabulary(key: str, vocabulary: str) -> str:
    return "dashboard_line" if key == UNKNOWN else vocabulary


def _held_and_all(
    rows: Sequence[PictureRow], name: str, facet: str, keys: Sequence[str], vocabulary: str
) -> Figure:
    held, every = _count(_held(rows), facet), _count(rows, facet)
    keys = [*keys, *([UNKNOWN] if every[UNKNOWN] and UNKNOWN not in keys else [])]
    lines = tuple(
        Line(k, _vocabulary(k, vocabulary), (
            Cell(held[k], (("group", "held"), (facet, k))),
            Cell(every[k], ((facet, k),)),
        ))
        for k in keys
    )
    return Figure(name, ("held", "all"), lines, "bars")


def _regions(rows: Sequence[PictureRow]) -> list[str]:
    held, every = _count(_held(rows), "region"), _count(rows, "region")
    return sorted((k for k in every if k != UNKNOWN), key=lambda k: (-held[k], -every[k], k))


def _per_month(rows: Sequence[PictureRow], window: Window) -> Figure:
    detained, freed = _count(rows, "detained_period"), _count(rows, "freed_period")
    keys = ["earlier", *window.months(), "later", UNKNOWN]
    lines = tuple(
        Line(k, None if k[:1].isdigit() else "dashboard_line", (
            Cell(detained[k], (("detained_period", k),)),
            Cell(freed[k], (("freed_period", k),)),
        ))
        for k in keys
        if k[:1].isdigit() or detained[k] or freed[k]
    )
    return Figure("per_month", ("detentions", "releases"), lines, "columns")


def _time_held(rows: Sequence[PictureRow]) -> Figure:
    held = _held(rows)
    buckets = [b.key for b in bands("time_held.csv")]
    lines = [_time_line(c, "category", [r for r in held if r.category == c], buckets,
                        (("category", c),))
             for c in CATEGORIES if any(r.category == c for r in held)]
    lines.append(_time_line("all", "dashboard_line", held, buckets, ()))
    return Figure("time_held", ("persons", "median_years", *buckets, UNKNOWN), tuple(lines),
                  "stacked")


def _time_line(key: str, vocabulary: str, rows: Sequence[PictureRow], buckets: Sequence[str],
               base: Filters) -> Line:
    known = [r.years_held for r in rows if r.years_held is not None]
    counts = _count(rows, "time_held")
    median = round(statistics.median(known), 1) if known else None
    held = (("group", "held"), *base)
    cells = [Cell(len(known), held), Cell(median, held)]
    cells += [Cell(counts[b], (*held, ("time_held", b))) for b in (*buckets, UNKNOWN)]
    return Line(key, vocabulary, tuple(cells))


def _since_2014(rows: Sequence[PictureRow]) -> Figure:
    since = [r for r in rows if r.since_2014 == "yes"]
    counts = _count(since, "category")
    base = (("since_2014", "yes"),)
    lines = [Line(c, "category", (Cell(counts[c], (*base, ("category", c))),))
             for c in CATEGORIES if counts[c]]
    lines.append(Line("all", "dashboard_line", (Cell(len(since), base),)))
    return Figure("since_2014", ("persons",), tuple(lines), "bars")


def _attention(rows: Sequence[PictureRow], flags: Counter[str]) -> Figure:
    lines = [
        Line("unfounded", "dashboard_line",
             (Cell(_count(rows, "unfounded")["yes"], (("unfounded", "yes"),)),)),
        Line("rehab_open", "dashboard_line",
             (Cell(_count(rows, "rehab_open")["yes"], (("rehab_open", "yes"),)),)),
    ]
    lines += [Line(k.value, "flag_kind", (Cell(flags[k.value], (("kind", k.value),), FLAGS),))
              for k in FlagKind]
    return Figure("attention", ("count",), tuple(lines), "bars")


def cells(dashboard: Dashboard, keep: Callable[[Cell], bool] = lambda c: True) -> list[Cell]:
    """Return every cell of the dashboard (for checks that each number has its list)."""
    return [c for f in dashboard.figures for li in f.lines for c in li.cells if keep(c)]
