"""The estimate of a month, overall and per stratum, with the linkage sensitivity (service)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from exchange.computed import remember
from exchange.estimation import mse
from exchange.estimation.histories import STRATA, MonthHistories, month_histories
from exchange.estimation.refusals import Refusal
from exchange.estimation.sensitivity import Variant, sensitivity
from exchange.estimation.tables import CaptureTable


@dataclass(frozen=True)
class Stratum:
    """The persons of one stratum (key None: not recorded) and their estimate or refusal."""

    key: str | None
    table: CaptureTable
    outcome: mse.Estimate | Refusal

    @property
    def persons(self) -> int:
        return self.table.observed


@dataclass
class MonthEstimate:
    """Everything the page and the workbook show for a month."""

    month: str
    by: str | None
    histories: MonthHistories
    overall: Stratum
    strata: list[Stratum] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)


def _stratum(key: str | None, lists: tuple[str, ...], histories: list[frozenset[str]],
             check: bool) -> Stratum:
    table = CaptureTable.from_histories(lists, histories)
    return Stratum(key, table, mse.estimate(table, check=check))


def estimate_month(session: Session, month: str, by: str | None = None, *,
                   with_sensitivity: bool = True) -> MonthEstimate:
    """Estimate the month's total held, overall and by `by` (region, category or sex).

    Computed once per state of the registry (`exchange.computed`).
    """
    if by is not None and by not in STRATA:
        raise ValueError(f"unknown stratum {by!r}")
    return remember(session, ("estimate", month, by, with_sensitivity),
                    lambda: _estimate(session, month, by, with_sensitivity))


def _estimate(session: Session, month: str, by: str | None,
              with_sensitivity: bool) -> MonthEstimate:
    histories = month_histories(session, month)
    overall = _stratum(None, histories.lists, [p.lists for p in histories.persons], True)
    result = MonthEstimate(month, by, histories, overall)
    if by:
        groups: dict[str | None, list[frozenset[str]]] = defaultdict(list)
        for person in histories.persons:
            groups[person.strata.get(by)].append(person.lists)
        order = sorted(groups, key=lambda k: (k is None, -len(groups[k]), k or ""))
        result.strata = [_stratum(k, histories.lists, groups[k], True) for k in order]
    if with_sensitivity:
        result.variants = sensitivity(session, histories, overall.outcome)
    return result
