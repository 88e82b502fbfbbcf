import csv
from pathlib import Path

import pytest

from exchange.domain.charges import Charge, ChargesError, format_charges, parse_charges

PERSONS = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "persons.csv"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("", ""),
        (None, ""),
        ("  ", ""),
        ("205.5 ч.2", "205.5 ч.2"),
        ("ст. 205.5 ч.2 УК РФ", "205.5 ч.2"),
        ("ч. 2 ст. 205.5 КК РФ", "205.5 ч.2"),
        ("ч.2 ст.205.5", "205.5 ч.2"),
        ("ст.275", "275"),
        ("Art. 208 part 2", "208 ч.2"),
        ("Art. 205.5(2)", "205.5 ч.2"),
        ("art 205.5 (2)", "205.5 ч.2"),
        ("205.5; 278", "205.5; 278"),
        ("205.5 ч.2, 278", "205.5 ч.2; 278"),
        ("30 ч.1, 281 ч.2", "30 ч.1, 281 ч.2"),
        ("ч.1 ст.30, 278", "30 ч.1, 278"),
        ("205.5 ч.2; ч.1 ст.30, 278", "205.5 ч.2; 30 ч.1, 278"),
        ("Art. 205.5(2); Art. 30(1), Art. 278", "205.5 ч.2; 30 ч.1, 278"),
        ("ч.3 ст.30, ч. 2 ст. 105 КК РФ", "30 ч.3, 105 ч.2"),
        ("п. «а» ч. 2 ст. 105", "105 ч.2 п.а"),
        ("п.a ч.2 ст.105", "105 ч.2 п.а"),  # Latin a
        ("Art. 105(2)(a)", "105 ч.2 п.а"),
        ("cт. 205.5 ч.2", "205.5 ч.2"),  # Latin c in ст
        ("ct. 205.5", "205.5"),  # both letters Latin
        ("st. 205.5 ch. 2", "205.5 ч.2"),
        ("ЧАСТИНА 2 СТАТТЯ 208", "208 ч.2"),
        ("статья 205.5 часть 1 УК России", "205.5 ч.1"),
        ("ст.205.5 ч.2 и ст.278", "205.5 ч.2; 278"),
        ("205.5 ч.2\n278", "205.5 ч.2; 278"),
        ("ч.2ст.205.5", "205.5 ч.2"),
        ("Article 359 part 3 of the RF CC", "359 ч.3"),
        ("ART. 359 PART 3", "359 ч.3"),
        ("ст.ст. 205.5, 278", "205.5; 278"),
        ("ч. 1 ст. 30, п. «а» ч. 2 ст. 105 УК РФ", "30 ч.1, 105 ч.2 п.а"),
        ("ч.5 ст.33, ч.1 ст.30, ст.105", "33 ч.5, 30 ч.1, 105"),
        ("ст. 205.5 ч. 2 та ст. 278 КК РФ", "205.5 ч.2; 278"),
        ("ст.208 ч.2 УК РФ; ст. 222 ч.1 УК РФ", "208 ч.2; 222 ч.1"),
        ("ч 2 ст 205.5", "205.5 ч.2"),
    ],
)
def test_parse_and_format(text, canonical):
    assert format_charges(parse_charges(text)) == canonical


def test_auxiliary_article_qualifies_the_next_charge():
    charges = parse_charges("205.5 ч.2; ч.1 ст.30, 278")
    assert [c.article for c in charges] == ["205.5", "278"]
    assert charges[1] == Charge("278", None, "ч.1 ст.30, 278", None, ("30 ч.1",))
    assert charges[0].as_written == "205.5 ч.2"


def test_charge_fields():
    (charge,) = parse_charges("ч. 2 ст. 205.5 КК РФ")
    assert (charge.article, charge.part, charge.item) == ("205.5", "2", None)
    assert charge.as_written == "ч. 2 ст. 205.5 КК РФ"
    assert charge.code == "205.5 ч.2"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("невідомо", "невідомо"),
        ("205.5; hooliganism", "hooliganism"),
        ("УК РФ", "УК РФ"),
        ("ч.2", "ч.2"),
        ("ст.", "ст."),
        ("2024-05-01", "2024-05-01"),
        ("205.5 2", "205.5 2"),
        ("ч.1 ч.2 ст.205", "ч.1 ч.2 ст.205"),
        ("ст. 999", "ст. 999"),
        ("ч.1 ст.30", "ч.1 ст.30"),
        ("278; ч.1 ст.30", "ч.1 ст.30"),
        ("ч.0 ст.205", "ч.0 ст.205"),
        ("(2) 205", "(2) 205"),
        ("205 ч.2 п.abc", "205 ч.2 п.abc"),
    ],
)
def test_rejects_text_that_is_not_a_charge_list(text, fragment):
    with pytest.raises(ChargesError) as excinfo:
        parse_charges(text)
    assert excinfo.value.fragment == fragment
    assert repr(fragment) in str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.skipif(not PERSONS.exists(), reason="shared dev data not available")
def test_canonical_charges_of_the_dev_persons_round_trip():
    with PERSONS.open(newline="", encoding="utf-8") as handle:
        values = {row["charges"] for row in csv.DictReader(handle)}
    assert values
    for value in values:
        assert format_charges(parse_charges(value)) == value
