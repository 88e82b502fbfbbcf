"""The merged value of only the fields the reports watch: conflicts and release status.

`merge.merge_facts` merges every field; the reports need four or five of them for every
person of a month, so they ask the same rule per field (identity facts by majority, the
rest by the most recent month). A person with a coordinator's pinned value goes through
`merge_facts` itself, which owns that rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exchange.domain.fields import CONFLICT_FIELDS, IDENTITY_FIELDS
from exchange.domain.merge import (
    FieldChoice,
    Observation,
    choose_majority,
    choose_most_recent,
    merge_facts,
)

WATCHED_FIELDS = tuple(dict.fromkeys((*CONFLICT_FIELDS, "release_status")))


def watched_facts(
    observations: Sequence[Observation], pinned: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, FieldChoice]:
    """Return the merged choice of each watched field the observations say anything about."""
    if pinned:
        merged = merge_facts(observations, pinned)
        return {name: merged[name] for name in WATCHED_FIELDS if name in merged}
    found = {}
    for name in WATCHED_FIELDS:
        choose = choose_majority if name in IDENTITY_FIELDS else choose_most_recent
        choice = choose(observations, name)
        if choice is not None:
            found[name] = choice
    return found


def conflicting(choices: Mapping[str, FieldChoice]) -> list[str]:
    """Return the conflict fields on which members disagree, in CONFLICT_FIELDS order."""
    return [name for name in CONFLICT_FIELDS if name in choices and choices[name].conflict]
