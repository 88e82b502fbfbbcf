"""Calibration: of the pairs the engine gives probability p, how many are one person?

    .venv/bin/python bench/calibration.py [--datasets dev,stress,dev100k,stress100k]
                                          [--markdown bench/match_results.md]

The engine estimates its probabilities from the records alone (see
matching/calibration.py); the truth files are used here only to count, per
probability bin, the share of pairs that really are one person. Two tables per
dataset: every record pair the engine scored (probability >= its review floor), and
the candidates of the review items (what a reviewer is shown).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import DATASETS, records_of  # noqa: E402

BINS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0000001)


def table(probability: np.ndarray, same: np.ndarray) -> list[tuple[str, int, float, float]]:
    """(bin, pairs, mean probability, share truly one person) per bin."""
    rows = []
    for low, high in zip(BINS[:-1], BINS[1:], strict=True):
        inside = (probability >= low) & (probability < high)
        n = int(inside.sum())
        if n:
            rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", n,
                         float(probability[inside].mean()), float(same[inside].mean())))
    return rows


def measure(name: str) -> dict[str, list]:
    from matching import link_records
    from matching.engine import score

    rows, truth = DATASETS[name]()
    records = sorted(records_of(rows), key=lambda r: r.key)
    pairs, _, _ = score(records, None)
    person = np.array([truth.get(r.key, f"?{k}") for k, r in enumerate(records)])
    same = person[pairs.i] == person[pairs.j]
    result = link_records(records)
    shown = [(c.probability, truth.get(c.pair.left) == truth.get(c.pair.right))
             for item in result.review_items for c in item.candidates]
    prob = np.array([p for p, _ in shown])
    truly = np.array([s for _, s in shown], dtype=bool)
    return {"scored pairs": table(pairs.prob, same), "review candidates": table(prob, truly)}


def render(results: dict[str, dict[str, list]]) -> str:
    lines = []
    for name, tables in results.items():
        for kind, rows in tables.items():
            lines += [f"**{name}, {kind}**", "",
                      "| probability | pairs | mean probability | truly one person |",
                      "|---|---|---|---|"]
            lines += [f"| {b} | {n} | {p:.3f} | {s:.3f} |" for b, n, p, s in rows]
            lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="dev,stress,dev100k,stress100k")
    ap.add_argument("--markdown", help="replace the calibration tables of this results page")
    args = ap.parse_args()
    results = {name: measure(name) for name in args.datasets.split(",")}
    text = render(results)
    print(text)
    if args.markdown:
        path = Path(args.markdown)
        page = path.read_text(encoding="utf-8")
        start, end = "<!-- calibration -->\n", "<!-- /calibration -->"
        if start in page and end in page:
            head, rest = page.split(start, 1)
            page = head + start + text + "\n" + end + rest.split(end, 1)[1]
        else:
            page += f"\n{start}{text}\n{end}\n"
        path.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
