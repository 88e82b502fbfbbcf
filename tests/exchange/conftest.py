"""The shared dev lists, imported and reconciled: a real registry for slow tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from exchange.audit import Actor
from exchange.importing.operations import import_list
from exchange.reconciliation.linking import reconcile_month

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"
DEV_MONTH = "2025-01"


def import_dev_lists(session, months: tuple[str, ...], members: tuple[str, ...] | None = None):
    """Import the dev lists of these months (of these members only, when given), reconciled."""
    manifest = DEV / "lists" / "manifest.csv"
    if not manifest.exists():
        pytest.skip(f"the shared dev data is absent: {DEV}")
    with manifest.open(encoding="utf-8", newline="") as handle:
        files = [row for row in csv.DictReader(handle)
                 if row["month"] in months and (members is None or row["org"] in members)]
    actor = Actor(label="test-import")
    for month in months:
        for row in (r for r in files if r["month"] == month):
            import_list(session, DEV / "lists" / month / row["file"], org_code=row["org"],
                        month=month, actor=actor)
        reconcile_month(session, month, actor)


@pytest.fixture
def dev_month(session) -> str:
    """Every member's list of one dev month, imported and reconciled (about 20 s)."""
    import_dev_lists(session, (DEV_MONTH,))
    return DEV_MONTH
