"""Read a page as a Ukrainian reader sees it: no internal code, no English sentence.

The visible text is what the browser shows: text nodes outside scripts and styles, and the
words of `title`, `placeholder`, `aria-label` and `alt`. What members wrote, shown as they
wrote it (a file's headers and cells, their notes), is marked `translate="no"` on the page
and is not the interface's text: it is left out. A code is any stored value of a
vocabulary that reads as a code (lowercase Latin, with `_`, `-` or `:`, or an English word),
a column name of the record format, or a region code (`UA-43`). English is a handful of
words that only an English sentence has.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from exchange.importing.columns import CANONICAL_COLUMNS
from exchange.labels import vocabularies

# Words only an English sentence has (data in Latin letters are names, ids and places).
ENGLISH = ("the", "of", "is", "and", "not", "with", "for", "are", "was", "has", "this", "that")
_TOKEN = re.compile(r"(?<![\w@./-])[a-z][a-z0-9_:\-]*[a-z0-9](?![\w@])")
_REGION = re.compile(r"\bUA-\d\d\b")
_SENTENCE = re.compile(r"\b(?:{})\b".format("|".join(ENGLISH)))
_SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
_HIDDEN = {"script", "style", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, whether its content is left out)

    @property
    def _skipping(self) -> bool:
        return bool(self._open) and self._open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skip = self._skipping or tag in _HIDDEN or ("translate", "no") in attrs
        if not skip and not (tag == "input" and ("type", "hidden") in attrs):
            self.parts += [value for name, value in attrs if name in _SHOWN_ATTRIBUTES and value]
        if tag not in _VOID:
            self._open.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _ in self._open):
            while self._open.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return the text a reader of the page sees, one piece per line."""
    parser = _Visible()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts)


@cache
def codes() -> frozenset[str]:
    """Every stored value that would be an internal code if a page showed it."""
    found = set(CANONICAL_COLUMNS) | {"excluded:" + v for v in vocabularies()["exclusion"]}
    for values in vocabularies().values():
        found |= {v for v in values if re.fullmatch(r"[a-z][a-z0-9_:\-]{2,}", v)}
    return frozenset(found)


def codes_in(text: object) -> list[str]:
    """Return the internal codes (and region codes) a text shows."""
    text = str(text or "")
    return [t for t in _TOKEN.findall(text) if t in codes()] + _REGION.findall(text)


def problems(html: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Return the codes and English words a Ukrainian reader would meet on the page."""
    text = visible_text(html)
    found = [f"code {code!r}" for code in codes_in(text) if code not in allowed]
    for line in text.splitlines():
        words = _SENTENCE.findall(line)
        if words and not any(word in allowed for word in words):
            found.append(f"English {words[0]!r} in {line[:80]!r}")
    return found
