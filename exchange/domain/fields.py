"""Field groups of the canonical record (record-format.md), each derived once from the models.

The registry keeps a person's merged facts on `Person` and their detention on
`Detention`; every other list of fields is taken from those columns, so a column
added to a model is merged, compared and reported without another list to update.
"""

from __future__ import annotations

from sqlalchemy import Table

from exchange.models import Detention, Person

NAME_FIELDS = ("surname", "given_name", "patronymic")
# Facts about who a person is: chosen by the members' majority, they do not change over time.
IDENTITY_FIELDS = (
    "sex",
    "date_of_birth",
    "place_of_birth",
    "citizenship",
    "residence_region",
    "lived_in_ukraine_1991_borders",
)
# Disagreements on these are listed as conflicts for coordinators.
CONFLICT_FIELDS = ("date_of_birth", "release_status", "residence_region", "legal_status")
# Columns that are the registry's bookkeeping, not facts a member reports.
_BOOKKEEPING = frozenset(
    {
        "id",
        "person_id",
        "source_record_id",
        "merged_into_id",
        "created_at",
        "updated_at",
        "version",
        "search_text",
        "sort_name",
        "field_provenance",
        "conflict_fields",
    }
)


def _facts(table: Table) -> tuple[str, ...]:
    return tuple(c.key for c in table.columns if c.key not in _BOOKKEEPING)


# The merged facts kept on a person, in the order of the model (and of the record format).
PERSON_FIELDS = _facts(Person.__table__)
DETENTION_FIELDS = _facts(Detention.__table__)
# Facts that change over time (status, legal position, assessment, tracking): every
# other fact of a person, chosen by the most recent month.
CURRENT_FIELDS = tuple(f for f in PERSON_FIELDS if f not in {*NAME_FIELDS, *IDENTITY_FIELDS})
