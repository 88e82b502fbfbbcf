"""A person's name as a Ukrainian reader reads it on every page: Latin parts derived, marked.

`person_name(surname, given_name, patronymic)` (a template global) writes the name in
Cyrillic; a part known only in Latin letters gets the form the national system derives
(`matching.spelling.reading_form`), with a mark saying so and the Latin spelling in its title.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup, escape

from matching.spelling import reading_form

__all__ = ["ShownName", "install", "person_name", "shown_name"]

PARTS = ("surname", "given_name", "patronymic")


@dataclass(frozen=True)
class ShownName:
    text: str  # the name in Cyrillic (derived where it was Latin)
    derived: bool  # some part was derived from a Latin spelling
    written: str  # the name as the registry holds it


@lru_cache(maxsize=50_000)
def shown_name(surname: str | None, given_name: str | None,
               patronymic: str | None) -> ShownName:
    """Return the name surname first, in Cyrillic, and whether a part was derived."""
    given = (surname, given_name, patronymic)
    forms = [reading_form(text, part) for text, part in zip(given, PARTS, strict=True)]
    return ShownName(" ".join(text for text, _derived in forms if text),
                     any(derived for _text, derived in forms),
                     " ".join(text for text in given if text))


def person_name(surname: str | None, given_name: str | None = None,
                patronymic: str | None = None) -> Markup:
    """Return the name as HTML: the Cyrillic form, marked when derived from Latin."""
    name = shown_name(surname, given_name, patronymic)
    if not name.text:
        return Markup("—")
    if not name.derived:
        return escape(name.text)
    title = _("Derived from the Latin spelling %(name)s by the national system",
              name=name.written)
    mark = _("from Latin")
    return Markup('<span lang="uk">{}</span> <small class="derived" title="{}">{}</small>'
                  ).format(name.text, title, mark)


def install(app: Flask) -> None:
    """Make `person_name` a template global."""
    app.jinja_env.globals["person_name"] = person_name
