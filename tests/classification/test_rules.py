import re

import pytest

from exchange.classification.articles import data_text
from exchange.classification.measures import concept, measures
from exchange.classification.rules import parse_ruleset, ruleset

from .conftest import SEEDS

CONCEPT = SEEDS / "000_195650018d170e6f.txt"


def _plain(text: str) -> str:
    """The document's text without page-break hyphenation, bold marks and line breaks."""
    text = re.sub(r"-\n\n", "", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not CONCEPT.exists(), reason="source document not available")
@pytest.mark.parametrize("number", sorted(measures()))
def test_measure_is_quoted_exactly_from_the_concept(number):
    document = _plain(CONCEPT.read_text(encoding="utf-8"))
    found = measures()[number]
    assert f"{number}. {found.title['en']}. {found.text['en']}" in document
    assert found.title["uk"]
    assert found.text["uk"]
    assert concept().file.endswith(CONCEPT.name)
    assert "Special Issues Concerning Ukrainian Citizens" in concept().section["en"]


def test_every_rule_names_a_measure_and_every_measure_has_a_rule():
    assert sorted(rule.measure for rule in ruleset().rules) == sorted(measures())


def test_version_changes_with_the_data():
    version = ruleset().version
    assert re.fullmatch(r"1\+[0-9a-f]{12}", version)
    text = data_text("rules.toml")
    changed = parse_ruleset(text.replace('version = "1"', 'version = "2"'))
    assert changed.version == "2"


def test_fields_read_by_the_rules():
    assert ruleset().fields_read() == {
        "war_crime_accusation",
        "person_status",
        "charges",
        "violent_offence",
        "offence_has_victims",
        "against_russian_interests",
        "citizenship",
        "lived_in_ukraine_1991_borders",
        "captured_in_ukraine",
        "legal_status",
        "facility_type",
        "held_incommunicado",
    }


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("order = 2\n", "order = 1\n", "orders and keys must be unique"),
        ('condition = "hidden_detention"', 'condition = "hidden"', "no condition named 'hidden'"),
        ('{ charges = "any", label', '{ charges = "some", label', "charges must be `any` or `all`"),
        (', label = "a civilian", label_uk = "цивільна особа" }', " }",
         "every condition needs a label"),
        (', label_uk = "цивільна особа" }', " }", "label needs a text in uk"),
        ('holds_when_uk = "цивільна особа без процесуального статусу"\n', "",
         "rule civilians: holds_when needs a text in uk"),
        ('measure = 1\n', "measure = 7\n", "no measure 7 in measures.toml"),
        (
            '{ fact = "held_incommunicado", is = "yes",',
            '{ fact = "held_incommunicado", equals = "yes",',
            "one of ('is', 'is_not', 'in', 'has', 'lacks') needed",
        ),
        ('legal_status = "suspect"', 'legal_status = "charged"', "'charged' is not a value"),
        ('key = "civilians"', 'key = "hostages"', "rule keys must be categories, not ['hostages']"),
    ],
)
def test_a_bad_rule_table_is_refused(old, new, message):
    text = data_text("rules.toml")
    assert old in text
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_ruleset(text.replace(old, new, 1))
