"""Dates of birth as lists write them; regions from codes or names."""

import pytest

from matching.dates import PartialDate, parse_date
from matching.regions import region_code


@pytest.mark.parametrize(("text", "expected"), [
    ("1985-03-12", PartialDate(1985, 3, 12)),
    ("1985-03", PartialDate(1985, 3)),
    ("1985", PartialDate(1985)),
    ("12.03.1985", PartialDate(1985, 3, 12)),
    ("12/03/1985", PartialDate(1985, 3, 12)),
    ("12.03.85", PartialDate(1985, 3, 12)),
    ("01.02.05", PartialDate(2005, 2, 1)),
    ("1985 р.", PartialDate(1985)),
    ("1985 г.р.", PartialDate(1985)),
    ("1985-03-12T00:00:00", PartialDate(1985, 3, 12)),
    ("03/25/1985", PartialDate(1985, 3, 25)),  # month > 12: read the other way round
    ("31.13.1985", PartialDate(1985)),  # nothing valid but the year
    ("", PartialDate()),
    (None, PartialDate()),
    ("невідомо", PartialDate()),
    ("0985-01-01", PartialDate()),
    ("15 березня 1957 р.", PartialDate(1957, 3, 15)),
    ("15 марта 1957 г.", PartialDate(1957, 3, 15)),
    ("March 15, 1957", PartialDate(1957, 3, 15)),
    ("15 March 1957", PartialDate(1957, 3, 15)),
    ("15-Sep-1957", PartialDate(1957, 9, 15)),
    ("3 сент. 1957", PartialDate(1957, 9, 3)),
    ("травень 1957 року", PartialDate(1957, 5)),
    ("15 мая 1957", PartialDate(1957, 5, 15)),
    ("32 May 1957", PartialDate(1957)),
    ("15 ма 1957", PartialDate()),  # ма: March or May
    ("15 березня", PartialDate()),  # no year
    ("15 16 березня 1957", PartialDate()),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("date", "full"), [
    (PartialDate(1985, 3, 12), True), (PartialDate(1985, 3), False), (PartialDate(), False),
])
def test_partial_date_precision(date, full):
    assert date.is_full is full


@pytest.mark.parametrize(("text", "code"), [
    ("UA-43", "UA-43"),
    ("ua-43", "UA-43"),
    ("АР Крим", "UA-43"),
    ("Республика Крым", "UA-43"),
    ("Autonomous Republic of Crimea", "UA-43"),
    ("м. Севастополь", "UA-40"),
    ("Sevastopol city", "UA-40"),
    ("Запорізька обл.", "UA-23"),
    ("Zaporizhzhia region", "UA-23"),
    ("Херсонщина", "UA-65"),
    ("Донеччина", "UA-14"),
    ("Donetska", "UA-14"),
    ("Луганская область", "UA-09"),
    ("Київ", "UA-30"),
    ("г. Киев", "UA-30"),
    ("Kyiv oblast", "UA-32"),
    ("Київська обл.", "UA-32"),
    ("", ""),
    (None, ""),
])
def test_region_code(text, code):
    assert region_code(text) == code


def test_unknown_region_keeps_its_folded_text():
    assert region_code("Атлантида") == region_code("Atlantyda") != ""
