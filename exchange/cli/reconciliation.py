"""`flask reconcile` and `flask publish-month`: the monthly loop from the command line."""

from __future__ import annotations

import click
from flask import Flask

from exchange.audit import Actor
from exchange.domain.months import MonthError, check_month
from exchange.extensions import db
from exchange.reconciliation.decisions import DecisionRefused
from exchange.reconciliation.linking import reconcile_month
from exchange.reconciliation.publishing import publish_month
from exchange.reconciliation.refresh import refresh_all


@click.command("reconcile")
@click.option("--month", required=True, help="YYYY-MM")
def reconcile_command(month: str) -> None:
    """Link the month's imported records to the registry; print counts as key=value."""
    try:
        summary = reconcile_month(db.session, check_month(month), Actor.for_cli())
    except (MonthError, DecisionRefused) as exc:
        raise click.ClickException(str(exc)) from None
    for line in summary.lines():
        click.echo(line)
    for line in (*summary.refusals, *summary.conflicts):
        click.echo(line)


@click.command("refresh-persons")
@click.option("--reason", required=True,
              help="Why (kept in the history), e.g. the merge-rule or sort-order change.")
def refresh_persons_command(reason: str) -> None:
    """Recompute every person's facts, provenance and name forms from their records."""
    summary = refresh_all(db.session, Actor.for_cli(), reason)
    click.echo(f"refreshed {summary.persons} persons: {summary.changed} changed")


@click.command("publish-month")
@click.option("--month", required=True, help="YYYY-MM")
def publish_month_command(month: str) -> None:
    """Publish a reconciled month: its joint list is frozen as it stands."""
    try:
        count = publish_month(db.session, month, Actor.for_cli())
    except MonthError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(f"published {month}: {count} persons on the joint list")


def register(app: Flask) -> None:
    """Add the reconciliation commands."""
    app.cli.add_command(reconcile_command)
    app.cli.add_command(publish_month_command)
    app.cli.add_command(refresh_persons_command)
