"""`flask export roster` and `flask export round`: the workbooks negotiators use."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.audit import Actor
from exchange.cli import save, writable
from exchange.cli.rounds import CATEGORIES, _member, refusals
from exchange.downloads import record_export, rows_written
from exchange.extensions import db
from exchange.rounds import operations
from exchange.rounds.export import export_roster, export_round
from exchange.rounds.sheet import ExportOptions
from exchange.rounds.tables import categories_in_order

LANGUAGE = click.Choice(["uk", "en"])


def _options(language: str, wider: bool, russian: bool) -> ExportOptions:
    return ExportOptions(language=language, sensitive=not wider, russian=russian,
                         exported_by=Actor.for_cli().label)


def _echo(written: dict[str, int], out: Path) -> None:
    for category, count in written.items():
        click.echo(f"{category}={count}")
    click.echo(f"wrote {sum(written.values())} persons to {out}", err=True)


@click.command("roster")
@click.option("--category", "categories", multiple=True, type=CATEGORIES,
              help="A category (repeatable); all seven when left out.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default="uk", type=LANGUAGE, help="Language of the values.")
@click.option("--wider-audience", "wider", is_flag=True,
              help="Leave out health, charges and the rule.")
@click.option("--russian", is_flag=True, help="Add the Russian Cyrillic form of the names.")
@click.option("--region", help="Only this region (ISO 3166-2 code, e.g. UA-43).")
@click.option("--member", help="Only persons this member organisation lists.")
@with_appcontext
@refusals
def export_roster_command(categories: tuple[str, ...], out: Path, language: str, wider: bool,
                          russian: bool, region: str | None, member: str | None) -> None:
    """Write the roster of persons still held, by category, in priority order."""
    writable(out)
    chosen = list(categories) or categories_in_order()
    written = save(lambda path: export_roster(
        db.session, chosen, path, options=_options(language, wider, russian), today=date.today(),
        region=region, member=_member(member)), out)
    record_export(db.session, Actor.for_cli(), what="roster", rows=rows_written(written),
                  filters={"categories": chosen, "region": region, "member": member,
                           "wider_audience": wider, "russian": russian})
    _echo(written, out)


@click.command("round")
@click.argument("ref", metavar="ROUND")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "number", type=int, help="A version as sent (default: the list now).")
@click.option("--language", default="uk", type=LANGUAGE, help="Language of the values.")
@click.option("--wider-audience", "wider", is_flag=True,
              help="Leave out health, charges and the rule.")
@with_appcontext
@refusals
def export_round_command(ref: str, out: Path, number: int | None, language: str,
                         wider: bool) -> None:
    """Write a round with each person's reply status and outcome."""
    writable(out)
    found = operations.get_round(db.session, ref)
    version = next((v for v in found.versions if v.number == number), None)
    if number is not None and version is None:
        raise click.ClickException(f"round {found.id} has no version {number}")
    written = save(lambda path: export_round(
        db.session, found, path, options=_options(language, wider, russian=True),
        today=date.today(), version=version), out)
    record_export(db.session, Actor.for_cli(), what=f"round:{found.id}",
                  filters={"version": number, "wider_audience": wider},
                  rows=rows_written(written))
    _echo(written, out)


def register(app: Flask) -> None:
    """Add the roster and round exports to the `export` group of exchange.cli.importing."""
    group = app.cli.commands.get("export")
    if not isinstance(group, click.Group):
        raise RuntimeError("the `export` command group is missing (exchange.cli.importing)")
    group.add_command(export_roster_command)
    group.add_command(export_round_command)
