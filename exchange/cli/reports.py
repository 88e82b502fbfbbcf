"""`flask export joint-list` and `flask export changes`: the month's reports as XLSX."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.domain.months import MonthError
from exchange.domain.pending import pending_with_candidates
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


def _writable(out: Path) -> Path:
    """Stop before any work when the output cannot be written."""
    target = out if out.exists() else out.parent
    if out.is_dir() or not out.parent.is_dir() or not os.access(target, os.W_OK):
        raise click.ClickException(f"cannot write {out}: no such folder, or not writable")
    return out


def _save(write, out: Path):  # type: ignore[no-untyped-def]
    """Run a writer, turning a failed write into a clear message."""
    try:
        return write(out)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None


@click.command("joint-list")
@click.option("--month", required=True, help="List month, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def joint_list_command(month: str, out: Path) -> None:
    """Write the Coalition's joint list of a month to an XLSX file."""
    month = _month(month)
    _writable(out)
    if published_snapshot(db.session, month) is not None:
        click.echo(f"note: {month} is published; writing its list as it was frozen", err=True)
    else:
        _warn_unlinked(month)
    rows = joint_list_rows(db.session, month)
    pending = pending_with_candidates(db.session, month)
    count = _save(lambda path: write_joint_list(rows, path, month, pending), out)
    click.echo(f"wrote {count} persons to {out}")
    if pending:
        click.echo(f"and {len(pending)} record(s) awaiting a decision, on a sheet of their own")


@click.command("changes")
@click.option("--from", "from_month", required=True, help="Earlier month, YYYY-MM.")
@click.option("--to", "to_month", required=True, help="Later month, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def changes_command(from_month: str, to_month: str, out: Path) -> None:
    """Write the changes between two months to an XLSX file and print the counts."""
    from_month, to_month = _month(from_month), _month(to_month)
    if from_month >= to_month:
        raise click.ClickException("--from must be a month before --to")
    _writable(out)
    _warn_unlinked(from_month, to_month)
    report = compute_changes(db.session, from_month, to_month)
    counts = _save(lambda path: write_changes(report, path), out)
    click.echo(counts_text(counts))
    click.echo(f"wrote {out}", err=True)


def register(app: Flask) -> None:
    """Add the report exports to the `export` group of exchange.cli.importing."""
    group = app.cli.commands.get("export")
    if not isinstance(group, click.Group):
        raise RuntimeError("the `export` command group is missing (exchange.cli.importing)")
    group.add_command(joint_list_command)
    group.add_command(changes_command)
