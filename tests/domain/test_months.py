"""The list month: its format and its lifecycle table."""

from __future__ import annotations

import pytest

from exchange.domain.months import (
    MonthError,
    MonthFrozen,
    MonthRefused,
    check_month,
    is_month,
    next_status,
)
from exchange.models import MonthStatus

OPEN, RECONCILED, PUBLISHED = MonthStatus.OPEN, MonthStatus.RECONCILED, MonthStatus.PUBLISHED


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2025-01", True),
        ("2025-12", True),
        ("2025-13", False),
        ("2025-00", False),
        ("2025-1", False),
        ("25-01", False),
        ("2025-01-01", False),
        ("2025-01\n", False),
        (" 2025-01", False),
        ("", False),
        (None, False),
    ],
)
def test_month_format(text, ok):
    assert is_month(text) is ok
    if ok:
        assert check_month(text) == text
    else:
        with pytest.raises(MonthError, match="not a month"):
            check_month(text)


@pytest.mark.parametrize(
    ("status", "action", "becomes"),
    [
        (OPEN, "change", OPEN),
        (OPEN, "reconcile", RECONCILED),
        (RECONCILED, "change", RECONCILED),
        (RECONCILED, "reconcile", RECONCILED),
        (RECONCILED, "publish", PUBLISHED),
    ],
)
def test_allowed_transitions(status, action, becomes):
    assert next_status("2025-01", status, action) is becomes


@pytest.mark.parametrize("action", ["change", "reconcile", "publish"])
def test_a_published_month_takes_no_action(action):
    with pytest.raises(MonthFrozen, match="2025-01 is published and frozen"):
        next_status("2025-01", PUBLISHED, action)


def test_an_open_month_is_reconciled_before_it_is_published():
    with pytest.raises(MonthRefused) as refused:
        next_status("2025-01", OPEN, "publish")
    assert str(refused.value) == "2025-01 must be reconciled before it is published"


def test_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown month action"):
        next_status("2025-01", OPEN, "approve")

