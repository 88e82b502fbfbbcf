"""Command line: link canonical CSV files and write the clusters (and scored pairs)."""

from __future__ import annotations

import argparse
import sys
import time

from matching.blocking import DEFAULT_MAX_BLOCK
from matching.constraints import DATE_OF_BIRTH, KINDS
from matching.engine import AMBIGUITY_BITS, NothingToLink, link_records
from matching.io import (
    InputError,
    read_canonical_csv,
    write_clusters,
    write_pairs,
    write_review,
)
from matching.model import MatchModel


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching",
        description="Link records of canonical CSV files into persons.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--out", required=True, help="clusters CSV: file,record_id,cluster_id")
    parser.add_argument("--pairs", help="also write the scored pairs with explanations")
    parser.add_argument("--review-out", help="write the records to review, one row per "
                                             "candidate person, most consequential first")
    parser.add_argument("--model", help="use these saved parameters instead of estimating")
    parser.add_argument("--save-model", help="write the estimated parameters (JSON)")
    parser.add_argument("--attach-ambiguous", action="store_true",
                        help="attach a thin record as close to two persons to the stronger "
                             "(by default it is attached to none and listed for review)")
    parser.add_argument("--dates-unreliable", action="store_true",
                        help="dates of birth in these files are unreliable by design (a "
                             "benchmark that replaces dates at random): a date conflict is "
                             "weighed as evidence, not a constraint. Never for member lists: "
                             "there, one full name with conflicting dates is two persons")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    records = []
    try:
        for path in args.files:
            found = read_canonical_csv(path)
            if not found:
                print(f"warning: {path}: no records", file=sys.stderr)
            records.extend(found)
        model = MatchModel.load(args.model) if args.model else None
        kinds = [k for k in KINDS if not (args.dates_unreliable and k == DATE_OF_BIRTH)]
        result = link_records(records, model, explain=bool(args.pairs),
                              ambiguity=None if args.attach_ambiguous else AMBIGUITY_BITS,
                              constraints=kinds)
    except (InputError, NothingToLink, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = write_clusters(result, args.out)
    if args.pairs:
        write_pairs(sorted(result.links + result.review, key=lambda p: (p.left, p.right)),
                    args.pairs)
    if args.review_out:
        write_review(result.review_items, args.review_out)
    if args.save_model:
        result.model.save(args.save_model)
    s = result.stats
    if s["max_block"] < DEFAULT_MAX_BLOCK:
        print(f"warning: large input: blocks capped at {s['max_block']} records to bound "
              "memory; some true pairs in very common names may be missed", file=sys.stderr)
    if args.dates_unreliable:
        print("note: dates of birth taken as evidence, not a constraint (--dates-unreliable)",
              file=sys.stderr)
    print(f"{rows} records ({s['profiles']} distinct) in {s.get('clusters', 0)} clusters; "
          f"{s['candidate_pairs']} pairs compared, {s['linked_pairs']} linked, "
          f"{s['refused_links']} links refused by the constraints, "
          f"{s['review_items']} records to review ({time.perf_counter() - started:.1f} s)",
          file=sys.stderr)
    return 0
