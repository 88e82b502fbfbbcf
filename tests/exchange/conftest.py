"""A month of the shared dev lists, imported and reconciled (slow: about 20 s)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from exchange.audit import Actor
from exchange.importing.operations import import_list
from exchange.reconciliation.linking import reconcile_month

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"
DEV_MONTH = "2025-01"


@pytest.fixture
def dev_month(session) -> str:
    """Import every member's list of one dev month and reconcile it; return the month."""
    manifest = DEV / "lists" / "manifest.csv"
    if not manifest.exists():
        pytest.skip(f"the shared dev data is absent: {DEV}")
    with manifest.open(encoding="utf-8", newline="") as handle:
        files = [row for row in csv.DictReader(handle) if row["month"] == DEV_MONTH]
    actor = Actor(label="test-import")
    for row in files:
        import_list(session, DEV / "lists" / DEV_MONTH / row["file"], org_code=row["org"],
                    month=DEV_MONTH, actor=actor)
    reconcile_month(session, DEV_MONTH, actor)
    return DEV_MONTH
