"""The linking engine: profile, block, compare, estimate, calibrate, cluster, review."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.blocking import DEFAULT_MAX_BLOCK, candidate_pairs
from matching.calibration import (
    ListIndex,
    calibrated,
    competing_odds,
    duplicable,
    full_profiles,
    odds_of,
)
from matching.cluster import AMBIGUITY_BITS, Clusters
from matching.comparisons import compare_pairs
from matching.constraints import (
    GIVEN_NAME,
    KINDS,
    PATRONYMIC,
    SAME_LIST,
    SEX,
    facts_of_features,
    near_identical,
    never_one_person,
)
from matching.features import Features
from matching.model import MatchModel
from matching.partition import Decisions, Problem, decide
from matching.profiles import Profiles
from matching.records import Person, Record
from matching.review import ReviewItem, build_items
from matching.scoring import (
    Contribution,
    explanations,
    match_weights,
    term_frequencies,
    tf_adjustments,
)
from matching.training import train_model

log = logging.getLogger(__name__)

# Below these sizes a batch cannot estimate its own parameters: the bundled default
# model (estimated on the synthetic dev lists) is used instead.
MIN_RECORDS_TO_ESTIMATE = 200
MIN_PAIRS_TO_ESTIMATE = 500
# Record pairs less probable than this are dropped once calibrated: no decision or
# review item looks at them (namesakes of large groups, expanded profile by profile).
PAIR_FLOOR = 0.01
CHUNK_PAIRS = 2_000_000  # record pairs expanded at once
# A name or sex difference is a constraint only where the model says it is strong
# evidence against a match (its "different" level weighs at most this many bits):
# in lists where given names are unreliable it is left to the weights.
GUARD_BITS = -4.0
__all__ = ["AMBIGUITY_BITS", "Contribution", "LinkResult", "NothingToLink", "ScoredPair",
           "link_incremental", "link_records"]


@dataclass(frozen=True)
class ScoredPair:
    """A compared pair of records with its match weight, probability and explanation.

    `weight` is the evidence (log2 odds against two records taken at random);
    `probability` is calibrated: the odds weighed against the other records of the
    same list that could be the same person (see calibration.py).
    """

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
    """Clusters (record key -> cluster id), what to review, the model and counts.

    `review_items` holds one item per record to look at, with all its candidate
    persons, most consequential first; `review` the same candidates' pairs, flat.
    """

    clusters: dict[tuple[str, str], str]
    review: list[ScoredPair]
    links: list[ScoredPair]
    model: MatchModel
    stats: dict[str, int] = field(default_factory=dict)
    review_items: list[ReviewItem] = field(default_factory=list)

    def persons(self) -> dict[str, list[tuple[str, str]]]:
        """Cluster id -> record keys, both sorted."""
        out: dict[str, list[tuple[str, str]]] = {}
        for key, cid in sorted(self.clusters.items()):
            out.setdefault(cid, []).append(key)
        return dict(sorted(out.items()))


class NothingToLink(ValueError):
    """Raised when there are no records to link."""


@dataclass
class ScoredPairs:
    """Record pairs that may be one person, as arrays, with what explains them."""

    f: Features
    model: MatchModel
    i: np.ndarray
    j: np.ndarray
    weight: np.ndarray  # log2 odds (evidence with the prior)
    prob: np.ndarray  # calibrated probability
    pair_of: np.ndarray  # per pair: its profile pair (levels and adjustments are theirs)
    levels: np.ndarray  # per profile pair
    adj: np.ndarray  # per profile pair
    prior_weight: float
    profile_of: np.ndarray  # per record: its profile (records of one profile read the same)
    list_of: np.ndarray  # per record: its list

    def take(self, subset: np.ndarray) -> ScoredPairs:
        """Some of the pairs only (same records)."""
        return ScoredPairs(self.f, self.model, self.i[subset], self.j[subset],
                           self.weight[subset], self.prob[subset], self.pair_of[subset],
                           self.levels, self.adj, self.prior_weight, self.profile_of,
                           self.list_of)

    def scored(self, subset, notes: dict[int, str] | None = None) -> list[ScoredPair]:
        """ScoredPair objects for some of the pairs."""
        subset = np.asarray(subset, dtype=np.int64)
        at = self.pair_of[subset]
        expl = explanations(self.model, self.levels[at], self.adj[at],
                            self.prior_weight)
        m = self.model
        out = []
        for pos, k in enumerate(subset.tolist()):
            p = float(self.prob[k])
            decision = ("link" if p >= m.link_threshold
                        else "review" if p >= m.review_threshold else "non-link")
            out.append(ScoredPair(
                self.f.records[int(self.i[k])].key, self.f.records[int(self.j[k])].key,
                round(float(self.weight[k]), 3), round(p, 6), decision, expl[pos],
                (notes or {}).get(k, "")))
        return out


def guarded_fields(model: MatchModel, enforced: Collection[str] = KINDS) -> frozenset[str]:
    """Constraints on: dates and lists always, names and sex where the model trusts them."""
    fields = set(enforced) - {SEX, GIVEN_NAME, PATRONYMIC}
    for params in model.comparisons:
        if params.name in (SEX, GIVEN_NAME, PATRONYMIC):
            weights = params.weights()
            if weights[params.levels.index("different")] <= GUARD_BITS:
                fields.add(params.name)
    fields &= set(enforced)
    return frozenset(fields)


def _model_for(f: Features, profiles: Profiles, model: MatchModel | None,
               n_pairs: int) -> MatchModel:
    if model is not None:
        return model
    if len(f.records) < MIN_RECORDS_TO_ESTIMATE or n_pairs < MIN_PAIRS_TO_ESTIMATE:
        return MatchModel.default()
    return train_model(f, profiles)


def score(records: Sequence[Record], model: MatchModel | None, *,
          new_mask: np.ndarray | None = None, max_block: int = DEFAULT_MAX_BLOCK,
          others_per_record: float | None = None,
          constraints: Collection[str] = KINDS) -> tuple[ScoredPairs, Profiles, dict]:
    """Compare the records (per distinct profile) and return the pairs worth a look.

    A pair whose dates of birth or sexes conflict can never be one person: its
    probability is 0 and it is nobody's rival in the calibration.
    """
    f = Features(records)
    profiles = Profiles.of(f)
    fp = profiles.features
    new_profiles = None
    if new_mask is not None:
        new_profiles = np.bincount(profiles.of_record, weights=new_mask,
                                   minlength=len(profiles)) > 0
    a, b, stats = candidate_pairs(fp, max_block=max_block, new_mask=new_profiles)
    repeated = np.flatnonzero(profiles.sizes >= 2)
    if new_profiles is not None:
        repeated = repeated[new_profiles[repeated]]
    a = np.concatenate([a.astype(np.int64), repeated])
    b = np.concatenate([b.astype(np.int64), repeated])
    levels = compare_pairs(fp, a, b)
    model = _model_for(f, profiles, model, len(a))
    if others_per_record is not None:  # the registry's own figure; the caller's model kept
        model = MatchModel.from_json(model.to_json())
        model.others_per_record = others_per_record
    prior = model.prior_weight(len(records))
    tf = term_frequencies(f, at=profiles.members[profiles.starts])
    adj = tf_adjustments(model, tf, a, b, levels)
    weights = match_weights(model, levels, adj, prior)
    odds = odds_of(weights)
    odds[never_one_person(fp, a, b, guarded_fields(model, constraints))] = 0.0
    lists = ListIndex.of(f, profiles)
    if SAME_LIST in constraints:  # a person listed twice in other words is one rival
        lists = lists.with_duplicates(a, b, odds, duplicable(fp),
                                      lambda x, y: _near_identical(fp, x, y))
    rivals = competing_odds(a, b, odds, lists, len(profiles))
    plausible = np.flatnonzero(odds / (1.0 + odds) >= model.review_threshold)
    counts = {"records": len(records), "profiles": len(profiles),
              "candidate_pairs": int(len(a)), "max_block": stats.max_block}
    counts.update({f"capped_blocks:{r}": v for r, v in stats.capped_blocks.items() if v})
    a, b, levels, adj, weights, odds = (x[plausible] for x in (a, b, levels, adj, weights, odds))
    one_row = duplicable(fp) if SAME_LIST in constraints else None
    parts = [_record_pairs(profiles, lists, rivals, a, b, odds, chunk, new_mask, one_row)
             for chunk in _chunks(profiles, a, b)]
    i, j, k, prob = (np.concatenate([p[n] for p in parts]) for n in range(4))
    counts["scored_pairs"] = int(len(i))
    pairs = ScoredPairs(f, model, i, j, weights[k].astype(np.float32), prob, k, levels, adj,
                        prior, profiles.of_record, lists.of_record)
    return pairs, profiles, counts


def _near_identical(fp: Features, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which profile pairs (x[k], y[k]) are near-identical (a row listed twice)."""
    needed, at = np.unique(np.concatenate([x, y]), return_inverse=True)
    facts = facts_of_features(fp.take(needed))
    return np.array([near_identical(facts[p], facts[q])
                     for p, q in zip(at[:len(x)].tolist(), at[len(x):].tolist(), strict=True)],
                    dtype=bool)


