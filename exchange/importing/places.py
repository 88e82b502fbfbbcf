"""Citizenship to ISO 3166-1 alpha-2 codes and regions to ISO 3166-2:UA codes."""

from __future__ import annotations

import gettext
import re
from functools import cache

import pycountry
from rapidfuzz import fuzz, process

from exchange.importing.datafiles import read_table
from exchange.importing.text import key
from exchange.importing.values_base import BadValue, Notes
from matching.regions import region_aliases, region_words_as_written

STATELESS = "stateless"
_SPLIT = re.compile(r"\s*(?:[;,/+|]|\s(?:and|та|і|и|й)\s)\s*", re.IGNORECASE)
_LANGUAGES = ("uk", "ru")


def _translations(domain: str) -> list[gettext.NullTranslations]:
    """Return pycountry's Ukrainian and Russian catalogues for `domain`."""
    return [gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)
            for lang in _LANGUAGES]


@cache
def _country_lookup() -> dict[str, str]:
    """Return key -> alpha-2 from pycountry (en, uk, ru names) and the alias table."""
    table: dict[str, str] = {}
    catalogues = _translations("iso3166-1")
    for c in pycountry.countries:
        names = {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name)}
        names |= {t.gettext(n) for t in catalogues for n in list(names)}
        for n in names:
            table.setdefault(key(n), c.alpha_2)
        table.setdefault(key(c.alpha_3), c.alpha_2)
    for row in read_table("citizenship_aliases.csv"):
        table[key(row["alias"])] = row["code"]
    return table


def normalise_citizenship(raw: str, notes: Notes) -> str | None:
    """Return `UA;RU`-style codes (or `stateless`) for a citizenship cell."""
    codes: list[str] = []
    for part in _SPLIT.split(raw.strip()):
        if not part:
            continue
        code = _country_code(part)
        if code not in codes:
            codes.append(code)
    if STATELESS in codes and len(codes) > 1:
        raise BadValue("both stateless and a citizenship")
    return ";".join(codes) or None


def _country_code(name: str) -> str:
    """Return the alpha-2 code (or `stateless`) for one country name or code."""
    if re.fullmatch(r"[A-Z]{2}", name) and pycountry.countries.get(alpha_2=name):
        return name
    code = _country_lookup().get(key(name))
    if code is None:
        raise BadValue(f"unknown country {name!r}")
    return code


@cache
def _region_lookup() -> dict[str, str]:
    """Return region key -> ISO 3166-2:UA code from pycountry (en, uk, ru) and the alias table."""
    table: dict[str, str] = {}
    catalogues = _translations("iso3166-2")
    for sub in pycountry.subdivisions.get(country_code="UA"):
        for name in {sub.name, *(t.gettext(sub.name) for t in catalogues)}:
            for k in _region_keys(name):
                table.setdefault(k, sub.code)
    for alias, code in region_aliases():
        marked, bare = _region_keys(alias)
        table[marked] = code
        table.setdefault(bare, code)
    return table


@cache
def _region_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return the words around a region's name ("Донецька обл.", "м. Київ"): oblast, other."""
    words = region_words_as_written()
    return (frozenset(key(w) for w, oblast in words.items() if oblast),
            frozenset(key(w) for w, oblast in words.items() if not oblast))


def _region_keys(name: str) -> tuple[str, str]:
    """Return the lookup keys of a region name: with an oblast marker if it has one, and bare."""
    oblast_words, other_words = _region_words()
    words = [w for w in key(name).split() if w not in other_words]
    stem = " ".join(w for w in words if w not in oblast_words)
    marked = stem + " obl" if len(stem.split()) < len(words) else stem
    return marked, stem


def normalise_region(raw: str, notes: Notes) -> str | None:
    """Return the ISO 3166-2:UA code for a region name or code."""
    text = raw.strip()
    if not text:
        return None
    if re.fullmatch(r"UA-\d{2}", text.upper()):
        if pycountry.subdivisions.get(code=text.upper()) is None:
            raise BadValue("no such ISO 3166-2:UA code")
        return text.upper()
    table = _region_lookup()
    marked, bare = _region_keys(text)
    for k in (marked, bare):
        if k in table:
            return table[k]
    return _fuzzy_region(marked, table, notes)


def _fuzzy_region(k: str, table: dict[str, str], notes: Notes) -> str:
    """Match a misspelt region name when one candidate is clearly closest."""
    found = process.extractOne(k, table.keys(), scorer=fuzz.ratio, score_cutoff=85) if k else None
    if found is None:
        raise BadValue("unknown region: use an oblast name or an ISO 3166-2:UA code")
    code = table[found[0]]
    notes.warn(f"region read as {code} ({found[0]})")
    return code


def exact_region(raw: str) -> str | None:
    """Return the ISO 3166-2:UA code of a region name known exactly (no guessing), else None."""
    if re.fullmatch(r"UA-\d{2}", raw.strip().upper()):
        found = pycountry.subdivisions.get(code=raw.strip().upper())
        return found.code if found else None
    table = _region_lookup()
    marked, bare = _region_keys(raw.strip())
    return table.get(marked) or table.get(bare)
