"""The provenance kept beside a person: it explains the choice without growing each month."""

from __future__ import annotations

from exchange.domain.merge import Observation, merge_facts


def _listed(months: int) -> list[Observation]:
    """Two members list one person monthly; ZMINA writes the name in Latin until month 4."""
    found = []
    for m in range(1, months + 1):
        month = f"2024-{m:02d}"
        found.append(Observation("CHRG", "C-1", month, {
            "surname": "Шевченко", "date_of_birth": "1980-01-02",
            "release_status": "detained"}, m * 10))
        found.append(Observation("ZMINA", "Z-1", month, {
            "surname": "Shevchenko" if m < 4 else "Шевченко",
            "date_of_birth": "1980-02-01" if m == months else "1980-01-02",
            "release_status": "released" if m == months else "detained"}, m * 10 + 1))
    return found


def test_sources_keep_each_members_latest_statement_of_each_value():
    merged = {name: c.as_dict() for name, c in merge_facts(_listed(12)).items()}
    surname = merged["surname"]["sources"]
    # 24 statements become three: CHRG's Шевченко, ZMINA's Shevchenko (last in month 3)
    # and ZMINA's Шевченко, each as of the last month it was said
    assert [(s["org"], s["value"], s["month"]) for s in surname] == [
        ("ZMINA", "Shevchenko", "2024-03"),
        ("CHRG", "Шевченко", "2024-12"),
        ("ZMINA", "Шевченко", "2024-12"),
    ]
    # the choice and its conflict flag are those of every statement
    assert merged["surname"]["value"] == "Шевченко"
    dob = merged["date_of_birth"]
    assert dob["conflict"] is True
    assert {s["value"] for s in dob["sources"]} == {"1980-01-02", "1980-02-01"}
    status = merged["release_status"]
    assert status["value"] == "released"
    assert [(s["org"], s["value"], s["month"]) for s in status["sources"]] == [
        ("ZMINA", "detained", "2024-11"),
        ("CHRG", "detained", "2024-12"),
        ("ZMINA", "released", "2024-12"),
    ]


def test_provenance_does_not_grow_with_the_months():
    def size(months: int) -> int:
        merged = merge_facts(_listed(months))
        return sum(len(c.as_dict()["sources"]) for c in merged.values())

    assert size(24) == size(6)
