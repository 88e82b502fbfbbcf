"""Parse and format lists of RF Criminal Code charges as partner lists write them.

Accepted: `ст. 205.5 ч.2 УК РФ`, `ч. 2 ст. 205.5 КК РФ`, `Art. 208 part 2`,
`Art. 205.5(2)`, `205.5; 278`, `30 ч.1, 281 ч.2`, `п. «а» ч. 2 ст. 105`, with
Latin or Cyrillic letters. Art. 30 (preparation, attempt) and art. 33
(complicity) belong to the general part of the Code and never stand alone:
they qualify the article that follows them (`ч.1 ст.30, 278` is a charge
under 278), so they are kept on that charge as `auxiliary`.
The canonical form is `205.5 ч.2; 30 ч.1, 278; 105 ч.2 п.а`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "AUXILIARY_ARTICLES",
    "Charge",
    "ChargesError",
    "format_charges",
    "format_stored_charges",
    "parse_charges",
]

# General-part articles that qualify the next charge instead of being one.
AUXILIARY_ARTICLES = frozenset({"30", "33"})
_LAST_ARTICLE = 361  # the last article of the RF Criminal Code's special part

_ARTICLE_WORDS = frozenset(
    {
        "ст",
        "стт",
        "стаття",
        "статті",
        "статья",
        "статьи",
        "статей",
        "art",
        "arts",
        "article",
        "articles",
        "st",
    }
)
_PART_WORDS = frozenset(
    {"ч", "чч", "част", "частина", "частини", "часть", "части", "part", "parts", "pt", "ch"}
)
_ITEM_WORDS = frozenset(
    {"п", "пп", "пункт", "пункту", "пункта", "пункты", "item", "para", "paragraph", "subpara"}
)
# Words naming the Code itself ("УК РФ", "КК РФ", "of the RF CC"): carry no information.
_CODE_WORDS = frozenset(
    {
        "ук",
        "кк",
        "рф",
        "росії",
        "россии",
        "кримінального",
        "кодексу",
        "уголовного",
        "кодекса",
        "cc",
        "rf",
        "uk",
        "ru",
        "of",
        "the",
        "criminal",
        "code",
        "russian",
        "federation",
    }
)
_KNOWN_WORDS = _ARTICLE_WORDS | _PART_WORDS | _ITEM_WORDS | _CODE_WORDS

# Latin letters that look like Cyrillic ones: `cт` typed with a Latin `c` is still `ст`.
_LOOKALIKE = str.maketrans("aceiopxykmhtb", "асеіорхукмнтв")
# Item letters written in Latin (transliteration) -> the Cyrillic letter of the Code.
_ITEM_LATIN = {
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
}

_SEPARATORS = re.compile(r"[;,\n]|\s(?:і|и|та|and|&)\s", re.IGNORECASE)
_TOKEN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<paren>\(\s*[^()\s]+\s*\))"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<skip>[\s.:№#«»\"'`“”„‘’*-]+)"
)
_ARTICLE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})?")
_PART_NUMBER = re.compile(r"[1-9]\d?")


class ChargesError(ValueError):
    """The text is not a list of RF Criminal Code charges."""

    def __init__(self, fragment: str, reason: str) -> None:
        self.fragment = fragment
        self.reason = reason
        super().__init__(f"not a charge: {fragment!r} ({reason})")


@dataclass(frozen=True)
class Charge:
    """One charge: an article of the RF Criminal Code, with its part and item if given."""

    article: str
    part: str | None
    as_written: str
    item: str | None = None
    auxiliary: tuple[str, ...] = field(default=())

    @property
    def code(self) -> str:
        """The charge in canonical form, without its auxiliary articles: `105 ч.2 п.а`."""
        text = self.article
        if self.part:
            text += f" ч.{self.part}"
        if self.item:
            text += f" п.{self.item}"
        return text

    def __str__(self) -> str:
        return ", ".join((*self.auxiliary, self.code))


def parse_charges(text: str | None) -> list[Charge]:
    """Parse a charge list; raise `ChargesError` naming the fragment that is not a charge."""
    if text is None or not str(text).strip():
        return []
    charges: list[Charge] = []
    pending_aux: list[tuple[str, str]] = []  # (canonical, as written)
    for raw in _SEPARATORS.split(str(text)):
        fragment = raw.strip()
        if not fragment:
            continue
        article, part, item = _parse_fragment(fragment)
        if article in AUXILIARY_ARTICLES:
            pending_aux.append((_canonical(article, part, item), fragment))
            continue
        written = ", ".join([w for _, w in pending_aux] + [fragment])
        charges.append(Charge(article, part, written, item, tuple(c for c, _ in pending_aux)))
        pending_aux = []
    if pending_aux:
        raise ChargesError(
            pending_aux[-1][1], "art. 30/33 must be followed by the article it qualifies"
        )
    return charges


def format_charges(charges: list[Charge]) -> str:
    """Format charges in canonical form: `205.5 ч.2; 30 ч.1, 278`."""
    return "; ".join(str(charge) for charge in charges)


class StoredCharge(Protocol):
    """A charge as the registry keeps it (`exchange.models.Charge`): article and part."""

    id: int | None
    article: str
    part: str | None
    as_written: str


def format_stored_charges(rows: Iterable[StoredCharge]) -> str:
    """Format a person's stored charges in canonical form, in the order they were stored."""
    ordered = sorted(rows, key=lambda row: row.id or 0)
    return format_charges([Charge(row.article, row.part, row.as_written) for row in ordered])


