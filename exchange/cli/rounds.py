"""`flask round ...`: a round's whole life from the command line; `flask export roster|round`.

ROUND is a round's number or its exact name. Every write is attributed to the operating
system user running the command.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.audit import Actor
from exchange.extensions import db
from exchange.labels import label
from exchange.models import FileKind, Organisation, RoundType
from exchange.models.enums import Category
from exchange.rounds import operations
from exchange.rounds.counterpart import balance, import_counterpart
from exchange.rounds.errors import FileRefused, IdentityNotConfirmed, RoundError
from exchange.rounds.files import FileOptions
from exchange.rounds.outcomes import OUTCOME_COUNTS, import_outcomes
from exchange.rounds.queries import current_file, rounds_list
from exchange.rounds.replies import REPLY_COUNTS, import_reply, resolve_row
from exchange.rounds.roster import Filters
from exchange.rounds.snapshot import diff_versions
from exchange.rounds.submission import submit_round
from exchange.rounds.tables import priority_groups

CATEGORIES = click.Choice([c.value for c in Category])
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
SHOWN_PROBLEMS = 30


def refusals(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a refused operation into a clear message and a non-zero exit."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except FileRefused as exc:
            for problem in exc.problems[:SHOWN_PROBLEMS]:
                click.echo(str(problem), err=True)
            if len(exc.problems) > SHOWN_PROBLEMS:
                click.echo(f"... and {len(exc.problems) - SHOWN_PROBLEMS} more", err=True)
            raise click.ClickException("file refused: nothing was written") from None
        except IdentityNotConfirmed as exc:
            for pid, flags in sorted(exc.flagged.items()):
                said = ", ".join(label("identity_flag", f, "en") for f in flags)
                click.echo(f"person {pid}: {said}", err=True)
            raise click.ClickException(
                f"{len(exc.flagged)} person(s) need an identity confirmation: check each, then "
                "repeat with --confirm ID for each of them") from None
        except RoundError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None

    return run


def _round_id(ref: str) -> int:
    return operations.get_round(db.session, ref).id


def _member(code: str | None) -> int | None:
    if not code:
        return None
    found = db.session.scalar(db.select(Organisation.id).where(Organisation.code == code.upper()))
    if found is None:
        raise click.ClickException(f"there is no member organisation {code!r}")
    return found


def _counts(keys: tuple[str, ...], counts: dict) -> str:
    return " ".join(f"{key}={counts.get(key, 0)}" for key in keys)


@click.group("round")
def round_group() -> None:
    """Exchange, release, amnesty and transfer rounds, from draft to closed."""


@round_group.command("create")
@click.argument("name")
@click.option("--type", "round_type", required=True,
              type=click.Choice([t.value for t in RoundType]))
@click.option("--category", "categories", multiple=True, required=True, type=CATEGORIES)
@click.option("--date", "planned_on", help="Planned day, YYYY-MM-DD.")
@click.option("--note")
@with_appcontext
@refusals
def create_command(name: str, round_type: str, categories: tuple[str, ...],
                   planned_on: str | None, note: str | None) -> None:
    """Create a draft round of a type for one or more categories."""
    found = operations.create_round(db.session, name=name, round_type=round_type,
                                    categories=categories, planned_on=planned_on, note=note,
                                    actor=Actor.for_cli())
    click.echo(f"created round {found.id} ({found.state.value})")


@round_group.command("add")
@click.argument("ref", metavar="ROUND")
@click.option("--all", "everyone", is_flag=True, help="Everyone still held the filters select.")
@click.option("--person", "persons", multiple=True, type=int, help="A person ID (repeatable).")
@click.option("--category", "categories", multiple=True, type=CATEGORIES)
@click.option("--region", help="ISO 3166-2 code, e.g. UA-43.")
@click.option("--member", help="Only persons this member organisation lists.")
@click.option("--group", type=click.Choice([g.key for g in priority_groups()]))
@with_appcontext
@refusals
def add_command(ref: str, everyone: bool, persons: tuple[int, ...], categories: tuple[str, ...],
                region: str | None, member: str | None, group: str | None) -> None:
    """Add persons: everyone of the round's categories (--all, narrowed by filters) or by ID."""
    if everyone == bool(persons):
        raise click.ClickException("give either --all (with optional filters) or --person ID")
    result = operations.add_persons(
        db.session, _round_id(ref), actor=Actor.for_cli(), today=date.today(),
        person_ids=list(persons) if persons else None,
        filters=Filters(region=region, member=_member(member), group=group),
        categories=categories or None)
    for pid, (rid, name) in sorted(result.taken.items()):
        click.echo(f"skipped person {pid}: already on open round {rid} ({name!r})", err=True)
    click.echo(f"added={len(result.added)} already_on_round={len(result.already)} "
               f"on_other_open_round={len(result.taken)}")


