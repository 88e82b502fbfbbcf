"""Statuses written in notes: one phrase table, a loose reading (flag) and a strict one (decide)."""

from __future__ import annotations

import pytest

from exchange.domain.note_statuses import NEGATION, note_phrases, phrase_status, status_in_note
from exchange.importing.notes_facts import release_from_notes

STATUS_PHRASES = [p for p in note_phrases() if p.means != NEGATION]
DECIDING = [p for p in STATUS_PHRASES if p.decides]


@pytest.mark.parametrize(
    ("note", "status"),
    [
        ("звільнений (обмін) 15.02.2025; погіршення здоров'я", "exchanged"),
        ("освобожден (обмен) 01.02.2025", "exchanged"),
        ("exchanged 2025-02-03; no contact with family", "exchanged"),
        ("умер в заключении 27.02.2025", "deceased"),
        ("помер в ув'язненні 03.02.2025", "deceased"),
        ("died in custody 2025-02-01", "deceased"),
        ("Звільнена 01.02.2025", "released"),
        ("released 2025-02-02", "released"),
        ("включений до списку на обмін", "exchanged"),  # flagged for a look, not decided
        ("не звільнений", None),
        ("звільнення очікується", None),
        ("освобождение ожидается", None),
        ("Скончался 02.02.2025", "deceased"),
        ("not released yet", None),
        ("зв'язку з родиною немає", None),
        ("health deteriorating", None),
        ("", None),
        (None, None),
    ],
)
def test_status_in_note(note: str | None, status: str | None) -> None:
    assert status_in_note(note) == status


@pytest.mark.parametrize("phrase", DECIDING, ids=lambda p: p.phrase)
def test_both_readings_agree_on_a_deciding_phrase(phrase) -> None:
    note = f"{phrase.phrase.upper()} 01.02.2025"
    found = release_from_notes(f"health deteriorating; {note}")
    assert found is not None
    assert (found.release_status, found.released_on) == (phrase.means, "2025-02-01")
    assert status_in_note(note) == phrase.means


@pytest.mark.parametrize("phrase", STATUS_PHRASES, ids=lambda p: p.phrase)
def test_a_negated_phrase_reports_nothing(phrase) -> None:
    assert release_from_notes(f"не {phrase.phrase} 01.02.2025") is None
    if "(" not in phrase.phrase:  # "не звільнений (обмін)" still names an exchange: a flag
        assert status_in_note(f"не {phrase.phrase}") is None


@pytest.mark.parametrize(
    "phrase", [p for p in STATUS_PHRASES if not p.decides], ids=lambda p: p.phrase
)
def test_a_phrase_that_does_not_decide_is_only_flagged(phrase) -> None:
    assert release_from_notes(f"{phrase.phrase} 01.02.2025") is None
    assert status_in_note(f"{phrase.phrase} 01.02.2025") == phrase.means


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("помер в ув’язненні", "deceased"),
        ("ЗВІЛЬНЕНИЙ(ОБМІН)", "exchanged"),
        ("released", "released"),
    ],
)
def test_phrase_status_reads_spelling_variants(text, status) -> None:
    assert phrase_status(text) == status


def test_every_phrase_is_listed_once() -> None:
    keys = [p.phrase.casefold() for p in note_phrases()]
    assert len(keys) == len(set(keys))
