"""Field and status groups: derived from the models and the tables, covering the record format."""

from __future__ import annotations

from exchange.domain.fields import (
    CONFLICT_FIELDS,
    CURRENT_FIELDS,
    DETENTION_FIELDS,
    IDENTITY_FIELDS,
    NAME_FIELDS,
    PERSON_FIELDS,
)
from exchange.domain.statuses import BY_GRAVITY, NOT_HELD, NOT_HELD_ORDER
from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.models import ReleaseStatus

# Canonical columns that are not merged field by field: ids, the batch's own fields,
# the unsplit name, and the charges (kept as Charge rows).
NOT_MERGED = {"record_id", "full_name", "source_org", "list_month", "charges"}


def test_name_identity_and_current_facts_split_the_persons_facts():
    groups = (*NAME_FIELDS, *IDENTITY_FIELDS, *CURRENT_FIELDS)
    assert sorted(groups) == sorted(PERSON_FIELDS)
    assert len(set(groups)) == len(groups)


def test_every_column_of_the_record_format_is_merged_somewhere():
    merged = [*PERSON_FIELDS, *DETENTION_FIELDS]
    assert len(set(merged)) == len(merged)
    assert set(merged) | NOT_MERGED == set(CANONICAL_COLUMNS)


def test_conflicts_are_watched_on_merged_facts():
    assert set(CONFLICT_FIELDS) <= set(PERSON_FIELDS)


def test_release_status_groups():
    assert {"released", "exchanged", "repatriated", "deceased"} == NOT_HELD
    assert {s.value for s in ReleaseStatus} - NOT_HELD == {"detained", "missing"}
    # the order the change report lists them in, and the order in which the gravest wins
    assert NOT_HELD_ORDER == ("released", "exchanged", "deceased", "repatriated")
    assert BY_GRAVITY == ("deceased", "exchanged", "repatriated", "released")
