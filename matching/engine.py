"""The linking engine: block, compare, estimate, score, cluster."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from matching.blocking import DEFAULT_MAX_BLOCK, RULES_BY_NAME, candidate_pairs
from matching.cluster import GUARD_BITS, GUARDED, ClusterGuard, Clusters, cluster_links
from matching.comparisons import COMPARISONS, compare_pairs
from matching.features import Features
from matching.model import TF_MINIMUM, MatchModel, estimate_u, expectation_maximisation
from matching.records import Person, Record

log = logging.getLogger(__name__)

RANDOM_SEED = 20250107
RANDOM_PAIRS = 300_000
# Below these sizes a batch cannot estimate its own parameters: the bundled default
# model (estimated on the synthetic dev lists) is used instead.
MIN_RECORDS_TO_ESTIMATE = 200
MIN_PAIRS_TO_ESTIMATE = 500
# With `ambiguity=AMBIGUITY_BITS`, a record whose best link into another, conflicting
# cluster is within this many bits of its best link into its own is left alone.
AMBIGUITY_BITS = 1.0
MAX_REVIEW_PAIRS = 50_000  # more is beyond human review and costs memory; the strongest kept
TF_MIN_VALUES = 500  # fewer values than this: no term-frequency adjustment
TRAINING_MAX_BLOCK = 60
# (blocking rule, comparisons it agrees on by construction)
# Lists without patronymics (foreign, English-language) fall back to surname + given name.
TRAINING_RULES = (
    ((RULES_BY_NAME["date_of_birth"], ("date_of_birth",)),),
    ((RULES_BY_NAME["surname+given+patronymic"], ("surname", "given_name", "patronymic")),
     (RULES_BY_NAME["surname+given"], ("surname", "given_name"))),
)


class Contribution(NamedTuple):
    """What one comparison said about a pair: its level and the weight it added (log2)."""

    comparison: str
    level: str
    weight: float


@dataclass(frozen=True)
class ScoredPair:
    """A compared pair of records with its match weight, probability and explanation."""

    left: tuple[str, str]  # (file, record_id)
    right: tuple[str, str]
    weight: float
    probability: float
    decision: str  # link, review, non-link
    explanation: tuple[Contribution, ...]
    note: str = ""  # e.g. why clustering refused a link

    def explain(self) -> str:
        """Render the explanation as `comparison=level(+w)` terms."""
        return "; ".join(f"{c.comparison}={c.level}({c.weight:+.2f})" for c in self.explanation)


@dataclass
class LinkResult:
    """Clusters (record key -> cluster id), the pairs in the review band, the model and counts."""

    clusters: dict[tuple[str, str], str]
    review: list[ScoredPair]
    links: list[ScoredPair]
    model: MatchModel
    stats: dict[str, int] = field(default_factory=dict)

    def persons(self) -> dict[str, list[tuple[str, str]]]:
        """Cluster id -> record keys, both sorted."""
        out: dict[str, list[tuple[str, str]]] = {}
        for key, cid in sorted(self.clusters.items()):
            out.setdefault(cid, []).append(key)
        return dict(sorted(out.items()))


class NothingToLink(ValueError):
    """Raised when there are no records to link."""


def _term_frequencies(f: Features, column: str) -> np.ndarray | None:
    """Share of records with each record's value; None when too few values to tell."""
    values = getattr(f, column)
    present = values >= 0
    if present.sum() < TF_MIN_VALUES:
        return None
    counts = np.bincount(values[present], minlength=int(values.max(initial=0)) + 1)
    total = max(int(present.sum()), 1)
    out = np.ones(len(values), dtype=np.float64)
    out[present] = counts[values[present]] / total
    return out


def _tf_adjustments(model: MatchModel, f: Features, i, j, levels) -> np.ndarray:
    """Per pair and comparison: log2(u / term frequency) where the values agree."""
    adj = np.zeros(levels.shape, dtype=np.float32)
    for k, c in enumerate(COMPARISONS):
        if not c.term_frequency:
            continue
        tf = _term_frequencies(f, c.term_frequency)
        if tf is None:
            continue
        params = model.comparisons[k]
        tf_levels = [c.level(name) for name in c.tf_levels]
        u_ref = sum(params.u[lv] for lv in tf_levels)
        agree = np.isin(levels[:, k], tf_levels)
        value_tf = np.maximum(np.maximum(tf[i], tf[j]), TF_MINIMUM)
        adj[agree, k] = np.log2(u_ref / value_tf[agree])
    return adj


