"""The shared dev cases and the 1500 reference persons, classified by the engine."""

import csv

import pytest

from exchange.classification import classify

from .conftest import SHARED_DEV

CASES = SHARED_DEV / "classification_cases.csv"
PERSONS = SHARED_DEV / "persons.csv"


def _rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(not CASES.exists(), reason="shared dev data not available")
@pytest.mark.parametrize(
    "case", _rows(CASES) if CASES.exists() else [], ids=lambda c: c["record_id"]
)
def test_dev_case(case):
    result = classify(case)
    assert (str(result.category), str(result.eligibility)) == (
        case["expected_category"],
        case["expected_eligibility"]
        if case["expected_eligibility"] != "excluded"
        else f"excluded:{case['exclusion']}",
    )


@pytest.mark.skipif(not CASES.exists(), reason="shared dev data not available")
def test_d15_explains_why_the_volunteers_rule_did_not_hold():
    (d15,) = [case for case in _rows(CASES) if case["record_id"] == "D15"]
    result = classify(d15)
    assert [trial.key for trial in result.tried] == ["war_crime_exchange", "volunteers"]
    text = result.explanation()
    assert "rule 2 Volunteers: cases ended by amnesty (measure 5) did not hold" in text
    assert "105 ч.2: art. 105 (Murder) is violent" in text


@pytest.mark.skipif(not CASES.exists(), reason="shared dev data not available")
def test_d16_is_provisional_because_violence_is_unknown():
    (d16,) = [case for case in _rows(CASES) if case["record_id"] == "D16"]
    result = classify(d16)
    assert result.provisional
    assert "violent_offence" in [u.field for u in result.unknown_fields]


@pytest.mark.skipif(not PERSONS.exists(), reason="shared dev data not available")
def test_all_reference_persons_agree_with_the_oracle():
    disagreements = []
    for person in _rows(PERSONS):
        result = classify(person)
        got = (str(result.category), str(result.eligibility))
        want = (person["expected_category"], person["expected_eligibility"])
        if got != want:
            disagreements.append((person["person_id"], want, got))
    assert disagreements == []
