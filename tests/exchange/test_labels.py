"""Every stored value has a label in English and Ukrainian; pages and exports show labels."""

from __future__ import annotations

import enum

import pytest

from exchange.classification.articles import Nature, Proposal
from exchange.classification.eligibility import EligibilityStatus, eligibility_table
from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.labels import (
    LANGUAGES,
    field_vocabulary,
    in_language,
    label,
    labels,
    region_name,
    region_names,
    value_label,
    vocabularies,
)
from exchange.labels import _fields as field_table
from exchange.models import enums
from exchange.models.review import Decision, ReviewStatus
from matching.comparisons import COMPARISONS

# vocabulary -> the values the code stores; a new value without a label fails here.
STORED: dict[str, type[enum.Enum] | tuple[str, ...]] = {
    "role": enums.Role,
    "sex": enums.Sex,
    "person_status": enums.PersonStatus,
    "legal_status": enums.LegalStatus,
    "facility_type": enums.FacilityType,
    "exclusion": enums.Exclusion,
    "release_status": enums.ReleaseStatus,
    "month_status": enums.MonthStatus,
    "batch_status": enums.BatchStatus,
    "script": enums.Script,
    "category": enums.Category,
    "eligibility": EligibilityStatus,
    "review_decision": Decision,
    "review_status": ReviewStatus,
    "field": CANONICAL_COLUMNS,
    "yes_no": ("yes", "no"),
    "repatriation_stage": enums.Stage,
    "event_source": enums.EventSource,
    "flag_kind": enums.FlagKind,
    "checklist_status": enums.ChecklistStatus,
    "article_nature": Nature,
    "article_proposal": Proposal,
    "comparison": tuple(c.name for c in COMPARISONS),
    "match_level": tuple(level for c in COMPARISONS for level in c.levels),
}


def _values(source: type[enum.Enum] | tuple[str, ...]) -> set[str]:
    if isinstance(source, tuple):
        return set(source)
    return {str(member.value) for member in source}


@pytest.mark.parametrize("vocabulary", sorted(STORED))
def test_every_stored_value_has_a_label(vocabulary: str) -> None:
    assert _values(STORED[vocabulary]) <= vocabularies()[vocabulary]


def test_every_pace_criterion_and_sign_has_a_label() -> None:
    assert set(eligibility_table().criteria) <= vocabularies()["pace_criterion"]
    from exchange.importing.vocab import _choices

    assert set(_choices()["signs"].values()) <= vocabularies()["sign"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_words_not_codes(language: str) -> None:
    for vocabulary in vocabularies():
        for value, text in labels(vocabulary, language).items():
            assert text.strip(), (vocabulary, value, language)
            if vocabulary not in {"sex", "pace_criterion"}:
                assert "_" not in text, (vocabulary, value, language)
    ukrainian = labels("category", "uk")
    assert all(any("а" <= ch <= "я" or ch in "іїєґ" for ch in text.lower())
               for text in ukrainian.values())


def test_label_reads_enums_and_compound_eligibility() -> None:
    assert label("category", enums.Category.NON_VIOLENT_AMNESTY, "uk") == (
        "Амністія за ненасильницькі злочини")
    assert label("eligibility", "excluded:war_crimes", "en") == "Excluded: War crimes"
    assert label("eligibility", "excluded:war_crimes", "uk") == "Виключено: Воєнні злочини"
    assert label("field", "date_of_birth", "uk") == "Дата народження"
    assert label("category", None) == ""
    assert label("held_at", "Сімферопольський СІЗО-1") == "Сімферопольський СІЗО-1"


def test_region_names_come_from_iso_3166_2() -> None:
    assert region_name("UA-43", "uk") == "Автономна Республіка Крим"
    assert region_name("UA-40", "uk") == "Севастополь"
    assert region_name("UA-23", "en") == "Zaporizka oblast"
    assert len(region_names("uk")) == len(region_names("en")) == 27
    assert label("region", "UA-14", "uk") == "Донецька область"
    assert region_name("XX-99", "uk") == "XX-99"


def test_pages_render_labels_in_the_chosen_language(app) -> None:
    with app.test_request_context(headers={"Accept-Language": "uk"}):
        rendered = app.jinja_env.from_string(
            "{{ 'transfer'|label('category') }} / {{ region_name('UA-65') }}").render()
    assert rendered == "Передача Україні (насильницькі злочини) / Херсонська область"


def test_every_labelled_field_is_a_column_with_a_vocabulary() -> None:
    known = set(vocabularies()) | {"region", "country"}
    for field, (vocabulary, _several) in field_table().items():
        assert field in CANONICAL_COLUMNS or field in {"category", "eligibility"}, field
        assert vocabulary in known, (field, vocabulary)


@pytest.mark.parametrize(
    ("field", "value", "language", "expected"),
    [
        ("legal_status", "convicted", "uk", "Засуджений(а)"),
        ("violent_offence", "yes", "uk", "Так"),
        ("residence_region", "UA-43", "uk", "Автономна Республіка Крим"),
        ("citizenship", "UA;stateless", "uk", "Україна, Особа без громадянства"),
        ("citizenship", "RU", "en", "Russian Federation"),
        ("signs", "expression;health_damage", "en",
         "Non-violent free expression, Damage to health"),
        ("pace_criteria", "b;a", "en", "(b) purely political reasons without any offence, "
         "(a) detention violating a fundamental guarantee of the ECHR"),
        ("surname", "Коваленко", "uk", "Коваленко"),
        ("legal_status", None, "uk", ""),
        ("facility_type", "colony; pretrial", "uk", "Колонія; Слідчий ізолятор (СІЗО)"),
    ],
)
def test_value_label_reads_a_fields_vocabulary(field, value, language, expected) -> None:
    assert value_label(field, value, language) == expected


def test_field_vocabulary_and_texts_in_a_language() -> None:
    assert field_vocabulary("held_incommunicado") == "yes_no"
    assert field_vocabulary("notes") is None
    assert in_language({"en": "Civilian", "uk": "Цивільна особа"}, "uk") == "Цивільна особа"
    assert in_language({"en": "Civilian", "uk": ""}, "uk") == "Civilian"
    assert in_language("stored before translations", "uk") == "stored before translations"
