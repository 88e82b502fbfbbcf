"""Real member lists from the shared dev data, imported through the real import."""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange.audit import Actor
from exchange.importing.operations import import_list

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "lists"
# Two Crimean members: their lists overlap heavily, which is what reconciliation is about.
FILES = {
    "2025-01": [
        ("CHRG", "CHRG_political_prisoners_2025-01.xlsx"),
        ("CRIMEASOS", "CrimeaSOS_2025-01.xlsx"),
    ],
    "2025-02": [
        ("CHRG", "CHRG_political_prisoners_2025-02.xlsx"),
        ("CRIMEASOS", "CrimeaSOS_2025-02.xlsx"),
    ],
}


@pytest.fixture
def import_month(session):
    """Import the two Crimean members' lists of a month (skip without the shared dev data)."""
    if not LISTS.exists():
        pytest.skip("shared dev data not available")

    def run(month: str) -> None:
        for org, name in FILES[month]:
            import_list(
                session,
                LISTS / month / name,
                org_code=org,
                month=month,
                actor=Actor(label="test-import"),
            )

    return run
