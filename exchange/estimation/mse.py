"""Multiple systems estimation: how many persons no list holds, from the lists' overlap (pure).

`estimate(table)` refuses (returns a Refusal) when the lists cannot support a figure, else
returns the model-averaged log-linear estimate with its 95% profile-likelihood interval
(exchange.estimation.selection) and, as a check that allows persons to differ in how easy
they are to find, the Bayesian latent-class estimate (exchange.estimation.latent_class).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exchange.estimation import latent_class, selection
from exchange.estimation.latent_class import Posterior
from exchange.estimation.loglinear import NotEstimable
from exchange.estimation.refusals import Refusal, refusal
from exchange.estimation.selection import Candidate
from exchange.estimation.tables import CaptureTable

ASSUMPTIONS = ("closed", "linkage", "dependence")
UNBOUNDED = 20  # an upper bound past this many times the observed is no bound at all


@dataclass(frozen=True)
class Estimate:
    """The estimated total with its interval, the models behind it and the check."""

    table: CaptureTable
    total: float
    lower: float
    upper: float
    candidates: tuple[Candidate, ...]
    check: Posterior | None = None

    @property
    def observed(self) -> int:
        return self.table.observed

    @property
    def missing(self) -> float:
        return self.total - self.observed

    @property
    def missing_lower(self) -> float:
        return self.lower - self.observed

    @property
    def missing_upper(self) -> float:
        return self.upper - self.observed

    def averaged(self) -> list[Candidate]:
        """Return the models the estimate averages, best first."""
        return [c for c in self.candidates if c.weight > 0]

    def figures(self) -> str:
        """Return `observed=N estimate=E lower=L upper=U` (whole persons)."""
        return (
            f"observed={self.observed} estimate={round(self.total)} "
            f"lower={math.floor(self.lower)} upper={math.ceil(self.upper)}"
        )


def estimate(table: CaptureTable, *, check: bool = True, seed: int = 20250107
             ) -> Estimate | Refusal:
    """Estimate the total the lists were drawn from, or say why it cannot be done."""
    table = table.drop_empty_lists()
    reason = refusal(table)
    if reason:
        return reason
    try:
        result = selection.estimate(table)
    except NotEstimable:
        return Refusal("no_model")
    if not math.isfinite(result.upper) or result.upper > UNBOUNDED * table.observed:
        return Refusal("unbounded")
    posterior = latent_class.estimate(table, seed=seed) if check else None
    return Estimate(table, result.total, result.lower, result.upper, result.candidates,
                    posterior)
