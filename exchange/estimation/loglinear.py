"""Log-linear models of a capture table: Poisson GLMs over the observed patterns (pure).

The cell of persons on no list is a structural zero: the model is fitted to the 2^k - 1
observed cells and extrapolated to it, so the missing count is exp(intercept). Terms: the
main effect of every list, chosen two-way interactions (two lists that tend to hold the
same persons), and optionally a heterogeneity term in the number of lists that hold a
person (Darroch et al. 1993; Rivest and Baillargeon's Rcapture calls these Mth models).
The likelihood is maximised with scipy's trust-region Newton method.
The interval is Cormack's (1992) profile likelihood for the total N.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import brentq, minimize
from scipy.special import gammaln

from exchange.estimation.tables import CaptureTable

# f(m) of the number m of lists holding a person: a positive coefficient means some persons
# are easier to find than others (Rcapture's "Darroch" Mth model). Rcapture's Gamma3.5
# form over-estimated, and its Poisson2 form under-estimated, in our simulations.
HETEROGENEITY = {"darroch": lambda m: m.astype(float) ** 2 / 2.0}
CHI2_95 = 3.841458820694124  # the 95% point of chi-square with one degree of freedom
_DIVERGED = 25.0  # |coefficient| past this: the MLE is on the boundary (a zero margin)


class NotEstimable(ValueError):
    """The model has no finite maximum-likelihood fit on this table."""


@dataclass(frozen=True)
class Terms:
    """Which terms a log-linear model has besides the intercept and the main effects."""

    interactions: tuple[tuple[int, int], ...] = ()
    heterogeneity: str | None = None

    def with_interaction(self, pair: tuple[int, int]) -> Terms:
        return Terms(tuple(sorted((*self.interactions, pair))), self.heterogeneity)

    def with_heterogeneity(self, kind: str) -> Terms:
        return Terms(self.interactions, kind)

    def design(self, bits: np.ndarray) -> np.ndarray:
        """Return the design matrix (intercept, main effects, interactions, heterogeneity)."""
        columns = [np.ones(len(bits)), *bits.T.astype(float)]
        columns += [(bits[:, a] * bits[:, b]).astype(float) for a, b in self.interactions]
        if self.heterogeneity:
            columns.append(HETEROGENEITY[self.heterogeneity](bits.sum(axis=1)))
        return np.column_stack(columns)

    def keys(self, k: int) -> list[object]:
        """Return a key per design column, to carry coefficients from model to model."""
        return ["1", *range(k), *self.interactions, *(["h"] if self.heterogeneity else [])]

    def start_from(self, parent: Fit, k: int) -> np.ndarray:
        """Return starting coefficients: the parent's, zero for the new terms."""
        known = dict(zip(parent.terms.keys(k), parent.beta, strict=True))
        return np.array([known.get(key, 0.0) for key in self.keys(k)])


def estimable_pairs(table: CaptureTable) -> list[tuple[int, int]]:
    """Return the pairs of lists whose interaction has a finite fit.

    Every cell of the pair's observed 2x2 margin must hold somebody: with nobody on both
    lists (or on one without the other), the interaction runs off to infinity.
    """
    bits = table.bits()
    pairs = []
    for a, b in combinations(range(table.k), 2):
        margin = np.bincount(bits[:, a] * 2 + bits[:, b], weights=table.counts, minlength=4)
        if margin.min() > 0:
            pairs.append((a, b))
    return pairs


def _poisson_fit(x: np.ndarray, y: np.ndarray, start: np.ndarray | None) -> np.ndarray:
    """Maximise the Poisson likelihood of counts y with log-mean x @ beta; return beta."""

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = np.clip(x @ beta, -700, 700)
        mu = np.exp(eta)
        return float(mu.sum() - y @ eta), x.T @ (mu - y)

    def hessian(beta: np.ndarray) -> np.ndarray:
        mu = np.exp(np.clip(x @ beta, -700, 700))
        return (x.T * mu) @ x

    if start is None:
        start = np.zeros(x.shape[1])
        start[0] = math.log(max(y.mean(), 0.5))
    result = minimize(objective, start, jac=True, hess=hessian, method="trust-exact",
                      options={"gtol": 1e-8, "maxiter": 200})
    beta = result.x
    if not np.all(np.isfinite(beta)) or np.abs(beta[1:]).max(initial=0) > _DIVERGED:
        raise NotEstimable("no finite fit (a combination of lists holds nobody)")
    return beta


