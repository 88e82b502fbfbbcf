import csv
import itertools

import pytest

from exchange.classification import Category, classify
from exchange.classification.articles import article_table
from exchange.classification.engine import decide
from exchange.classification.rules import ruleset

from .conftest import SHARED_DEV

NO_FACTS = {
    "violent_offence": "",
    "offence_has_victims": "",
    "against_russian_interests": "",
    "war_crime_accusation": "",
}


@pytest.mark.parametrize(
    ("changes", "category", "rule"),
    [
        # rule 1: war crime accusation recorded, or implied by a war-crime article
        ({"war_crime_accusation": "yes"}, "war_crime_exchange", "war_crime_exchange"),
        (
            {"charges": "356 ч.1", "war_crime_accusation": ""},
            "war_crime_exchange",
            "war_crime_exchange",
        ),
        (
            {"person_status": "military", "charges": "357", "war_crime_accusation": ""},
            "war_crime_exchange",
            "war_crime_exchange",
        ),
        # rule 2: formation member or soldier charged only under participation articles
        ({"person_status": "formation_member", "charges": "208 ч.2"}, "volunteers", "volunteers"),
        (
            {"person_status": "military", "charges": "205.5 ч.2; ч.1 ст.30, 278"},
            "volunteers",
            "volunteers",
        ),
        ({"person_status": "military", "charges": "282.2 ч.1"}, "volunteers", "volunteers"),
        ({"person_status": "military", "charges": "205.4 ч.2"}, "volunteers", "volunteers"),
        (
            {"person_status": "military", "charges": "359 ч.3", "citizenship": "GB"},
            "volunteers",
            "volunteers",
        ),
        # rule 3: violence, victims, against Russian interests, third country, serving before
        ({"violent_offence": "yes"}, "transfer", "transfer"),
        ({"offence_has_victims": "yes"}, "transfer", "transfer"),
        ({"against_russian_interests": "yes", "charges": "276"}, "transfer", "transfer"),
        ({"citizenship": "US", "lived_in_ukraine_1991_borders": "no"}, "transfer", "transfer"),
        (
            {"citizenship": "stateless", "lived_in_ukraine_1991_borders": "no"},
            "transfer",
            "transfer",
        ),
        (
            {"legal_status": "serving_sentence_before_occupation", "charges": ""},
            "transfer",
            "transfer",
        ),
        # rule 4: civilian suspected, accused or convicted
        ({}, "non_violent_amnesty", "non_violent_amnesty"),
        ({"legal_status": "suspect"}, "non_violent_amnesty", "non_violent_amnesty"),
        (
            {"legal_status": "accused", "charges": "205.5 ч.2"},
            "non_violent_amnesty",
            "non_violent_amnesty",
        ),
        ({"citizenship": "stateless"}, "non_violent_amnesty", "non_violent_amnesty"),
        ({"citizenship": "UA;RU"}, "non_violent_amnesty", "non_violent_amnesty"),
        # rule 5: no status, hidden detention
        (
            {"legal_status": "none", "charges": "", "facility_type": "filtration_camp"},
            "secret_prison",
            "secret_prison",
        ),
        (
            {"legal_status": "none", "charges": "", "facility_type": "secret_prison"},
            "secret_prison",
            "secret_prison",
        ),
        (
            {"legal_status": "none", "charges": "", "facility_type": "unknown_location"},
            "secret_prison",
            "secret_prison",
        ),
        (
            {
                "legal_status": "none",
                "charges": "",
                "facility_type": "pretrial",
                "held_incommunicado": "yes",
            },
            "secret_prison",
            "secret_prison",
        ),
        # rule 6: civilian with no status
        (
            {"legal_status": "none", "charges": "", "facility_type": "pretrial"},
            "civilians",
            "civilians",
        ),
        # unclassified, with the reason
        (
            {"person_status": "military", "legal_status": "none", "charges": ""},
            "unclassified",
            "pow_without_charge",
        ),
        (
            {
                "person_status": "",
                "legal_status": "none",
                "charges": "",
                "facility_type": "pretrial",
            },
            "unclassified",
            "insufficient_data",
        ),
        (
            {
                "person_status": "formation_member",
                "legal_status": "accused",
                "charges": "208 ч.2; 222 ч.1",
            },
            "unclassified",
            "no_rule",
        ),
    ],
)
def test_each_rule(record, changes, category, rule):
    result = classify(record(**changes))
    assert (result.category, result.rule) == (Category(category), rule)


