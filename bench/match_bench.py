"""Benchmark: this project's matching engine against Splink on the same records.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/match_bench.py [--datasets dev,stress,dev100k,stress100k,febrl4]
                                          [--engines ours,ours-attach,splink]
                                          [--markdown bench/match_results.md]

Each (dataset, engine) run happens in its own child process so that peak memory
(max RSS of the child) is the run's own. Wall time is the linking only: from
records in memory to clusters (reading the files is reported apart). Pairwise
precision / recall / F1 are computed as ../shared/checks/score_clusters.py does.

Datasets: see bench/datasets.py (dev and stress lists, the two 100k scale files,
FEBRL4).

Splink gets the same records with the same parsed values (ISO dates of birth,
region codes, lowercase text) and a standard setup: NameComparison on the name
fields (term-frequency adjustment on surname), DateOfBirthComparison, exact
match on sex and region, Jaro-Winkler on place of birth; u by random sampling,
m by EM on two blocking rules, clusters at match probability 0.9.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasets import DATASETS  # noqa: E402

# ---------------------------------------------------------------- engines

def run_ours(rows: list[tuple[str, dict]], attach: bool = False) -> dict:
    from matching import Record, link_records
    from matching.cluster import AMBIGUITY_BITS

    records = [Record.from_canonical(file, values) for file, values in rows]
    result = link_records(records, ambiguity=None if attach else AMBIGUITY_BITS)
    return result.clusters


def run_ours_attaching_ambiguous(rows: list[tuple[str, dict]]) -> dict:
    return run_ours(rows, attach=True)


def run_ours_dates_unreliable(rows: list[tuple[str, dict]]) -> dict:
    """For FEBRL4, whose corruption replaces dates of birth at random: dates are evidence,
    not a constraint (the member lists' rule forbids linking them)."""
    from matching import Record, link_records
    from matching.constraints import DATE_OF_BIRTH, KINDS

    records = [Record.from_canonical(file, values) for file, values in rows]
    kinds = [k for k in KINDS if k != DATE_OF_BIRTH]
    return link_records(records, constraints=kinds).clusters


def _splink_frame(rows: list[tuple[str, dict]]):
    import pandas as pd

    from matching import Record
    from matching.dates import parse_date
    from matching.regions import region_code

    out = []
    for uid, (file, values) in enumerate(rows):
        rec = Record.from_canonical(file, values)
        date = parse_date(rec.date_of_birth)
        def low(v):
            return (v.lower() if v else None)
        out.append({
            "unique_id": uid, "surname": low(rec.surname), "given_name": low(rec.given_name),
            "patronymic": low(rec.patronymic), "sex": rec.sex,
            "dob": f"{date.year:04d}-{date.month:02d}-{date.day:02d}" if date.is_full else None,
            "birth_year": str(date.year) if date else None,
            "region": region_code(rec.region) or None,
            "place_of_birth": low(rec.place_of_birth),
        })
    return pd.DataFrame(out)


def run_splink(rows: list[tuple[str, dict]]) -> dict:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = _splink_frame(rows)
    present = {c for c in df.columns if df[c].notna().any()}
    comparisons = [cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                   cl.NameComparison("given_name")]
    if "patronymic" in present:
        comparisons.append(cl.NameComparison("patronymic"))
    comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True))
    comparisons += [cl.ExactMatch(c) for c in ("sex", "region") if c in present]
    if "place_of_birth" in present:
        comparisons.append(cl.JaroWinklerAtThresholds("place_of_birth", [0.9, 0.7]))
    blocking = [block_on("surname", "birth_year"), block_on("dob"),
                block_on("surname", "given_name")]
    if "patronymic" in present:
        blocking.append(block_on("surname", "patronymic"))
    settings = SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking,
                               retain_intermediate_calculation_columns=False)
    linker = Linker(df, settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given_name", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("surname", "given_name"))
    predictions = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.9).as_pandas_dataframe()
    by_uid = dict(zip(clusters["unique_id"], clusters["cluster_id"], strict=True))
    return {(rows[uid][0], str(rows[uid][1]["record_id"])): str(by_uid.get(uid, f"s{uid}"))
            for uid in range(len(rows))}


