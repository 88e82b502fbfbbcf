"""`flask match`: link raw member lists into persons, writing nothing to the database."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask

from exchange.importing import ImportRefused, load_canonical
from matching import MatchModel, NothingToLink, Record, link_records
from matching.engine import AMBIGUITY_BITS
from matching.io import write_clusters, write_pairs, write_review

NAME_COLUMNS = {"surname", "given_name", "full_name"}


def read_member_list(path: Path, explicit_map: tuple[str, ...] = ()) -> list[Record]:
    """Read one raw list with the import's readers; refuse a file without names."""
    parsed = load_canonical(path, explicit_map=explicit_map)
    if not NAME_COLUMNS & set(parsed.mapping.values()):
        raise click.ClickException(
            f"{path.name}: no name column found (headers: {', '.join(parsed.headers)}); "
            "nothing was written")
    if parsed.problems:  # counts only: the problems quote cell values (names, dates)
        click.echo(f"{path.name}: {len(parsed.records)} rows read, {len(parsed.problems)} "
                   "cell(s) repaired or left empty (see `flask import-list --dry-run`)",
                   err=True)
    records = []
    for row in parsed.records:
        values = dict(row.values)
        if not values.get("record_id"):
            values["record_id"] = f"row-{row.row_number}"
        records.append(Record.from_canonical(path.name, values))
    return records


@click.command("match")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Clusters CSV: file,record_id,cluster_id.")
@click.option("--pairs", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the linked and review pairs with their explanations.")
@click.option("--review-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the records to review, one row per candidate person, most "
                   "consequential first.")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False),
              help="Reuse saved model parameters (JSON) instead of estimating them.")
@click.option("--save-model", type=click.Path(dir_okay=False),
              help="Write the estimated model parameters (JSON).")
@click.option("--map", "explicit_map", multiple=True, metavar="HEADER=column",
              help="Read a header as this canonical column, in every file that has it "
                   "(as `flask import-list --map`).")
@click.option("--attach-ambiguous", is_flag=True,
              help="Attach a thin record as close to two persons to the stronger (by "
                   "default it is attached to none and listed for review).")
def match_command(files: tuple[Path, ...], out: Path, pairs: Path | None,
                  review_out: Path | None, model_path: str | None,
                  save_model: str | None, explicit_map: tuple[str, ...],
                  attach_ambiguous: bool) -> None:
    """Link the records of raw member lists (CSV/XLSX) into persons."""
    started = time.perf_counter()
    records: list[Record] = []
    for path in files:
        try:
            found = read_member_list(path, explicit_map)
        except ImportRefused as exc:
            raise click.ClickException(f"{exc}; nothing was written") from exc
        if not found:
            click.echo(f"warning: {path.name}: no records", err=True)
        records.extend(found)
    try:
        model = MatchModel.load(model_path) if model_path else None
        result = link_records(records, model, explain=bool(pairs),
                              ambiguity=None if attach_ambiguous else AMBIGUITY_BITS)
    except (NothingToLink, ValueError) as exc:
        raise click.ClickException(f"{exc}; nothing was written") from exc
    write_clusters(result, out)
    if pairs:
        write_pairs(sorted(result.links + result.review, key=lambda p: (p.left, p.right)), pairs)
    if review_out:
        write_review(result.review_items, review_out)
    if save_model:
        result.model.save(save_model)
    s = result.stats
    click.echo(f"{s['records']} records from {len(files)} files in {s['clusters']} clusters; "
               f"{s['linked_pairs']} links, {s['refused_links']} refused by the constraints, "
               f"{s['review_items']} records to review ({time.perf_counter() - started:.1f} s)",
               err=True)


def register(app: Flask) -> None:
    """Add `flask match` to the app's commands."""
    app.cli.add_command(match_command)
