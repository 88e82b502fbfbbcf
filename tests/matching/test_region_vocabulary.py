"""One region vocabulary (matching/data/), read by matching and by the import alike."""

from __future__ import annotations

import pytest

from exchange.importing.places import normalise_region
from exchange.importing.values_base import Notes
from matching.regions import region_aliases, region_code, region_words_as_written

KNOWN_DISAGREEMENT = {
    # regions.csv reads the prefix `Киев` as the city; the alias says Kyiv oblast
    "киевщина": "regions.csv has no `Киевщ` prefix for UA-32",
}


def _cases():
    for alias, code in region_aliases():
        marks = ()
        if alias in KNOWN_DISAGREEMENT:
            marks = pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENT[alias])
        yield pytest.param(alias, code, id=alias, marks=marks)


@pytest.mark.parametrize(("alias", "code"), list(_cases()))
def test_both_read_every_region_name_of_the_table_alike(alias, code):
    assert normalise_region(alias, Notes()) == code
    assert region_code(alias) == code


@pytest.mark.parametrize(("words", "code"), [("Донецька", "UA-14"), ("Kyiv", "UA-30")])
@pytest.mark.parametrize("around", sorted(region_words_as_written()))
def test_both_ignore_the_words_around_a_name(around, words, code):
    said_oblast = region_words_as_written()[around]
    if code == "UA-30" and said_oblast:
        code = "UA-32"  # "Kyiv oblast" is the region around the city
    text = f"{words} {around}"
    assert normalise_region(text, Notes()) == code
    assert region_code(text) == code