@round_group.command("remove")
@click.argument("ref", metavar="ROUND")
@click.option("--person", "persons", multiple=True, type=int, required=True)
@click.option("--reason", required=True)
@with_appcontext
@refusals
def remove_command(ref: str, persons: tuple[int, ...], reason: str) -> None:
    """Take persons off a round whose list may still change."""
    count = operations.remove_persons(db.session, _round_id(ref), persons, actor=Actor.for_cli(),
                                      reason=reason)
    click.echo(f"removed={count}")


@round_group.command("submit")
@click.argument("ref", metavar="ROUND")
@click.option("--confirm", "confirmed", multiple=True, type=int,
              help="A flagged person whose identity you checked (repeatable).")
@with_appcontext
@refusals
def submit_command(ref: str, confirmed: tuple[int, ...]) -> None:
    """Freeze the list into a new numbered version and mark the round submitted."""
    version = submit_round(db.session, _round_id(ref), actor=Actor.for_cli(), today=date.today(),
                           confirmed=confirmed)
    click.echo(f"version={version.number} persons={version.row_count}")


def _file_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.option("--map", "maps", multiple=True, metavar="HEADER=COLUMN"),
        click.option("--ignore", "ignores", multiple=True, metavar="HEADER"),
        click.option("--column", help="The header of the status column (found by its words "
                                      "otherwise)."),
        click.option("--word", "extra_words", multiple=True, metavar="TEXT=VALUE",
                     help="A status word the vocabulary lacks (repeatable)."),
    ]):
        command = option(command)
    return command


@round_group.command("import-reply")
@click.argument("ref", metavar="ROUND")
@click.argument("file", type=FILE)
@_file_options
@with_appcontext
@refusals
def import_reply_command(ref: str, file: Path, maps: tuple[str, ...], ignores: tuple[str, ...],
                         column: str | None, extra_words: tuple[str, ...]) -> None:
    """Import the other side's verification reply and match it back to the round."""
    stored = import_reply(db.session, _round_id(ref), file, actor=Actor.for_cli(),
                          options=FileOptions(maps, ignores, column, extra_words))
    click.echo(_counts(REPLY_COUNTS, stored.counts))


@round_group.command("decide")
@click.argument("ref", metavar="ROUND")
@click.argument("row", type=int)
@click.option("--person", type=int, help="The person of the round the reply row is.")
@click.option("--not-ours", is_flag=True, help="The row is no one on our list.")
@with_appcontext
@refusals
def decide_command(ref: str, row: int, person: int | None, not_ours: bool) -> None:
    """Decide a reply row left for review (ROW: its row number in the file)."""
    if (person is None) == (not not_ours):
        raise click.ClickException("give either --person ID or --not-ours")
    found = operations.get_round(db.session, ref)
    reply = db.session.scalar(current_file(found.id, FileKind.REPLY))
    target = next((r for r in (reply.rows if reply else []) if r.row_number == row), None)
    if target is None:
        raise click.ClickException(f"the current reply of round {found.id} has no row {row}")
    resolve_row(db.session, target.id, person, actor=Actor.for_cli())
    click.echo("decided")


