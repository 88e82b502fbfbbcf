"""Name normalisation: scripts, transliteration systems and name forms in one comparison space."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from matching import tables

T = TypeVar("T")
_APOSTROPHES = re.compile(r"['’ʼ`ʹ‘\"´]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_NON_LETTER = re.compile(r"[^a-zA-Z]")
_UKRAINIAN_ONLY = set("іїєґ")
_RUSSIAN_ONLY = set("ыэёъ")


def detect_script(text: str) -> str:
    """Say which script a name is written in: `uk`, `ru`, `cyrillic`, `latin`, `mixed` or `none`."""
    low = text.lower()
    has_cyr = bool(_CYRILLIC.search(low))
    has_lat = bool(_LATIN.search(low))
    if has_cyr and has_lat:
        return "mixed"
    if has_lat:
        return "latin"
    if not has_cyr:
        return "none"
    if _UKRAINIAN_ONLY & set(low):
        return "uk"
    if _RUSSIAN_ONLY & set(low):
        return "ru"
    return "cyrillic"


# Latin letters that look like Cyrillic ones, for repairing mixed-script words
# (a Latin "о" typed inside a Cyrillic surname, and the reverse).
_LATIN_TO_CYR = str.maketrans("aceiopxyABCEHIKMOPTXy", "асеіорхуАВСЕНІКМОРТХу")
_CYR_TO_LAT = str.maketrans("асеіорхуАВСЕНІКМОРТХ", "aceiopxyABCEHIKMOPTX")


_LOOKALIKE_CYR = set("асеіорхуАВСЕНІКМОРТХ")
_LOOKALIKE_LAT = set("aceiopxyABCEHIKMOPTX")


def repair_script(word: str) -> str:
    """Rewrite look-alike letters of a mixed-script word into the script it is written in.

    The script is the one with letters that have no look-alike in the other (л, ш; s, v);
    when both or neither have such letters, the majority script.
    """
    cyr = _CYRILLIC.findall(word)
    lat = _LATIN.findall(word)
    if not (cyr and lat):
        return word
    cyr_own = any(c not in _LOOKALIKE_CYR for c in cyr)
    lat_own = any(c not in _LOOKALIKE_LAT for c in lat)
    to_cyrillic = cyr_own if cyr_own != lat_own else len(cyr) >= len(lat)
    return word.translate(_LATIN_TO_CYR if to_cyrillic else _CYR_TO_LAT)


def transliterate(text: str) -> str:
    """Transliterate Cyrillic letters to Latin and spell out Latin diacritics, lowercase."""
    low = unicodedata.normalize("NFC", text).lower()
    bare_c = _bare_c_for(low)
    low = _APOSTROPHES.sub("", low)
    cyr = tables.cyrillic()
    out = "".join(cyr.get(ch, ch) for ch in low)
    out = re.sub(r"c(?![hzk])", bare_c, out)
    letters = tables.latin_letters()
    return "".join(letters.get(ch, ch) for ch in out)


def _bare_c_for(text: str) -> str:
    for system in tables.latin_systems():
        if not system.markers or any(m in text for m in system.markers):
            return system.bare_c
    return "k"


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold a name (any script, any transliteration) into the common comparison space."""
    if not text:
        return ""
    words = [repair_script(w) for w in text.split()]
    latin = transliterate(" ".join(words))
    latin = _NON_LETTER.sub("", latin)
    for pattern, replacement in tables.rewrites():
        latin = pattern.sub(replacement, latin)
    return latin


def initial_letters(text: str) -> frozenset[str]:
    """Return the initials a name may be written with (Юрій: Ю, Y, I; Олександр: O)."""
    latin = _NON_LETTER.sub("", transliterate(text))
    folded = fold(text)
    found = {c for c in (latin[:1], folded[:1]) if c and c.islower()}
    return frozenset(_INITIAL_CLASS.get(c, c) for c in found)


# Letters that stand for the same initial across systems (И = I = Y, Г = H = G).
_INITIAL_CLASS = {"y": "i", "j": "i", "h": "g", "c": "k", "x": "k", "q": "s", "w": "s", "t": "t",
                  "z": "z"}


def initial_class(letter: str) -> str:
    """Return the letter standing for an initial across transliterations (y, j -> i; h -> g)."""
    return _INITIAL_CLASS.get(letter, letter)


@dataclass(frozen=True)
class GivenName:
    """A given name as read from a record: its folded form, class and initials."""

    folded: str
    name_class: str
    initials: frozenset[str]
    is_initial: bool
    sex: str | None


_INITIAL_TOKEN = re.compile(r"^\w\.?$|^\w\.\w\.?$", re.UNICODE)


