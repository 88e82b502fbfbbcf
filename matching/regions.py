"""Regions: ISO 3166-2:UA codes, also from free-text names in any of the three languages."""

from __future__ import annotations

import re
from functools import lru_cache

from matching import tables
from matching.normalise import fold

_CODE = re.compile(r"^UA-\d{2}$")
_KYIV_CITY, _KYIV_OBLAST = "UA-30", "UA-32"


@lru_cache(maxsize=10_000)
def region_code(text: str | None) -> str:
    """Return the ISO 3166-2:UA code of a region (code or name), or its folded text, or ``""``."""
    value = (text or "").strip()
    if not value:
        return ""
    if _CODE.match(value.upper()):
        return value.upper()
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
    joined = "".join(kept)
    for rule in tables.region_rules():
        if joined.startswith(rule.prefix):
            if rule.code == _KYIV_CITY and oblast:
                return _KYIV_OBLAST
            return rule.code
    return joined
