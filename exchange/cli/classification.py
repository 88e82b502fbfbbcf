"""`flask classify FILE --out OUT.csv` and `flask reclassify`: treatment categories."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from exchange.audit import Actor
from exchange.classification import Classification, classify, fields_read, ruleset
from exchange.classification.operations import recompute_all
from exchange.extensions import db
from exchange.importing import ImportRefused, load_canonical
from exchange.workbooks import neutralise

OUTPUT_COLUMNS = (
    "record_id",
    "category",
    "eligibility",
    "provisional",
    "rule",
    "unknown_fields",
    "explanation",
)


@click.command("classify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="CSV to write: record_id,category,eligibility,provisional,rule,unknown_fields,explanation",
)
@click.option(
    "--map",
    "explicit_map",
    multiple=True,
    metavar="HEADER=column",
    help="Map a header the reader does not recognise onto a canonical column.",
)
def classify_command(file: Path, out: Path, explicit_map: tuple[str, ...]) -> None:
    """Classify the records of a CSV/XLSX file without touching the database."""
    try:
        parsed = load_canonical(file, explicit_map=explicit_map or None, ignore_unknown=True)
    except ImportRefused as exc:
        raise click.ClickException(str(exc)) from None
    # Only problems in the columns the rules read are reported: never a name or birth date.
    read = fields_read()
    problems: dict[int, list[str]] = {}
    for problem in parsed.problems:
        if problem.row is not None and problem.column in read:
            problems.setdefault(problem.row, []).append(
                f"the file's {problem.column} could not be read as given: {problem.message}"
            )
    results = []
    for record in parsed.records:
        result = classify(record.values)
        record_id = record.values.get("record_id") or f"row {record.row_number}"
        results.append((record_id, result, problems.get(record.row_number, [])))
    write_results(out, results)
    _summary(len(parsed.records), [result for _, result, _ in results], problems)


def write_results(out: Path, results: Iterable[tuple[str, Classification, list[str]]]) -> None:
    """Write one CSV row per record in the columns of OUTPUT_COLUMNS."""
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTPUT_COLUMNS)
        for record_id, result, problems in results:
            lines = result.explanation_lines() + [f"Note: {text}" for text in problems]
            writer.writerow([neutralise(cell) for cell in
                [
                    record_id,
                    str(result.category),
                    str(result.eligibility),
                    "yes" if result.provisional or problems else "no",
                    result.rule_label,
                    "; ".join(unknown.field for unknown in result.unknown_fields),
                    "\n".join(lines),
                ]
            ])


def _summary(count: int, results: list[Classification], problems: dict[int, list[str]]) -> None:
    categories = Counter(str(result.category) for result in results)
    provisional = sum(1 for result in results if result.provisional)
    click.echo(
        f"classified {count} records with rule set {ruleset().version}: "
        + ", ".join(f"{name} {n}" for name, n in sorted(categories.items()))
        + f"; provisional {provisional}"
    )
    if problems:
        click.echo(
            f"{len(problems)} records had values the rules read that could not be read as given; "
            "see their explanations",
            err=True,
        )


@click.command("reclassify")
@click.option(
    "--reason", default=None, help="Why (kept in the history), e.g. the rule-table change."
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@with_appcontext
def reclassify_command(reason: str | None, dry_run: bool) -> None:
    """Recompute the category and eligibility of every person in the registry."""
    version = ruleset().version
    summary = recompute_all(
        db.session,
        actor=Actor.for_cli(),
        reason=reason or f"reclassify with rule set {version}",
        dry_run=dry_run,
    )
    click.echo(
        ("dry run, nothing written: " if dry_run else "")
        + f"reclassified {summary.persons} persons with rule set {version}: "
        f"{summary.changed} results changed, {summary.created} new, "
        f"{summary.flagged} newly waiting for review"
    )
    for move, count in sorted(summary.moves.items()):
        click.echo(f"  {move}: {count}")
    if summary.failed:
        click.echo(
            f"{summary.failed} persons could not be recomputed (see the log); "
            "their results are flagged for review",
            err=True,
        )


def register(app: Flask) -> None:
    """Add the classification commands."""
    app.cli.add_command(classify_command)
    app.cli.add_command(reclassify_command)
