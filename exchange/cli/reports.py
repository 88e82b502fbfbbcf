"""`flask export joint-list` and `flask export changes`: the month's reports as XLSX."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.audit import Actor
from exchange.cli import language_option, save, writable
from exchange.domain.months import MonthError
from exchange.domain.pending import pending_with_candidates
from exchange.downloads import record_export, rows_written
from exchange.extensions import db
from exchange.reports.changes import compute_changes
from exchange.reports.changes_xlsx import counts_text, write_changes
from exchange.reports.joint_list import joint_list_rows, published_snapshot, write_joint_list
from exchange.reports.queries import imported_month, unlinked_records


def _month(month: str) -> str:
    """Return the month when it is valid and imported, else stop with the reason."""
    try:
        return imported_month(db.session, month)
    except MonthError as exc:
        raise click.ClickException(str(exc)) from None


def _warn_unlinked(*months: str) -> None:
    """Say on stderr when records of a month are not in the reports (not reconciled yet)."""
    for month in months:
        count = db.session.scalar(unlinked_records(month))
        if count:
            click.echo(
                f"warning: {count} record(s) of {month} are not linked to a person yet and are "
                f"left out; run `flask reconcile --month {month}` first",
                err=True,
            )


@click.command("joint-list")
@click.option("--month", required=True, help="List month, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@language_option
@with_appcontext
def joint_list_command(month: str, out: Path, language: str) -> None:
    """Write the Coalition's joint list of a month to an XLSX file."""
    month = _month(month)
    writable(out)
    published = published_snapshot(db.session, month) is not None
    if published:
        click.echo(f"note: {month} is published; writing its list as it was frozen", err=True)
    else:
        _warn_unlinked(month)
    rows = joint_list_rows(db.session, month)
    pending = pending_with_candidates(db.session, month)
    count = save(lambda path: write_joint_list(rows, path, month, pending, language=language,
                                               published=published), out)
    record_export(db.session, Actor.for_cli(), what="joint_list", filters={"month": month},
                  rows=count)
    click.echo(f"wrote {count} persons to {out}")
    if pending:
        click.echo(f"and {len(pending)} record(s) awaiting a decision, on a sheet of their own")


@click.command("changes")
@click.option("--from", "from_month", required=True, help="Earlier month, YYYY-MM.")
@click.option("--to", "to_month", required=True, help="Later month, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@language_option
@with_appcontext
def changes_command(from_month: str, to_month: str, out: Path, language: str) -> None:
    """Write the changes between two months to an XLSX file and print the counts."""
    from_month, to_month = _month(from_month), _month(to_month)
    if from_month >= to_month:
        raise click.ClickException("--from must be a month before --to")
    writable(out)
    _warn_unlinked(from_month, to_month)
    report = compute_changes(db.session, from_month, to_month)
    counts = save(lambda path: write_changes(report, path, language=language), out)
    record_export(db.session, Actor.for_cli(), what="changes",
                  filters={"from": from_month, "to": to_month}, rows=rows_written(counts))
    click.echo(counts_text(counts))
    click.echo(f"wrote {out}", err=True)


def register(app: Flask) -> None:
    """Add the report exports to the `export` group of exchange.cli.importing."""
    group = app.cli.commands.get("export")
    if not isinstance(group, click.Group):
        raise RuntimeError("the `export` command group is missing (exchange.cli.importing)")
    group.add_command(joint_list_command)
    group.add_command(changes_command)
