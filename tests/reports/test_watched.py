"""The reports' shortcut merge agrees with merge.merge_facts on every watched field."""

from __future__ import annotations

import pytest

from exchange.domain.merge import Observation, conflicts, merge_facts
from exchange.reports.watched import WATCHED_FIELDS, conflicting, watched_facts

M1, M2 = "2025-01", "2025-02"


def _o(org: str, month: str, **values: str) -> Observation:
    return Observation(org=org, record_id=f"{org}-{month}", month=month, values=values)


CASES = [
    [_o("A", M1, date_of_birth="1980"), _o("B", M2, date_of_birth="1980-01-02")],
    [_o("A", M1, date_of_birth="1980-01-01"), _o("B", M2, date_of_birth="1981-01-01")],
    [_o("A", M2, release_status="detained"), _o("B", M2, release_status="released")],
    [_o("A", M1, legal_status="accused"), _o("A", M2, legal_status="convicted")],
    [_o("A", M2, residence_region="UA-43"), _o("B", M2, residence_region="UA-40")],
    [_o("A", M1, release_status="missing"), _o("B", M2)],
    [_o("A", M2)],
]


@pytest.mark.parametrize("observations", CASES)
@pytest.mark.parametrize(
    "pinned", [None, {"residence_region": {"value": "UA-43", "rule": "coordinator"}}]
)
def test_watched_facts_agree_with_merge_facts(observations, pinned) -> None:
    merged = merge_facts(observations, pinned)
    watched = watched_facts(observations, pinned)
    assert {k: v.as_dict() for k, v in watched.items()} == {
        k: merged[k].as_dict() for k in WATCHED_FIELDS if k in merged
    }
    assert conflicting(watched) == conflicts(merged)
