"""The main reports computed in the background after a change, before anyone asks."""

from __future__ import annotations

import pytest

from exchange import warming
from exchange.reports import joint_list
from tests.reports.conftest import M1, M2, Registry


@pytest.mark.parametrize(("token", "seen", "warmed", "due"), [
    ("a", None, None, False),  # first look: wait one round
    ("a", "a", None, True),  # the same one round later: warm
    ("a", "a", "a", False),  # warmed already
    ("b", "a", "a", False),  # changed: wait one round
    ("c", "b", "a", False),  # still changing (a burst of imports): wait
    ("c", "c", "a", True),
])
def test_warming_waits_for_the_writes_to_settle(token, seen, warmed, due):
    assert warming.due(token, seen, warmed) is due


def test_warming_keeps_the_joint_list(session, org, create_person, monkeypatch):
    registry = Registry(session, org)
    held = create_person(surname="Бондаренко")
    registry.record(held, "ZMINA", M1, "1")
    registry.record(held, "ZMINA", M2, "1")
    warming.warm(session)

    def recompute(*_args):
        raise AssertionError("computed again: warming did not keep it")

    monkeypatch.setattr(joint_list, "current_joint_list_rows", recompute)
    assert [r.surname for r in joint_list.joint_list_rows(session, M2)] == ["Бондаренко"]


def test_no_warming_thread_in_tests(app):
    assert app.testing
    assert not warming._started