def score_pairs(model: MatchModel, f: Features, i, j, levels) -> tuple[np.ndarray, np.ndarray,
                                                                       np.ndarray]:
    """Return match weights (log2 odds), probabilities and the tf adjustments."""
    table = model.weight_table()
    weights = np.full(len(i), model.prior_weight)
    for k in range(len(COMPARISONS)):
        weights += table[k][levels[:, k]]
    adj = _tf_adjustments(model, f, i, j, levels)
    weights += adj.sum(axis=1, dtype=np.float64)
    probability = 1.0 / (1.0 + np.exp2(-np.clip(weights, -60, 60)))
    return weights, probability, adj


def cluster_guard(f: Features, model: MatchModel) -> ClusterGuard:
    """Guard merges on the disagreements the model rates as strong evidence against a match."""
    fields, date_conflicts = set(), set()
    for params in model.comparisons:
        weights = params.weights()
        strong = {lv for k, lv in enumerate(params.levels) if weights[k] <= GUARD_BITS}
        if params.name in GUARDED and "different" in strong:
            fields.add(params.name)
        if params.name == "date_of_birth":
            date_conflicts = strong & {"one_part_differs", "different"}
    return ClusterGuard(f, frozenset(fields), frozenset(date_conflicts))


def _direct_conflict(levels: np.ndarray, exclude: tuple[str, ...] = ()) -> np.ndarray:
    """Pairs whose own comparisons disagree on date of birth, sex, given name or patronymic."""
    out = np.zeros(len(levels), dtype=bool)
    for k, c in enumerate(COMPARISONS):
        if c.name in GUARDED and c.name not in exclude:
            out |= levels[:, k] == c.level("different")
    return out


def date_outweighed(model: MatchModel, levels: np.ndarray, weights: np.ndarray,
                    adj: np.ndarray, guard: ClusterGuard) -> np.ndarray:
    """Pairs whose place of birth outweighs their date-of-birth conflict.

    Name agreement says nothing against a namesake (namesakes share the name); an
    agreeing place of birth does, by as much as the place is rare (its weight is
    term-frequency adjusted). Such a pair may join two persons with different dates
    when the place weighs more than the date conflict, the pair would still link with
    the date conflict counted twice, and sex, given name and patronymic do not conflict.
    """
    table = model.weight_table()
    names = [c.name for c in COMPARISONS]
    kd, kp = names.index("date_of_birth"), names.index("place_of_birth")
    conflict_levels = [COMPARISONS[kd].level(name) for name in guard.date_conflicts]
    date_bits = table[kd][levels[:, kd]]
    place_bits = table[kp][levels[:, kp]] + adj[:, kp]
    link_weight = math.log2(model.link_threshold / (1.0 - model.link_threshold))
    out = (np.isin(levels[:, kd], conflict_levels) & (place_bits + date_bits > 0)
           & (weights + date_bits >= link_weight))
    return out & ~_direct_conflict(levels, exclude=("date_of_birth",))


