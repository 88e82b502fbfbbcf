"""`flask backup --out FILE` and `flask restore --from FILE --yes`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from exchange.audit import Actor, acting_as, write_entry
from exchange.backup import BackupError, backup, restore
from exchange.downloads import record_export
from exchange.extensions import db


@click.command("backup")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Write a consistent copy of the whole registry (mode 0600) while the app keeps running."""
    # audited first, so the backup holds the record of its own making
    record_export(db.session, Actor.for_cli(), what="backup", filters={"out": out.name},
                  rows=None)
    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backup written to {out} (readable by its owner only)")


@click.command("restore")
@click.option("--from", "source", required=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the registry's contents with the backup.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the registry with a backup (stop the app first)."""
    if not yes:
        raise click.ClickException("restore replaces every row of the registry: add --yes")
    db.session.remove()
    db.engine.dispose()  # no connection of ours may hold the database during the copy
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    with acting_as(db.session, Actor.for_cli()):
        write_entry(db.session, action="restore", object_type="database",
                    object_id=source.name[:60])
        db.session.commit()
    click.echo(f"registry restored from {source}")


def register(app: Flask) -> None:
    """Add the backup commands."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