@dataclass(frozen=True)
class Fit:
    """A fitted model: its coefficients, log-likelihood and estimate of the missing count."""

    terms: Terms
    beta: np.ndarray
    loglik: float  # Poisson log-likelihood of the observed cells
    observed: int

    @property
    def params(self) -> int:
        return len(self.beta)

    @property
    def missing(self) -> float:
        return float(math.exp(self.beta[0]))

    @property
    def total(self) -> float:
        return self.observed + self.missing

    def aic(self) -> float:
        return 2 * self.params - 2 * self.loglik

    def bic(self) -> float:
        return math.log(self.observed) * self.params - 2 * self.loglik


def fit(table: CaptureTable, terms: Terms, start: np.ndarray | None = None) -> Fit:
    """Fit the model to the observed cells of the table (raise NotEstimable)."""
    x = terms.design(table.bits())[1:]
    y = table.counts[1:].astype(float)
    beta = _poisson_fit(x, y, start)
    if terms.heterogeneity and beta[-1] < 0:
        # negative heterogeneity is no heterogeneity: the model without the term says it
        raise NotEstimable("the heterogeneity term came out negative")
    eta = x @ beta
    loglik = float(y @ eta - np.exp(eta).sum() - gammaln(y + 1).sum())
    if not math.isfinite(loglik):
        raise NotEstimable("the likelihood is not finite")
    return Fit(terms, beta, loglik, table.observed)


class Profile:
    """Cormack's profile log-likelihood of the total N under one model."""

    def __init__(self, table: CaptureTable, model: Fit) -> None:
        self.model = model
        self.x = model.terms.design(table.bits())
        self.y = table.counts.astype(float)
        self.n = table.observed
        self._start = model.beta
        self.best = self.loglik(model.total)

    def loglik(self, total: float) -> float:
        """Return the multinomial log-likelihood of N = total, maximised over the rest."""
        y = self.y.copy()
        y[0] = max(total - self.n, 0.0)
        beta = _poisson_fit(self.x, y, self._start)
        self._start = beta
        eta = self.x @ beta
        poisson = float(y[y > 0] @ eta[y > 0] - np.exp(eta).sum() - gammaln(y + 1).sum())
        return poisson + total - total * math.log(total) + float(gammaln(total + 1))

    def signed_root(self, total: float) -> float:
        """Return sign(N - N^) * sqrt(deviance): about standard normal at the true N."""
        drop = max(2.0 * (self.best - self.loglik(total)), 0.0)
        return math.copysign(math.sqrt(drop), total - self.model.total)

    def interval(self, level_chi2: float = CHI2_95) -> tuple[float, float]:
        """Return the profile-likelihood interval of N (upper is inf when nothing bounds it)."""
        return self.bound(-1, level_chi2), self.bound(1, level_chi2)

    def bound(self, side: int, level_chi2: float = CHI2_95) -> float:
        """Return where the deviance from the estimate reaches the level on one side."""
        target = math.sqrt(level_chi2)
        return bracket_root(lambda t: side * self.signed_root(t) - target,
                            self.model.total, side, float(self.n))


def bracket_root(g, centre: float, side: int, floor: float) -> float:  # type: ignore[no-untyped-def]
    """Find where the increasing-away-from-centre g crosses 0 on one side (floor / inf)."""
    near = centre
    step = max(centre - floor, 1.0) * 0.5
    for _ in range(40):
        far = max(centre + side * step, floor) if side < 0 else centre + step
        if g(far) >= 0:
            return brentq(g, min(near, far), max(near, far), xtol=0.01)
        if side < 0 and far <= floor:
            return floor
        near, step = far, step * 2
    return math.inf if side > 0 else floor
