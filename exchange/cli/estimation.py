"""`flask estimate --month M [--by region] --out FILE.xlsx`: how many persons no list holds."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func

from exchange.audit import Actor
from exchange.cli import save, writable
from exchange.domain.months import MonthError, is_published
from exchange.domain.pending import pending_records
from exchange.downloads import record_export
from exchange.estimation.histories import STRATA
from exchange.estimation.mse import Estimate
from exchange.estimation.report import estimate_month
from exchange.estimation.workbook import write_estimate
from exchange.extensions import db
from exchange.i18n import LANGUAGES
from exchange.reports.queries import imported_month


@click.command("estimate")
@click.option("--month", required=True, help="List month, YYYY-MM.")
@click.option("--by", type=click.Choice(STRATA), help="Also estimate per stratum.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(sorted(LANGUAGES)), default="uk", show_default=True,
              help="Language of the workbook's labels.")
@with_appcontext
def estimate_command(month: str, by: str | None, out: Path, lang: str) -> None:
    """Estimate the persons held whom no member lists; print the figures, write XLSX."""
    try:
        month = imported_month(db.session, month)
    except MonthError as exc:
        raise click.ClickException(str(exc)) from None
    writable(out)
    report = estimate_month(db.session, month, by)
    waiting = db.session.scalar(pending_records(month).with_only_columns(func.count()))
    if report.histories.unlinked > waiting:
        click.echo(f"warning: {report.histories.unlinked - waiting} record(s) of {month} are not "
                   f"linked to a person yet and are left out; run `flask reconcile --month "
                   f"{month}` first", err=True)
    if waiting:
        click.echo(f"note: {waiting} record(s) of {month} await a match review decision and are "
                   "left out until decided", err=True)
    published = is_published(db.session, month)
    with force_locale(lang):
        save(lambda path: write_estimate(report, path, published=published), out)
    record_export(db.session, Actor.for_cli(), what="estimate",
                  filters={"month": month, "by": by}, rows=None)
    outcome = report.overall.outcome
    if isinstance(outcome, Estimate):
        click.echo(outcome.figures())
    else:
        click.echo(f"observed={report.overall.persons} no estimate: {outcome.english()}")
    click.echo(f"wrote {out}", err=True)


def register(app: Flask) -> None:
    """Add `flask estimate`."""
    app.cli.add_command(estimate_command)
