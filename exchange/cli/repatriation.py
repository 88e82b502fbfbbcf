"""`flask export dashboard`: the road-home dashboard as XLSX, its main figures on stdout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.audit import Actor
from exchange.cli import save, writable
from exchange.downloads import record_export
from exchange.extensions import db
from exchange.labels import LANGUAGES
from repatriation.dashboard import Dashboard, compute_dashboard
from repatriation.dashboard_xlsx import write_dashboard


def _as_of(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise click.ClickException(f"--as-of must be a date YYYY-MM-DD, not {text!r}") from None


def figures_text(board: Dashboard) -> list[str]:
    """Return the main figures as `key=value` lines (the same numbers as the page)."""
    lines = [f"as_of={board.as_of.isoformat()}", f"persons={board.total}"]
    overview = board.figure("overview")
    lines += [f"{line.key}={line.cells[0].value}" for line in overview.lines if line.key != "all"]
    lines += [f"stage.{line.key}={line.cells[0].value}" for line in board.figure("by_stage").lines]
    since = board.figure("since_2014")
    lines.append(f"held_since_2014={since.value('all', 'persons')}")
    lines.append(f"median_years_held={board.figure('time_held').value('all', 'median_years')}")
    lines += [f"attention.{line.key}={line.cells[0].value}"
              for line in board.figure("attention").lines]
    return lines


@click.command("dashboard")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the sheet names, headers and labels.")
@click.option("--as-of", "as_of", help="Compute the figures for this day (YYYY-MM-DD).")
@with_appcontext
def dashboard_command(out: Path, lang: str, as_of: str | None) -> None:
    """Write the road-home dashboard (every figure of the page) to an XLSX file."""
    writable(out)
    board = compute_dashboard(db.session, as_of=_as_of(as_of))
    sheets = save(lambda path: write_dashboard(board, path, language=lang), out)
    record_export(db.session, Actor.for_cli(), what="dashboard", filters={"as_of": as_of},
                  rows=None)
    for line in figures_text(board):
        click.echo(line)
    click.echo(f"wrote {sheets} figures to {out}", err=True)


def register(app: Flask) -> None:
    """Add `dashboard` to the `export` group of exchange.cli.importing."""
    group = app.cli.commands.get("export")
    if not isinstance(group, click.Group):
        raise RuntimeError("the `export` command group is missing (exchange.cli.importing)")
    group.add_command(dashboard_command)