ENGINES = {"ours": run_ours, "ours-attach": run_ours_attaching_ambiguous,
           "ours-dates-as-evidence": run_ours_dates_unreliable, "splink": run_splink}
ONLY_ON = {"ours-dates-as-evidence": {"febrl4"}}  # engines meant for some datasets only


# ---------------------------------------------------------------- scoring

def score(truth: dict, predicted: dict) -> dict:
    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    pred = {k: predicted.get(k, f"__missing_{i}") for i, k in enumerate(truth)}
    tp = pairs(Counter((truth[k], pred[k]) for k in truth))
    true_pairs, pred_pairs = pairs(Counter(truth.values())), pairs(Counter(pred.values()))
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / true_pairs if true_pairs else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def child(engine: str, dataset: str, result_path: str) -> None:
    started = time.perf_counter()
    rows, truth = DATASETS[dataset]()
    loaded = time.perf_counter()
    predicted = ENGINES[engine](rows)
    linked = time.perf_counter()
    figures = score(truth, predicted)
    figures.update(engine=engine, dataset=dataset, records=len(rows),
                   load_s=loaded - started, link_s=linked - loaded,
                   peak_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    Path(result_path).write_text(json.dumps(figures), encoding="utf-8")


def parent(datasets: list[str], engines: list[str], markdown: str | None) -> None:
    results = []
    for dataset in datasets:
        for engine in engines:
            if dataset not in ONLY_ON.get(engine, {dataset}):
                continue
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
                path = tmp.name
            proc = subprocess.run([sys.executable, __file__, "--child", engine, dataset, path],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{dataset}/{engine} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            results.append(json.loads(Path(path).read_text(encoding="utf-8")))
            os.unlink(path)
            r = results[-1]
            print(f"{dataset:7} {engine:10} F1 {r['f1']:.4f} P {r['precision']:.4f} "
                  f"R {r['recall']:.4f} link {r['link_s']:.1f} s peak {r['peak_mib']:.0f} MiB",
                  flush=True)
    table = render(results)
    print(table)
    if markdown:
        _write_table(Path(markdown), table)


def _write_table(path: Path, table: str) -> None:
    """Write the table, or replace it between the markers of an existing results page."""
    start, end = "<!-- table -->\n", "<!-- /table -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + start + table + end + rest.split(end, 1)[1]
    else:
        text = table
    path.write_text(text, encoding="utf-8")


def render(results: list[dict]) -> str:
    lines = ["| dataset | engine | records | F1 | precision | recall | link wall s | "
             "peak MiB | time vs ours |", "|---|---|---|---|---|---|---|---|---|"]
    ours = {r["dataset"]: r["link_s"] for r in results if r["engine"] == "ours"}
    for r in results:
        ratio = r["link_s"] / ours[r["dataset"]] if ours.get(r["dataset"]) else float("nan")
        lines.append(f"| {r['dataset']} | {r['engine']} | {r['records']} | {r['f1']:.4f} | "
                     f"{r['precision']:.4f} | {r['recall']:.4f} | {r['link_s']:.1f} | "
                     f"{r['peak_mib']:.0f} | {ratio:.2f}x |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="dev,stress,dev100k,stress100k,febrl4")
    ap.add_argument("--engines", default="ours,ours-attach,ours-dates-as-evidence,splink",
                    help="ours-attach: this engine with --attach-ambiguous; "
                         "ours-dates-as-evidence: FEBRL4 without the date constraint")
    ap.add_argument("--markdown", help="also write the table to this file")
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "DATASET", "RESULT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    parent(args.datasets.split(","), args.engines.split(","), args.markdown)


if __name__ == "__main__":
    main()
