import re

import pytest

from exchange.classification.articles import data_text
from exchange.classification.rules import parse_ruleset, ruleset

from .conftest import SEEDS

CONCEPT = SEEDS / "000_195650018d170e6f.txt"


def _plain(text: str) -> str:
    """The document's text without page-break hyphenation, bold marks and line breaks."""
    text = re.sub(r"-\n\n", "", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not CONCEPT.exists(), reason="source document not available")
@pytest.mark.parametrize("rule", ruleset().rules, ids=lambda rule: rule.key)
def test_measure_is_quoted_exactly_from_the_concept(rule):
    document = _plain(CONCEPT.read_text(encoding="utf-8"))
    assert f"{rule.measure}. {rule.measure_title}. {rule.measure_text}" in document


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
        (
            '{ charges = "any", label = "at least one charge" }',
            '{ charges = "some", label = "at least one charge" }',
            "charges must be `any` or `all`",
        ),
        (', label = "a civilian" }', " }", "every condition needs a label"),
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
