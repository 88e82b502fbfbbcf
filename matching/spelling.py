"""Write a name in another script: national Latin, Russian Cyrillic, Ukrainian Cyrillic; sort it.

The comparison space of `normalise.py` is for matching only. This module writes names
for people to read: the Ukrainian national Latin system of 2010 (passports), the Russian
Cyrillic form put on lists that go to the other side, a Ukrainian Cyrillic form derived
from a Latin spelling (shown as derived), and a sort key in Ukrainian alphabetical order.
The systems are tables in `data/spelling.toml`; given names go through the given-name
table of the matching engine first, since `Sergey` is `Сергій` by equivalence, not by
letters.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from matching import normalise, tables

Part = Literal["surname", "given_name", "patronymic"]

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*", re.UNICODE)
_APOSTROPHES = "'’ʼ`"
_VOWELS = set("aeiouy")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")


@cache
def _table() -> dict:
    text = resources.files("matching").joinpath("data", "spelling.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class _NameForms:
    ukrainian: str
    russian: str
    sex: str


@cache
def _given_names() -> tuple[dict[str, _NameForms], dict[str, _NameForms]]:
    """Return (folded spelling -> forms, class key -> forms) from the given-name table."""
    by_spelling: dict[str, _NameForms] = {}
    by_key: dict[str, _NameForms] = {}
    for row in tables._csv_rows("given_names.csv"):
        spellings = [f.strip() for f in row["forms"].split("|") if f.strip()]
        cyrillic = [f for f in spellings if _CYRILLIC.search(f)]
        if not cyrillic:
            continue
        uk = next((f for f in cyrillic if normalise.detect_script(f) == "uk"), cyrillic[0])
        ru = next((f for f in cyrillic if f != uk), _russian_letters(uk))
        forms = _NameForms(uk, ru, row["sex"])
        by_key.setdefault(row["key"], forms)
        for spelling in spellings:
            by_spelling.setdefault(normalise.fold(spelling), forms)
    return by_spelling, by_key


def _match_case(source: str, written: str) -> str:
    """Write `written` in the case style of `source` (CAPS, Title or lower)."""
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return written.upper()
    if letters and letters[0].isupper():
        return written[:1].upper() + written[1:]
    return written


def _each_word(text: str, write) -> str:
    """Apply `write(word) -> str` to every word of `text`, keeping spaces and hyphens."""
    return _WORD.sub(lambda m: _match_case(m.group(0), write(m.group(0).lower())), text)


# --- Ukrainian national Latin (KMU 2010) -------------------------------------------


def national_latin(text: str) -> str:
    """Write a Cyrillic name in the Ukrainian national Latin system (Щербак -> Shcherbak)."""
    if not text:
        return ""
    return _each_word(unicodedata.normalize("NFC", text), _national_latin_word)


def _national_latin_word(word: str) -> str:
    letters = _table()["national_latin"]
    pairs = _table()["national_latin_pairs"]
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i:i + 2]
        if pair in pairs:
            out.append(pairs[pair])
            i += 2
            continue
        ch = word[i]
        i += 1
        if ch in _APOSTROPHES:
            continue
        spelt = letters.get(ch, ch)
        if isinstance(spelt, list):
            spelt = spelt[0] if not out else spelt[1]
        out.append(spelt)
    return "".join(out)


# --- Ukrainian Cyrillic from a Latin spelling ------------------------------------


def ukrainian_from_latin(text: str, part: Part | None = None) -> str:
    """Derive a Ukrainian Cyrillic form of a Latin name (Serhii, Sergey -> Сергій)."""
    if not text:
        return ""
    if part == "given_name" and (forms := _given_names()[0].get(normalise.fold(text))):
        return _match_case(text, forms.ukrainian)
    if part == "patronymic" and (built := _patronymic_form(text, "uk")):
        return _match_case(text, built)
    bare_c = _bare_c(text.lower())
    return _each_word(text, lambda w: _cyrillic_word(_ascii(w), bare_c))


def _ascii(word: str) -> str:
    letters = tables.latin_letters()
    return "".join(letters.get(ch, ch) for ch in word if ch not in _APOSTROPHES)


def _bare_c(text: str) -> str:
    """Return the Cyrillic a bare Latin `c` stands for in this spelling's system."""
    for system in tables.latin_systems():
        if not system.markers or any(m in text for m in system.markers):
            return {"dzh": "дж", "ts": "ц"}.get(system.bare_c, "к")
    return "к"


def _cyrillic_word(word: str, bare_c: str) -> str:
    spec = _table()["cyrillic_from_latin"]
    out: list[str] = []
    i = 0
    while i < len(word):
        place = spec["initial"] if i == 0 else spec["inner"]
        for size in (4, 3, 2, 1):
            chunk = word[i:i + size]
            if len(chunk) < size:
                continue
            found = place.get(chunk) or spec["any"].get(chunk)
            if found and size == 1:
                found = _single_letter(word, i, found, bare_c)
            if found:
                out.append(found)
                i += size
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def _single_letter(word: str, i: int, found: str, bare_c: str) -> str:
    """Read `i`, `y` and `c` by their neighbours: after a vowel `i`/`y` is `й`."""
    ch = word[i]
    after_vowel = i > 0 and word[i - 1] in _VOWELS
    before_vowel = i + 1 < len(word) and word[i + 1] in _VOWELS
    if ch in "iy" and after_vowel and not before_vowel:
        return "й"
    if ch == "y" and i == 0 and before_vowel:
        return "й"
    if ch == "c":
        return bare_c
    return found