def _chunks(profiles: Profiles, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Profile pairs in chunks of about CHUNK_PAIRS record pairs (bounded memory)."""
    sizes = profiles.sizes[a].astype(np.int64) * profiles.sizes[b]
    cut = np.searchsorted(np.cumsum(sizes), np.arange(CHUNK_PAIRS, int(sizes.sum()),
                                                       CHUNK_PAIRS))
    return [c for c in np.split(np.arange(len(a)), np.unique(cut)) if len(c)] or [
        np.arange(len(a))]


def _record_pairs(profiles, lists, rivals, a, b, odds, chunk, new_mask, one_row):
    """Record pairs of some profile pairs, calibrated; those below PAIR_FLOOR dropped,
    except two rows of one list that look alike (a duplicate to review)."""
    i, j, k = profiles.record_pairs(a[chunk], b[chunk], new_mask)
    k = chunk[k]
    prob = calibrated(i, j, odds[k], profiles.of_record, rivals, lists, one_row)
    keep = (prob >= PAIR_FLOOR) | ((lists.of_record[i] == lists.of_record[j]) & (odds[k] >= 1))
    return i[keep], j[keep], k[keep].astype(np.int32), prob[keep]


def _decide(pairs: ScoredPairs, profiles: Profiles, *, anchors=(), movable=None,
            ambiguity: float | None, workers: int | None,
            constraints: Collection[str] = KINDS) -> Decisions:
    """Cluster the records and draft the review (see partition.py)."""
    f = pairs.f
    joinable = full_profiles(profiles.features)[profiles.of_record]
    if movable is not None:
        joinable &= movable
    members = profiles.members[joinable[profiles.members]]
    groups = np.split(members, np.flatnonzero(np.diff(profiles.of_record[members])) + 1)
    groups = [g for g in groups if len(g) >= 2]

    def prepare(clusters: Clusters, mask: np.ndarray) -> None:
        for indices, person_id in anchors:
            if mask[indices[0]]:
                clusters.anchor(indices, person_id)
        for group in groups:  # records identical in every field are one person
            if mask[group[0]]:
                clusters.join_identical(group.tolist())

    bonds = [(np.asarray(g[1:]), np.full(len(g) - 1, g[0])) for g in
             [np.asarray(indices) for indices, _ in anchors] + groups if len(g) >= 2]
    bond_arrays = (np.concatenate([b[0] for b in bonds]).astype(np.int64) if bonds
                   else np.empty(0, dtype=np.int64),
                   np.concatenate([b[1] for b in bonds]).astype(np.int64) if bonds
                   else np.empty(0, dtype=np.int64))
    problem = Problem(pairs, facts_of_features(f), ~f.full_dob | (f.pt < 0), prepare,
                      movable, ambiguity, guarded_fields(pairs.model, constraints))
    return decide(problem, bond_arrays, workers)


def _result(pairs: ScoredPairs, decided: Decisions, ids: list[str], counts: dict,
            explain: bool) -> LinkResult:
    items, flat = build_items(pairs, decided.drafts, decided.roots, ids, decided.refused)
    linked = np.flatnonzero(pairs.prob >= pairs.model.link_threshold)
    counts.update({"scored_pairs": int(len(pairs.i)), "linked_pairs": int(len(linked)),
                   "refused_links": len(decided.refused),
                   "ambiguous_records": int(len(decided.ambiguous)),
                   "review_items": len(items), "review_pairs": len(flat)})
    links = pairs.scored(linked) if explain else []
    log.info("linked %(records)d records (%(profiles)d profiles): %(linked_pairs)d links, "
             "%(refused_links)d refused, %(review_items)d records to review", counts)
    return LinkResult({}, flat, links, pairs.model, counts, items)


def link_records(records: Sequence[Record], model: MatchModel | None = None, *,
                 max_block: int = DEFAULT_MAX_BLOCK, explain: bool = False,
                 ambiguity: float | None = AMBIGUITY_BITS, workers: int | None = None,
                 constraints: Collection[str] = KINDS) -> LinkResult:
    """Cluster records into persons; estimate the model from them unless one is given.

    Records are taken in (file, record_id) order, so the result does not depend on the
    order they come in. A key seen twice keeps the cluster of its first record.
    A thin record that fits two persons about equally (within `ambiguity` bits) is
    attached to none and goes to review; `ambiguity=None` attaches it to the stronger.
    Large inputs are clustered on `workers` processes (default: both cores).
    `constraints` are the kinds of identity constraint enforced (constraints.KINDS, all
    by default: the rules of member lists). Only a data set whose dates are unreliable
    by design (FEBRL's corruption replaces dates of birth at random) may leave out
    `date_of_birth`; the app never does.
    """
    records = sorted(records, key=lambda r: r.key)
    if not records:
        raise NothingToLink("no records to link")
    pairs, profiles, counts = score(records, model, max_block=max_block,
                                    constraints=constraints)
    decided = _decide(pairs, profiles, ambiguity=ambiguity, workers=workers,
                      constraints=constraints)
    numbering: dict[int, str] = {}
    for root in decided.roots.tolist():
        numbering.setdefault(root, f"C{len(numbering) + 1:06d}")
    ids = [numbering[root] for root in decided.roots.tolist()]
    result = _result(pairs, decided, ids, counts, explain)
    for idx, record in enumerate(records):
        result.clusters.setdefault(record.key, ids[idx])
    result.stats["clusters"] = len(numbering)
    result.stats["duplicate_keys"] = len(records) - len({r.key for r in records})
    return result


def _registry_others(persons: Sequence[Person], n_records: int) -> float | None:
    """Other records per record in the registry, grown to the size after this batch."""
    sizes = np.array([len(p.records) for p in persons], dtype=np.float64)
    if sizes.sum() < MIN_RECORDS_TO_ESTIMATE:
        return None
    return float((sizes * (sizes - 1)).sum() / sizes.sum() * n_records / sizes.sum())


def link_incremental(new_records: Sequence[Record], existing_persons: Sequence[Person],
                     model: MatchModel, *, max_block: int = DEFAULT_MAX_BLOCK,
                     explain: bool = False,
                     ambiguity: float | None = AMBIGUITY_BITS,
                     workers: int | None = None,
                     constraints: Collection[str] = KINDS) -> LinkResult:
    """Link a new batch against existing persons, reusing a trained model.

    Only pairs involving a new record are compared. A new record joins an existing
    person (cluster id = the person id) or forms a new cluster (`NEW-000001`, ...);
    two existing persons are never merged (such links go to review), and a person's
    own records are kept together whatever they disagree on (that was decided).
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
    pairs, profiles, counts = score(records, model, new_mask=new_mask, max_block=max_block,
                                    others_per_record=_registry_others(existing, len(records)),
                                    constraints=constraints)
    decided = _decide(pairs, profiles, anchors=anchors, movable=new_mask, ambiguity=ambiguity,
                      workers=workers, constraints=constraints)
    numbering: dict[int, str] = {}
    ids = []
    for root in decided.roots.tolist():
        cid = decided.anchored.get(root)
        if cid is None:
            cid = numbering.setdefault(root, f"NEW-{len(numbering) + 1:06d}")
        ids.append(cid)
    result = _result(pairs, decided, ids, counts, explain)
    for idx in range(n_old, len(records)):
        result.clusters.setdefault(records[idx].key, ids[idx])
    result.stats["new_clusters"] = len(numbering)
    return result
