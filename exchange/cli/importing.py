"""`flask import-list`, `flask import-rollback` and `flask export records`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from exchange.audit import Actor
from exchange.cli import language_option, save, writable
from exchange.domain.months import is_month
from exchange.downloads import record_export
from exchange.extensions import db
from exchange.importing import operations
from exchange.importing.export import export_month_records
from exchange.importing.headers import HeaderReading
from exchange.importing.mappings import save_mapping, save_value_mapping
from exchange.importing.problems import group_problems
from exchange.importing.safety import Limits
from exchange.importing.text import key
from exchange.importing.value_maps import split_item


def _limits() -> Limits:
    """Return the import limits from the app's settings."""
    return Limits(max_rows=current_app.config.get("IMPORT_MAX_ROWS", Limits.max_rows))


def _fail(problems: list, *, unknown_values: bool = False) -> None:
    """Print every problem (the same one in many rows once, with its count) and exit."""
    for group in group_problems(problems):
        click.echo(str(group), err=True)
    errors = sum(1 for p in problems if p.is_error)
    if any(p.message.startswith("unknown header") for p in problems):
        click.echo("hint: map a header with --map 'Header=column' (a canonical column of "
                   "record-format.md) or skip it with --ignore 'Header'", err=True)
    if unknown_values:
        click.echo("hint: read a cell text the import does not know with --value "
                   "'column:text=canonical' (add --save-mapping to keep it)", err=True)
    raise click.ClickException(f"import refused: {errors} problem(s), nothing was written")


def _show(preview: operations.ImportPreview) -> None:
    """Print the counts, the sheet and mapping used, then the warnings."""
    parsed = preview.parsed
    click.echo(f"{preview.file_name}: {len(parsed.records)} rows for "
               f"{preview.organisation.code} {preview.month}"
               + (f" (sheet {parsed.sheet!r}, header row {parsed.header_row})"
                  if parsed.sheet else f" (header row {parsed.header_row})"))
    warnings = sum(1 for p in preview.problems if not p.is_error)
    click.echo(f"  {len(preview.errors)} problem(s) blocking the import, {warnings} warning(s)")
    click.echo("  how each header was read (sureness: signals):")
    for reading in parsed.readings:
        click.echo(_reading_line(reading))
    for (column, text, value), count in parsed.values_mapped.items():
        click.echo(f"  value read by your mapping: {column} {text!r} = {value} ({count} cells)")
    for group in group_problems([p for p in preview.problems if not p.is_error]):
        click.echo(str(group), err=True)


def _reading_line(reading: HeaderReading) -> str:
    """Return one dry-run line: `  Header -> column  (sure: why)`, or why it is not read."""
    if reading.column:
        return f"  {reading.label} -> {reading.column}  ({reading.sureness}: {reading.evidence})"
    if reading.source == "ignored":
        return f"  {reading.label}: ignored"
    hint = f"; it looks like {reading.suggestion}" if reading.suggestion else ""
    if reading.rival:
        hint += f", as does {reading.rival!r}"
    return (f"  {reading.label}: NOT READ, choose a column or ignore it{hint} "
            f"({reading.evidence})")


def _warn_unused(preview: operations.ImportPreview, maps: tuple[str, ...],
                 ignores: tuple[str, ...]) -> None:
    """Warn about --map/--ignore headers that the file does not have (a typo, usually)."""
    present = {key(h) for h in preview.parsed.headers}
    for header in [m.rpartition("=")[0] for m in maps] + list(ignores):
        if key(header) not in present:
            click.echo(f"warning: {preview.file_name}: no header {header!r} in the file; "
                       "the --map/--ignore for it was not used", err=True)


@click.command("import-list")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_code", required=True, help="Organisation short code, e.g. ZMINA.")
@click.option("--month", required=True, help="List month, YYYY-MM.")
@click.option("--map", "maps", multiple=True, metavar="HEADER=COLUMN",
              help="Map a header onto a canonical column (repeatable).")
@click.option("--ignore", "ignores", multiple=True, metavar="HEADER",
              help="Ignore a header (repeatable).")
@click.option("--value", "values", multiple=True, metavar="COLUMN:TEXT=CANONICAL",
              help="Read a cell text the import does not know, e.g. "
                   "'legal_status:under arrest=accused' (repeatable).")
