"""Estimating the model from the records being linked: u, m and how many pairs match."""

from __future__ import annotations

import numpy as np

from matching.blocking import RULES_BY_NAME, candidate_pairs
from matching.calibration import match_share
from matching.comparisons import COMPARISONS, compare_pairs
from matching.features import Features
from matching.model import (
    MatchModel,
    estimate_u,
    expectation_maximisation,
    level_patterns,
    pattern_weights,
)
from matching.profiles import Profiles

RANDOM_SEED = 20250107
RANDOM_PAIRS = 300_000
TRAINING_MAX_BLOCK = 60
MIN_TRAINING_PAIRS = 500
NAMES = ("surname", "given_name", "patronymic")
# (blocking rule, comparisons it agrees on by construction); lists without patronymics
# (foreign, English-language) fall back to surname + given name.
DATE_RULE = ((RULES_BY_NAME["date_of_birth"], ("date_of_birth",)),)
NAME_RULES = ((RULES_BY_NAME["surname+given+patronymic"], NAMES),
              (RULES_BY_NAME["surname+given"], ("surname", "given_name")))
_EXACT_DATE = COMPARISONS[[c.name for c in COMPARISONS].index("date_of_birth")].level("exact")
_DATE = [c.name for c in COMPARISONS].index("date_of_birth")


def _random_pairs(n: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(RANDOM_SEED)
    a = rng.integers(0, n, size=count)
    b = rng.integers(0, n, size=count)
    keep = a != b
    return a[keep], b[keep]


def profile_levels(profiles: Profiles, i: np.ndarray,
                   j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels of record pairs, computed once per distinct profile pair, with counts."""
    a, b = profiles.of_record[i], profiles.of_record[j]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    codes, counts = np.unique(lo * len(profiles) + hi, return_counts=True)
    pa, pb = codes // len(profiles), codes % len(profiles)
    return compare_pairs(profiles.features, pa, pb), counts


def _block(f: Features, alternatives) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Pairs of the first rule of the alternatives that gives enough of them."""
    ti = tj = np.empty(0, dtype=np.int32)
    ignore: tuple[str, ...] = ()
    for rule, rule_ignores in alternatives:
        for truncate in (False, True):  # cut big blocks to the cap only if nothing else
            ti, tj, _ = candidate_pairs(f, rules=(rule,), max_block=TRAINING_MAX_BLOCK,
                                        truncate=truncate)
            if len(ti) >= MIN_TRAINING_PAIRS:
                break
        ignore = rule_ignores
        if len(ti) >= MIN_TRAINING_PAIRS:
            break
    return ti, tj, ignore


def train_model(f: Features, profiles: Profiles) -> MatchModel:
    """Estimate u from random pairs, m by EM per training block, then how many pairs match.

    As in Splink, each EM run uses the pairs of one blocking rule and leaves out the
    comparisons that rule agrees on by construction; u stays fixed at the values
    measured on random record pairs. The pairs sharing a date of birth say how many
    matches there are among them; the pairs sharing the full name say which share of
    matches have equal dates: together, how many record pairs match in all.
    """
    model = MatchModel.initial()
    n = len(f.records)
    ri, rj = _random_pairs(n, min(RANDOM_PAIRS, n * (n - 1)))
    levels, counts = profile_levels(profiles, ri, rj)
    estimate_u(model, np.repeat(levels, counts, axis=0))
    estimated: dict[str, list[list[float]]] = {}
    runs = {}
    for name, alternatives in (("date", DATE_RULE), ("name", NAME_RULES)):
        ti, tj, ignore = _block(f, alternatives)
        if len(ti) == 0:
            continue
        levels, counts = profile_levels(profiles, ti, tj)
        trial = MatchModel.from_json(model.to_json())
        expectation_maximisation(trial, levels, fix_u=True, ignore=ignore, counts=counts)
        runs[name] = (trial, levels, counts, ignore)
        for params in trial.comparisons:
            if params.name not in ignore:
                estimated.setdefault(params.name, []).append(params.m)
    for params in model.comparisons:
        if params.name in estimated:
            params.m = [float(x) for x in np.mean(estimated[params.name], axis=0)]
    if "date" in runs and "name" in runs:
        model.others_per_record = _others_per_record(runs, n)
    return model


def _others_per_record(runs, n: int) -> float:
    trial, levels, counts, _ = runs["date"]
    date_matches = trial.prior * counts.sum()
    trial, levels, counts, ignore = runs["name"]
    patterns, weights = level_patterns(levels, ignore, counts)
    posterior = 1.0 / (1.0 + np.exp2(-(pattern_weights(trial, patterns, ignore)
                                       + np.log2(trial.prior / (1.0 - trial.prior)))))
    matched = posterior * weights
    exact_share = matched[patterns[:, _DATE] == _EXACT_DATE].sum() / max(matched.sum(), 1e-9)
    return match_share(date_matches, exact_share, n)