def _canonical(article: str, part: str | None, item: str | None) -> str:
    return Charge(article, part, "", item).code


def _keyword(word: str) -> str | None:
    lowered = word.lower()
    if lowered in _KNOWN_WORDS:
        return lowered
    cyrillic = lowered.translate(_LOOKALIKE)
    return cyrillic if cyrillic in _KNOWN_WORDS else None


def _parse_fragment(fragment: str) -> tuple[str, str | None, str | None]:
    """Read one reference like `ч. 2 ст. 205.5 КК РФ` into (article, part, item)."""
    slots: dict[str, str | None] = {"article": None, "part": None, "item": None}
    pending: str | None = None

    def put(slot: str, value: str) -> None:
        if slots[slot] is not None:
            raise ChargesError(fragment, f"two values for one {slot}")
        slots[slot] = value

    position = 0
    while position < len(fragment):
        match = _TOKEN.match(fragment, position)
        if match is None:
            raise ChargesError(fragment, f"unexpected {fragment[position]!r}")
        position = match.end()
        kind, value = match.lastgroup, match.group()
        if kind == "skip":
            continue
        if kind == "paren":
            inner = value.strip("() ")
            if slots["article"] is None:
                raise ChargesError(fragment, "a part in brackets before any article")
            if inner.isdigit():
                put("part", inner)
            else:
                put("item", _item_letter(fragment, inner))
        elif kind == "num":
            slot = pending or _bare_number_slot(slots)
            if slot is None:
                raise ChargesError(fragment, f"number {value} is neither article nor part")
            put(slot, value if slot != "item" else _item_letter(fragment, value))
            pending = None
        else:
            keyword = _keyword(value)
            if pending == "item" and (keyword is None or len(value) == 1):
                put("item", _item_letter(fragment, value))
                pending = None
            elif keyword in _ARTICLE_WORDS:
                pending = "article"
            elif keyword in _PART_WORDS:
                pending = "part"
            elif keyword in _ITEM_WORDS:
                pending = "item"
            elif keyword in _CODE_WORDS and pending is None:
                continue
            else:
                raise ChargesError(fragment, f"unknown word {value!r}")
    if pending is not None:
        raise ChargesError(fragment, f"the {pending} number is missing")
    return _checked(fragment, slots["article"], slots["part"], slots["item"])


def _bare_number_slot(slots: dict[str, str | None]) -> str | None:
    return "article" if slots["article"] is None else None


def _item_letter(fragment: str, value: str) -> str:
    letter = value.strip("«»\"'“”„‘’").lower()
    letter = _ITEM_LATIN.get(letter, letter)
    if not (len(letter) == 1 and letter.isalpha() or letter.isdigit()):
        raise ChargesError(fragment, f"{value!r} is not an item letter")
    return letter


def _checked(
    fragment: str, article: str | None, part: str | None, item: str | None
) -> tuple[str, str | None, str | None]:
    if article is None:
        raise ChargesError(fragment, "no article number")
    in_code = (
        _ARTICLE_NUMBER.fullmatch(article) and 1 <= int(article.split(".")[0]) <= _LAST_ARTICLE
    )
    if not in_code:
        raise ChargesError(fragment, f"{article} is not an article of the RF Criminal Code")
    if part is not None and not _PART_NUMBER.fullmatch(part):
        raise ChargesError(fragment, f"{part} is not a part number")
    return article, part, item
