from dataclasses import asdict

import pytest

from exchange.classification import Category, EligibilityStatus, assess_eligibility, classify
from exchange.classification.eligibility import eligibility_table
from exchange.classification.wording import doubt_text, eligibility_text


@pytest.mark.parametrize(
    ("criteria", "exclusion", "expected"),
    [
        ("a", "", "eligible"),
        ("a;e", None, "eligible"),
        ("b", "", "eligible"),
        ("", "", "not_assessed"),
        (None, None, "not_assessed"),
        ("", "general_crime", "excluded:general_crime"),
        ("a;d", "collaboration", "excluded:collaboration"),
        ("e", "war_crimes", "excluded:war_crimes"),
        ("x", "", "not_assessed"),
    ],
)
def test_eligibility(criteria, exclusion, expected):
    assert str(assess_eligibility({"pace_criteria": criteria, "exclusion": exclusion})) == expected


@pytest.mark.parametrize(
    ("language", "excluded_words", "eligible_words"),
    [
        ("en", "actively contributed to the occupation", "proceedings which were clearly unfair"),
        ("uk", "активно сприяла окупації", "явно несправедливого провадження"),
    ],
)
def test_reason_quotes_the_memorandum(language, excluded_words, eligible_words):
    excluded = assess_eligibility({"pace_criteria": "a", "exclusion": "collaboration"})
    assert excluded.status is EligibilityStatus.EXCLUDED
    assert excluded_words in eligibility_text(excluded.to_dict(), language)
    eligible = assess_eligibility({"pace_criteria": "e;a"})
    assert eligible.criteria == ("a", "e")
    assert eligible_words in eligibility_text(eligible.to_dict(), language)


def test_unknown_values_are_noted():
    result = assess_eligibility({"pace_criteria": "a;z", "exclusion": "spying"})
    assert str(result) == "excluded:spying"
    notes = [doubt_text(asdict(note)) for note in result.notes]
    assert "PACE criterion “z” is not one of a-e; ignored" in notes
    assert any("exclusion “spying” is not one of the memorandum's" in note for note in notes)


def test_the_memorandum_is_the_source_in_both_languages():
    table = eligibility_table()
    assert set(table.criteria) == {"a", "b", "c", "d", "e"}
    assert all(text["en"] and text["uk"] for text in [*table.criteria.values(),
                                                      *table.exclusions.values()])
    assert "Memorandum" in table.source.document["en"]
    assert "Меморандум" in table.source.document["uk"]


def test_a_prosecutors_war_crime_accusation_is_not_an_exclusion(record):
    result = classify(
        record(person_status="military", war_crime_accusation="yes", pace_criteria="e")
    )
    assert result.category == Category.WAR_CRIME_EXCHANGE
    assert str(result.eligibility) == "eligible"