def is_initial(token: str) -> bool:
    """Tell whether a name part is only an initial (`О.`, `O`, `О.М.`)."""
    return bool(_INITIAL_TOKEN.match(token.strip()))


@lru_cache(maxsize=50_000)
def given_name(text: str) -> GivenName | None:
    """Normalise a given name: folded form, equivalence class, initials, implied sex."""
    text = (text or "").strip()
    if not text:
        return None
    if is_initial(text):
        letter = text.strip(". ")[:1]
        return GivenName("", "", initial_letters(letter), True, None)
    folded = fold(text)
    if not folded:
        return None
    entry = tables.given_name_index().get(folded) or _misspelt(folded, tables.given_name_index())
    if entry is None:
        return GivenName(folded, "~" + folded, initial_letters(text), False, None)
    return GivenName(folded, entry.key, initial_letters(text) | entry.initials, False, entry.sex)


@dataclass(frozen=True)
class Patronymic:
    """A patronymic: folded form, the given-name class it is built on, initials, implied sex."""

    folded: str
    name_class: str
    initials: frozenset[str]
    is_initial: bool
    sex: str | None


@lru_cache(maxsize=50_000)
def patronymic(text: str) -> Patronymic | None:
    """Normalise a patronymic to the given name it derives from (Юрьевич -> Юрій)."""
    text = (text or "").strip()
    if not text:
        return None
    if is_initial(text):
        return Patronymic("", "", initial_letters(text.strip(". ")[:1]), True, None)
    folded = fold(text)
    if not folded:
        return None
    stem, sex = _cut_patronymic_ending(folded)
    stems = tables.given_name_stems()
    key = (stems.get(stem) or _misspelt(stem, stems)) if stem else None
    if key is None:
        stem, sex, key = _misspelt_ending(folded, stem, sex, stems)
    name_class = key if key else "~" + (stem or folded)
    return Patronymic(folded, name_class, initial_letters(text), False, sex)


MIN_MISSPELT = 5  # shorter names are one typo from other names (Іра, Іна)


def _misspelt(folded: str, index: Mapping[str, T]) -> T | None:
    """The entry of the known name one typo away (a letter changed, dropped, added or two
    swapped), when all such names agree on it: Натала, Дімтро, Гаана read as Наталя,
    Дмитро, Ганна."""
    if len(folded) < MIN_MISSPELT:
        return None
    found = {id(index[name]): index[name] for name in tables.one_typo_neighbours(folded, index)}
    return next(iter(found.values())) if len(found) == 1 else None


def _cut_patronymic_ending(folded: str) -> tuple[str, str | None]:
    endings = tables.patronymic_endings()
    for sex in ("F", "M"):
        for ending in endings[sex]:
            if folded.endswith(ending) and len(folded) > len(ending) + 1:
                return name_stem(folded[: -len(ending)]), sex
    return "", None


MIN_MISSPELT_ENDING = 4  # a letter off in a shorter ending (-ич) reads too many words


def _misspelt_ending(folded: str, stem: str, sex: str | None,
                     stems: Mapping[str, str]) -> tuple[str, str | None, str | None]:
    """A typo in the ending rather than the stem (Александрофич, Петрофна): an ending one
    letter off, on a stem that is a known name as written, when all such readings agree.
    Otherwise the reading as it was (stem, sex, no name)."""
    found: dict[str, tuple[str, str]] = {}
    endings = tables.patronymic_endings()
    for ending_sex in ("F", "M"):
        for ending in endings[ending_sex]:
            size = len(ending)
            tail = folded[-size:]
            if size < MIN_MISSPELT_ENDING or len(folded) <= size + 1 or tail == ending:
                continue
            if sum(a != b for a, b in zip(tail, ending, strict=True)) == 1:
                cut = name_stem(folded[:-size])
                if cut in stems:
                    found.setdefault(stems[cut], (cut, ending_sex))
    if len(found) == 1:
        (key, (cut, ending_sex)), = found.items()
        return cut, ending_sex, key
    return stem, sex, None


def name_stem(folded: str) -> str:
    """Cut trailing vowels from a folded name: the part patronymics are built on."""
    return folded.rstrip("aeiou") or folded


@lru_cache(maxsize=200_000)
def surname_key(folded: str) -> str:
    """Return the form of a folded surname shared by its feminine and masculine forms."""
    for ending, min_stem in tables.surname_endings():
        if folded.endswith(ending) and len(folded) - len(ending) >= min_stem:
            return folded[: -len(ending)]
    return folded


def phonetic_key(folded: str, length: int = 4) -> str:
    """Return a short consonant key of a folded surname for blocking."""
    key = surname_key(folded)
    if not key:
        return ""
    return (key[0] + re.sub(r"[aeiou]", "", key[1:]))[:length]