# --- Russian Cyrillic form ----------------------------------------------------------


def russian_form(text: str, part: Part | None = None) -> str:
    """Write a name in its Russian Cyrillic form (Олександр -> Александр, Гнатюк -> Гнатюк)."""
    if not text:
        return ""
    if _LATIN.search(text) and not _CYRILLIC.search(text):
        text = ukrainian_from_latin(text, part)
    if part == "given_name" and (forms := _given_names()[0].get(normalise.fold(text))):
        return _match_case(text, forms.russian)
    if part == "patronymic" and (built := _patronymic_form(text, "ru")):
        return _match_case(text, built)
    return _each_word(text, _russian_letters)


def _russian_letters(word: str) -> str:
    for group, written in _table()["russian_groups"].items():
        word = word.replace(group, written)
    letters = _table()["russian_from_ukrainian"]
    return "".join(letters.get(ch, ch) for ch in word)


def ukrainian_form(text: str, part: Part | None = None) -> tuple[str, bool]:
    """Return the name in Ukrainian Cyrillic and whether that form was derived, not given."""
    if not text:
        return "", False
    script = normalise.detect_script(text)
    if script == "latin":
        return ukrainian_from_latin(text, part), True
    if script in ("ru", "cyrillic") and part == "given_name":
        forms = _given_names()[0].get(normalise.fold(text))
        if forms and forms.ukrainian.casefold() != text.casefold():
            return _match_case(text, forms.ukrainian), True
    return text, False


def reading_form(text: str | None, part: Part | None = None) -> tuple[str, bool]:
    """Return a name part as a Ukrainian reader reads it, and whether it was derived.

    Cyrillic is shown as written (a person's Russian spelling is theirs); a part known only
    in Latin letters gets the Ukrainian Cyrillic form derived from it, marked as derived.
    """
    if not text:
        return "", False
    if normalise.detect_script(text) == "latin":
        return ukrainian_from_latin(text, part), True
    return text, False


def _patronymic_form(text: str, language: str) -> str | None:
    """Build the patronymic in a language from the given name it is built on, if known."""
    read = normalise.patronymic(text)
    if read is None or read.is_initial or read.name_class.startswith("~"):
        return None
    forms = _given_names()[1].get(read.name_class)
    if forms is None:
        return None
    given = forms.ukrainian if language == "uk" else forms.russian
    female = read.sex == "F"
    irregular = _table()["patronymic_irregular"][language].get(given)
    if irregular:
        return irregular[1 if female else 0]
    for rule in _table()["patronymic"][language]:
        if given.endswith(rule["after"]):
            stem = given[: len(given) - rule["cut"]] if rule["cut"] else given
            return stem + (rule["female"] if female else rule["male"])
    return None


# --- Sorting ------------------------------------------------------------------------


@cache
def _alphabet() -> dict[str, int]:
    return {letter: i for i, letter in enumerate(_table()["collation"]["cyrillic"].split())}


def sort_key(*parts: str | None) -> tuple:
    """Return a key sorting names in Ukrainian alphabetical order, Latin after Cyrillic."""
    order = _alphabet()
    latin_base = len(order)
    key: list[tuple[int, ...]] = []
    for part in parts:
        word: list[tuple[int, int]] = []
        for ch in unicodedata.normalize("NFC", (part or "").casefold()):
            if ch in _APOSTROPHES:
                continue
            if ch in order:
                word.append((1, order[ch]))
            elif "a" <= ch <= "z":
                word.append((1, latin_base + ord(ch) - ord("a")))
            elif ch.isalpha():
                word.append((1, latin_base + 26 + ord(ch)))
            else:
                word.append((0, ord(ch)))
        key.append(tuple(x for pair in word for x in pair))
    return (tuple(key), tuple(p or "" for p in parts))


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_TOKEN_MAX = 36**3 - 1


def _token(kind: int, value: int) -> str:
    value = min(value, _TOKEN_MAX)
    return str(kind) + _DIGITS[value // 1296] + _DIGITS[value // 36 % 36] + _DIGITS[value % 36]


def sort_text(*parts: str | None) -> str:
    """Return `sort_key` as plain ASCII text, for a database column any collation orders alike.

    Each character is a token of four (its class, then its place as three base-36 digits)
    and each part ends with `0`, below every token: a shorter part sorts first, and the
    surname decides before the given name, as with `sort_key`.
    """
    out: list[str] = []
    for word in sort_key(*parts)[0]:
        out.extend(_token(word[i] + 1, word[i + 1]) for i in range(0, len(word), 2))
        out.append("0")
    return "".join(out)