@round_group.command("import-counterpart")
@click.argument("ref", metavar="ROUND")
@click.argument("file", type=FILE)
@click.option("--map", "maps", multiple=True, metavar="HEADER=COLUMN")
@click.option("--ignore", "ignores", multiple=True, metavar="HEADER")
@with_appcontext
@refusals
def import_counterpart_command(ref: str, file: Path, maps: tuple[str, ...],
                               ignores: tuple[str, ...]) -> None:
    """Import the other side's own list of an exchange round; print the balance."""
    found = operations.get_round(db.session, ref)
    import_counterpart(db.session, found.id, file, actor=Actor.for_cli(), explicit_map=maps,
                       ignore=ignores)
    counted = balance(db.session, found)
    for category in counted.categories:
        click.echo(f"{category}: ours={counted.ours.get(category, 0)} "
                   f"theirs={counted.theirs.get(category, 0)} "
                   f"difference={counted.difference(category):+d}")


@round_group.command("execute")
@click.argument("ref", metavar="ROUND")
@click.option("--date", "executed_on", required=True, help="The day it was carried out.")
@with_appcontext
@refusals
def execute_command(ref: str, executed_on: str) -> None:
    """Record that a verified round was carried out on a day."""
    operations.execute_round(db.session, _round_id(ref), actor=Actor.for_cli(),
                             executed_on=executed_on)
    click.echo("executed")


@round_group.command("outcomes")
@click.argument("ref", metavar="ROUND")
@click.argument("file", type=FILE)
@_file_options
@with_appcontext
@refusals
def outcomes_command(ref: str, file: Path, maps: tuple[str, ...], ignores: tuple[str, ...],
                     column: str | None, extra_words: tuple[str, ...]) -> None:
    """Record what happened to each person (returned, not handed over, died, refused)."""
    counts = import_outcomes(db.session, _round_id(ref), file, actor=Actor.for_cli(),
                             options=FileOptions(maps, ignores, column, extra_words))
    click.echo(_counts(OUTCOME_COUNTS, counts))


@round_group.command("close")
@click.argument("ref", metavar="ROUND")
@with_appcontext
@refusals
def close_command(ref: str) -> None:
    """Close a carried-out round once every person has an outcome."""
    operations.close_round(db.session, _round_id(ref), actor=Actor.for_cli())
    click.echo("closed")


@round_group.command("cancel")
@click.argument("ref", metavar="ROUND")
@click.option("--reason", required=True)
@with_appcontext
@refusals
def cancel_command(ref: str, reason: str) -> None:
    """Cancel a round; its persons are free for other rounds."""
    operations.cancel_round(db.session, _round_id(ref), actor=Actor.for_cli(), reason=reason)
    click.echo("cancelled")


@round_group.command("list")
@with_appcontext
def list_command() -> None:
    """List the rounds, newest first."""
    for found in db.session.scalars(rounds_list()):
        click.echo(f"{found.id}\t{found.state.value}\t{found.round_type.value}\t"
                   f"{len(found.entries)} persons\tv{len(found.versions)}\t{found.name}")


@round_group.command("diff")
@click.argument("ref", metavar="ROUND")
@click.option("--from", "first", type=int, help="Earlier version (default: the one before).")
@click.option("--to", "second", type=int, help="Later version (default: the latest).")
@with_appcontext
@refusals
def diff_command(ref: str, first: int | None, second: int | None) -> None:
    """Show what changed between two versions of a round's list."""
    found = operations.get_round(db.session, ref)
    versions = {v.number: v for v in found.versions}
    second = second or max(versions, default=0)
    first = first or second - 1
    if first not in versions or second not in versions:
        raise click.ClickException(f"round {found.id} has versions {sorted(versions)}")
    diff = diff_versions(versions[first].rows, versions[second].rows)
    click.echo(_counts(("added", "removed", "changed"), diff.counts()))
    for row in diff.added:
        click.echo(f"+ person {row['person_id']}")
    for row in diff.removed:
        click.echo(f"- person {row['person_id']}")
    for change in diff.changed:
        click.echo(f"~ person {change.person_id} {change.field}: {change.before!r} -> "
                   f"{change.after!r}")


def register(app: Flask) -> None:
    """Add the `round` group."""
    app.cli.add_command(round_group)
