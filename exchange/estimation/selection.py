"""Choose log-linear models by an information criterion and average the best (pure).

Two forward searches, one from independent lists and one from independent lists with
Darroch's heterogeneity term, each add, one at a time, the two-way interaction that
lowers the criterion most, until none does. The models they visited are weighted by
exp(-delta/2) (Akaike weights, Burnham and Anderson 2002); the best few are averaged.
The interval is the model-averaged tail area interval over the models' profile
likelihoods (MATA, Fletcher and Turek 2012): the N where the weighted chance that the
truth lies below it is 2.5% and 97.5%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm

from exchange.estimation.loglinear import (
    Fit,
    NotEstimable,
    Profile,
    Terms,
    bracket_root,
    estimable_pairs,
    fit,
)
from exchange.estimation.tables import CaptureTable

CRITERIA = ("aic", "bic")
AVERAGED = 5  # at most this many models are averaged
MIN_WEIGHT = 0.01  # models below this weight are left out of the average
HETEROGENEITY_TERMS = ("darroch",)


@dataclass(frozen=True)
class Candidate:
    """A visited model with its criterion, its weight, and whether it is averaged."""

    fit: Fit
    criterion: float
    delta: float
    weight: float  # 0 for the models left out of the average


@dataclass(frozen=True)
class Averaged:
    """The model-averaged estimate of the total with its interval."""

    total: float
    lower: float
    upper: float
    candidates: tuple[Candidate, ...]  # every visited model, best first


def _score(model: Fit, criterion: str) -> float:
    return model.aic() if criterion == "aic" else model.bic()


def _forward(table: CaptureTable, start: Terms, criterion: str, visited: dict) -> None:
    """Add the interaction that lowers the criterion most until none does (fills visited)."""
    try:
        current = visited.setdefault(start, fit(table, start))
    except NotEstimable:
        return
    pairs = estimable_pairs(table)
    while True:
        best = current
        for pair in pairs:
            terms = current.terms.with_interaction(pair)
            if pair in current.terms.interactions or terms in visited:
                continue
            try:
                visited[terms] = fit(table, terms, terms.start_from(current, table.k))
            except NotEstimable:
                continue
            if _score(visited[terms], criterion) < _score(best, criterion):
                best = visited[terms]
        if best is current:
            return
        current = best


def search(table: CaptureTable, criterion: str = "aic") -> list[Fit]:
    """Return every model the forward searches fitted, one search per heterogeneity form.

    The form of heterogeneity is hardly identified by the observed cells (Link 2003), so
    each form gets its own search and the weights, not the search path, choose among them.
    """
    visited: dict[Terms, Fit] = {}
    for kind in (None, *HETEROGENEITY_TERMS):
        _forward(table, Terms(heterogeneity=kind), criterion, visited)
    if not visited:
        raise NotEstimable("no model has a finite fit")
    return list(visited.values())


def rank(models: list[Fit], criterion: str = "aic") -> list[Candidate]:
    """Weight the models by exp(-delta/2) and keep the best few for the average."""
    scored = sorted(models, key=lambda m: _score(m, criterion))
    lowest = _score(scored[0], criterion)
    raw = [math.exp(-(_score(m, criterion) - lowest) / 2) for m in scored]
    kept = [w if i < AVERAGED and w / sum(raw) >= MIN_WEIGHT else 0.0 for i, w in enumerate(raw)]
    return [
        Candidate(m, _score(m, criterion), _score(m, criterion) - lowest, w / sum(kept))
        for m, w in zip(scored, kept, strict=True)
    ]


def average(table: CaptureTable, candidates: list[Candidate], alpha: float = 0.05) -> Averaged:
    """Return the weighted total and the MATA profile-likelihood interval."""
    used = [(c.weight, Profile(table, c.fit)) for c in candidates if c.weight > 0]
    total = sum(w * p.model.total for w, p in used)

    def below(n: float) -> float:
        return sum(w * norm.cdf(p.signed_root(n)) for w, p in used)

    floor = float(table.observed)
    lower = bracket_root(lambda n: alpha / 2 - below(n), total, -1, floor)
    upper = bracket_root(lambda n: below(n) - (1 - alpha / 2), total, 1, floor)
    return Averaged(total, lower, upper, tuple(candidates))


def estimate(table: CaptureTable, criterion: str = "aic", alpha: float = 0.05) -> Averaged:
    """Search, weight and average the log-linear models of the table."""
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}")
    return average(table, rank(search(table, criterion), criterion), alpha)