@pytest.mark.parametrize(
    ("changes", "category", "also_held"),
    [
        # a volunteer also charged with murder: transfer; volunteers shown as failing
        (
            {
                "person_status": "formation_member",
                "charges": "205.5; 105 ч.2",
                "violent_offence": "yes",
            },
            "transfer",
            [],
        ),
        # a war-crime accusation beats participation-only charges and violence
        (
            {
                "person_status": "military",
                "charges": "205.5 ч.2",
                "war_crime_accusation": "yes",
                "violent_offence": "yes",
            },
            "war_crime_exchange",
            ["transfer"],
        ),
        # rule 2 comes before the third-country clause of rule 3
        (
            {
                "person_status": "formation_member",
                "charges": "359 ч.3",
                "citizenship": "GB",
                "lived_in_ukraine_1991_borders": "no",
            },
            "volunteers",
            ["transfer"],
        ),
        # a civilian charged under 205.5 is not a volunteer
        ({"person_status": "civilian", "charges": "205.5 ч.2"}, "non_violent_amnesty", []),
        # rule 3 comes before rule 4 for a civilian saboteur
        (
            {"against_russian_interests": "yes", "charges": "281 ч.2"},
            "transfer",
            ["non_violent_amnesty"],
        ),
        # rule 5 before rule 6
        (
            {"legal_status": "none", "charges": "", "facility_type": "secret_prison"},
            "secret_prison",
            ["civilians"],
        ),
    ],
)
def test_order_settles_facts_that_point_two_ways(record, changes, category, also_held):
    result = classify(record(**changes))
    assert result.category == Category(category)
    assert [trial.key for trial in result.also_held] == also_held
    orders = [trial.order for trial in result.tried]
    assert orders == list(range(1, result.rule_order))


def test_rules_are_tried_in_the_order_of_the_spec():
    assert [(r.order, r.key, r.measure) for r in ruleset().rules] == [
        (1, "war_crime_exchange", 6),
        (2, "volunteers", 5),
        (3, "transfer", 4),
        (4, "non_violent_amnesty", 3),
        (5, "secret_prison", 2),
        (6, "civilians", 1),
    ]


def test_explanation_of_a_volunteer_charged_with_murder(record):
    result = classify(
        record(
            person_status="formation_member",
            charges="205.5; 105 ч.2",
            violent_offence="yes",
            offence_has_victims="yes",
        )
    )
    volunteers = next(trial for trial in result.tried if trial.key == "volunteers")
    assert not volunteers.holds
    text = result.explanation()
    tried = next(line for line in text.splitlines() if "rule 2" in line)
    assert tried.startswith(
        "Tried before: rule 2 Volunteers: cases ended by amnesty (measure 5) did not hold")
    assert "105 ч.2: art. 105 (Murder) is violent" in tried
    assert "no violence against a person recorded: does not hold (Violent offence: Yes)" in tried
    assert "Transfer of individuals accused of violent crimes" in text
    assert result.ruleset_version in text


def test_explanation_in_ukrainian_names_fields_and_values_by_their_labels(record):
    result = classify(record(person_status="formation_member", charges="205.5; 105 ч.2",
                             violent_offence="yes", offence_has_victims="yes"))
    text = result.explanation("uk")
    assert "105 ч.2: ст. 105 (Вбивство)" in text
    assert "Насильницький злочин: Так" in text
    assert "злочин пов'язаний із насильством щодо особи" in text
    assert "Передача осіб, обвинувачених у насильницьких злочинах" in text
    for code in ("violent_offence", "formation_member", "non_violent_amnesty", "yes"):
        assert f" {code}" not in text


def test_result_quotes_the_measure(record):
    result = classify(record())
    assert result.measure == 3
    assert "“All Ukrainian civilians convicted of non-violent" in result.explanation()
    assert "“Усіх цивільних громадян України, засуджених" in result.explanation("uk")
    assert result.rule_label == "4. non_violent_amnesty (measure 3)"


@pytest.mark.parametrize(
    ("changes", "unknown"),
    [
        ({}, []),
        (
            NO_FACTS,
            [
                "against_russian_interests",
                "offence_has_victims",
                "violent_offence",
                "war_crime_accusation",
            ],
        ),
        ({"person_status": ""}, ["person_status"]),
        (
            {
                "person_status": "formation_member",
                "charges": "359 ч.3",
                "citizenship": "GB",
                "lived_in_ukraine_1991_borders": "no",
                "violent_offence": "",
            },
            ["violent_offence"],
        ),
        # no status: the offence facts do not apply, and are not unknown
        ({**NO_FACTS, "legal_status": "none", "charges": "", "facility_type": "pretrial"}, []),
        # legal status unknown: everything that depends on it is
        (
            {**NO_FACTS, "legal_status": "", "charges": "", "facility_type": "pretrial"},
            [
                "against_russian_interests",
                "charges",
                "legal_status",
                "offence_has_victims",
                "violent_offence",
                "war_crime_accusation",
            ],
        ),
        # a stateless person: whether they lived in Ukraine decides rule 3
        (
            {"citizenship": "stateless", "lived_in_ukraine_1991_borders": ""},
            ["lived_in_ukraine_1991_borders"],
        ),
        # a foreigner: where they were captured decides rule 3
        ({"citizenship": "US", "captured_in_ukraine": ""}, ["captured_in_ukraine"]),
    ],
)
def test_unknown_fields_that_could_change_the_category(record, changes, unknown):
    result = classify(record(**changes))
    assert [u.field for u in result.unknown_fields] == unknown
    assert result.provisional == bool(unknown)


