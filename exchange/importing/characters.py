"""Characters a list's cells must not hold: control and invisible characters anywhere, markup
in names. Each is reported as an error on its cell, never silently dropped or kept.

Control characters break files and terminals; invisible ones (zero-width spaces, bidi
overrides) hide or reverse text, so two spellings that look alike would never match; `<` and
`>` are never part of a name (a `<script>` there is an attack on whoever opens the data).
"""

from __future__ import annotations

import re

from exchange.importing.messages import HIDDEN_CHARACTERS, MARKUP_IN_NAME

_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                     "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_MARKUP = re.compile("[<>]")
NAME_COLUMNS = frozenset({"surname", "given_name", "patronymic", "full_name"})


def character_problem(column: str, value: object) -> str | None:
    """Return the problem text for a cell with characters it must not hold, else None."""
    if not isinstance(value, str):
        return None
    if _HIDDEN.search(value):
        return HIDDEN_CHARACTERS
    if column in NAME_COLUMNS and _MARKUP.search(value):
        return MARKUP_IN_NAME
    return None


def visible(value: str) -> str:
    """Return the text with each hidden character shown as its code point (for messages)."""
    return _HIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)
