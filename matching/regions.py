"""Regions: ISO 3166-2:UA codes, also from free-text names in any of the three languages.

The region vocabulary (`data/regions.csv`, `data/region_words.csv`,
`data/region_aliases.csv`) is shared with the import, which reads it through
`region_words_as_written` and `region_aliases`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from matching import tables
from matching.normalise import fold

_CODE = re.compile(r"^UA-\d{2}$")
_KYIV_CITY, _KYIV_OBLAST = "UA-30", "UA-32"


@cache
def region_words_as_written() -> dict[str, bool]:
    """Words around a region's name ("область", "м.", "city"), as written -> says `oblast`."""
    return {r["word"]: r["oblast"] == "yes" for r in tables._csv_rows("region_words.csv")}


@cache
def region_aliases() -> tuple[tuple[str, str], ...]:
    """Region names as members write them, with their ISO 3166-2:UA code."""
    return tuple((r["alias"], r["code"]) for r in tables._csv_rows("region_aliases.csv"))


@lru_cache(maxsize=10_000)
def region_code(text: str | None) -> str:
    """Return the ISO 3166-2:UA code of a region (code or name), or its folded text, or ``""``."""
    value = (text or "").strip()
    if not value:
        return ""
    if _CODE.match(value.upper()):
        return value.upper()
    joined, oblast = _folded_name(value)
    for rule in tables.region_rules():
        if joined.startswith(rule.prefix):
            if rule.code == _KYIV_CITY and oblast:
                return _KYIV_OBLAST
            return rule.code
    aliases = _folded_aliases()
    return aliases.get((joined, oblast)) or aliases.get((joined, False)) or joined


def _folded_name(value: str) -> tuple[str, bool]:
    """Return a region name folded without the words around it, and whether one said oblast."""
    words = tables.region_words()
    kept, oblast = [], False
    for token in re.split(r"[\s.,()]+", value):
        folded = fold(token)
        if not folded:
            continue
        if folded in words:
            oblast = oblast or words[folded]
            continue
        kept.append(folded)
    return "".join(kept), oblast


@cache
def _folded_aliases() -> dict[tuple[str, bool], str]:
    """(folded name, says oblast) -> code, for the names no prefix of regions.csv covers."""
    return {_folded_name(alias): code for alias, code in region_aliases()}