@click.option("--save-mapping", "save", is_flag=True,
              help="Remember --map/--ignore/--value for this organisation's next lists.")
@click.option("--dry-run", is_flag=True, help="Check and show the problems; write nothing.")
@with_appcontext
def import_list_command(file: Path, org_code: str, month: str, maps: tuple[str, ...],
                        ignores: tuple[str, ...], values: tuple[str, ...], save: bool,
                        dry_run: bool) -> None:
    """Import one member list (XLSX or CSV) for an organisation and month."""
    session = db.session
    try:
        preview = operations.preview_import(session, file, org_code=org_code, month=month,
                                            explicit_map=list(maps), ignore=ignores,
                                            value_map=list(values), limits=_limits())
    except operations.ImportFailed as exc:
        _refused(file, org_code, month, exc.problems, dry_run)
        _fail(exc.problems)
    _show(preview)
    _warn_unused(preview, maps, ignores)
    if not preview.ok:
        _refused(file, org_code, month, preview.errors, dry_run)
        _fail(preview.errors, unknown_values=bool(preview.parsed.unknown_values))
    if save:
        _save_choices(session, preview, maps, ignores, values)
    if dry_run:
        click.echo("dry run: nothing was written")
        return
    try:
        batch = operations.commit_import(session, preview, Actor.for_cli())
    except operations.ImportFailed as exc:
        _fail(exc.problems)
    except SQLAlchemyError as exc:
        raise click.ClickException(f"the database refused the import ({type(exc).__name__}); "
                                   "nothing was written") from None
    click.echo(f"imported batch {batch.id}: {batch.row_count} rows")


def _refused(file: Path, org_code: str, month: str, problems: list, dry_run: bool) -> None:
    """Audit a refused import (a dry run only looks, and writes nothing)."""
    if not dry_run:
        db.session.rollback()
        operations.record_refusal(db.session, Actor.for_cli(), file_name=file.name,
                                  org_code=org_code, month=month, problems=problems)


def _save_choices(session, preview: operations.ImportPreview, maps: tuple[str, ...],
                  ignores: tuple[str, ...], values: tuple[str, ...]) -> None:
    """Remember the header and value choices of this import for the organisation."""
    choices = dict(m.rsplit("=", 1) for m in maps if "=" in m)
    choices.update(dict.fromkeys(ignores, "ignore"))
    if choices:
        save_mapping(session, preview.organisation.id, choices, Actor.for_cli())
    value_choices = dict(split_item(item) for item in values)  # checked by the preview
    if value_choices:
        save_value_mapping(session, preview.organisation.id, value_choices, Actor.for_cli())
    click.echo(f"saved {len(choices)} header choice(s) and {len(value_choices)} value "
               f"choice(s) for {preview.organisation.code}")


@click.command("import-rollback")
@click.argument("batch_id", type=int)
@click.option("--reason", required=True, help="Why the batch is withdrawn (kept in the audit).")
@with_appcontext
def import_rollback_command(batch_id: int, reason: str) -> None:
    """Roll an import batch back: all of its rows are removed, the batch is kept as history."""
    try:
        batch = operations.rollback_batch(db.session, batch_id, Actor.for_cli(), reason)
    except operations.RollbackRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"batch {batch.id} rolled back")


@click.group("export")
def export_group() -> None:
    """Export data to spreadsheets."""


@export_group.command("records")
@click.option("--month", required=True, help="List month, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@language_option
@with_appcontext
def export_records_command(month: str, out: Path, language: str) -> None:
    """Write the month's source records in the canonical columns to an XLSX file.

    The columns and values stay canonical (the file can be imported again); `--lang` is the
    language of the printed title.
    """
    if not is_month(month):
        raise click.ClickException("the month must be YYYY-MM")
    writable(out)
    count = save(lambda path: export_month_records(db.session, month, path, language=language),
                 out)
    record_export(db.session, Actor.for_cli(), what="records", filters={"month": month},
                  rows=count)
    click.echo(f"wrote {count} rows to {out}")


def register(app: Flask) -> None:
    """Add the import and export commands."""
    app.cli.add_command(import_list_command)
    app.cli.add_command(import_rollback_command)
    app.cli.add_command(export_group)