def _random_pairs(n: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(RANDOM_SEED)
    a = rng.integers(0, n, size=count)
    b = rng.integers(0, n, size=count)
    keep = a != b
    return a[keep], b[keep]


def train_model(f: Features, levels: np.ndarray, model: MatchModel | None = None) -> MatchModel:
    """Estimate u from random pairs, m by EM per training block, then the prior.

    As in Splink, each EM run uses pairs from one blocking rule and leaves out the
    comparisons that rule agrees on by construction; u stays fixed at the values
    measured on random pairs.
    """
    model = model or MatchModel.initial()
    n = len(f.records)
    if n >= 2:
        ri, rj = _random_pairs(n, min(RANDOM_PAIRS, n * (n - 1)))
        estimate_u(model, compare_pairs(f, ri, rj))
    estimated: dict[str, list[list[float]]] = {}
    for alternatives in TRAINING_RULES:
        ti = tj = np.empty(0, dtype=np.int32)
        ignore: tuple[str, ...] = ()
        for rule, rule_ignores in alternatives:
            # blocks over the cap are skipped; cut to the cap only if nothing else is left
            for truncate in (False, True):
                ti, tj, _ = candidate_pairs(f, rules=(rule,), max_block=TRAINING_MAX_BLOCK,
                                            truncate=truncate)
                if len(ti) >= MIN_PAIRS_TO_ESTIMATE:
                    break
            ignore = rule_ignores
            if len(ti) >= MIN_PAIRS_TO_ESTIMATE:
                break
        if len(ti) == 0:
            continue
        trial = MatchModel.from_json(model.to_json())
        expectation_maximisation(trial, compare_pairs(f, ti, tj), fix_u=True, ignore=ignore)
        for params in trial.comparisons:
            if params.name not in ignore:
                estimated.setdefault(params.name, []).append(params.m)
    for params in model.comparisons:
        if params.name in estimated:
            params.m = [float(x) for x in np.mean(estimated[params.name], axis=0)]
    expectation_maximisation(model, levels, fix_u=True, fix_m=True)
    return model


def _explanations(model, levels, adj, weights_prior) -> list[tuple[Contribution, ...]]:
    table = model.weight_table()
    weights = np.column_stack([table[k][levels[:, k]] + adj[:, k]
                               for k in range(len(COMPARISONS))]) if len(levels) else \
        np.zeros((0, len(COMPARISONS)))
    weights = np.round(weights, 3).tolist()
    names = [c.name for c in COMPARISONS]
    level_names = [c.levels for c in COMPARISONS]
    prior = Contribution("prior", "", round(weights_prior, 3))
    return [
        (prior, *(Contribution(names[k], level_names[k][lv], w[k]) for k, lv in enumerate(row)))
        for row, w in zip(levels.tolist(), weights, strict=True)
    ]


def _scored(model, f, i, j, levels, weights, probability, adj, subset, notes=None):
    subset = np.asarray(subset, dtype=np.int64)
    expl = _explanations(model, levels[subset], adj[subset], model.prior_weight)
    pairs = []
    for pos, k in enumerate(subset.tolist()):
        p = float(probability[k])
        decision = ("link" if p >= model.link_threshold
                    else "review" if p >= model.review_threshold else "non-link")
        pairs.append(ScoredPair(
            f.records[int(i[k])].key, f.records[int(j[k])].key, round(float(weights[k]), 3),
            round(p, 6), decision, expl[pos], (notes or {}).get(k, "")))
    return pairs


def _review_pairs(model, probability, weights, levels, i, j, linked, refused, ambiguous, n):
    """Pairs for a human: the review band, links the guard refused, ambiguous records' links.

    Returns their indices (the strongest MAX_REVIEW_PAIRS), notes by index, the number
    of refused links and the size of the whole review list.
    """
    review_idx = np.flatnonzero((probability >= model.review_threshold)
                                & (probability < model.link_threshold))
    refused_idx = linked[refused]
    n_refused = len(refused_idx)
    # A refused pair whose own fields conflict needs no human; one refused only because
    # of a third record in the cluster does.
    refused_idx = refused_idx[~_direct_conflict(levels[refused_idx])]
    notes = {int(k): "link refused: the two clusters conflict" for k in refused_idx}
    alone = np.zeros(n, dtype=bool)
    alone[ambiguous] = True
    ambiguous_links = linked[alone[i[linked]] | alone[j[linked]]]
    notes.update({int(k): "record links as well to another person: left alone"
                  for k in ambiguous_links})
    review_all = np.union1d(review_idx, np.union1d(refused_idx, ambiguous_links))
    review_total = len(review_all)
    if review_total > MAX_REVIEW_PAIRS:  # keep the strongest; the count says how many more
        keep = np.lexsort((review_all, -weights[review_all]))[:MAX_REVIEW_PAIRS]
        review_all = np.sort(review_all[keep])
    return review_all, notes, n_refused, review_total


def _run(records: Sequence[Record], model: MatchModel | None, *, new_mask=None, anchors=(),
         max_block: int, explain: bool,
         ambiguity: float | None) -> tuple[Features, Clusters, LinkResult]:
    if not records:
        raise NothingToLink("no records to link")
    f = Features(records)
    duplicates = len(records) - len({r.key for r in records})
    i, j, stats = candidate_pairs(f, max_block=max_block, new_mask=new_mask)
    levels = compare_pairs(f, i, j)
    if model is None and (len(records) < MIN_RECORDS_TO_ESTIMATE
                          or len(i) < MIN_PAIRS_TO_ESTIMATE):
        model = MatchModel.default()
    if model is None:
        model = train_model(f, levels)
    weights, probability, adj = score_pairs(model, f, i, j, levels)
    guard = cluster_guard(f, model)

    def make_clusters() -> Clusters:
        clusters = Clusters(f, guard)
        for indices, person_id in anchors:
            clusters.anchor(indices, person_id)
        return clusters

    linked = np.flatnonzero(probability >= model.link_threshold)
    outweighed = date_outweighed(model, levels[linked], weights[linked], adj[linked], guard)
    clusters, refused, ambiguous = cluster_links(
        f, i[linked], j[linked], weights[linked], margin=ambiguity,
        make_clusters=make_clusters, movable=new_mask, date_outweighed=outweighed)
    review_all, notes, n_refused, review_total = _review_pairs(
        model, probability, weights, levels, i, j, linked, refused, ambiguous, len(records))
    review = _scored(model, f, i, j, levels, weights, probability, adj, review_all, notes)
    links = (_scored(model, f, i, j, levels, weights, probability, adj, linked)
             if explain else [])
    counts = {"records": len(records), "candidate_pairs": int(len(i)),
              "linked_pairs": int(len(linked)), "refused_links": int(n_refused),
              "ambiguous_records": int(len(ambiguous)),
              "review_pairs": int(review_total),
              "review_pairs_listed": int(len(review_all)), "duplicate_keys": duplicates}
    counts.update({f"capped_blocks:{k}": v for k, v in stats.capped_blocks.items() if v})
    counts["max_block"] = stats.max_block
    log.info("linked %(records)d records: %(candidate_pairs)d candidate pairs, "
             "%(linked_pairs)d links, %(refused_links)d refused, %(review_pairs)d to review",
             counts)
    result = LinkResult({}, review, links, model, counts)
    return f, clusters, result


def link_records(records: Sequence[Record], model: MatchModel | None = None, *,
                 max_block: int = DEFAULT_MAX_BLOCK, explain: bool = False,
                 ambiguity: float | None = None) -> LinkResult:
    """Cluster records into persons; estimate the model from them unless one is given.

    Records are taken in (file, record_id) order, so the result does not depend on the
    order they come in. A key seen twice keeps the cluster of its first record.
    A record that links about as strongly into two conflicting persons joins the
    stronger and its other link goes to review; with `ambiguity` (bits, e.g.
    AMBIGUITY_BITS) it is left alone instead when the two links are that close:
    fewer wrong attachments, but one more cluster for the same person.
    """
    records = sorted(records, key=lambda r: r.key)
    f, clusters, result = _run(records, model, max_block=max_block, explain=explain,
                               ambiguity=ambiguity)
    labels = clusters.labels()
    numbering: dict[int, str] = {}
    for idx, root in enumerate(labels.tolist()):
        cid = numbering.setdefault(root, f"C{len(numbering) + 1:06d}")
        result.clusters.setdefault(f.records[idx].key, cid)
    result.stats["clusters"] = len(numbering)
    return result


def link_incremental(new_records: Sequence[Record], existing_persons: Sequence[Person],
                     model: MatchModel, *, max_block: int = DEFAULT_MAX_BLOCK,
                     explain: bool = False, ambiguity: float | None = None) -> LinkResult:
    """Link a new batch against existing persons, reusing a trained model.

    Only pairs involving a new record are compared. A new record joins an existing
    person (cluster id = the person id) or forms a new cluster (`NEW-000001`, ...);
    two existing persons are never merged (such links go to review). By default a new
    record as close to two persons joins the stronger (its other link goes to review)
    rather than becoming a new person; pass `ambiguity` (bits) to leave it alone.
    """
    existing = sorted(existing_persons, key=lambda p: p.person_id)
    records: list[Record] = []
    anchors = []
    for person in existing:
        start = len(records)
        records.extend(sorted(person.records, key=lambda r: r.key))
        anchors.append((list(range(start, len(records))), person.person_id))
    n_old = len(records)
    records.extend(sorted(new_records, key=lambda r: r.key))
    if len(records) == n_old:
        raise NothingToLink("no new records to link")
    new_mask = np.zeros(len(records), dtype=bool)
    new_mask[n_old:] = True
    f, clusters, result = _run(records, model, new_mask=new_mask, anchors=anchors,
                               max_block=max_block, explain=explain, ambiguity=ambiguity)
    numbering: dict[int, str] = {}
    for idx in range(n_old, len(records)):
        root = clusters.find(idx)
        cid = clusters.anchored_id(root)
        if cid is None:
            cid = numbering.setdefault(root, f"NEW-{len(numbering) + 1:06d}")
        result.clusters.setdefault(f.records[idx].key, cid)
    result.stats["new_clusters"] = len(numbering)
    return result
