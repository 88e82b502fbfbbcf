"""Names in every form a list needs, and the difference between two versions of a list."""

from __future__ import annotations

import pytest

from exchange.rounds.names import name_forms
from exchange.rounds.snapshot import diff_versions


@pytest.mark.parametrize(
    ("name", "latin", "russian", "derived"),
    [
        (("Щербак", "Олександр", None), ("Shcherbak", "Oleksandr", ""), ("Щербак", "Александр", ""),
         False),
        (("Гнатюк", "Юрій", "Іванович"), ("Hnatiuk", "Yurii", "Ivanovych"),
         ("Гнатюк", "Юрий", "Иванович"), False),
        (("Ізмаїл", "Ізмаїл", None), ("Izmail", "Izmail", ""), ("Измаил", "Измаил", ""), False),
        # a Russian spelling gets its Ukrainian form, said to be derived
        (("Щербак", "Александр", None), ("Shcherbak", "Oleksandr", ""), ("Щербак", "Александр", ""),
         True),
        # a foreign national keeps the Latin spelling of the list
        (("Smith", "John", None), ("Smith", "John", ""), None, True),
    ],
)
def test_name_forms(name, latin, russian, derived):
    forms = name_forms(*name)
    assert forms.latin == latin
    if russian is not None:
        assert forms.russian == russian
    assert forms.derived is derived


def _row(pid, **values):
    return {"person_id": pid, "surname": "Бойко", "date_of_birth": "1980-01-01", **values}


def test_diff_versions():
    before = [_row(1), _row(2), _row(3)]
    after = [_row(1), _row(3, date_of_birth="1980-01-02"), _row(4)]
    diff = diff_versions(before, after)
    assert [r["person_id"] for r in diff.added] == [4]
    assert [r["person_id"] for r in diff.removed] == [2]
    assert [(c.person_id, c.field, c.before, c.after) for c in diff.changed] == [
        (3, "date_of_birth", "1980-01-01", "1980-01-02")]
    assert diff.counts() == {"added": 1, "removed": 1, "changed": 1}
    assert diff_versions(before, before).empty
