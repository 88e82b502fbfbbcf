"""Text helpers: lookup keys, whitespace clean-up and mixed-script repair."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'’ʼ`‘′´"
_NON_WORD = re.compile(r"[^\w№+]+")
_SPACES = re.compile(r"\s+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")

# Latin letters that look like Cyrillic ones, and back: the usual keyboard slips.
_LATIN_TO_CYR = str.maketrans("AaBCcEeHIiKMOoPpTXxYy", "АаВСсЕеНІіКМОоРрТХхУу")
_CYR_TO_LATIN = str.maketrans("АаВСсЕеНІіКМОоРрТХхУу", "AaBCcEeHIiKMOoPpTXxYy")
_LATIN_LOOKALIKES = set("AaBCcEeHIiKMOoPpTXxYy")
_CYR_LOOKALIKES = set("АаВСсЕеНІіКМОоРрТХхУу")


def key(text: object) -> str:
    """Return a lookup key: one script per word, case-folded, punctuation as single spaces."""
    s = unicodedata.normalize("NFC", str(text))
    if _CYRILLIC.search(s) and _LATIN.search(s):
        s = repair_mixed_script(s)[0]  # `Прiзвище` typed with a Latin i is still `Прізвище`
    s = s.casefold().replace("ё", "е")
    for a in _APOSTROPHES:
        s = s.replace(a, "")
    s = s.replace("№", " № ")
    return _NON_WORD.sub(" ", s).replace("_", " ").strip()


def clean(text: object) -> str:
    """Return text with non-breaking and repeated spaces collapsed and ends trimmed."""
    s = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return _SPACES.sub(" ", s).strip()


def repair_word(word: str) -> str:
    """Return `word` in one script when it mixes Latin look-alikes into Cyrillic (or back)."""
    if not (_CYRILLIC.search(word) and _LATIN.search(word)):
        return word
    latin = [c for c in word if _LATIN.match(c)]
    cyr = [c for c in word if _CYRILLIC.match(c)]
    if len(cyr) >= len(latin) and all(c in _LATIN_LOOKALIKES for c in latin):
        return word.translate(_LATIN_TO_CYR)
    if len(latin) > len(cyr) and all(c in _CYR_LOOKALIKES for c in cyr):
        return word.translate(_CYR_TO_LATIN)
    return word


def repair_mixed_script(text: str) -> tuple[str, list[str]]:
    """Repair every mixed-script word of `text`; return the text and the words changed."""
    changed = []
    parts = re.split(r"(\s+|-)", text)
    for i, part in enumerate(parts):
        fixed = repair_word(part)
        if fixed != part:
            changed.append(part)
            parts[i] = fixed
    return "".join(parts), changed


def has_cyrillic(text: str) -> bool:
    """Return True when `text` contains a Cyrillic letter."""
    return bool(_CYRILLIC.search(text))
