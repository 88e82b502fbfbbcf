"""Member changes: what counts as a change of a fact, and what is only spelling."""

from __future__ import annotations

import pytest

from exchange.domain.merge import Observation
from exchange.reports.facts import member_changes, same_value

M1, M2 = "2025-01", "2025-02"


def _o(org: str, month: str, rid: str = "1", **values: str) -> Observation:
    return Observation(org=org, record_id=rid, month=month, values=values)


@pytest.mark.parametrize(
    ("field", "a", "b", "same"),
    [
        ("held_at", "СИЗО-1 Ростов-на-Дону", "СІЗО-1 Ростов-на-Дону", True),
        ("held_at", "ВК-6 Мінусинськ", "ИК-6 Минусинск", True),
        ("held_at", "IK-11 Nizhny Novgorod", "ВК-11 Нижній Новгород", True),
        ("held_at", "СІЗО-1 Сімферополь", "СІЗО-2 Сімферополь", False),
        ("held_at", "СІЗО-1 Сімферополь", "ВК-5 Сімферополь", False),
        ("legal_status", "accused", "convicted", False),
        ("surname", "ВЕЛІЄВА", "Велієва", True),
        ("given_name", "Maksym", "Максим", True),
        ("date_of_birth", "1980", "1980-05-02", True),
        ("date_of_birth", "1980-05-02", "1980-02-05", False),
        ("detained_on", "2022-03", "2022-03-14", True),
    ],
)
def test_same_value(field: str, a: str, b: str, same: bool) -> None:
    assert same_value(field, a, b) is same
    assert same_value(field, b, a) is same


def test_a_member_changing_its_own_record_is_a_change() -> None:
    earlier = [_o("CHRG", M1, "c", held_at="СІЗО-1 Сімферополь", legal_status="accused")]
    later = [_o("CHRG", M2, "c", held_at="ВК-5 Сімферополь", legal_status="convicted")]
    changes = member_changes(earlier, later, ["held_at", "legal_status"])
    assert [(c.field, c.before, c.after, c.sources) for c in changes] == [
        ("held_at", "СІЗО-1 Сімферополь", "ВК-5 Сімферополь", "CHRG:c"),
        ("legal_status", "accused", "convicted", "CHRG:c"),
    ]


def test_members_disagreeing_is_no_change() -> None:
    earlier = [_o("CHRG", M1, held_at="СИЗО-1 Симферополь")]
    later = [
        _o("ZMINA", M2, held_at="ВК-5 Сімферополь"),
        _o("CHRG", M2, held_at="СІЗО-1 Сімферополь"),
    ]
    assert member_changes(earlier, later, ["held_at"]) == []


def test_facts_reported_first_or_no_longer_are_no_change() -> None:
    earlier = [_o("MIHR", M1, sex="M")]
    later = [_o("MIHR", M2, legal_status="convicted")]
    assert member_changes(earlier, later, ["sex", "legal_status"]) == []


def test_each_member_is_compared_with_its_latest_earlier_month() -> None:
    earlier = [_o("CCL", "2024-12", held_at="СІЗО-1"), _o("CCL", M1, held_at="СІЗО-2")]
    later = [_o("CCL", M2, held_at="СІЗО-2")]
    assert member_changes(earlier, later, ["held_at"]) == []
