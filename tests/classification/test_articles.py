import re

import pytest

from exchange.classification import Nature, Proposal, article_table, parse_charges
from exchange.classification.articles import parse_article_table

from .conftest import SEEDS

# Articles the Concept names, and those used against Ukrainian detainees (issue 5).
REQUIRED = [
    "205",
    "205.1",
    "205.2",
    "205.3",
    "205.4",
    "205.5",
    "205.6",
    "206",
    "208",
    "212",
    "222",
    "275",
    "275.1",
    "276",
    "278",
    "280",
    "280.1",
    "280.2",
    "280.3",
    "280.4",
    "281",
    "282",
    "282.1",
    "282.2",
    "282.3",
    "282.4",
    "317",
    "318",
    "354.1",
    "356",
    "357",
    "358",
    "359",
    "105",
    "111",
    "162",
    "228",
    "148",
    "207.1",
    "207.2",
    "207.3",
    "212.1",
    "213",
    "214",
    "243.4",
    "244",
    "283.1",
    "284.1",
    "284.2",
    "284.3",
    "330.1",
    "330.3",
    "352.1",
    "30",
    "159",
    "222.1",
    "228.1",
    "285",
    "290",
    "319",
]


@pytest.mark.parametrize("article", REQUIRED)
def test_required_articles_are_in_the_table(article):
    assert article in article_table()


@pytest.mark.parametrize(
    ("charge", "title_en", "nature", "proposals"),
    [
        ("208 ч.2", "participation)", Nature.PARTICIPATION, {Proposal.REPEAL}),
        ("208 ч.3", "participation)", Nature.PARTICIPATION, {Proposal.REPEAL}),
        ("208 ч.1", "participation in it", Nature.PARTICIPATION, {Proposal.NONE}),
        ("208", "participation in it", Nature.PARTICIPATION, {Proposal.NONE}),
        ("354.1 ч.3", "(desecration", Nature.EXPRESSION, {Proposal.REPEAL}),
        (
            "354.1 ч.1",
            "Rehabilitation of Nazism",
            Nature.EXPRESSION,
            {Proposal.AMEND, Proposal.AMNESTY},
        ),
        ("212 ч.3", "Mass riots (calls)", Nature.EXPRESSION, {Proposal.AMNESTY}),
        ("212 ч.2", "Mass riots", Nature.VIOLENT, {Proposal.NONE}),
        ("318 ч.1", "not dangerous", Nature.VIOLENT, {Proposal.AMNESTY}),
        ("318 ч.2", "authority", Nature.VIOLENT, {Proposal.NONE}),
        ("148 ч.1", "insulting religious feelings", Nature.EXPRESSION, {Proposal.REPEAL}),
        ("280.3 ч.1", "discrediting", Nature.EXPRESSION, {Proposal.REPEAL}),
        ("ч.1 ст.30, 278", "Forcible seizure", Nature.PARTICIPATION, {Proposal.NONE}),
        ("356 ч.1", "prohibited means", Nature.WAR_CRIME, {Proposal.NONE}),
        ("275", "High treason", Nature.AGAINST_STATE, {Proposal.AMEND, Proposal.AMNESTY}),
    ],
)
def test_lookup_uses_the_part_when_it_matters(charge, title_en, nature, proposals):
    (parsed,) = parse_charges(charge)
    article = article_table().lookup(parsed)
    assert title_en in article.title_en
    assert article.nature is nature
    assert set(article.proposals) == proposals


def test_unknown_article_is_not_guessed():
    (parsed,) = parse_charges("300")
    assert article_table().lookup(parsed) is None


def test_every_row_has_three_titles():
    for row in article_table().rows:
        assert all((row.title_uk, row.title_en, row.title_ru)), row.article
        assert row.title("uk") == row.title_uk
        assert row.title("ru") == row.title_ru


def test_the_participation_articles_are_those_of_the_spec():
    participation = {
        row.article for row in article_table().rows if row.nature is Nature.PARTICIPATION
    }
    assert participation == {"205.4", "205.5", "208", "278", "282.2", "359"}


def test_the_war_crime_articles_imply_a_war_crime_accusation():
    war_crimes = {row.article for row in article_table().rows if row.nature is Nature.WAR_CRIME}
    assert war_crimes == {"356", "357", "358"}
    assert all(
        "war_crime_accusation" in article_table().lookup(c).implies
        for c in parse_charges("356; 357; 358")
    )


HEADER = ("article,parts,nature,proposal,implies,title_uk,title_en,title_ru,concept_reference,"
          "concept_reference_uk,note,note_uk\n")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1,,harmless,none,,a,b,c,,,,", "line 2: 'harmless' is not a valid Nature"),
        ("1,,general,abolish,,a,b,c,,,,", "line 2: 'abolish' is not a valid Proposal"),
        ("1,,general,none,guilt,a,b,c,,,,", "line 2: implies unknown facts ['guilt']"),
        ("1,,general,none,,a,b,c,,,,\n1,,general,none,,a,b,c,,,,", "art. 1 listed twice"),
        ("1,2,general,none,,a,b,c,,,,\n1,2;3,general,none,,a,b,c,,,,", "art. 1 ч.2 listed twice"),
        ("1,,general,none,,a,b,c,,,English note,", "note needs its Ukrainian form in note_uk"),
    ],
)
def test_a_bad_table_is_refused_with_its_line(row, message):
    with pytest.raises(ValueError, match="rf_cc_articles.csv") as excinfo:
        parse_article_table(HEADER + row + "\n")
    assert message in str(excinfo.value)


def test_every_article_the_concept_names_is_in_the_table():
    concept = SEEDS / "000_195650018d170e6f.txt"
    if not concept.exists():
        pytest.skip("source document not available")
    text = concept.read_text(encoding="utf-8")
    # article numbers of the special part (105-361), not federal laws (`No. 114-FZ`)
    named = set(re.findall(r"(?<![\d.,])([1-3]\d{2}(?:\.\d{1,2})?)(?![\d]|-FZ)", text))
    assert len(named) > 35
    assert sorted(article for article in named if article not in article_table()) == []
