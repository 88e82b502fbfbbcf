import pytest

from exchange.classification import Category, EligibilityStatus, assess_eligibility, classify


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


def test_reason_quotes_the_memorandum():
    excluded = assess_eligibility({"pace_criteria": "a", "exclusion": "collaboration"})
    assert excluded.status is EligibilityStatus.EXCLUDED
    assert "actively contributed to the occupation" in excluded.reason
    eligible = assess_eligibility({"pace_criteria": "e;a"})
    assert eligible.criteria == ("a", "e")
    assert "proceedings which were clearly unfair" in eligible.reason


def test_unknown_values_are_noted():
    result = assess_eligibility({"pace_criteria": "a;z", "exclusion": "spying"})
    assert str(result) == "excluded:spying"
    assert any("'z' is not one of a-e" in note for note in result.notes)
    assert any("'spying' is not one of" in note for note in result.notes)


def test_a_prosecutors_war_crime_accusation_is_not_an_exclusion(record):
    result = classify(
        record(person_status="military", war_crime_accusation="yes", pace_criteria="e")
    )
    assert result.category == Category.WAR_CRIME_EXCHANGE
    assert str(result.eligibility) == "eligible"
