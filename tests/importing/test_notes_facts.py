"""Releases that members report only in the notes cell."""

from __future__ import annotations

import pytest

from exchange.importing.notes_facts import release_from_notes


@pytest.mark.parametrize(
    ("notes", "status", "date"),
    [
        ("звільнений 07.02.2025", "released", "2025-02-07"),
        ("звільнений (обмін) 24.02.2025; зв'язку з родиною немає", "exchanged", "2025-02-24"),
        ("помер в ув'язненні 18.02.2025", "deceased", "2025-02-18"),
        ("освобожден (обмен) 02.02.2025", "exchanged", "2025-02-02"),
        ("умер в заключении 27.02.2025", "deceased", "2025-02-27"),
        ("Exchanged 2025-02-02; health deteriorating", "exchanged", "2025-02-02"),
        ("died in custody 2025-02-23", "deceased", "2025-02-23"),
        ("health deteriorating; released 04.02.2025", "released", "2025-02-04"),
    ],
)
def test_release_phrases(notes, status, date):
    found = release_from_notes(notes)
    assert found is not None
    assert (found.release_status, found.released_on) == (status, date)


@pytest.mark.parametrize(
    "notes",
    [
        None, "", "погіршення здоров'я", "за шлюбом: Воробйова", "no contact with family",
        # a release phrase that does not report a release (seen in members' notes)
        "включений до списку на обмін", "обмін не відбувся", "не звільнений 07.02.2025",
        "not released", "звільнення очікується", "умерла мать 02.02.2025",
        "released from hospital back to SIZO", "released", "exchanged",
    ],
)
def test_notes_without_a_release(notes):
    assert release_from_notes(notes) is None


def test_import_takes_the_release_from_notes(tmp_path):
    from exchange.importing import load_canonical

    path = tmp_path / "list.csv"
    path.write_text(
        "ID;Full name;Date of birth;Notes\n"
        "A-1;Shevchenko Ivan;1980-01-02;exchanged 2025-02-14\n"
        "A-2;Melnyk Petro;1981-03-04;no contact with family\n",
        encoding="utf-8",
    )
    parsed = load_canonical(path)
    first, second = parsed.records
    assert first.values["release_status"] == "exchanged"
    assert first.values["released_on"] == "2025-02-14"
    assert second.values["release_status"] is None
    assert any("read from the notes" in p.message for p in parsed.problems)
