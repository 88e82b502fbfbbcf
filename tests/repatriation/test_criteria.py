"""The Coalition's criteria check: which criteria, signs and exclusions, and who recorded them."""

from __future__ import annotations

from exchange.models import Person
from repatriation.criteria import Recorded, criteria_check, unfounded_listed


def _source(org, value, month="2025-02"):
    return {"org": org, "record_id": f"{org}-1", "month": month, "value": value}


def test_each_criterion_names_who_recorded_it():
    person = Person(pace_criteria="a;e", signs="expression", health_concern="yes",
                    field_provenance={
                        "pace_criteria": {"value": "a;e", "rule": "most_recent", "sources": [
                            _source("CHRG", "a;e"), _source("MIHR", "a")]},
                        "signs": {"value": "expression", "sources": [_source("ZMINA",
                                                                             "expression")]},
                        "health_concern": {"value": "yes", "sources": [_source("MIHR", "yes"),
                                                                       _source("CCL", "no")]},
                    })
    check = criteria_check(person, "eligible", on_joint_list=True)
    assert check.criteria == (
        Recorded("a", ("CHRG:CHRG-1 (2025-02)", "MIHR:MIHR-1 (2025-02)"), True),
        Recorded("e", ("CHRG:CHRG-1 (2025-02)",), True),
    )
    assert check.signs == (Recorded("expression", ("ZMINA:ZMINA-1 (2025-02)",), True),)
    assert check.health_concern == ("MIHR:MIHR-1 (2025-02)",)
    assert check.exclusions == ()
    assert not check.unfounded


def test_a_coordinators_value_and_a_criterion_no_longer_in_force():
    person = Person(pace_criteria="b", field_provenance={"pace_criteria": {
        "value": "b", "rule": "coordinator", "by": "coord@example.org", "reason": "court file",
        "sources": [_source("CHRG", "c", "2025-01")]}})
    check = criteria_check(person, "eligible", on_joint_list=True)
    assert check.criteria == (
        Recorded("b", ("coord@example.org: court file",), True),
        Recorded("c", ("CHRG:CHRG-1 (2025-01)",), False),
    )


def test_exclusions_from_a_member_and_from_a_reviewers_override():
    person = Person(exclusion="collaboration", field_provenance={"exclusion": {
        "value": "collaboration", "sources": [_source("ARPPK", "collaboration")]}})
    check = criteria_check(person, "excluded:war_crimes", on_joint_list=False,
                           override="reviewer@example.org: ICC warrant")
    assert [(e.value, e.by) for e in check.exclusions] == [
        ("collaboration", ("ARPPK:ARPPK-1 (2025-02)",)),
        ("war_crimes", ("reviewer@example.org: ICC warrant",)),
    ]


def test_on_the_joint_list_without_a_criterion_is_flagged():
    assert criteria_check(Person(), "not_assessed", on_joint_list=True).unfounded
    assert not criteria_check(Person(), "not_assessed", on_joint_list=False).unfounded
    # a letter the memorandum does not know is no criterion
    assert criteria_check(Person(pace_criteria="x"), "not_assessed", on_joint_list=True).unfounded


def test_the_months_joint_list_persons_without_a_criterion(registry, person):
    founded = person("Бойко", pace_criteria="a")
    unfounded = person("Коваль")
    freed = person("Шевчук")
    excluded = person("Ткач", exclusion="war_crimes")
    for p, rid in ((founded, "1"), (unfounded, "2"), (excluded, "4")):
        registry.record(p, "CHRG", "2025-02", rid)
    registry.record(freed, "CHRG", "2025-02", "3", release_status="released")
    assert unfounded_listed(registry.session, "2025-02") == {unfounded.id}
    assert unfounded_listed(registry.session, None) == set()
