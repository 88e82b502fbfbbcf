"""Split a full name held in one cell into surname, given name and patronymic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from exchange.importing.text import has_cyrillic
from exchange.importing.values_base import Notes

_INITIAL = re.compile(r"^[^\W\d_]{1,2}\.$")
_INITIALS_RUN = re.compile(r"([^\W\d_]{1,2}\.)")
_PATRONYMIC = re.compile(
    r"(ович|евич|євич|йович|ьович|ич|івна|ївна|овна|евна|ична|оглу|огли|оглы|кизи|кызы"
    r"|ovych|evych|yovych|ovich|evich|ivna|yivna|ovna|evna|ichna|oglu|ogly|kyzy|qizi)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameParts:
    """The three name columns; any of them may be unknown."""

    surname: str | None
    given_name: str | None
    patronymic: str | None


SURNAME_FIRST = "surname_first"
GIVEN_FIRST = "given_first"


def name_order(full: str) -> str | None:
    """Return the order a name shows by itself (comma, initials, CAPS, patronymic), if any."""
    if "," in full:
        return SURNAME_FIRST
    tokens = _tokens(full)
    if len(tokens) < 2:
        return None
    if _is_initial(tokens[0]) != _is_initial(tokens[-1]):
        return GIVEN_FIRST if _is_initial(tokens[0]) else SURNAME_FIRST
    caps = [i for i, t in enumerate(tokens) if _is_caps(t)]
    if len(caps) == 1 and caps[0] in (0, len(tokens) - 1):
        return SURNAME_FIRST if caps[0] == 0 else GIVEN_FIRST
    if len(tokens) >= 3 and _PATRONYMIC.search(tokens[-1]):
        return SURNAME_FIRST
    if len(tokens) >= 3 and _PATRONYMIC.search(tokens[1]):
        return GIVEN_FIRST
    return None


def file_name_order(names: list[str]) -> str | None:
    """Return the order most names of a file show by themselves, when they clearly agree."""
    votes = [order for n in names if (order := name_order(n))]
    for order in (SURNAME_FIRST, GIVEN_FIRST):
        if len(votes) >= 5 and votes.count(order) >= 0.8 * len(votes):
            return order
    return None


def split_full_name(full: str, notes: Notes, default: str | None = None) -> NameParts:
    """Split `full` by its own evidence, else the file's order, else the script's convention."""
    if "," in full:
        head, _, rest = full.partition(",")
        return _parts([head.strip()], _tokens(rest))
    tokens = _tokens(full)
    if len(tokens) <= 1:
        return NameParts(tokens[0] if tokens else None, None, None)
    order = name_order(full)
    if order is None and len(tokens) > 3:
        notes.warn("more than three words in the name: check how it was split")
    order = order or default or (SURNAME_FIRST if has_cyrillic(full) else GIVEN_FIRST)
    caps = [i for i, t in enumerate(tokens) if _is_caps(t)]
    if len(caps) == 1 and caps[0] in (0, len(tokens) - 1) and not _is_initial(tokens[caps[0]]):
        rest = tokens[:caps[0]] + tokens[caps[0] + 1:]
        return _parts([tokens[caps[0]]], rest)
    return _surname_first(tokens) if order == SURNAME_FIRST else _given_first(tokens)


def _surname_first(tokens: list[str]) -> NameParts:
    """Read `Surname Given [Patronymic]` (a long surname takes the extra words)."""
    if len(tokens) >= 3:
        return NameParts(" ".join(tokens[:-2]), tokens[-2], tokens[-1])
    return NameParts(tokens[0], tokens[1], None)


def _given_first(tokens: list[str]) -> NameParts:
    """Read `Given [Patronymic] Surname`."""
    if len(tokens) >= 3:
        return NameParts(tokens[-1], tokens[0], " ".join(tokens[1:-1]))
    return NameParts(tokens[-1], tokens[0], None)


def _parts(surname: list[str], rest: list[str]) -> NameParts:
    """Build the parts from a known surname and the remaining words in order."""
    return NameParts(
        " ".join(surname) or None,
        rest[0] if rest else None,
        " ".join(rest[1:]) or None,
    )


def _tokens(text: str) -> list[str]:
    """Return the words of a name, with run-together initials (`О.М.`) separated."""
    out: list[str] = []
    for word in text.split():
        pieces = [p for p in _INITIALS_RUN.split(word) if p]
        if len(pieces) > 1 and all(_INITIAL.match(p) for p in pieces):
            out.extend(pieces)
        else:
            out.append(word)
    return out


def _is_initial(token: str) -> bool:
    """Return True for an initial such as `О.` or `Yu.`."""
    return bool(_INITIAL.match(token))


def _is_caps(token: str) -> bool:
    """Return True for a word written in capitals (a surname, by convention)."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def is_patronymic(word: str) -> bool:
    """Return True when a word has a patronymic's ending (-ович, -івна, -ovych, -oglu, ...)."""
    return bool(_PATRONYMIC.search(word)) and not _is_initial(word) and len(word) > 5


def split_given_patronymic(given: str) -> tuple[str, str] | None:
    """Return (given name, patronymic) when a given-name cell also holds the patronymic."""
    tokens = given.split()
    if len(tokens) == 2 and _PATRONYMIC.search(tokens[1]) and not _is_initial(tokens[1]):
        return tokens[0], tokens[1]
    return None