def test_unknown_field_says_what_each_value_would_give(record):
    result = classify(record(legal_status="suspect", **NO_FACTS))
    assert result.category == Category.NON_VIOLENT_AMNESTY
    violent = next(u for u in result.unknown_fields if u.field == "violent_offence")
    assert violent.alternatives == (("yes", "transfer"),)
    assert ("Violent offence not recorded (Yes → Transfer to Ukraine (violent offences))"
            in result.explanation())


def test_article_implies_violence_only_when_the_record_is_silent(record):
    implied = classify(record(charges="105 ч.1", violent_offence="", offence_has_victims=""))
    assert implied.category == Category.TRANSFER
    assert implied.provisional  # the implication needs a human to confirm it
    assert ("Violent offence: not recorded; Yes implied by 105 ч.1: art. 105 (Murder)"
            in implied.explanation())
    recorded = classify(record(charges="105 ч.1"))  # violent_offence = no is recorded
    assert recorded.category == Category.NON_VIOLENT_AMNESTY
    assert {c.fact for c in recorded.conflicts} == {"violent_offence", "offence_has_victims"}
    assert {c.would_give for c in recorded.conflicts} == {"transfer"}
    assert "No is recorded although 105 ч.1: art. 105 (Murder) implies yes; the recorded value " \
        "is used (yes would give: Transfer to Ukraine (violent offences))" in recorded.explanation()
    assert recorded.needs_review


def test_recorded_no_wins_over_a_war_crime_article(record):
    result = classify(
        record(person_status="military", charges="356 ч.1", war_crime_accusation="no")
    )
    assert result.category != Category.WAR_CRIME_EXCHANGE
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.fact, conflict.would_give) == (
        "recorded_against_article", "war_crime_accusation", "war_crime_exchange")
    assert "Accused of a war crime: No is recorded although 356 ч.1" in result.explanation()


@pytest.mark.parametrize(
    ("changes", "key", "note"),
    [
        ({"charges": "hooliganism"}, "charges_unreadable:charges", "Charges could not be read"),
        ({"charges": "300"}, "article_not_in_table:charges", "art. 300 is not in the article"),
        ({"person_status": "soldier"}, "unknown_value:person_status",
         "Civilian or military: “soldier” is not a known value"),
        ({"citizenship": "Ukraine"}, "not_a_country:citizenship",
         "Citizenship: “Ukraine” is not an ISO country code"),
    ],
)
def test_unreadable_values_are_noted_not_guessed(record, changes, key, note):
    result = classify(record(**changes))
    assert key in [doubt.key() for doubt in result.notes]
    assert f"Note: {note}" in result.explanation()
    assert result.needs_review


def test_unreadable_charges_of_a_formation_member_make_the_result_provisional(record):
    result = classify(record(person_status="formation_member", charges="участь у формуванні"))
    assert "charges" in [u.field for u in result.unknown_fields]


def test_classification_is_deterministic_and_serialisable(record):
    first, second = classify(record(**NO_FACTS)), classify(record(**NO_FACTS))
    assert first == second
    data = first.to_dict()
    assert data["category"] == "non_violent_amnesty"
    assert data["provisional"] is True
    assert data["eligibility"]["value"] == "eligible"
    assert data["ruleset_version"] == ruleset().version


def test_missing_columns_are_empty():
    result = classify({"person_status": "civilian", "legal_status": "none"})
    assert result.category == Category.CIVILIANS


def test_charges_imply_a_legal_status_when_none_is_recorded(record):
    result = classify(record(legal_status="", charges="280.3 ч.1"))
    assert result.category == Category.NON_VIOLENT_AMNESTY
    assert "Legal status: not recorded; Suspect implied by the charges (280.3 ч.1)" in (
        result.explanation()
    )
    legal = next(u for u in result.unknown_fields if u.field == "legal_status")
    assert ("serving_sentence_before_occupation", "transfer") in legal.alternatives
    without_charges = classify(record(legal_status="", charges=""))
    assert without_charges.category == Category.UNCLASSIFIED
    assert without_charges.rule == "insufficient_data"


def test_the_fast_decision_agrees_with_the_explained_one():
    """`decide` (used to find unknown fields) must never disagree with `classify`."""
    path = SHARED_DEV / "persons.csv"
    if not path.exists():
        pytest.skip("shared dev data not available")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(itertools.islice(csv.DictReader(handle), 0, None, 5))
    for row in rows:
        for field in ("violent_offence", "legal_status", "charges", "person_status", "citizenship"):
            values = {**row, field: ""}
            assert decide(values, ruleset(), article_table()) == classify(values).category
