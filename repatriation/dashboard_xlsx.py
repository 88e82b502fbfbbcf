"""The dashboard as a workbook: a summary sheet, then one sheet per figure, as on the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from exchange.labels import label
from exchange.workbooks import PrintTitle, saved_workbook, write_sheet
from repatriation.dashboard import Dashboard, Figure, Line

__all__ = ["line_label", "write_dashboard"]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def line_label(line: Line, language: str | None = None) -> str:
    """Return what a line of a figure is called (a month is shown as it is)."""
    return label(line.vocabulary, line.key, language) if line.vocabulary else line.key


def _sheet_name(text: str, taken: set[str]) -> str:
    name = _SHEET_FORBIDDEN.sub(" ", text)[:31].strip()
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def _summary(dashboard: Dashboard, scope: str | None, language: str) -> list[list[object]]:
    def say(key: str) -> str:
        return label("dashboard_summary", key, language)

    who = f"{say('scope_member')} {scope}" if scope else say("scope_all")
    return [
        [say("as_of"), dashboard.as_of.isoformat()],
        [say("latest_month"), dashboard.latest_month or ""],
        [say("total"), dashboard.total],
        [say("scope"), who],
    ]


def _figure_rows(figure: Figure, language: str) -> list[list[object]]:
    return [[line_label(line, language), *(c.value for c in line.cells)] for line in figure.lines]


def write_dashboard(
    dashboard: Dashboard, out: str | Path | IO[bytes], *, language: str = "en",
    scope: str | None = None,
) -> int:
    """Write the dashboard to an XLSX file (or stream); return the number of figure sheets."""
    with saved_workbook(out) as wb:
        _fill(wb, dashboard, language, scope)
    return len(dashboard.figures)


def _fill(wb: Workbook, dashboard: Dashboard, language: str, scope: str | None) -> None:
    title = label("dashboard_summary", "title", language)
    stamp = f"{title} {dashboard.as_of.isoformat()}"
    taken: set[str] = set()
    write_sheet(wb, _sheet_name(title, taken), [title, ""], _summary(dashboard, scope, language),
                widths=[40, 40], print_title=PrintTitle(stamp, language))
    for figure in dashboard.figures:
        name = label("dashboard_figure", figure.key, language)
        header = [name, *(label("dashboard_column", c, language) for c in figure.columns)]
        write_sheet(wb, _sheet_name(name, taken), header, _figure_rows(figure, language),
                    widths=[44] + [14] * len(figure.columns),
                    print_title=PrintTitle(f"{stamp}: {name}", language))
